import { checkCalendar, checkEditorialLine, EDITORIAL_LINE_TEMPLATE, parseEditorialLine, type ArtefactCheck } from '../core/coaching/artefacts/editorial-line.js';
import { doneItems, DRILL_MEASURED, measuredByDrills, nextStep, progressBar, readiness, type Competency } from '../core/coaching/checklist.js';
import { ACTIONS_TEMPLATE, checkActions, checkReporting, REPORTING_TEMPLATE } from '../core/coaching/artefacts/reporting.js';
import { checkPublication, parsePublication, PUBLICATION_TEMPLATE } from '../core/coaching/artefacts/publication.js';
import { ACTION_PLAN_TEMPLATE, checkActionPlan, parseActionPlan } from '../core/coaching/artefacts/action-plan.js';
import type { Network } from '../core/scenario/schema.js';
import type { Speller } from '../core/text/spelling.js';
import { CoachingStore } from '../store/coaching.js';
import { NudgeStore } from '../store/nudges.js';
import { DrillStore } from '../store/drills.js';
import type { Db } from '../store/database.js';
import type { CohortService } from './cohort-service.js';
import { artefactForm, checklistPrompt, type ArtefactKind } from './coach-ids.js';
import type { Desk, DeskContext } from './desk.js';
import type { Envelope } from './envelope.js';
import type { Inbound, View } from './views.js';
import { TEXT_LIMIT } from './input-limits.js';
import { OUTDATED, refuse, refusalsAnswered, unlessTrainer } from './refusal.js';
import { plural } from '../core/rubric/labels.js';

/** The artefacts candidates can check: their template and the names they are asked by. */
const ARTEFACTS = [
  { kind: 'editorial-line', names: ['ligne', 'line', 'editorial'], title: 'Ligne éditoriale (Cr3.1–Cr3.3)', template: EDITORIAL_LINE_TEMPLATE, filename: 'ligne-editoriale.yaml', contentType: 'text/yaml' },
  { kind: 'reporting', names: ['indicateurs', 'kpi', 'reporting'], title: 'Tableau de suivi des indicateurs (Cr5.1, Cr5.2)', template: REPORTING_TEMPLATE, filename: 'tableau-de-suivi.csv', contentType: 'text/csv' },
  { kind: 'publication', names: ['publication', 'post'], title: 'Publication (Cr4.1, Cr4.2)', template: PUBLICATION_TEMPLATE, filename: 'publication.yaml', contentType: 'text/yaml' },
  { kind: 'action-plan', names: ['plan'], title: 'Plan d’action et résultats (Cr6.1–Cr6.3)', template: ACTION_PLAN_TEMPLATE, filename: 'plan-d-action.yaml', contentType: 'text/yaml' },
  { kind: 'actions', names: ['actions', 'amelioration'], title: 'Actions d’amélioration (Cr5.3)', template: ACTIONS_TEMPLATE, filename: 'actions.csv', contentType: 'text/csv' },
] as const;

/** What the coach desk recognised in an event. */
export type CoachClaim =
  | { kind: 'command'; args: string[] }
  /** Items ticked in a competency's checklist prompt. */
  | { kind: 'ticks'; competencyId: string; values: string[] }
  | { kind: 'artefact'; artefact: ArtefactKind; text: string };

const AVAILABLE = `Documents disponibles : ${ARTEFACTS.map((artefact) => `« ${artefact.names[0]} » (${artefact.title})`).join(', ')}. Exemple : « coach template ligne », « coach check indicateurs ».`;

/** A pasted document that does not parse: its first problems, located by line and path. */
function unreadable(title: string, problems: Array<{ line?: number; path: string; message: string }>): string {
  return [title, ...problems.slice(0, 10).map((problem) => `${problem.line ? `ligne ${problem.line} : ` : ''}${problem.path ? `${problem.path} : ` : ''}${problem.message}`)].join('\n');
}

function itemIds(competency: Competency): Set<string> {
  return new Set(competency.criteria.flatMap((criterion) => criterion.items.map((item) => item.id)));
}

