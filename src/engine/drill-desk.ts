import type { Answer } from '../core/answers/schema.js';
import { retryAnswer, retryFields } from '../core/drill/retry.js';
import { ACTIONS, type Action, type Scenario } from '../core/scenario/schema.js';
import type { DrillOrigin, StoredDrill } from '../store/drills.js';
import type { Desk, DeskContext } from './desk.js';
import { drillPrompt, scenarioPick, submitChoice, textsForm, type DrillPrompt, type TextsForm } from './drill-ids.js';
import type { DrillScreens } from './drill-screens.js';
import type { DrillService } from './drill-service.js';
import { caseView, commentFeedbackView } from './present.js';
import { refuse, refusalsAnswered, UNKNOWN_FORM } from './refusal.js';
import type { Inbound, View } from './views.js';

const COMMANDS = ['start', 'resume', 'submit', 'case', 'edit', 'feedback'] as const;
type DrillCommandName = (typeof COMMANDS)[number];

/** What the drill desk recognised in an event. */
export type DrillClaim =
  | { kind: 'command'; name: DrillCommandName; args: string[] }
  /** « form ID »: a platform that opens forms on demand (a Discord modal) asks for a prompt's form again. */
  | { kind: 'reopen'; form: TextsForm | undefined }
  | { kind: 'prompt'; prompt: DrillPrompt; values: string[] }
  | { kind: 'texts'; form: TextsForm; values: Record<string, string>; draft: boolean };

export interface DrillDeskDeps {
  drills: DrillService;
  screens: DrillScreens;
  scenarios: ReadonlyMap<string, Scenario>;
  random: () => number;
}

/**
 * The drill conversation: start or resume a drill, read the case, answer each comment (does it need
 * moderation, which actions, which texts), hand in, review, read the feedback again. Prompt and form
 * ids carry the drill and comment they are about, so an answer is understood from the event alone.
 */
export class DrillDesk implements Desk<DrillClaim> {
  constructor(private readonly deps: DrillDeskDeps) {}

  claim(event: Inbound): DrillClaim | undefined {
    switch (event.kind) {
      case 'command':
        if (event.name === 'form') return { kind: 'reopen', form: textsForm.parse(event.args?.[0] ?? '') };
        return (COMMANDS as readonly string[]).includes(event.name) ? { kind: 'command', name: event.name as DrillCommandName, args: event.args ?? [] } : undefined;
      case 'choice': {
        const prompt = drillPrompt.parse(event.prompt);
        return prompt && { kind: 'prompt', prompt, values: event.values };
      }
      case 'form': {
        const form = textsForm.parse(event.form);
        return form && { kind: 'texts', form, values: event.values, draft: event.draft === true };
      }
      case 'text':
        return undefined;
    }
  }

  /** Only the drill's texts are kept half-typed: a deadline or a crash loses nothing already written. */
  takesDraft(claim: DrillClaim): boolean {
    return claim.kind === 'texts';
  }

  run(claim: DrillClaim, context: DeskContext): View[] {
    return refusalsAnswered(() => {
      switch (claim.kind) {
        case 'command':
          return this.command(context, claim.name, claim.args);
        case 'reopen':
          return claim.form ? this.reopen(context.learnerId, claim.form) : [UNKNOWN_FORM];
        case 'prompt':
          return this.choice(context.learnerId, context.origin, claim.prompt, claim.values);
        case 'texts':
          return this.texts(context.learnerId, claim.form, claim.values, claim.draft);
      }
    });
  }

  /** A practice drill on a case picked at random (the home page's and the nudges' « practice »). */
  practice(context: DeskContext): View[] {
    return refusalsAnswered(() => this.startDrill(context.learnerId, context.origin, this.randomScenarioId() ?? '', 'practice'));
  }

