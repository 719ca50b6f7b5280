import type { Answer } from '../core/answers/schema.js';
import type { DrillMode } from '../core/drill/types.js';
import { ACTION_LABELS, CATEGORY_LABELS, MODE_LABELS, NETWORK_LABELS, verdictLabel } from '../core/rubric/labels.js';
import { suggestScenario, type WeakSpot } from '../core/drill/redrill.js';
import { ACTIONS, type Action, type Category, type Scenario } from '../core/scenario/schema.js';
import type { Db } from '../store/database.js';
import type { DrillOrigin, StoredDrill } from '../store/drills.js';
import { InboundEventLog } from '../store/inbound-events.js';
import { learnerFor, type Platform } from '../store/learners.js';
import { transaction } from '../store/transaction.js';
import type { DrillNotification, DrillService } from './drill-service.js';
import type { CohortNotification, CohortService } from './cohort-service.js';
import { COHORT_COMMANDS, type CohortDesk } from './cohort-desk.js';
import { NUDGE_COMMANDS, type NudgeDesk } from './nudge-desk.js';
import type { CoachDesk } from './coach-desk.js';
import type { OralService } from './oral-service.js';
import { PrivacyDesk } from './privacy-desk.js';
import { DeliveryHub, type Deliver, type DeliveryOptions } from './delivery.js';
import { floodGuard, tooLarge, whileStopping, type Guard } from './guards.js';
import { TEXT_LIMIT } from './input-limits.js';
import { actionChoices, caseView, commentFeedbackView, commentQuote, scoreView } from './present.js';
import type { Inbound, View } from './views.js';
import { OUTDATED, refuse, refusalsAnswered, UNKNOWN_FORM } from './refusal.js';
import { drillPrompt, submitChoice, textsForm, type DrillPrompt } from './drill-ids.js';
import { originOf, type Envelope } from './envelope.js';

export type { Envelope } from './envelope.js';
export type { Deliver, DeliveryOptions } from './delivery.js';

export interface EngineDeps {
  db: Db;
  drills: DrillService;
  cohorts: CohortService;
  desk: CohortDesk;
  nudgeDesk: NudgeDesk;
  coach: CoachDesk;
  oral: OralService;
  scenarios: ReadonlyMap<string, Scenario>;
  now: () => number;
  random?: () => number;
  reportError?: (error: unknown) => void;
  defaultTimezone?: string;
}

const HELP = [
  'Commandes :',
  '• start : nouvel exercice (start ID pour un cas précis) · resume : reprendre l’exercice en cours',
  '• case : relire le cas et la charte · edit c3 : modifier la réponse au commentaire c3 · submit : rendre la copie',
  '• feedback : le retour du dernier exercice rendu · history : vos résultats · progress : votre progression par vérification',
  '• coach : préparer le dossier et l’oral (coach C3, coach template ligne, coach check ligne…) · oral : oral blanc minuté (oral stop pour l’arrêter)',
  '• nudges on|off|list|snooze 1h|quiet 21:00-08:00 : vos rappels · calendar import|show|clear : votre calendrier éditorial',
  '• privacy export|erase : vos données · help : cette aide',
].join('\n');

/** « 15 min », « 30 s », « 1 min 30 s »: phase durations as candidates read them. */
function minutes(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  const whole = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (whole === 0) return `${rest} s`;
  return rest === 0 ? `${whole} min` : `${whole} min ${rest} s`;
}

/**
 * The platform-neutral conversation: turns inbound events into drill use-cases and answers with
 * views. Prompt and form ids carry the drill and comment they are about, so an answer is
 * understood from the event alone, never from what the process remembers.
 */
export class Engine {
  private readonly db: Db;
  readonly drills: DrillService;
  readonly cohorts: CohortService;
  private readonly desk: CohortDesk;
  private readonly nudgeDesk: NudgeDesk;
  private readonly coach: CoachDesk;
  private readonly oral: OralService;
  private readonly privacy: PrivacyDesk;
  private readonly inbound: InboundEventLog;
  /** Stopping, then size, then rate: the cheapest refusal first, the flood guard last (it may keep a draft). */
  private readonly guards: Guard[] = [whileStopping(() => this.stopping), tooLarge, floodGuard(() => this.now(), (draft) => this.keepDraft(draft))];
  private readonly delivery: DeliveryHub;
  /** Set by a graceful stop: new events are refused (nothing written), work under way finishes. */
  private stopping = false;
  private readonly scenarios: ReadonlyMap<string, Scenario>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly reportError: (error: unknown) => void;
  private readonly defaultTimezone: string;

