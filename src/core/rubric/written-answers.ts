import type { Action, ScenarioComment } from '../scenario/schema.js';
import type { WrittenText } from './types.js';

export const WRITTEN_ACTIONS: readonly Action[] = ['reply', 'private_message'];

/**
 * Does this comment call for a written answer? `reply.required` when the scenario says so; else
 * when it needs an action and every expected action is a written one (a like, a removal or an
 * escalation would be a good answer otherwise).
 */
export function needsWrittenAnswer(comment: ScenarioComment): boolean {
  return comment.reply?.required ?? (comment.needs_action && comment.actions.expected.every((action) => WRITTEN_ACTIONS.includes(action)));
}

/** A written answer is given when the reply or the private message has at least `minWords` words. */
export function hasWrittenAnswer(texts: readonly WrittenText[], minWords: number): boolean {
  return texts.some((written) => written.text.words >= minWords);
}