  private command({ learnerId, origin }: DeskContext, name: DrillCommandName, args: string[]): View[] {
    const { drills, screens } = this.deps;
    switch (name) {
      case 'start': {
        // An open drill is never left silently: it is resumed or abandoned first.
        const open = drills.store.latestOpenDrill(learnerId);
        if (open) return [screens.resumePrompt(drills.get(learnerId, open))];
        // « start ID MODE » starts at once; « start ID » asks for the mode.
        if (args[0] && args[1]) return this.startDrill(learnerId, origin, args[0], args[1]);
        if (args[0]) return this.chooseScenario(learnerId, args[0]);
        return [screens.scenarioPrompt(learnerId)];
      }
      case 'resume': {
        const open = drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours.' }, screens.scenarioPrompt(learnerId)];
        return screens.continueDrill(drills.get(learnerId, open), true);
      }
      case 'submit': {
        const open = args[0] ?? drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours.' }];
        const confirmation = screens.confirmSubmission(drills.get(learnerId, open));
        return confirmation ? [confirmation] : this.submit(learnerId, open);
      }
      case 'case': {
        const open = drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours : « start » pour en commencer un.' }];
        const drill = drills.get(learnerId, open);
        return [caseView(drills.scenario(drill.scenarioId), drill.state.phase === 'reading' ? drill.state.readingEndsAt : undefined)];
      }
      case 'edit': {
        const open = drills.store.latestOpenDrill(learnerId);
        if (!open) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice en cours.' }];
        return screens.askComment(drills.get(learnerId, open), args[0] ?? '');
      }
      case 'feedback': {
        const drillId = args[0] ?? drills.store.latestScoredDrill(learnerId);
        if (!drillId) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice rendu pour l’instant.' }];
        const drill = drills.get(learnerId, drillId);
        const score = drills.store.score(drill.id);
        if (!score) return [{ kind: 'notice', tone: 'info', text: 'Cet exercice n’est pas encore rendu.' }];
        return screens.results(drill, drills.scenario(drill.scenarioId), score, true);
      }
    }
  }

  private reopen(learnerId: number, form: TextsForm): View[] {
    const answerable = this.answerable(learnerId, form.drillId);
    return 'refusal' in answerable ? [answerable.refusal] : [this.deps.screens.formFor(answerable.drill, form.commentId, form.actions)];
  }

  private chooseScenario(learnerId: number, value: string): View[] {
    const pick = scenarioPick.parse(value);
    if (pick) return [pick.kind === 'network' ? this.deps.screens.networkPrompt(pick.network, pick.page) : this.deps.screens.scenarioPrompt(learnerId)];
    const scenarioId = value === 'random' ? this.randomScenarioId() : value;
    if (!scenarioId || !this.deps.scenarios.has(scenarioId)) return [refuse(`Cas « ${value} » inconnu.`), this.deps.screens.scenarioPrompt(learnerId)];
    return [this.deps.screens.modePrompt(scenarioId)];
  }

  private randomScenarioId(): string | undefined {
    const scenarioIds = [...this.deps.scenarios.keys()];
    return scenarioIds[Math.floor(this.deps.random() * scenarioIds.length)];
  }

  /** « start ID MODE », or a mode chosen: the drill starts on that case. */
  private startDrill(learnerId: number, origin: DrillOrigin, scenarioId: string, mode: string): View[] {
    if (mode !== 'exam' && mode !== 'practice') return [refuse('Mode inconnu : « exam » ou « practice ».')];
    const open = this.deps.drills.store.latestOpenDrill(learnerId);
    if (open) return [this.deps.screens.resumePrompt(this.deps.drills.get(learnerId, open))];
    return this.deps.screens.continueDrill(this.deps.drills.start(learnerId, origin, scenarioId, mode), true);
  }