function artefactNamed(name: string) {
  const wanted = name.toLowerCase();
  return ARTEFACTS.find((artefact) => (artefact.names as readonly string[]).some((candidate) => wanted.startsWith(candidate)));
}

/**
 * Coaching on the whole certification: a competency's checklist (what the jury looks for, common
 * mistakes, tips, an example), ticking what is done, readiness bars and the next step; trainers see
 * their cohort's readiness.
 */
export class CoachDesk implements Desk<CoachClaim> {
  private readonly store: CoachingStore;
  private readonly drills: DrillStore;

  constructor(
    private readonly db: Db,
    private readonly competencies: Competency[],
    private readonly cohorts: CohortService,
    private readonly now: () => number,
    /** The scorer's length limits and spelling engine, shared with the publication check. */
    private readonly text: { lengthLimits: Record<Network, number>; speller: Speller },
  ) {
    this.store = new CoachingStore(db);
    this.drills = new DrillStore(db);
  }

  /** What counts as done for a learner: their ticks, and for Cr7 what their latest scored drill met. */
  private done(learnerId: number): Set<string> {
    return doneItems(this.competencies, this.store.ticked(learnerId), this.drills.latestVerdicts(learnerId));
  }

  /** One line saying where the Cr7 items come from. */
  private drillLine(learnerId: number): string {
    const latest = this.drills.latestVerdicts(learnerId);
    if (!latest) return 'C7 suit vos exercices de modération : aucun exercice noté pour l’instant (« drill » pour en faire un).';
    const verdicts = [...DRILL_MEASURED].map((criterion) => `${criterion} ${latest.met.has(criterion) ? 'atteint' : 'non atteint'}`);
    return `C7 suit vos exercices de modération : au dernier exercice noté, ${verdicts.join(', ')}.`;
  }

  claim(event: Inbound): CoachClaim | undefined {
    if (event.kind === 'command' && event.name === 'coach') return { kind: 'command', args: event.args ?? [] };
    if (event.kind === 'choice') {
      const competencyId = checklistPrompt.parse(event.prompt);
      return competencyId === undefined ? undefined : { kind: 'ticks', competencyId, values: event.values };
    }
    if (event.kind === 'form') {
      const artefact = artefactForm.parse(event.form);
      return artefact && { kind: 'artefact', artefact, text: event.values.text ?? '' };
    }
    return undefined;
  }

  run(claim: CoachClaim, context: DeskContext): View[] {
    return refusalsAnswered(() => {
      switch (claim.kind) {
        case 'command':
          return this.command(context.learnerId, context.envelope, claim.args);
        case 'ticks':
          return this.tick(context.learnerId, claim.competencyId, claim.values);
        case 'artefact':
          return this.submitArtefact(context.learnerId, claim.artefact, claim.text, context.timezone);
      }
    });
  }

  private command(learnerId: number, envelope: Envelope, args: string[]): View[] {
    if (this.competencies.length === 0) return [refuse('Les fiches de compétences ne sont pas chargées.')];
    const [first = '', ...rest] = args;
    if (first.toLowerCase() === 'cohort' || first.toLowerCase() === 'cohorte') return this.cohortReadiness(envelope, rest.join(' '));
    if (first === '') return [this.overview(learnerId)];
    if (first.toLowerCase() === 'template' || first.toLowerCase() === 'modele') return this.template(rest[0] ?? '');
    if (first.toLowerCase() === 'check' || first.toLowerCase() === 'verifier') return this.checkForm(learnerId, rest[0] ?? '');
    const competency = this.competencies.find((candidate) => candidate.id.toLowerCase() === first.toLowerCase() || candidate.criteria.some((criterion) => criterion.id.toLowerCase() === first.toLowerCase()));
    if (!competency) return [refuse(`« ${first} » inconnu : ${this.competencies.map((candidate) => candidate.id).join(', ')} (ou un critère comme Cr3.1).`)];
    if (rest[0]?.toLowerCase() === 'untick' || rest[0]?.toLowerCase() === 'decocher') return this.untick(learnerId, competency, rest.slice(1));
    return this.checklist(learnerId, competency);
  }

