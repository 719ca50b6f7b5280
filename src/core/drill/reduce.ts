import type { Answer } from '../answers/schema.js';
import type { Action } from '../scenario/schema.js';
import { DrillError, type DrillCommand, type DrillEvent, type DrillState, type Draft } from './types.js';

function initialState(id: string, event: Extract<DrillEvent, { type: 'started' }>): DrillState {
  const exam = event.mode === 'exam' && event.timing !== undefined;
  return {
    id,
    scenarioId: event.scenarioId,
    mode: event.mode,
    phase: exam ? 'reading' : 'practice',
    startedAt: event.at,
    timing: exam ? event.timing : undefined,
    readingEndsAt: exam ? event.at + event.timing!.readingMs : undefined,
    writingEndsAt: undefined,
    reviewEndsAt: undefined,
    answers: new Map(),
    drafts: new Map(),
    remindersSent: new Set(),
    firstAttempts: new Map(),
    secondAttempts: new Set(),
    submittedAt: undefined,
    automaticSubmission: false,
    abandonedAt: undefined,
  };
}

/** Folds one event into the state; the log is the truth, the state only its summary. */
export function applyEvent(state: DrillState | undefined, event: DrillEvent, id = state?.id ?? ''): DrillState {
  if (event.type === 'started') return initialState(id, event);
  if (!state) throw new Error(`drill ${id}: event ${event.type} before started`);
  const next: DrillState = { ...state, answers: new Map(state.answers), drafts: new Map(state.drafts), remindersSent: new Set(state.remindersSent), firstAttempts: new Map(state.firstAttempts), secondAttempts: new Set(state.secondAttempts) };
  switch (event.type) {
    case 'writing_started':
      next.phase = 'writing';
      next.writingEndsAt = event.at + (state.timing?.writingMs ?? 0);
      break;
    case 'answered':
      next.answers.set(event.answer.comment, event.answer);
      next.drafts.delete(event.answer.comment);
      if (state.firstAttempts.has(event.answer.comment)) next.secondAttempts.add(event.answer.comment);
      break;
    case 'retry_started':
      // A redelivered retry changes nothing: the first attempt is the answer given before the first retry.
      if (!state.firstAttempts.has(event.comment) && state.answers.has(event.comment)) next.firstAttempts.set(event.comment, state.answers.get(event.comment)!);
      break;
    case 'drafted':
      next.drafts.set(event.draft.comment, mergeDraft(state.drafts.get(event.draft.comment), event.draft));
      break;
    case 'reminded':
      next.remindersSent.add(event.minutesLeft);
      break;
    case 'submitted':
      next.submittedAt = event.at;
      next.automaticSubmission = event.automatic;
      if (state.timing) {
        next.phase = 'review';
        next.reviewEndsAt = event.at + state.timing.reviewMs;
      } else {
        next.phase = 'closed';
      }
      break;
    case 'closed':
      next.phase = 'closed';
      break;
    case 'abandoned':
      next.phase = 'closed';
      next.abandonedAt = event.at;
      break;
  }
  return next;
}

/** A later draft adds to an earlier one; a new decision or set of actions starts the texts afresh only where they no longer apply. */
function mergeDraft(earlier: Draft | undefined, later: Draft): Draft {
  const merged: Draft = { ...earlier, ...withoutUndefined(later) };
  if (merged.needs_action === false) return { comment: merged.comment, needs_action: false };
  if (merged.actions) {
    if (!merged.actions.includes('reply')) delete merged.reply;
    if (!merged.actions.includes('private_message')) delete merged.private_message;
  }
  return merged;
}

function withoutUndefined(draft: Draft): Draft {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined)) as unknown as Draft;
}

/**
 * The answer a draft stands for when the copy is handed in: what was given, as given. Having
 * started a comment means the candidate judged it needs action unless they said otherwise; no
 * action chosen yet counts as « none » (the checks then say what is missing).
 */
export function draftAnswer(draft: Draft): Answer {
  const text = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined);
  const actions: Action[] = draft.actions && draft.actions.length > 0 ? draft.actions : ['none'];
  const answer: Answer = { comment: draft.comment, needs_action: draft.needs_action ?? true, actions };
  const justification = text(draft.justification);
  const reply = actions.includes('reply') ? text(draft.reply) : undefined;
  const privateMessage = actions.includes('private_message') ? text(draft.private_message) : undefined;
  return { ...answer, ...(justification ? { justification } : {}), ...(reply ? { reply } : {}), ...(privateMessage ? { private_message: privateMessage } : {}) };
}

/** A comment being rewritten: its retry started, its second answer not given yet. */
export function retrying(state: DrillState, commentId: string): boolean {
  return state.firstAttempts.has(commentId) && !state.secondAttempts.has(commentId);
}

/** What is scored at submission: every complete answer, and every draft of a comment left unfinished. */
export function answersToScore(state: DrillState): Answer[] {
  const drafted = [...state.drafts.values()].filter((draft) => !state.answers.has(draft.comment)).map(draftAnswer);
  return [...state.answers.values(), ...drafted];
}