  constructor(deps: EngineDeps) {
    this.db = deps.db;
    this.drills = deps.drills;
    this.cohorts = deps.cohorts;
    this.desk = deps.desk;
    this.nudgeDesk = deps.nudgeDesk;
    this.coach = deps.coach;
    this.oral = deps.oral;
    this.privacy = new PrivacyDesk(deps.db, deps.now);
    this.inbound = new InboundEventLog(deps.db);
    this.scenarios = deps.scenarios;
    this.now = deps.now;
    this.random = deps.random ?? Math.random;
    this.reportError = deps.reportError ?? (() => undefined);
    this.defaultTimezone = deps.defaultTimezone ?? 'Europe/Paris';
    this.delivery = new DeliveryHub(
      {
        drill: (notification) => this.notificationViews(notification),
        cohort: (notification) => this.cohortNotificationViews(notification),
      },
      this.reportError,
    );
  }

  /** An adapter registers how to reach its users for clock-driven messages. */
  onDeliver(platform: Platform, deliver: Deliver): void {
    this.delivery.onDeliver(platform, deliver);
  }

  /** Called by the drill service when the clock moves a drill on. */
  notify(notification: DrillNotification): void {
    this.delivery.notify(notification);
  }

  /** Called by the cohort service: members get their drill, trainers their reports. */
  notifyCohort(notification: CohortNotification): void {
    this.delivery.notifyCohort(notification);
  }

  /** Delivers and waits for the platform's answer; rejects when it cannot (no adapter, refused). */
  deliverAsync(origin: DrillOrigin, views: View[], options: DeliveryOptions = {}): Promise<void> {
    return this.delivery.deliverAsync(origin, views, options);
  }

  /** Fire-and-forget delivery for timers (oral rehearsal): failures are reported, not thrown. */
  deliverNow(origin: DrillOrigin, views: View[]): void {
    this.delivery.deliverNow(origin, views);
  }

  /** Adapters hand over the work an event started (replies, uploads): a graceful stop waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.delivery.track(work);
  }

  /** A graceful stop begins: from now on events get « le bot redémarre » and write nothing. */
  stopAccepting(): void {
    this.stopping = true;
  }

  /** Resolves when the work under way has finished, or at the deadline with how much was left. */
  drain(timeoutMs: number): Promise<{ left: number }> {
    return this.delivery.drain(timeoutMs);
  }

  private cohortNotificationViews(notification: CohortNotification): { to: DrillOrigin; views: View[] } {
    if (notification.kind === 'member_started') {
      const { drill, cohort } = notification;
      const scenario = this.drills.scenario(drill.scenarioId);
      const intro: View = { kind: 'notice', tone: 'info', text: `Exercice de la cohorte « ${cohort.name} » : « ${scenario.title} » (${MODE_LABELS[drill.mode]}).` };
      return { to: drill.origin, views: [intro, ...this.continueDrill(drill, true)] };
    }
    return { to: notification.cohortDrill.launchedBy, views: this.desk.trainerReport(notification) };
  }

  /** True when this platform event was already handled: adapters skip a redelivery before any side effect. */
  alreadyHandled(platform: Platform, eventId: string): boolean {
    return this.inbound.wasProcessed(`${platform}:${eventId}`);
  }

