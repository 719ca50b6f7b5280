import type { DrillMode } from '../core/drill/types.js';
import { checkLabel, MODE_LABELS, plural, verdictLabel } from '../core/rubric/labels.js';
import type { DrillStore } from '../store/drills.js';
import type { CohortDesk } from './cohort-desk.js';
import type { Desk, DeskContext } from './desk.js';
import { refusalsAnswered } from './refusal.js';
import type { Inbound, View } from './views.js';

/** The home page's prompt: its buttons say what to do next. */
const HOME_PROMPT = 'home';

export type HomeClaim =
  | { kind: 'home' }
  /** « history progress »: both in one answer (a platform that shows them together asks once). */
  | { kind: 'history'; withProgress: boolean }
  | { kind: 'progress' }
  | { kind: 'choice'; value: string };

export interface HomeDeskDeps {
  drills: DrillStore;
  /** A case's title, as learners know it (a case no longer in the bank is said so). */
  scenarioTitle: (id: string) => string | undefined;
  /** The cohort desk: a trainer's home shows their cohorts and launches for them. */
  cohorts: CohortDesk;
  /** Starts a practice drill on a case picked at random (the drill desk's). */
  practice: (context: DeskContext) => View[];
}

/**
 * Where a learner or trainer stands (Slack's App Home, « home », « history », « progress »): past
 * results, progress per check, and what to do next.
 */
export class HomeDesk implements Desk<HomeClaim> {
  constructor(private readonly deps: HomeDeskDeps) {}

  claim(event: Inbound): HomeClaim | undefined {
    if (event.kind === 'command') {
      if (event.name === 'home') return { kind: 'home' };
      if (event.name === 'history') return { kind: 'history', withProgress: event.args?.[0] === 'progress' };
      if (event.name === 'progress') return { kind: 'progress' };
    }
    if (event.kind === 'choice' && event.prompt === HOME_PROMPT) return { kind: 'choice', value: event.values[0] ?? '' };
    return undefined;
  }

  run(claim: HomeClaim, context: DeskContext): View[] {
    return refusalsAnswered(() => {
      switch (claim.kind) {
        case 'home':
          return this.home(context.learnerId, context.trainer);
        case 'history':
          return claim.withProgress ? [this.history(context.learnerId), this.progress(context.learnerId)] : [this.history(context.learnerId)];
        case 'progress':
          return [this.progress(context.learnerId)];
        case 'choice':
          return claim.value === 'launch' ? this.deps.cohorts.openLaunchForm(context.trainer) : this.deps.practice(context);
      }
    });
  }

  private home(learnerId: number, trainer: boolean): View[] {
    const practice = { value: 'practice', label: 'Commencer un exercice d’entraînement' };
    if (trainer) {
      const { cohorts } = this.deps;
      return [
        cohorts.list(),
        ...cohorts.upcoming(),
        cohorts.status(),
        { kind: 'prompt', id: HOME_PROMPT, text: 'Que voulez-vous faire ?', choices: [{ value: 'launch', label: 'Lancer un exercice pour une cohorte' }, practice] },
      ];
    }
    return [this.history(learnerId), this.progress(learnerId), { kind: 'prompt', id: HOME_PROMPT, text: 'Prêt pour un exercice ?', choices: [practice] }];
  }

  private history(learnerId: number): View {
    const rows = this.deps.drills.history(learnerId, 20);
    if (rows.length === 0) return { kind: 'notice', tone: 'info', text: 'Aucun exercice rendu pour l’instant.' };
    return {
      kind: 'notice',
      tone: 'info',
      text: ['Vos derniers exercices :', ...rows.map((row) => `${row.scored_at.slice(0, 16).replace('T', ' ')} · ${this.deps.scenarioTitle(row.scenario_id) ?? 'cas retiré de la banque'} (${MODE_LABELS[row.mode as DrillMode]}) · Cr7.1 ${Math.round(row.cr71_score * 100)} % ${verdictLabel(row.cr71_verdict)} · Cr7.2 ${Math.round(row.cr72_score * 100)} % ${verdictLabel(row.cr72_verdict)}${retriedText(row.retried, row.gained)}`)].join('\n'),
    };
  }

  /** Pass rate per check, all drills against the last five: is the candidate improving where it matters? */
  private progress(learnerId: number): View {
    const rows = this.deps.drills.passRateByCheck(learnerId, 5);
    if (rows.length === 0) return { kind: 'notice', tone: 'info', text: 'Pas encore de progression à montrer : rendez un premier exercice.' };
    const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);
    // Where a rewritten comment changed the check's result, its first attempts' rate beside the rest.
    const firstAttempts = (row: (typeof rows)[number]) => (row.first_attempts !== null && row.first_attempts !== row.overall ? row.first_attempts : null);
    return {
      kind: 'notice',
      tone: 'info',
      text: [
        'Réussite par vérification (tous vos exercices → vos 5 derniers) :',
        ...rows.map((row) => `${checkLabel(row.check_id)} : ${pct(row.overall)} → ${pct(row.recent)} (${row.total} évaluation${row.total > 1 ? 's' : ''})${firstAttempts(row) === null ? '' : ` · au 1er essai : ${pct(firstAttempts(row))}`}`),
        ...(rows.some((row) => firstAttempts(row) !== null) ? ['(Un commentaire réécrit en entraînement compte pour son 2e essai ; « au 1er essai » : vos réponses avant réécriture.)'] : []),
      ].join('\n'),
    };
  }
}

/** « · 2e essai sur 3 commentaires : 5 vérifications réussies en plus », for a drill where comments were rewritten. */
function retriedText(retried: number, gained: number): string {
  if (retried === 0) return '';
  const change = gained > 0 ? `${plural(gained, 'vérification réussie', 'vérifications réussies')} en plus` : gained < 0 ? `${plural(-gained, 'vérification réussie', 'vérifications réussies')} en moins` : 'aucune vérification réussie en plus';
  return ` · 2e essai sur ${plural(retried, 'commentaire')} : ${change}`;
}
