import { checkCalendar, checkEditorialLine, EDITORIAL_LINE_TEMPLATE, parseEditorialLine, type ArtefactCheck } from '../core/coaching/artefacts/editorial-line.js';
import { nextStep, progressBar, readiness, type Competency } from '../core/coaching/checklist.js';
import { NudgeStore } from '../store/nudges.js';
import { DrillError } from '../core/drill/types.js';
import type { Db } from '../store/database.js';
import type { CohortService } from './cohort-service.js';
import type { Envelope } from './engine.js';
import type { View } from './views.js';

/**
 * Coaching on the whole certification: a competency's checklist (what the jury looks for, common
 * mistakes, tips, an example), ticking what is done, readiness bars and the next step; trainers see
 * their cohort's readiness.
 */
export class CoachDesk {
  constructor(
    private readonly db: Db,
    private readonly competencies: Competency[],
    private readonly cohorts: CohortService,
    private readonly now: () => number,
  ) {}

  private ticked(learnerId: number): Set<string> {
    return new Set(this.db.prepare<[number], string>('SELECT item_id FROM checklist_ticks WHERE learner_id = ?').pluck().all(learnerId));
  }

  handle(learnerId: number, envelope: Envelope, args: string[]): View[] {
    if (this.competencies.length === 0) return [{ kind: 'notice', tone: 'error', text: 'Les fiches de compétences ne sont pas chargées.' }];
    const [first = '', ...rest] = args;
    if (first.toLowerCase() === 'cohort' || first.toLowerCase() === 'cohorte') return [this.cohortReadiness(envelope, rest.join(' '))];
    if (first === '') return [this.overview(learnerId)];
    if (first.toLowerCase() === 'template' || first.toLowerCase() === 'modele') return this.template(rest[0] ?? '');
    if (first.toLowerCase() === 'check' || first.toLowerCase() === 'verifier') return this.checkForm(learnerId, rest[0] ?? '');
    const competency = this.competencies.find((candidate) => candidate.id.toLowerCase() === first.toLowerCase() || candidate.criteria.some((criterion) => criterion.id.toLowerCase() === first.toLowerCase()));
    if (!competency) return [{ kind: 'notice', tone: 'error', text: `« ${first} » inconnu : ${this.competencies.map((candidate) => candidate.id).join(', ')} (ou un critère comme Cr3.1).` }];
    if (rest[0]?.toLowerCase() === 'untick' || rest[0]?.toLowerCase() === 'decocher') return this.untick(learnerId, competency, rest.slice(1));
    return this.checklist(learnerId, competency);
  }

  /** The ticks chosen in a competency's prompt. */
  choice(learnerId: number, competencyId: string, values: string[]): View[] {
    const competency = this.competencies.find((candidate) => candidate.id === competencyId);
    if (!competency) return [{ kind: 'notice', tone: 'warning', text: 'Cette question n’est plus d’actualité.' }];
    const known = new Set(competency.criteria.flatMap((criterion) => criterion.items.map((item) => item.id)));
    const insert = this.db.prepare('INSERT OR IGNORE INTO checklist_ticks (learner_id, item_id, ticked_at) VALUES (?, ?, ?)');
    const at = new Date(this.now()).toISOString();
    const chosen = values.filter((value) => known.has(value));
    this.db.transaction(() => chosen.forEach((item) => insert.run(learnerId, item, at)))();
    return [{ kind: 'notice', tone: 'success', text: `${chosen.length} élément(s) coché(s).` }, this.overview(learnerId)];
  }

  private template(kind: string): View[] {
    if (!/^(ligne|line|editorial)/i.test(kind)) return [{ kind: 'notice', tone: 'error', text: 'Modèles disponibles : « coach template ligne » (ligne éditoriale, Cr3.1–Cr3.3).' }];
    return [
      { kind: 'notice', tone: 'info', text: `Modèle de ligne éditoriale (YAML) : complétez-le, puis « coach check ligne » et collez-le.\n\n${EDITORIAL_LINE_TEMPLATE}` },
      { kind: 'file', filename: 'ligne-editoriale.yaml', title: 'Modèle de ligne éditoriale', contentType: 'text/yaml', data: new TextEncoder().encode(EDITORIAL_LINE_TEMPLATE) },
    ];
  }

  private checkForm(learnerId: number, kind: string): View[] {
    if (!/^(ligne|line|editorial)/i.test(kind)) return [{ kind: 'notice', tone: 'error', text: 'Vérifications disponibles : « coach check ligne » (ligne éditoriale et calendrier, Cr3.1–Cr3.3).' }];
    const previous = this.db.prepare<[number], string>("SELECT content FROM artefacts WHERE learner_id = ? AND kind = 'editorial-line'").pluck().get(learnerId);
    return [{
      kind: 'form',
      id: 'artefact:editorial-line',
      title: 'Ma ligne éditoriale',
      fields: [{ id: 'text', label: 'Collez votre ligne éditoriale (modèle : « coach template ligne »)', multiline: true, required: true, maxLength: 4000, ...(previous ? { value: previous } : {}) }],
    }];
  }