  handle(envelope: Envelope): View[] {
    for (const guard of this.guards) {
      const refusal = guard(envelope);
      if (refusal) return refusal;
    }
    try {
      return this.handleInTransaction(envelope);
    } catch (error) {
      // Rolled back: nothing of this event was written, not even its id, so the same action can
      // simply be tried again (the database refused, or a fault of ours).
      this.reportError(error);
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN)/.test(code)) {
        return [{ kind: 'notice', tone: 'error', text: 'La base de données est momentanément indisponible : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez dans un instant.' }];
      }
      // A fault of ours must not end the learner's session: every answer given before is stored.
      return [{ kind: 'notice', tone: 'error', text: 'Une erreur inattendue est survenue : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez, ou tapez « help ».' }];
    }
  }

  /** Keeps a refused form's texts as a draft; false when that was not possible (not a drill's texts, not the learner's drill, submitted…). */
  private keepDraft(draft: Envelope): boolean {
    if (draft.event.kind !== 'form' || !textsForm.parse(draft.event.form)) return false;
    try {
      const views = this.handleInTransaction(draft);
      return !views.some((view) => view.kind === 'notice' && view.tone === 'error');
    } catch (error) {
      this.reportError(error);
      return false;
    }
  }

  private handleInTransaction(envelope: Envelope): View[] {
    return transaction(this.db, () => {
      if (!this.inbound.claim(`${envelope.platform}:${envelope.eventId}`, this.now())) return [];
      // A refusal is an answer, not a fault: it comes before the action writes anything, and what
      // the clock caught up meanwhile (an automatic submission) is kept. Any other error rolls back.
      return refusalsAnswered(() => this.dispatch(envelope));
    });
  }

  private dispatch(envelope: Envelope): View[] {
    const { event } = envelope;
    // Only the drill's texts are kept as drafts; any other form is taken when it is sent, never half-typed.
    if (event.kind === 'form' && event.draft === true && !textsForm.parse(event.form)) return [];
    const learner = learnerFor(this.db, envelope.platform, envelope.userId, envelope.displayName, new Date(this.now()));
    const origin = originOf(envelope);
    this.nudgeDesk.seen(learner.id);
    if (event.kind === 'command' && event.name === 'privacy') return this.privacy.handle(learner.id, event.args?.[0] ?? '');
    if (event.kind === 'choice' && event.prompt === 'privacy:erase') return this.privacy.choice(learner.id, event.values[0] ?? '');
    if (event.kind === 'command' && event.name === 'oral') return event.args?.[0] === 'stop' ? this.oral.stop(learner.id) : this.oral.start(learner.id, origin);
    if (event.kind === 'command' && event.name === 'coach') return this.coach.handle(learner.id, envelope, event.args ?? []);
    if (event.kind === 'choice' && event.prompt.startsWith('coach:')) return this.coach.choice(learner.id, event.prompt.slice('coach:'.length), event.values);
    if (event.kind === 'form' && event.form.startsWith('artefact:')) return this.coach.submitArtefact(learner.id, event.form.slice('artefact:'.length), event.values.text ?? '', learner.timezone ?? this.defaultTimezone);
    if (event.kind === 'command' && NUDGE_COMMANDS.has(event.name)) return this.nudgeDesk.handle(learner.id, envelope, event.name, event.args ?? []);
    if (event.kind === 'form' && event.form === 'calendar-import') return this.nudgeDesk.importCalendar(learner.id, event.values.text ?? '', event.values.filename);
    if (event.kind === 'choice' && event.prompt === 'nudge') {
      return event.values[0] === 'practice' ? this.homeChoice(learner.id, envelope, origin, 'practice') : this.nudgeDesk.choice(learner.id, envelope, event.values[0] ?? '');
    }
    if (event.kind === 'command' && COHORT_COMMANDS.has(event.name)) return this.desk.handle(learner.id, envelope, origin, event.name, event.args ?? []);
    if (event.kind === 'choice' && event.prompt.startsWith('join:')) return this.desk.handle(learner.id, envelope, origin, 'cohort-join', [event.prompt.slice('join:'.length)]);
    if (event.kind === 'form' && event.form === 'launch') return this.desk.submitLaunchForm(origin, event.values, envelope.trainer === true);
    if (event.kind === 'command' && event.name === 'home') return this.home(learner.id, envelope.trainer === true);
    if (event.kind === 'choice' && event.prompt === 'home') return this.homeChoice(learner.id, envelope, origin, event.values[0] ?? '');
    return this.route(learner.id, origin, envelope.event);
  }

  private route(learnerId: number, origin: DrillOrigin, event: Inbound): View[] {
    switch (event.kind) {
      case 'command':
        return this.command(learnerId, origin, event.name, event.args ?? []);
      case 'choice': {
        const prompt = drillPrompt.parse(event.prompt);
        return prompt ? this.choice(learnerId, origin, prompt, event.values) : [OUTDATED];
      }
      case 'form':
        return this.form(learnerId, event.form, event.values, event.draft === true);
      case 'text':
        return [{ kind: 'notice', tone: 'info', text: HELP }];
    }
  }

  private command(learnerId: number, origin: DrillOrigin, name: string, args: string[]): View[] {
    switch (name) {
      case 'start': {
        const open = this.drills.store.latestOpenDrill(learnerId);
        if (open && args.length === 0) {
          return [{ kind: 'prompt', id: drillPrompt.format({ kind: 'resume', drillId: open }), text: 'Un exercice est en cours. Le reprendre ?', choices: [{ value: 'resume', label: 'Reprendre' }, { value: 'new', label: 'Commencer un nouvel exercice' }] }];
        }
        // « start ID MODE » starts at once; « start ID » asks for the mode.
        if (args[0] && args[1]) return this.startDrill(learnerId, origin, args[0], args[1]);
        if (args[0]) return this.choice(learnerId, origin, { kind: 'scenario' }, [args[0]]);
        return [this.scenarioPrompt(learnerId)];
      }
      case 'resume': {
        const open = this.drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours.' }, this.scenarioPrompt(learnerId)];
        return this.continueDrill(this.drills.get(learnerId, open), true);
      }
      case 'submit': {
        const open = args[0] ?? this.drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours.' }];
        const confirmation = this.confirmSubmission(this.drills.get(learnerId, open));
        return confirmation ? [confirmation] : this.submit(learnerId, open);
      }
      case 'case': {
        const open = this.drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours : « start » pour en commencer un.' }];
        const drill = this.drills.get(learnerId, open);
        const scenario = this.drills.scenario(drill.scenarioId);
        return [caseView(scenario, drill.state.phase === 'reading' ? drill.state.readingEndsAt : undefined)];
      }
      case 'edit': {
        const open = this.drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours.' }];
        return this.askComment(this.drills.get(learnerId, open), args[0] ?? '');
      }
      case 'form': {
        // A platform that opens forms on demand (a Discord modal) asks for the form of a prompt again.
        const form = textsForm.parse(args[0] ?? '');
        if (!form) return [UNKNOWN_FORM];
        const answerable = this.answerable(learnerId, form.drillId);
        return 'refusal' in answerable ? [answerable.refusal] : [this.textsForm(answerable.drill, form.commentId, form.actions)];
      }
      case 'history':
        // « history progress »: both in one answer (a platform that shows them together asks once).
        return args[0] === 'progress' ? [this.history(learnerId), this.progress(learnerId)] : [this.history(learnerId)];
      case 'feedback': {
        const drillId = args[0] ?? this.drills.store.latestScoredDrill(learnerId);
        if (!drillId) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice rendu pour l’instant.' }];
        const drill = this.drills.get(learnerId, drillId);
        const score = this.drills.store.score(drill.id);
        if (!score) return [{ kind: 'notice', tone: 'info', text: 'Cet exercice n’est pas encore rendu.' }];
        return [scoreView(this.drills.scenario(drill.scenarioId), score)];
      }
      case 'progress':
        return [this.progress(learnerId)];
      default:
        return [{ kind: 'notice', tone: 'info', text: HELP }];
    }
  }

  private scenarioPrompt(learnerId?: number): View {
    const spots = learnerId === undefined ? new Map<Category, WeakSpot>() : this.drills.weakSpots.of(learnerId);
    const suggestion = this.suggestion(spots);
    const choices = [...this.scenarios.values()].map((scenario) => ({
      value: scenario.id,
      label: `${scenario.title} — ${scenario.brand.name} (${NETWORK_LABELS[scenario.network]}, ${scenario.comments.length} commentaires)`,
    }));
    const checksOf = (category: Category) => (spots.get(category)?.failedChecks ?? []).join(', ');
    const advised = suggestion ? [{ value: suggestion.scenario.id, label: `Conseillé : ${suggestion.scenario.title} — à retravailler : ${suggestion.categories.map((category) => `${CATEGORY_LABELS[category]} (${checksOf(category)})`).join(' ; ')}` }] : [];
    return { kind: 'prompt', id: 'scenario', text: 'Quel cas voulez-vous travailler ?', choices: [...advised, ...choices, { value: 'random', label: 'Un cas au hasard' }] };
  }

  /** A case that brings back the categories the learner failed, when their review is due. */
  private suggestion(spots: ReadonlyMap<Category, WeakSpot>): ReturnType<typeof suggestScenario> {
    const now = this.now();
    const due = [...spots.values()].filter((spot) => spot.nextReviewAt <= now).map((spot) => spot.category);
    return due.length > 0 ? suggestScenario([...this.scenarios.values()], due) : undefined;
  }

  /** « start ID MODE », or a mode chosen: the drill starts on that case. */
  private startDrill(learnerId: number, origin: DrillOrigin, scenarioId: string, mode: string): View[] {
    if (mode !== 'exam' && mode !== 'practice') return [refuse('Mode inconnu : « exam » ou « practice ».')];
    return this.continueDrill(this.drills.start(learnerId, origin, scenarioId, mode), true);
  }

  private choice(learnerId: number, origin: DrillOrigin, prompt: DrillPrompt, values: string[]): View[] {
    const value = values[0] ?? '';
    switch (prompt.kind) {
      case 'scenario': {
        const scenarioId = value === 'random' ? this.randomScenarioId() : value;
        if (!scenarioId || !this.scenarios.has(scenarioId)) return [refuse(`Cas « ${value} » inconnu.`), this.scenarioPrompt(learnerId)];
        return [{
          kind: 'prompt',
          id: drillPrompt.format({ kind: 'mode', scenarioId }),
          text: 'Quel mode ?',
          choices: [
            { value: 'exam', label: `Examen (M1.3 : ${minutes(this.drills.timing.readingMs)} de lecture, ${minutes(this.drills.timing.writingMs)} de rédaction, ${minutes(this.drills.timing.reviewMs)} de relecture)` },
            { value: 'practice', label: 'Entraînement (sans chrono, retour après chaque commentaire)' },
          ],
        }];
      }
      case 'mode':
        return this.startDrill(learnerId, origin, prompt.scenarioId, value);
      case 'resume':
        if (value === 'new') return [this.scenarioPrompt(learnerId)];
        return this.continueDrill(this.drills.get(learnerId, prompt.drillId), true);
      case 'ready':
        return this.continueDrill(this.drills.beginWriting(learnerId, prompt.drillId), false);
      case 'needs': {
        const { drillId, commentId } = prompt;
        const answerable = this.answerable(learnerId, drillId);
        if ('refusal' in answerable) return [answerable.refusal];
        const { drill } = answerable;
        if (value === 'no') return this.recordAnswer(learnerId, drillId, { comment: commentId, needs_action: false, actions: ['none'] });
        if (value !== 'yes') return [refuse('Répondez « oui » ou « non ».'), ...this.askComment(drill, commentId)];
        // The decision is kept at once: a deadline or a crash before the actions loses nothing.
        return [this.actionsPrompt(this.drills.draft(learnerId, drillId, { comment: commentId, needs_action: true }), commentId, false)];
      }
      case 'actions': {
        const { drillId, commentId } = prompt;
        const answerable = this.answerable(learnerId, drillId);
        if ('refusal' in answerable) return [answerable.refusal];
        const { drill } = answerable;
        const unknown = values.filter((candidate) => !(ACTIONS as readonly string[]).includes(candidate) || candidate === 'none');
        if (values.length === 0 || unknown.length > 0) {
          return [refuse(unknown.length > 0 ? `Action inconnue : ${unknown.join(', ')}.` : 'Choisissez au moins une action.'), this.actionsPrompt(drill, commentId, false)];
        }
        const actions = values as Action[];
        return [this.textsForm(this.drills.draft(learnerId, drillId, { comment: commentId, needs_action: true, actions }), commentId, actions)];
      }
      case 'submit': {
        const choice = submitChoice.parse(value);
        if (choice?.kind === 'submit') return this.submit(learnerId, prompt.drillId);
        if (choice?.kind === 'edit') return this.askComment(this.drills.get(learnerId, prompt.drillId), choice.commentId);
        if (choice?.kind === 'continue') return this.continueDrill(this.drills.get(learnerId, prompt.drillId), false);
        return [{ kind: 'notice', tone: 'warning', text: 'Choix inconnu : « Rendre la copie » ou « Continuer à répondre ».' }];
      }
      case 'review':
        this.drills.endReview(learnerId, prompt.drillId);
        return [{ kind: 'notice', tone: 'success', text: 'Relecture terminée. Tapez « start » pour un nouvel exercice.' }];
    }
  }

  /** Refuses early, before the learner types anything, when the drill no longer takes answers. */
  private answerable(learnerId: number, drillId: string): { drill: StoredDrill } | { refusal: View } {
    const drill = this.drills.get(learnerId, drillId);
    const { phase } = drill.state;
    if (phase === 'reading') return { refusal: refuse('Les commentaires s’affichent à la fin du temps de lecture.') };
    if (phase === 'review' || phase === 'closed') return { refusal: refuse('Copie déjà rendue : les réponses ne peuvent plus changer.') };
    return { drill };
  }

  /** The actions to choose for a comment; `withComment` repeats the comment when the learner comes back to it. */
  private actionsPrompt(drill: StoredDrill, commentId: string, withComment: boolean): View {
    const scenario = this.drills.scenario(drill.scenarioId);
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

  private textsForm(drill: StoredDrill, commentId: string, actions: Action[]): View {
    const scenario = this.drills.scenario(drill.scenarioId);
    // What was typed last wins: the unfinished draft, else the answer given before.
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

  private form(learnerId: number, formId: string, values: Record<string, string>, draftOnly: boolean): View[] {
    const form = textsForm.parse(formId);
    if (!form) return [UNKNOWN_FORM];
    const { drillId, commentId, actions } = form;
    if (actions.length === 0) return [refuse('Aucune action valide dans ce formulaire.')];
    const text = (id: string) => values[id]?.trim() || undefined;
    const given = {
      ...(text('justification') ? { justification: text('justification') } : {}),
      ...(actions.includes('reply') && text('reply') ? { reply: text('reply') } : {}),
      ...(actions.includes('private_message') && text('private_message') ? { private_message: text('private_message') } : {}),
    };
    // A platform that asks field by field (the terminal) hands each text over as it is finished.
    if (draftOnly) {
      this.drills.draft(learnerId, drillId, { comment: commentId, needs_action: true, actions, ...given });
      return [];
    }
    const missing = [
      !given.justification && 'la justification',
      actions.includes('reply') && !given.reply && 'la réponse publique',
      actions.includes('private_message') && !given.private_message && 'le message privé',
    ].filter(Boolean);
    if (missing.length > 0) {
      // What was written is kept, and comes back in the form.
      const drill = this.drills.draft(learnerId, drillId, { comment: commentId, needs_action: true, actions, ...given });
      return [refuse(`À remplir : ${missing.join(', ')}.`), this.textsForm(drill, commentId, actions)];
    }
    return this.recordAnswer(learnerId, drillId, { comment: commentId, needs_action: true, actions, ...given });
  }

  private recordAnswer(learnerId: number, drillId: string, answer: Answer): View[] {
    const { drill, checks } = this.drills.answer(learnerId, drillId, answer);
    const scenario = this.drills.scenario(drill.scenarioId);
    const views: View[] = [{ kind: 'notice', tone: 'success', text: `Réponse enregistrée (${this.progressLabel(scenario, answer.comment)}).` }];
    if (checks) views.push(commentFeedbackView(scenario, answer.comment, checks));
    return views.concat(this.continueDrill(drill, false));
  }

  /** Handing in with comments left unanswered is asked again, with how many are left. */
  private confirmSubmission(drill: StoredDrill): View | undefined {
    const { state } = drill;
    if (state.phase !== 'writing' && state.phase !== 'practice') return undefined;
    const scenario = this.drills.scenario(drill.scenarioId);
    const left = scenario.comments.filter((comment) => !state.answers.has(comment.id));
    if (left.length === 0) return undefined;
    const started = left.filter((comment) => state.drafts.has(comment.id)).length;
    const count = `${left.length === 1 ? 'Il reste 1 commentaire' : `Il reste ${left.length} commentaires`} sans réponse complète sur ${scenario.comments.length}`;
    const drafts = started === 0 ? '' : started === 1 ? ' (1 commencé : ce qui est écrit sera évalué)' : ` (${started} commencés : ce qui est écrit sera évalué)`;
    return {
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'submit', drillId: drill.id }),
      text: `${count}${drafts}. Un commentaire sans réponse compte comme « aucune action ». Rendre la copie quand même ?`,
      choices: [{ value: 'continue', label: 'Continuer à répondre' }, { value: 'submit', label: 'Rendre la copie maintenant' }],
      ...this.deadlineOf(drill),
    };
  }

  private submit(learnerId: number, drillId: string): View[] {
    const { drill, score } = this.drills.submit(learnerId, drillId);
    const scenario = this.drills.scenario(drill.scenarioId);
    return this.afterSubmission(drill, scenario, score, false);
  }

  private afterSubmission(drill: StoredDrill, scenario: Scenario, score: Parameters<typeof scoreView>[1], automatic: boolean): View[] {
    const views: View[] = [];
    if (automatic) views.push({ kind: 'notice', tone: 'warning', text: 'Temps écoulé : votre copie a été rendue automatiquement (les commentaires sans réponse comptent comme « aucune action »).' });
    views.push(scoreView(scenario, score));
    const weak = [...this.drills.weakSpots.of(drill.learnerId).values()].filter((spot) => spot.reviewsDone === 0 && spot.nextReviewAt > this.now());
    if (weak.length > 0) views.push({ kind: 'notice', tone: 'info', text: `À retravailler : ${weak.map((spot) => `${CATEGORY_LABELS[spot.category]} (${spot.failedChecks.join(', ')})`).join(' ; ')}. Ces catégories vous seront reproposées dans 2, 7 puis 14 jours (« start » propose le cas conseillé).` });
    if (drill.state.phase === 'review') {
      views.push({
        kind: 'prompt',
        id: drillPrompt.format({ kind: 'review', drillId: drill.id }),
        text: `Phase de relecture (${minutes(this.drills.timing.reviewMs)}) : préparez la présentation de vos choix au jury.`,
        choices: [{ value: 'done', label: 'Terminer la relecture' }],
        ...(drill.state.reviewEndsAt !== undefined ? { deadline: drill.state.reviewEndsAt } : {}),
      });
    } else {
      views.push({ kind: 'notice', tone: 'info', text: 'Exercice terminé. Tapez « start » pour un nouvel exercice, « history » pour vos résultats.' });
    }
    return views;
  }

  /** Where the drill is: the case while reading, the next unanswered comment, or the submission prompt. */
  private continueDrill(drill: StoredDrill, showCase: boolean): View[] {
    const scenario = this.drills.scenario(drill.scenarioId);
    const { state } = drill;
    if (state.phase === 'review' || state.phase === 'closed') {
      const score = this.drills.store.score(drill.id);
      return score ? this.afterSubmission(drill, scenario, score, false) : [];
    }
    if (state.phase === 'reading') {
      return [
        caseView(scenario, state.readingEndsAt),
        { kind: 'prompt', id: drillPrompt.format({ kind: 'ready', drillId: drill.id }), text: `Temps de lecture (${minutes(this.drills.timing.readingMs)}) : les commentaires s’afficheront ensuite.`, choices: [{ value: 'go', label: 'J’ai lu, afficher les commentaires' }], ...this.deadlineOf(drill) },
      ];
    }
    const views: View[] = showCase ? [caseView(scenario)] : [];
    const next = scenario.comments.find((comment) => !state.answers.has(comment.id));
    if (next) return views.concat(this.resumeComment(drill, next.id));
    return views.concat([{
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'submit', drillId: drill.id }),
      text: 'Tous les commentaires ont une réponse. Rendre la copie, ou modifier une réponse ?',
      choices: [{ value: 'submit', label: 'Rendre la copie' }, ...scenario.comments.map((comment) => ({ value: submitChoice.format({ kind: 'edit', commentId: comment.id }), label: `Modifier ${comment.id} (${comment.author})` }))],
      ...this.deadlineOf(drill),
    }]);
  }

  /** A comment half answered comes back where it was left: its actions, or its texts already typed. */
  private resumeComment(drill: StoredDrill, commentId: string): View[] {
    const draft = drill.state.drafts.get(commentId);
    if (!draft?.needs_action) return this.askComment(drill, commentId);
    if (!draft.actions || draft.actions.length === 0) return [this.actionsPrompt(drill, commentId, true)];
    const scenario = this.drills.scenario(drill.scenarioId);
    const comment = scenario.comments.find((candidate) => candidate.id === commentId)!;
    const chosen = draft.actions.map((action) => ACTION_LABELS[action]).join(', ');
    return [
      { kind: 'notice', tone: 'info', text: `${commentQuote(comment)}\nVotre décision : action nécessaire (${chosen}). Vos textes déjà écrits sont repris.` },
      this.textsForm(drill, commentId, draft.actions),
    ];
  }

  private askComment(drill: StoredDrill, commentId: string): View[] {
    const scenario = this.drills.scenario(drill.scenarioId);
    const comment = scenario.comments.find((candidate) => candidate.id === commentId);
    if (!comment) return [refuse(`Commentaire « ${commentId} » inconnu : ${scenario.comments.map((c) => c.id).join(', ')}.`)];
    return [{
      kind: 'prompt',
      id: drillPrompt.format({ kind: 'needs', drillId: drill.id, commentId: comment.id }),
      text: `${commentQuote(comment)}\nCe commentaire demande-t-il une action de modération ?`,
      choices: [{ value: 'yes', label: 'Oui' }, { value: 'no', label: 'Non, aucune action' }],
      progress: this.progressLabel(scenario, comment.id),
      ...this.deadlineOf(drill),
    }];
  }

  private progressLabel(scenario: Scenario, commentId: string): string {
    const index = scenario.comments.findIndex((comment) => comment.id === commentId) + 1;
    return `Commentaire ${index}/${scenario.comments.length}`;
  }

  private deadlineOf(drill: StoredDrill): { deadline?: number } {
    const deadline = drill.state.phase === 'reading' ? drill.state.readingEndsAt : drill.state.phase === 'writing' ? drill.state.writingEndsAt : undefined;
    return deadline === undefined ? {} : { deadline };
  }

  private notificationViews(notification: DrillNotification): View[] {
    const { drill } = notification;
    switch (notification.kind) {
      case 'writing_started':
        return [{ kind: 'notice', tone: 'info', text: `Fin du temps de lecture : ${minutes(this.drills.timing.writingMs)} pour rédiger.` }, ...this.continueDrill(drill, false)];
      case 'reminder':
        return [{ kind: 'notice', tone: 'warning', text: `${notification.minutesLeft === 1 ? 'Plus qu’une minute' : `Plus que ${notification.minutesLeft} minutes`} avant le rendu automatique.` }];
      case 'submitted':
        return notification.automatic ? this.afterSubmission(drill, this.drills.scenario(drill.scenarioId), notification.score, true) : [];
      case 'closed':
        return [{ kind: 'notice', tone: 'info', text: 'Fin de la relecture. Tapez « start » pour un nouvel exercice.' }];
    }
  }

  /** A learner's or trainer's home page (Slack's App Home): where they stand and what to do next. */
  private home(learnerId: number, trainer: boolean): View[] {
    const practice = { value: 'practice', label: 'Commencer un exercice d’entraînement' };
    if (trainer) {
      return [
        this.desk.list(),
        ...this.desk.upcoming(),
        this.desk.status(),
        { kind: 'prompt', id: 'home', text: 'Que voulez-vous faire ?', choices: [{ value: 'launch', label: 'Lancer un exercice pour une cohorte' }, practice] },
      ];
    }
    return [this.history(learnerId), this.progress(learnerId), { kind: 'prompt', id: 'home', text: 'Prêt pour un exercice ?', choices: [practice] }];
  }

  private homeChoice(learnerId: number, envelope: Envelope, origin: DrillOrigin, value: string): View[] {
    if (value === 'launch') return this.desk.handle(learnerId, envelope, origin, 'launch-form', []);
    return this.startDrill(learnerId, origin, this.randomScenarioId() ?? '', 'practice');
  }

  private randomScenarioId(): string | undefined {
    const scenarioIds = [...this.scenarios.keys()];
    return scenarioIds[Math.floor(this.random() * scenarioIds.length)];
  }

  private history(learnerId: number): View {
    const rows = this.drills.store.history(learnerId, 20);
    if (rows.length === 0) return { kind: 'notice', tone: 'info', text: 'Aucun exercice rendu pour l’instant.' };
    return {
      kind: 'notice',
      tone: 'info',
      text: ['Vos derniers exercices :', ...rows.map((row) => `${row.scored_at.slice(0, 16).replace('T', ' ')} · ${row.scenario_id} (${MODE_LABELS[row.mode as DrillMode]}) · Cr7.1 ${Math.round(row.cr71_score * 100)} % ${verdictLabel(row.cr71_verdict)} · Cr7.2 ${Math.round(row.cr72_score * 100)} % ${verdictLabel(row.cr72_verdict)}`)].join('\n'),
    };
  }

  /** Pass rate per check, all drills against the last five: is the candidate improving where it matters? */
  private progress(learnerId: number): View {
    const rows = this.drills.store.passRateByCheck(learnerId, 5);
    if (rows.length === 0) return { kind: 'notice', tone: 'info', text: 'Pas encore de progression à montrer : rendez un premier exercice.' };
    const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);
    return {
      kind: 'notice',
      tone: 'info',
      text: ['Réussite par vérification (tous vos exercices → vos 5 derniers) :', ...rows.map((row) => `${row.check_id} : ${pct(row.overall)} → ${pct(row.recent)} (${row.total} évaluation${row.total > 1 ? 's' : ''})`)].join('\n'),
    };
  }
}

