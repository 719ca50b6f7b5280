import { suggestScenario, type WeakSpot } from '../core/drill/redrill.js';
import type { Score } from '../core/rubric/score.js';
import type { Rubric } from '../core/rubric/types.js';
import { writingRules } from '../core/rubric/writing-rules.js';
import { ACTION_LABELS, CATEGORY_LABELS, checkList, NETWORK_LABELS } from '../core/rubric/labels.js';
import { retrying } from '../core/drill/reduce.js';
import { retryFields, type TextField } from '../core/drill/retry.js';
import type { Action, Category, Network, Scenario } from '../core/scenario/schema.js';
import { scenarioLabel, scenariosByNetwork } from '../core/scenario/search.js';
import type { StoredDrill } from '../store/drills.js';
import { drillPrompt, scenarioPick, submitChoice, textsForm } from './drill-ids.js';
import type { DrillNotification, DrillService } from './drill-service.js';
import { TEXT_LIMIT } from './input-limits.js';
import { actionChoices, caseView, commentQuote, scoreView } from './present.js';
import { refuse } from './refusal.js';
import type { View } from './views.js';

const FIELD_NAMES: Record<TextField, string> = { justification: 'la justification', reply: 'la réponse publique', private_message: 'le message privé' };

/** « 15 min », « 30 s », « 1 min 30 s »: phase durations as candidates read them. */
export function minutes(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  const whole = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (whole === 0) return `${rest} s`;
  return rest === 0 ? `${whole} min` : `${whole} min ${rest} s`;
}

/** Cases per list: within every platform's menu (Discord's 25 options) with room for « Autre réseau » and the next page. */
export const PICKER_PAGE = 20;

export interface DrillScreensDeps {
  drills: DrillService;
  scenarios: ReadonlyMap<string, Scenario>;
  /** The scorer's limits, told before the texts are written. */
  rubric: Pick<Rubric, 'length_limits' | 'emoji_limits'>;
  now: () => number;
}

/**
 * What a candidate sees of a drill, from its stored state alone: the case, the next question, the
 * texts form filled with what was typed, the submission prompt, the results. Writes nothing.
 */
export class DrillScreens {
  constructor(private readonly deps: DrillScreensDeps) {}

  /**
   * The cases to choose from, the one advised first when failed categories are due for review. A
   * bank that fits in one list (every platform's menu) is listed whole; a larger one is chosen
   * network first (« Facebook (6 cas) »), then among that network's cases, page by page.
   */
  scenarioPrompt(learnerId?: number): View {
    const spots = learnerId === undefined ? new Map<Category, WeakSpot>() : this.deps.drills.weakSpots.of(learnerId);
    const suggestion = this.suggestion(spots);
    const checksOf = (category: Category) => checkList(spots.get(category)?.failedChecks ?? []);
    const advised = suggestion ? [{ value: suggestion.scenario.id, label: `Conseillé : ${suggestion.scenario.title} — à retravailler : ${suggestion.categories.map((category) => `${CATEGORY_LABELS[category]} (${checksOf(category)})`).join(' ; ')}` }] : [];
    const random = { value: 'random', label: 'Un cas au hasard' };
    const scenarios = [...this.deps.scenarios.values()];
    if (scenarios.length <= PICKER_PAGE) {
      return { kind: 'prompt', id: drillPrompt.format({ kind: 'scenario' }), text: 'Quel cas voulez-vous travailler ?', choices: [...advised, ...scenarios.map((scenario) => ({ value: scenario.id, label: scenarioLabel(scenario) })), random] };
    }
    const networks = scenariosByNetwork(scenarios).map(({ network, scenarios: cases }) => ({ value: scenarioPick.format({ kind: 'network', network, page: 1 }), label: `${NETWORK_LABELS[network]} (${cases.length} cas)` }));
    return { kind: 'prompt', id: drillPrompt.format({ kind: 'scenario' }), text: `Quel cas voulez-vous travailler ? Choisissez d’abord le réseau (${scenarios.length} cas en tout).`, choices: [...advised, ...networks, random] };
  }