  /** The ticks chosen in a competency's prompt. */
  private tick(learnerId: number, competencyId: string, values: string[]): View[] {
    const competency = this.competencies.find((candidate) => candidate.id === competencyId);
    if (!competency) return [OUTDATED];
    const known = itemIds(competency);
    // The drills decide the Cr7 items: a tick there would say nothing.
    const chosen = values.filter((value) => known.has(value) && !measuredByDrills(value));
    this.store.tick(learnerId, chosen, this.now());
    return [{ kind: 'notice', tone: 'success', text: `${plural(chosen.length, 'élément coché', 'éléments cochés')}.` }, this.overview(learnerId)];
  }

  private template(name: string): View[] {
    const artefact = artefactNamed(name);
    if (!artefact) return [refuse(AVAILABLE)];
    return [
      { kind: 'notice', tone: 'info', text: `${artefact.title} : complétez ce modèle, puis « coach check ${artefact.names[0]} » et collez-le.\n\n${artefact.template}` },
      { kind: 'file', filename: artefact.filename, title: artefact.title, contentType: artefact.contentType, data: new TextEncoder().encode(artefact.template) },
    ];
  }

  private checkForm(learnerId: number, name: string): View[] {
    const artefact = artefactNamed(name);
    if (!artefact) return [refuse(AVAILABLE)];
    const previous = this.store.artefact(learnerId, artefact.kind);
    return [{
      kind: 'form',
      id: artefactForm.format(artefact.kind),
      title: artefact.title,
      fields: [{ id: 'text', label: `Collez votre document (modèle : « coach template ${artefact.names[0]} »)`, multiline: true, required: true, maxLength: TEXT_LIMIT, ...(previous ? { value: previous } : {}) }],
    }];
  }

  /** A pasted artefact: checked against its criteria and kept for the next time. */
  private submitArtefact(learnerId: number, kind: ArtefactKind, content: string, zone: string): View[] {
    const error = (text: string): View[] => [refuse(text, 'text')];
    let checks: ArtefactCheck[];
    let extra: string[] = [];
    if (kind === 'editorial-line') {
      const parsed = parseEditorialLine(content, 'ligne éditoriale');
      if (!parsed.ok) return error(unreadable('Ligne éditoriale illisible :', parsed.problems));
      checks = [...checkEditorialLine(parsed.value), ...checkCalendar(parsed.value, new NudgeStore(this.db).calendar(learnerId), zone)];
    } else if (kind === 'publication') {
      const parsed = parsePublication(content, 'publication');
      if (!parsed.ok) return error(unreadable('Publication illisible :', parsed.problems));
      checks = checkPublication(parsed.value, this.text.lengthLimits, this.text.speller);
    } else if (kind === 'action-plan') {
      const parsed = parseActionPlan(content, 'plan');
      if (!parsed.ok) return error(unreadable('Plan d’action illisible :', parsed.problems));
      checks = checkActionPlan(parsed.value);
    } else if (kind === 'reporting') {
      const result = checkReporting(content);
      if ('error' in result) return error(`Tableau de suivi : ${result.error}.`);
      checks = result.checks;
      extra = ['Évolutions :', ...result.trends];
    } else {
      // The improvement actions (Cr5.3), the last kind.
      const result = checkActions(content, this.now());
      if ('error' in result) return error(`Actions d’amélioration : ${result.error}.`);
      checks = result.checks;
    }
    this.store.saveArtefact(learnerId, kind, content, [...new Set(checks.filter((check) => !check.passed).map((check) => check.criterion))], this.now());
    return [{ kind: 'notice', tone: checks.every((check) => check.passed) ? 'success' : 'warning', text: [this.report(ARTEFACTS.find((artefact) => artefact.kind === kind)!.title, checks), ...extra].join('\n') }];
  }

  private report(title: string, checks: ArtefactCheck[]): string {
    const failed = checks.filter((check) => !check.passed).length;
    return [
      failed === 0 ? `${title} : ${checks.length} vérifications réussies.` : `${title} : ${plural(failed, 'point', 'points')} à reprendre sur ${checks.length}.`,
      ...checks.map((check) => `${check.passed ? '✓' : '✗'} ${check.criterion} ${check.id} : ${check.message}${check.evidence && !check.passed ? ` [${check.evidence}]` : ''}`),
    ].join('\n');
  }