  private choice(learnerId: number, origin: DrillOrigin, prompt: DrillPrompt, values: string[]): View[] {
    const { drills, screens } = this.deps;
    const value = values[0] ?? '';
    switch (prompt.kind) {
      case 'scenario':
        return this.chooseScenario(learnerId, value);
      case 'mode':
        return this.startDrill(learnerId, origin, prompt.scenarioId, value);
      case 'resume': {
        if (value === 'abandon') {
          const drill = drills.abandon(learnerId, prompt.drillId);
          const title = this.deps.scenarios.get(drill.scenarioId)?.title ?? 'sans titre';
          return [{ kind: 'notice', tone: 'info', text: `Exercice « ${title} » abandonné, sans note : il ne compte pas dans vos résultats.` }, screens.scenarioPrompt(learnerId)];
        }
        const drill = drills.get(learnerId, prompt.drillId);
        // A button of an earlier question (« Commencer un nouvel exercice ») asks again, now that abandoning is a choice of its own.
        if (value !== 'resume') return drill.state.phase === 'closed' ? [screens.scenarioPrompt(learnerId)] : [screens.resumePrompt(drill)];
        return screens.continueDrill(drill, true);
      }
      case 'ready':
        return screens.continueDrill(drills.beginWriting(learnerId, prompt.drillId), false);
      case 'needs': {
        const { drillId, commentId } = prompt;
        const answerable = this.answerable(learnerId, drillId);
        if ('refusal' in answerable) return [answerable.refusal];
        if (value === 'no') return this.recordAnswer(learnerId, drillId, { comment: commentId, needs_action: false, actions: ['none'] });
        if (value !== 'yes') return [refuse('Répondez « oui » ou « non ».'), ...screens.askComment(answerable.drill, commentId)];
        // The decision is kept at once: a deadline or a crash before the actions loses nothing.
        return [screens.actionsPrompt(drills.draft(learnerId, drillId, { comment: commentId, needs_action: true }), commentId, false)];
      }
      case 'actions': {
        const { drillId, commentId } = prompt;
        const answerable = this.answerable(learnerId, drillId);
        if ('refusal' in answerable) return [answerable.refusal];
        const unknown = values.filter((candidate) => !(ACTIONS as readonly string[]).includes(candidate) || candidate === 'none');
        if (values.length === 0 || unknown.length > 0) {
          return [refuse(unknown.length > 0 ? `Action inconnue : ${unknown.join(', ')}.` : 'Choisissez au moins une action.'), screens.actionsPrompt(answerable.drill, commentId, false)];
        }
        const actions = values as Action[];
        return [screens.formFor(drills.draft(learnerId, drillId, { comment: commentId, needs_action: true, actions }), commentId, actions)];
      }
      case 'retry': {
        const { drillId, commentId } = prompt;
        if (value === 'next') return screens.continueDrill(drills.get(learnerId, drillId), false);
        if (value !== 'retry') return [refuse('Choix inconnu : « Réécrire ce qui n’a pas marché » ou « Commentaire suivant ».'), screens.retryPrompt(drills.get(learnerId, drillId), commentId)];
        return screens.startRetry(drills.retry(learnerId, drillId, commentId), commentId);
      }
      case 'submit': {
        const choice = submitChoice.parse(value);
        if (choice?.kind === 'submit') return this.submit(learnerId, prompt.drillId);
        if (choice?.kind === 'edit') return screens.askComment(drills.get(learnerId, prompt.drillId), choice.commentId);
        if (choice?.kind === 'continue') return screens.continueDrill(drills.get(learnerId, prompt.drillId), false);
        return [{ kind: 'notice', tone: 'warning', text: 'Choix inconnu : « Rendre la copie » ou « Continuer à répondre ».' }];
      }
      case 'review':
        drills.endReview(learnerId, prompt.drillId);
        return [{ kind: 'notice', tone: 'success', text: 'Relecture terminée. Tapez « start » pour un nouvel exercice.' }];
    }
  }