  /** One network's cases, `PICKER_PAGE` at a time, with the way back to the networks. */
  networkPrompt(network: Network, page: number): View {
    const cases = [...this.deps.scenarios.values()].filter((scenario) => scenario.network === network);
    const pages = Math.max(1, Math.ceil(cases.length / PICKER_PAGE));
    const current = Math.min(Math.max(1, page), pages);
    const shown = cases.slice((current - 1) * PICKER_PAGE, current * PICKER_PAGE);
    const next = current < pages ? [{ value: scenarioPick.format({ kind: 'network', network, page: current + 1 }), label: `Cas suivants (${current * PICKER_PAGE + 1} à ${Math.min(cases.length, (current + 1) * PICKER_PAGE)} sur ${cases.length})` }] : [];
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'scenario' }),
      text: `Quel cas ${NETWORK_LABELS[network]} voulez-vous travailler ?${pages > 1 ? ` (page ${current}/${pages})` : ''}`,
      choices: [...shown.map((scenario) => ({ value: scenario.id, label: scenarioLabel(scenario) })), ...next, { value: scenarioPick.format({ kind: 'networks' }), label: 'Autre réseau' }],
    };
  }

  /** A case that brings back the categories the learner failed, when their review is due. */
  private suggestion(spots: ReadonlyMap<Category, WeakSpot>): ReturnType<typeof suggestScenario> {
    const now = this.deps.now();
    const due = [...spots.values()].filter((spot) => spot.nextReviewAt <= now).map((spot) => spot.category);
    return due.length > 0 ? suggestScenario([...this.deps.scenarios.values()], due) : undefined;
  }

  modePrompt(scenarioId: string): View {
    const { timing } = this.deps.drills;
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'mode', scenarioId }),
      text: 'Quel mode ?',
      choices: [
        { value: 'exam', label: `Examen (M1.3 : ${minutes(timing.readingMs)} de lecture, ${minutes(timing.writingMs)} de rédaction, ${minutes(timing.reviewMs)} de relecture)` },
        { value: 'practice', label: 'Entraînement (sans chrono, retour après chaque commentaire)' },
      ],
    };
  }

  /**
   * A drill is open and another was asked for: which one, how far it went, and the choice between
   * going on and abandoning it (not offered for a drill a trainer launched for a cohort).
   */
  resumePrompt(drill: StoredDrill): View {
    const scenario = this.deps.scenarios.get(drill.scenarioId);
    const total = scenario?.comments.length ?? 0;
    const answered = drill.state.answers.size;
    const where = drill.state.phase === 'reading' ? 'lecture du cas' : `${answered} commentaire${answered > 1 ? 's' : ''} sur ${total} répondu${answered > 1 ? 's' : ''}`;
    const cohort = this.deps.drills.store.isCohortDrill(drill.id);
    const text = `Votre exercice « ${scenario?.title ?? 'sans titre'} » (${drill.mode === 'exam' ? 'examen' : 'entraînement'}, ${where}) est en cours.${cohort ? ' Lancé par votre formateur, il ne peut pas être abandonné.' : ''} Le reprendre ?`;
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'resume', drillId: drill.id }),
      text,
      choices: [{ value: 'resume', label: 'Reprendre' }, ...(cohort ? [] : [{ value: 'abandon', label: 'L’abandonner et en commencer un autre' }])],
    };
  }

  /** Where the drill is: the case while reading, the next unanswered comment, or the submission prompt. */
  continueDrill(drill: StoredDrill, showCase: boolean): View[] {
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    const { state } = drill;
    if (state.abandonedAt !== undefined) return [{ kind: 'notice', tone: 'info', text: `Exercice « ${scenario.title} » abandonné, sans note. Tapez « start » pour un nouvel exercice.` }];
    if (state.phase === 'review' || state.phase === 'closed') {
      const score = this.deps.drills.store.score(drill.id);
      return score ? this.afterSubmission(drill, scenario, score, false) : [];
    }
    if (state.phase === 'reading') {
      return [
        caseView(scenario, state.readingEndsAt),
        { kind: 'prompt', id: drillPrompt.format({ kind: 'ready', drillId: drill.id }), text: `Temps de lecture (${minutes(this.deps.drills.timing.readingMs)}) : les commentaires s’afficheront ensuite.`, choices: [{ value: 'go', label: 'J’ai lu, afficher les commentaires' }], ...this.deadlineOf(drill) },
      ];
    }
    const views: View[] = showCase ? [caseView(scenario)] : [];
    // A comment being rewritten (practice) comes back first, where its second attempt was left.
    const rewriting = scenario.comments.find((comment) => retrying(state, comment.id));
    if (rewriting) return views.concat(this.resumeRetry(drill, rewriting.id));
    const next = scenario.comments.find((comment) => !state.answers.has(comment.id));
    if (next) return views.concat(this.resumeComment(drill, next.id));
    return views.concat([{
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'submit', drillId: drill.id }),
      text: 'Tous les commentaires ont une réponse. Rendre la copie, ou modifier une réponse ?',
      choices: [{ value: submitChoice.format({ kind: 'submit' }), label: 'Rendre la copie' }, ...scenario.comments.map((comment) => ({ value: submitChoice.format({ kind: 'edit', commentId: comment.id }), label: `Modifier le commentaire ${scenario.comments.indexOf(comment) + 1} (${comment.author})` }))],
      ...this.deadlineOf(drill),
    }]);
  }

  /** A comment half answered comes back where it was left: its actions, or its texts already typed. */
  private resumeComment(drill: StoredDrill, commentId: string): View[] {
    const draft = drill.state.drafts.get(commentId);
    if (!draft?.needs_action) return this.askComment(drill, commentId);
    if (!draft.actions || draft.actions.length === 0) return [this.actionsPrompt(drill, commentId, true)];
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    const comment = scenario.comments.find((candidate) => candidate.id === commentId)!;
    const chosen = draft.actions.map((action) => ACTION_LABELS[action]).join(', ');
    return [
      { kind: 'notice', tone: 'info', text: `${commentQuote(comment)}\nVotre décision : action nécessaire (${chosen}). Vos textes déjà écrits sont repris.` },
      this.formFor(drill, commentId, draft.actions),
    ];
  }

  /** Practice, after a comment's feedback where a check failed: rewrite what failed (once), or go on. */
  retryPrompt(drill: StoredDrill, commentId: string): View {
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'retry', drillId: drill.id, commentId }),
      text: 'Des vérifications n’ont pas réussi. Réécrire seulement ce qui n’a pas marché, pour être évalué à nouveau (un seul 2e essai par commentaire ; c’est lui qui compte), ou passer au commentaire suivant ?',
      choices: [{ value: 'retry', label: 'Réécrire ce qui n’a pas marché' }, { value: 'next', label: 'Commentaire suivant' }],
      progress: this.progressLabel(scenario, commentId),
    };
  }

  /** A second attempt begins: what failed is asked again (the decision, the actions, or only the failed texts). */
  startRetry(drill: StoredDrill, commentId: string): View[] {
    const plan = this.deps.drills.retryPlan(drill, commentId);
    const first = drill.state.firstAttempts.get(commentId);
    if (!plan || !first) return this.continueDrill(drill, false);
    const asked = [
      plan.decision ? 'la décision (action nécessaire ou non)' : undefined,
      plan.actions && !plan.decision ? 'les actions' : undefined,
      ...(plan.decision || plan.actions ? [] : plan.fields.map((field) => FIELD_NAMES[field])),
    ].filter(Boolean);
    const kept = plan.decision || plan.actions ? 'Vos textes sont repris pour être corrigés.' : 'Le reste de votre réponse est gardé tel quel.';
    const notice: View = { kind: 'notice', tone: 'info', text: `2e essai (le seul pour ce commentaire) : à revoir : ${asked.join(', ')}. ${kept}` };
    if (plan.decision) return [notice, ...this.askComment(drill, commentId)];
    if (plan.actions) return [notice, this.actionsPrompt(drill, commentId, true)];
    return [notice, this.retryForm(drill, commentId, first.actions)];
  }

  /** A second attempt left half done comes back where it was: its actions chosen, else from its start. */
  private resumeRetry(drill: StoredDrill, commentId: string): View[] {
    const draft = drill.state.drafts.get(commentId);
    if (draft?.actions && draft.actions.length > 0) return [this.retryForm(drill, commentId, draft.actions)];
    return this.startRetry(drill, commentId);
  }

  /** The texts form, or during a second attempt only the texts it asks again. */
  formFor(drill: StoredDrill, commentId: string, actions: Action[]): View {
    return retrying(drill.state, commentId) ? this.retryForm(drill, commentId, actions) : this.textsForm(drill, commentId, actions);
  }

  /** The texts form with only the fields a second attempt asks again, each filled with its first text. */
  retryForm(drill: StoredDrill, commentId: string, actions: Action[]): View {
    const form = this.textsForm(drill, commentId, actions);
    const plan = this.deps.drills.retryPlan(drill, commentId);
    const first = drill.state.firstAttempts.get(commentId);
    if (form.kind !== 'form' || !plan || !first) return form;
    const asked = retryFields(plan, first, actions);
    return { ...form, title: `2e essai — ${form.title}`, fields: form.fields.filter((field) => (asked as string[]).includes(field.id)) };
  }

  /** Does this comment call for moderation? The first question about each comment. */
  askComment(drill: StoredDrill, commentId: string): View[] {
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    // « edit 3 »: the comment's position, as learners read it; an id still works.
    const comment = scenario.comments.find((candidate) => candidate.id === commentId) ?? (/^\d+$/.test(commentId) ? scenario.comments[Number(commentId) - 1] : undefined);
    if (!comment) return [refuse(`Commentaire « ${commentId} » inconnu : donnez son numéro, de 1 à ${scenario.comments.length}.`)];
    return [{
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'needs', drillId: drill.id, commentId: comment.id }),
      text: `${commentQuote(comment)}\nCe commentaire demande-t-il une action de modération ?`,
      choices: [{ value: 'yes', label: 'Oui' }, { value: 'no', label: 'Non, aucune action' }],
      progress: this.progressLabel(scenario, comment.id),
      ...this.deadlineOf(drill),
    }];
  }

  /** The actions to choose for a comment; `withComment` repeats the comment when the learner comes back to it. */
  actionsPrompt(drill: StoredDrill, commentId: string, withComment: boolean): View {
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    const comment = scenario.comments.find((candidate) => candidate.id === commentId);
    const previous = drill.state.answers.get(commentId);
    const question = `Quelles actions ? (plusieurs possibles${previous ? ` ; avant : ${previous.actions.map((action) => ACTION_LABELS[action]).join(', ')}` : ''})`;
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'actions', drillId: drill.id, commentId }),
      text: withComment && comment ? `${commentQuote(comment)}\n${question}` : question,
      choices: actionChoices(),
      multiple: true,
      progress: this.progressLabel(scenario, commentId),
      ...this.deadlineOf(drill),
    };
  }

  /** The texts the chosen actions need, filled with what was typed last: the unfinished draft, else the answer given before. */
  textsForm(drill: StoredDrill, commentId: string, actions: Action[]): View {
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    const draft = drill.state.drafts.get(commentId);
    const previous = drill.state.answers.get(commentId);
    const replyLimit = this.deps.rubric.length_limits[scenario.network];
    const field = (id: 'justification' | 'reply' | 'private_message', label: string, required: boolean) => {
      const value = draft?.[id] ?? previous?.[id];
      const advised = id === 'reply' ? { advisedLength: replyLimit, hint: `${replyLimit.toLocaleString('fr-FR')} caractères au plus sur ${NETWORK_LABELS[scenario.network]}` } : {};
      return { id, label, multiline: true, required, maxLength: TEXT_LIMIT, ...advised, ...(value ? { value } : {}) };
    };
    const rules = writingRules(scenario, this.deps.rubric, actions);
    return {
      kind: 'form',
      id: textsForm.format({ drillId: drill.id, commentId, actions }),
      title: `Vos textes — ${this.progressLabel(scenario, commentId)}`,
      fields: [
        field('justification', 'Justification : quel problème, pourquoi cette action ?', true),
        ...(actions.includes('reply') ? [field('reply', `Réponse publique (${NETWORK_LABELS[scenario.network]})`, true)] : []),
        ...(actions.includes('private_message') ? [field('private_message', 'Message privé', true)] : []),
      ],
      ...(rules.length > 0 ? { rules } : {}),
      progress: this.progressLabel(scenario, commentId),
      ...this.deadlineOf(drill),
      keepsDrafts: true,
    };
  }

  /** Handing in with comments left unanswered is asked again, with how many are left. */
  confirmSubmission(drill: StoredDrill): View | undefined {
    const { state } = drill;
    if (state.phase !== 'writing' && state.phase !== 'practice') return undefined;
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    const left = scenario.comments.filter((comment) => !state.answers.has(comment.id));
    if (left.length === 0) return undefined;
    const started = left.filter((comment) => state.drafts.has(comment.id)).length;
    const count = `${left.length === 1 ? 'Il reste 1 commentaire' : `Il reste ${left.length} commentaires`} sans réponse complète sur ${scenario.comments.length}`;
    const drafts = started === 0 ? '' : started === 1 ? ' (1 commencé : ce qui est écrit sera évalué)' : ` (${started} commencés : ce qui est écrit sera évalué)`;
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'submit', drillId: drill.id }),
      text: `${count}${drafts}. Un commentaire sans réponse compte comme « aucune action ». Rendre la copie quand même ?`,
      choices: [{ value: submitChoice.format({ kind: 'continue' }), label: 'Continuer à répondre' }, { value: submitChoice.format({ kind: 'submit' }), label: 'Rendre la copie maintenant' }],
      ...this.deadlineOf(drill),
    };
  }

  /**
   * A scored drill's results. The exam shows each comment's model answer beside its feedback,
   * except in a cohort exam while other members may still be writing: they could be passed on.
   */
  results(drill: StoredDrill, scenario: Scenario, score: Score, withModels: boolean): View[] {
    const closes = withModels ? this.deps.drills.store.cohortExamClosesAt(drill.id) : undefined;
    const heldUntil = closes === undefined ? undefined : closes + this.deps.drills.timing.readingMs + this.deps.drills.timing.writingMs;
    if (heldUntil === undefined || this.deps.now() >= heldUntil) return [scoreView(scenario, score, withModels)];
    return [
      scoreView(scenario, score, false),
      { kind: 'notice', tone: 'info', text: 'Réponses modèles : d’autres membres de la cohorte peuvent encore écrire ; « feedback » les montrera une fois l’épreuve finie pour tous.' },
    ];
  }

  /** The results, what to work on again, then the review phase (exam) or the end. */
  afterSubmission(drill: StoredDrill, scenario: Scenario, score: Score, automatic: boolean): View[] {
    const views: View[] = [];
    if (automatic) views.push({ kind: 'notice', tone: 'warning', text: 'Temps écoulé : votre copie a été rendue automatiquement (les commentaires sans réponse comptent comme « aucune action »).' });
    // The exam's model answers come with its results, beside each comment's feedback; practice showed
    // each one after its comment.
    views.push(...this.results(drill, scenario, score, drill.mode === 'exam'));
    const weak = [...this.deps.drills.weakSpots.of(drill.learnerId).values()].filter((spot) => spot.reviewsDone === 0 && spot.nextReviewAt > this.deps.now());
    if (weak.length > 0) views.push({ kind: 'notice', tone: 'info', text: `À retravailler : ${weak.map((spot) => `${CATEGORY_LABELS[spot.category]} (${checkList(spot.failedChecks)})`).join(' ; ')}. Ces catégories vous seront reproposées dans 2, 7 puis 14 jours (« start » propose le cas conseillé).` });
    if (drill.state.phase === 'review') {
      views.push({
        kind: 'prompt',
        id: drillPrompt.format({ kind: 'review', drillId: drill.id }),
        text: `Phase de relecture (${minutes(this.deps.drills.timing.reviewMs)}) : préparez la présentation de vos choix au jury.`,
        choices: [{ value: 'done', label: 'Terminer la relecture' }],
        ...(drill.state.reviewEndsAt !== undefined ? { deadline: drill.state.reviewEndsAt } : {}),
      });
    } else {
      views.push({ kind: 'notice', tone: 'info', text: 'Exercice terminé. Tapez « start » pour un nouvel exercice, « history » pour vos résultats.' });
    }
    return views;
  }

  /** What the clock did to the drill, told to its candidate. */
  notification(notification: DrillNotification): View[] {
    const { drill } = notification;
    switch (notification.kind) {
      case 'writing_started':
        return [{ kind: 'notice', tone: 'info', text: `Fin du temps de lecture : ${minutes(this.deps.drills.timing.writingMs)} pour rédiger.` }, ...this.continueDrill(drill, false)];
      case 'reminder':
        return [{ kind: 'notice', tone: 'warning', text: `${notification.minutesLeft === 1 ? 'Plus qu’une minute' : `Plus que ${notification.minutesLeft} minutes`} avant le rendu automatique.` }];
      case 'submitted':
        return notification.automatic ? this.afterSubmission(drill, this.deps.drills.scenario(drill.scenarioId), notification.score, true) : [];
      case 'closed':
        return [{ kind: 'notice', tone: 'info', text: 'Fin de la relecture. Tapez « start » pour un nouvel exercice.' }];
    }
  }

  /** « Commentaire 2/5 »: where a comment stands among the case's. */
  progressLabel(scenario: Scenario, commentId: string): string {
    const index = scenario.comments.findIndex((comment) => comment.id === commentId) + 1;
    return `Commentaire ${index}/${scenario.comments.length}`;
  }

  private deadlineOf(drill: StoredDrill): { deadline?: number } {
    const deadline = drill.state.phase === 'reading' ? drill.state.readingEndsAt : drill.state.phase === 'writing' ? drill.state.writingEndsAt : undefined;
    return deadline === undefined ? {} : { deadline };
  }
}