  private untick(learnerId: number, competency: Competency, items: string[]): View[] {
    const known = itemIds(competency);
    const removed = this.store.untick(learnerId, items.filter((item) => known.has(item)));
    return [{ kind: 'notice', tone: 'info', text: removed.length > 0 ? `Décoché : ${removed.join(', ')}.` : `Rien à décocher (éléments de ${competency.id} : ${[...known].join(', ')}).` }];
  }

  private overview(learnerId: number): View {
    const ticked = this.done(learnerId);
    const lines = ['Votre préparation par compétence :'];
    for (const [index, entry] of readiness(this.competencies, ticked).entries()) {
      const competency = this.competencies[index]!;
      lines.push(`${competency.id} ${progressBar(entry.ticked, entry.total)} — ${competency.title} (${competency.evaluation.join(', ')})`);
    }
    if (this.competencies.some((competency) => competency.criteria.some((criterion) => DRILL_MEASURED.has(criterion.id)))) lines.push(this.drillLine(learnerId));
    const next = nextStep(this.competencies, ticked);
    lines.push(next && measuredByDrills(next.item.id) ? `Prochaine étape (${next.criterion.id}) : un exercice de modération (« drill ») où ce critère est atteint.` : next ? `Prochaine étape (${next.criterion.id}) : ${next.item.text}. Détail : « coach ${next.competency.id} ».` : 'Tout est coché : répétez l’oral et entraînez-vous aux exercices de modération.');
    return { kind: 'notice', tone: 'info', text: lines.join('\n') };
  }

  private checklist(learnerId: number, competency: Competency): View[] {
    const ticked = this.done(learnerId);
    const lines = [`${competency.id} — ${competency.title} (${competency.evaluation.join(', ')})`, competency.goal];
    for (const criterion of competency.criteria) {
      lines.push(
        '',
        `${criterion.id} — ${criterion.text}`,
        `Le jury regarde : ${criterion.jury.join(' ; ')}.`,
        `Erreurs fréquentes : ${criterion.mistakes.join(' ; ')}.`,
        `Conseils : ${criterion.tips.join(' ; ')}.`,
        `Exemple : ${criterion.example}`,
        ...criterion.items.map((item) => `${ticked.has(item.id) ? '☑' : '☐'} ${item.id} ${item.text}`),
      );
    }
    if (competency.criteria.some((criterion) => DRILL_MEASURED.has(criterion.id))) lines.push('', this.drillLine(learnerId));
    const open = competency.criteria.flatMap((criterion) => criterion.items).filter((item) => !ticked.has(item.id) && !measuredByDrills(item.id));
    const views: View[] = [{ kind: 'notice', tone: 'info', text: lines.join('\n') }];
    if (open.length > 0) {
      views.push({ kind: 'prompt', id: checklistPrompt.format(competency.id), text: 'Cochez ce qui est fait dans votre dossier :', choices: open.map((item) => ({ value: item.id, label: `${item.id} ${item.text}`.slice(0, 75) })), multiple: true });
    }
    return views;
  }

  private cohortReadiness(envelope: Envelope, cohortName: string): View[] {
    const refusal = unlessTrainer(envelope.trainer);
    if (refusal) return refusal;
    const cohort = this.cohorts.find(cohortName);
    const members = this.cohorts.store.members(cohort.id);
    if (members.length === 0) return [{ kind: 'notice', tone: 'info', text: `La cohorte « ${cohort.name} » n’a pas encore de membre.` }];
    const lines = [`Préparation de la cohorte « ${cohort.name} » (${this.competencies.map((competency) => competency.id).join(' · ')}) :`];
    for (const member of members) {
      const table = readiness(this.competencies, this.done(member.learnerId));
      lines.push(`${member.displayName} : ${table.map((entry) => `${entry.competency} ${Math.round((entry.ticked / Math.max(1, entry.total)) * 100)} %`).join(' · ')}`);
    }
    return [{ kind: 'notice', tone: 'info', text: lines.join('\n') }];
  }
}
