import { suggestScenario, type WeakSpot } from '../core/drill/redrill.js';
import type { Score } from '../core/rubric/score.js';
import { ACTION_LABELS, CATEGORY_LABELS, checkList, NETWORK_LABELS } from '../core/rubric/labels.js';
import type { Action, Category, Scenario } from '../core/scenario/schema.js';
import { retrying } from '../core/drill/reduce.js';
import { retryFields, type TextField } from '../core/drill/retry.js';
import type { StoredDrill } from '../store/drills.js';
import { drillPrompt, submitChoice, textsForm } from './drill-ids.js';
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

export interface DrillScreensDeps {
  drills: DrillService;
  scenarios: ReadonlyMap<string, Scenario>;
  now: () => number;
}

/**
 * What a candidate sees of a drill, from its stored state alone: the case, the next question, the
 * texts form filled with what was typed, the submission prompt, the results. Writes nothing.
 */
export class DrillScreens {
  constructor(private readonly deps: DrillScreensDeps) {}

  /** The cases to choose from, the one advised first when failed categories are due for review. */
  scenarioPrompt(learnerId?: number): View {
    const spots = learnerId === undefined ? new Map<Category, WeakSpot>() : this.deps.drills.weakSpots.of(learnerId);
    const suggestion = this.suggestion(spots);
    const choices = [...this.deps.scenarios.values()].map((scenario) => ({
      value: scenario.id,
      label: `${scenario.title} — ${scenario.brand.name} (${NETWORK_LABELS[scenario.network]}, ${scenario.comments.length} commentaires)`,
    }));
    const checksOf = (category: Category) => checkList(spots.get(category)?.failedChecks ?? []);
    const advised = suggestion ? [{ value: suggestion.scenario.id, label: `Conseillé : ${suggestion.scenario.title} — à retravailler : ${suggestion.categories.map((category) => `${CATEGORY_LABELS[category]} (${checksOf(category)})`).join(' ; ')}` }] : [];
    return { kind: 'prompt', id: drillPrompt.format({ kind: 'scenario' }), text: 'Quel cas voulez-vous travailler ?', choices: [...advised, ...choices, { value: 'random', label: 'Un cas au hasard' }] };
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

  resumePrompt(drillId: string): View {
    return { kind: 'prompt', id: drillPrompt.format({ kind: 'resume', drillId }), text: 'Un exercice est en cours. Le reprendre ?', choices: [{ value: 'resume', label: 'Reprendre' }, { value: 'new', label: 'Commencer un nouvel exercice' }] };
  }

  /** Where the drill is: the case while reading, the next unanswered comment, or the submission prompt. */
  continueDrill(drill: StoredDrill, showCase: boolean): View[] {
    const scenario = this.deps.drills.scenario(drill.scenarioId);
    const { state } = drill;
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
    const field = (id: 'justification' | 'reply' | 'private_message', label: string, required: boolean) => {
      const value = draft?.[id] ?? previous?.[id];
      return { id, label, multiline: true, required, maxLength: TEXT_LIMIT, ...(value ? { value } : {}) };
    };
    return {
      kind: 'form',
      id: textsForm.format({ drillId: drill.id, commentId, actions }),
      title: `Vos textes — ${this.progressLabel(scenario, commentId)}`,
      fields: [
        field('justification', 'Justification : quel problème, pourquoi cette action ?', true),
        ...(actions.includes('reply') ? [field('reply', `Réponse publique (${NETWORK_LABELS[scenario.network]})`, true)] : []),
        ...(actions.includes('private_message') ? [field('private_message', 'Message privé', true)] : []),
      ],
      progress: this.progressLabel(scenario, commentId),
      ...this.deadlineOf(drill),
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

  /** The results, what to work on again, then the review phase (exam) or the end. */
  afterSubmission(drill: StoredDrill, scenario: Scenario, score: Score, automatic: boolean): View[] {
    const views: View[] = [];
    if (automatic) views.push({ kind: 'notice', tone: 'warning', text: 'Temps écoulé : votre copie a été rendue automatiquement (les commentaires sans réponse comptent comme « aucune action »).' });
    // The exam's model answers come with its results, beside each comment's feedback; practice showed
    // each one after its comment.
    views.push(scoreView(scenario, score, drill.mode === 'exam'));
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