export function replay(id: string, events: readonly DrillEvent[]): DrillState {
  let state: DrillState | undefined;
  for (const event of events) state = applyEvent(state, event, id);
  if (!state) throw new Error(`drill ${id}: empty log`);
  return state;
}

/**
 * What the clock makes happen by `now`, in order: end of reading, reminders, automatic submission at
 * the deadline, end of review. Each event carries the time it was due, not `now`, so a drill
 * replayed after downtime has the same history as one that never stopped.
 */
export function dueEvents(state: DrillState, now: number): DrillEvent[] {
  const events: DrillEvent[] = [];
  let current = state;
  const push = (event: DrillEvent) => {
    events.push(event);
    current = applyEvent(current, event);
  };
  if (current.phase === 'reading' && current.readingEndsAt !== undefined && now >= current.readingEndsAt) {
    push({ type: 'writing_started', at: current.readingEndsAt });
  }
  if (current.phase === 'writing' && current.writingEndsAt !== undefined && current.timing) {
    for (const minutes of [...current.timing.remindersMinutes].sort((a, b) => b - a)) {
      const at = current.writingEndsAt - minutes * 60_000;
      // A reminder is pointless once the deadline itself has passed.
      if (now >= at && now < current.writingEndsAt && !current.remindersSent.has(minutes)) push({ type: 'reminded', at, minutesLeft: minutes });
    }
    if (now >= current.writingEndsAt) push({ type: 'submitted', at: current.writingEndsAt, automatic: true });
  }
  if (current.phase === 'review' && current.reviewEndsAt !== undefined && now >= current.reviewEndsAt) push({ type: 'closed', at: current.reviewEndsAt });
  return events;
}

/** The next instant at which dueEvents() will have something to say, for arming a timer. */
export function nextDeadline(state: DrillState): number | undefined {
  if (state.phase === 'reading') return state.readingEndsAt;
  if (state.phase === 'writing' && state.writingEndsAt !== undefined && state.timing) {
    const reminders = state.timing.remindersMinutes
      .filter((minutes) => !state.remindersSent.has(minutes))
      .map((minutes) => state.writingEndsAt! - minutes * 60_000);
    return Math.min(state.writingEndsAt, ...reminders);
  }
  if (state.phase === 'review') return state.reviewEndsAt;
  return undefined;
}

/** Answers and drafts are taken while writing (or in practice), for a comment of the case. */
function assertAnswerable(state: DrillState, commentId: string, commentIds: ReadonlySet<string>): void {
  if (state.phase === 'reading') throw new DrillError('drill.reading', 'Les commentaires s’affichent à la fin du temps de lecture.');
  if (state.phase === 'review' || state.phase === 'closed') throw new DrillError('drill.submitted', 'Copie déjà rendue : les réponses ne peuvent plus changer.');
  if (!commentIds.has(commentId)) throw new DrillError('drill.unknown_comment', `Commentaire « ${commentId} » inconnu dans ce cas.`);
}

/** Validates a candidate's command against the state (after dueEvents were applied) and returns its events. */
export function decide(state: DrillState, command: DrillCommand, now: number, commentIds: ReadonlySet<string>): DrillEvent[] {
  switch (command.type) {
    case 'answer':
      assertAnswerable(state, command.answer.comment, commentIds);
      return [{ type: 'answered', at: now, answer: command.answer }];
    case 'draft':
      assertAnswerable(state, command.draft.comment, commentIds);
      return [{ type: 'drafted', at: now, draft: command.draft }];
    case 'retry': {
      if (state.mode !== 'practice') throw new DrillError('drill.no_retry', 'Pas de second essai en examen : une seule réponse par commentaire, comme le jour de l’épreuve.');
      assertAnswerable(state, command.comment, commentIds);
      if (!state.answers.has(command.comment)) throw new DrillError('drill.no_retry', 'Répondez d’abord à ce commentaire : le second essai réécrit une réponse déjà évaluée.');
      if (state.secondAttempts.has(command.comment)) throw new DrillError('drill.retry_used', 'Un seul second essai par commentaire : celui de ce commentaire est déjà fait.');
      // Already rewriting this comment (a second click): nothing new, the rewrite goes on.
      if (state.firstAttempts.has(command.comment)) return [];
      return [{ type: 'retry_started', at: now, comment: command.comment }];
    }
    case 'begin_writing':
      if (state.phase !== 'reading') throw new DrillError('drill.not_reading', 'Le temps de lecture est déjà terminé.');
      return [{ type: 'writing_started', at: now }];
    case 'submit':
      if (state.phase === 'reading') throw new DrillError('drill.reading', 'Rédigez vos réponses avant de rendre la copie.');
      if (state.phase === 'review' || state.phase === 'closed') throw new DrillError('drill.submitted', 'Copie déjà rendue.');
      return [{ type: 'submitted', at: now, automatic: false }];
    case 'end_review':
      if (state.phase !== 'review') throw new DrillError('drill.not_review', 'Aucune phase de relecture en cours.');
      return [{ type: 'closed', at: now }];
    case 'abandon':
      if (state.phase === 'review' || state.phase === 'closed') throw new DrillError('drill.submitted', 'Copie déjà rendue : l’exercice ne peut plus être abandonné.');
      return [{ type: 'abandoned', at: now }];
  }
}
