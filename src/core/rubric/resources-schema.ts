import { z } from 'zod';
import { CATEGORIES, NETWORKS } from '../scenario/schema.js';
import { CHECK_IDS } from './types.js';

const words = z.array(z.string().trim().min(1));

export const rubricSchema = z.strictObject({
  criteria: z.strictObject({
    pass_score: z.number().min(0).max(1),
    // Older rubric files without it keep working, with the documented default.
    written_answer_share: z.number().min(0).max(1).default(0.75),
  }),
  justification: z.strictObject({ min_words: z.number().int().min(0) }),
  reply_present: z.strictObject({ min_words: z.number().int().min(0) }),
  length_limits: z.strictObject(Object.fromEntries(NETWORKS.map((network) => [network, z.number().int().positive()])) as Record<(typeof NETWORKS)[number], z.ZodNumber>),
  emoji_limits: z.strictObject({ none: z.number().int().min(0), sparing: z.number().int().min(0), free: z.number().int().min(0).nullable() }),
  critical: z.strictObject({ detection_categories: z.array(z.enum(CATEGORIES)), checks: z.array(z.enum(CHECK_IDS)) }),
});

export const redirectLexiconSchema = z.strictObject({ phrases: words.min(1) });

export const reasonsLexiconSchema = z.strictObject(
  Object.fromEntries(CATEGORIES.map((category) => [category, words.min(1)])) as Record<(typeof CATEGORIES)[number], typeof words>,
);
