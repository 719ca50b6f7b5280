import type { CommentContext, Outcome, WrittenText } from '../types.js';

export type Fault = { message: string; evidence?: string };

/**
 * A check over both texts fails if it fails on either; the first fault found is
 * reported, reply first.
 */
export function overTexts(context: CommentContext, findFault: (text: WrittenText) => Fault | undefined, passMessage: string): Outcome {
  for (const text of context.texts) {
    const fault = findFault(text);
    if (fault) return { passed: false, ...fault };
  }
  return { passed: true, message: passMessage };
}

export const hasText = (context: CommentContext): boolean => context.texts.length > 0;
