import { z } from 'zod';
import { ACTIONS, LOCAL_ID_PATTERN } from '../scenario/schema.js';

/** Empty texts count as absent: a candidate who cleared a field wrote nothing. */
const optionalText = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().optional());

export const answerSchema = z.strictObject({
  comment: z.string().regex(LOCAL_ID_PATTERN, { error: 'identifiant de commentaire invalide' }),
  needs_action: z.boolean(),
  actions: z.array(z.enum(ACTIONS)).min(1),
  justification: optionalText,
  reply: optionalText,
  private_message: optionalText,
});

export const answerFileSchema = z.strictObject({
  scenario: z.string().min(1),
  answers: z.array(answerSchema),
});

export type Answer = z.infer<typeof answerSchema>;
export type AnswerFile = z.infer<typeof answerFileSchema>;

/** docs/answers.md: a comment missing from the answers counts as this. */
export function unansweredAnswer(comment: string): Answer {
  return { comment, needs_action: false, actions: ['none'] };
}