  /** A pasted editorial line: checked, kept, and the imported calendar checked against it. */
  submitArtefact(learnerId: number, kind: string, content: string, zone: string): View[] {
    if (kind !== 'editorial-line') return [{ kind: 'notice', tone: 'warning', text: 'Formulaire inconnu.' }];
    const parsed = parseEditorialLine(content, 'ligne éditoriale');
    if (!parsed.ok) {
      return [{ kind: 'notice', tone: 'error', text: ['Ligne éditoriale illisible :', ...parsed.problems.slice(0, 10).map((problem) => `${problem.line ? `ligne ${problem.line} : ` : ''}${problem.path ? `${problem.path} : ` : ''}${problem.message}`)].join('\n'), field: 'text' }];
    }
    this.db
      .prepare("INSERT INTO artefacts (learner_id, kind, content, updated_at) VALUES (?, 'editorial-line', ?, ?) ON CONFLICT (learner_id, kind) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at")
      .run(learnerId, content, new Date(this.now()).toISOString());
    const posts = new NudgeStore(this.db).calendar(learnerId);
    const checks = [...checkEditorialLine(parsed.value), ...checkCalendar(parsed.value, posts, zone)];
    return [{ kind: 'notice', tone: checks.every((check) => check.passed) ? 'success' : 'warning', text: this.report(checks) }];
  }

  private report(checks: ArtefactCheck[]): string {
    const failed = checks.filter((check) => !check.passed).length;
    return [
      failed === 0 ? `Ligne éditoriale et calendrier : ${checks.length} vérifications réussies.` : `Ligne éditoriale et calendrier : ${failed} point(s) à reprendre sur ${checks.length}.`,
      ...checks.map((check) => `${check.passed ? '✓' : '✗'} ${check.criterion} ${check.id} : ${check.message}${check.evidence && !check.passed ? ` [${check.evidence}]` : ''}`),
    ].join('\n');
  }

  private untick(learnerId: number, competency: Competency, items: string[]): View[] {
    const known = new Set(competency.criteria.flatMap((criterion) => criterion.items.map((item) => item.id)));
    const remove = this.db.prepare('DELETE FROM checklist_ticks WHERE learner_id = ? AND item_id = ?');
    const removed = items.filter((item) => known.has(item) && remove.run(learnerId, item).changes === 1);
    return [{ kind: 'notice', tone: 'info', text: removed.length > 0 ? `Décoché : ${removed.join(', ')}.` : `Rien à décocher (éléments de ${competency.id} : ${[...known].join(', ')}).` }];
  }

  private overview(learnerId: number): View {
    const ticked = this.ticked(learnerId);
    const lines = ['Votre préparation par compétence :'];
    for (const [index, entry] of readiness(this.competencies, ticked).entries()) {
      const competency = this.competencies[index]!;
      lines.push(`${competency.id} ${progressBar(entry.ticked, entry.total)} — ${competency.title} (${competency.evaluation.join(', ')})`);
    }
    const next = nextStep(this.competencies, ticked);
    lines.push(next ? `Prochaine étape (${next.criterion.id}) : ${next.item.text}. Détail : « coach ${next.competency.id} ».` : 'Tout est coché : répétez l’oral et entraînez-vous aux exercices de modération.');
    return { kind: 'notice', tone: 'info', text: lines.join('\n') };
  }

  private checklist(learnerId: number, competency: Competency): View[] {
    const ticked = this.ticked(learnerId);
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
    const open = competency.criteria.flatMap((criterion) => criterion.items).filter((item) => !ticked.has(item.id));
    const views: View[] = [{ kind: 'notice', tone: 'info', text: lines.join('\n') }];
    if (open.length > 0) {
      views.push({ kind: 'prompt', id: `coach:${competency.id}`, text: 'Cochez ce qui est fait dans votre dossier :', choices: open.map((item) => ({ value: item.id, label: `${item.id} ${item.text}`.slice(0, 75) })), multiple: true });
    }
    return views;
  }

  private cohortReadiness(envelope: Envelope, cohortName: string): View {
    if (!envelope.trainer) throw new DrillError('trainer.only', 'Cette commande est réservée aux formateurs.');
    const cohort = this.cohorts.find(cohortName);
    const members = this.cohorts.store.members(cohort.id);
    if (members.length === 0) return { kind: 'notice', tone: 'info', text: `La cohorte « ${cohort.name} » n’a pas encore de membre.` };
    const lines = [`Préparation de la cohorte « ${cohort.name} » (${this.competencies.map((competency) => competency.id).join(' · ')}) :`];
    for (const member of members) {
      const table = readiness(this.competencies, this.ticked(member.learnerId));
      lines.push(`${member.displayName} : ${table.map((entry) => `${entry.competency} ${Math.round((entry.ticked / Math.max(1, entry.total)) * 100)} %`).join(' · ')}`);
    }
    return { kind: 'notice', tone: 'info', text: lines.join('\n') };
  }
}