  /** Refuses early, before the learner types anything, when the drill no longer takes answers. */
  private answerable(learnerId: number, drillId: string): { drill: StoredDrill } | { refusal: View } {
    const drill = this.deps.drills.get(learnerId, drillId);
    const { phase } = drill.state;
    if (phase === 'reading') return { refusal: refuse('Les commentaires s’affichent à la fin du temps de lecture.') };
    if (phase === 'review' || phase === 'closed') return { refusal: refuse('Copie déjà rendue : les réponses ne peuvent plus changer.') };
    return { drill };
  }

  /** The texts form sent: checked and answered, or (`draft`) kept as typed so far. */
  private texts(learnerId: number, { drillId, commentId, actions }: TextsForm, values: Record<string, string>, draft: boolean): View[] {
    const { drills, screens } = this.deps;
    if (actions.length === 0) return [refuse('Aucune action valide dans ce formulaire.')];
    const text = (id: string) => values[id]?.trim() || undefined;
    const typed = {
      ...(text('justification') ? { justification: text('justification') } : {}),
      ...(actions.includes('reply') && text('reply') ? { reply: text('reply') } : {}),
      ...(actions.includes('private_message') && text('private_message') ? { private_message: text('private_message') } : {}),
    };
    // A second attempt's form asks only what failed: the other texts are the first attempt's.
    const drill = drills.get(learnerId, drillId);
    const plan = drills.retryPlan(drill, commentId);
    const first = drill.state.firstAttempts.get(commentId);
    const given = !draft && plan && first ? withoutNeeds(retryAnswer(first, actions, typed, retryFields(plan, first, actions))) : typed;
    // A platform that asks field by field (the terminal) hands each text over as it is finished.
    if (draft) {
      drills.draft(learnerId, drillId, { comment: commentId, needs_action: true, actions, ...given });
      return [];
    }
    const missing = [
      !given.justification && 'la justification',
      actions.includes('reply') && !given.reply && 'la réponse publique',
      actions.includes('private_message') && !given.private_message && 'le message privé',
    ].filter(Boolean);
    if (missing.length > 0) {
      // What was written is kept, and comes back in the form.
      const drafted = drills.draft(learnerId, drillId, { comment: commentId, needs_action: true, actions, ...typed });
      return [refuse(`À remplir : ${missing.join(', ')}.`), screens.formFor(drafted, commentId, actions)];
    }
    return this.recordAnswer(learnerId, drillId, { comment: commentId, needs_action: true, actions, ...given });
  }

  private recordAnswer(learnerId: number, drillId: string, answer: Answer): View[] {
    const { drills, screens } = this.deps;
    const { drill, checks, first } = drills.answer(learnerId, drillId, answer);
    const scenario = drills.scenario(drill.scenarioId);
    const views: View[] = [{ kind: 'notice', tone: 'success', text: `Réponse enregistrée (${screens.progressLabel(scenario, answer.comment)}${first ? ', 2e essai' : ''}).` }];
    if (checks) views.push(commentFeedbackView(scenario, answer.comment, checks, first));
    // Practice: a failed check may be rewritten once, right after its feedback.
    if (checks && checks.some((check) => !check.passed) && !drill.state.firstAttempts.has(answer.comment)) return views.concat(screens.retryPrompt(drill, answer.comment));
    return views.concat(screens.continueDrill(drill, false));
  }

  private submit(learnerId: number, drillId: string): View[] {
    const { drill, score } = this.deps.drills.submit(learnerId, drillId);
    return this.deps.screens.afterSubmission(drill, this.deps.drills.scenario(drill.scenarioId), score, false);
  }
}

/** The texts of an answer, without its decision and actions (the form says those). */
function withoutNeeds(answer: Answer): { justification?: string; reply?: string; private_message?: string } {
  const { justification, reply, private_message: privateMessage } = answer;
  return { ...(justification ? { justification } : {}), ...(reply ? { reply } : {}), ...(privateMessage ? { private_message: privateMessage } : {}) };
}
