import { z } from 'zod';

export const NETWORKS = ['facebook', 'instagram', 'linkedin', 'x', 'tiktok', 'youtube'] as const;
export const REGISTERS = ['vous', 'tu'] as const;
export const EMOJI_POLICIES = ['none', 'sparing', 'free'] as const;
export const LOCALES = ['fr', 'en'] as const;
export const ACTIONS = ['none', 'like', 'reply', 'private_message', 'hide', 'delete', 'report', 'ban', 'escalate'] as const;
export const CATEGORIES = [
  'praise',
  'question',
  'complaint',
  'criticism',
  'suggestion',
  'troll',
  'spam',
  'insult',
  'hate',
  'harassment',
  'personal_data',
  'misinformation',
  'off_topic',
  'crisis',
] as const;

export type Network = (typeof NETWORKS)[number];
export type Register = (typeof REGISTERS)[number];
export type EmojiPolicy = (typeof EMOJI_POLICIES)[number];
export type Action = (typeof ACTIONS)[number];
export type Category = (typeof CATEGORIES)[number];

export const SCENARIO_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Short ids: they travel inside Discord and Slack component ids. */
export const LOCAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

const text = z.string().trim().min(1);
const localId = z.string().regex(LOCAL_ID_PATTERN, {
  error: 'identifiant invalide ; attendu : lettres, chiffres, « - » ou « _ », 32 caractères au plus (ex. c1)',
});
/** A word or phrase of a list; a bare number (« 2013 ») is read as its text, as a trainer means it. */
const term = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), text);
const terms = z.array(term).default([]);

const factSchema = z.strictObject({
  id: localId,
  text,
  keywords: z.array(term).min(1).optional(),
});

const contactSchema = z.strictObject({
  private_message: z.boolean().default(false),
  email: z.email({ error: 'adresse e-mail invalide ; attendu : nom@domaine.fr' }).optional(),
  phone: text.optional(),
  url: z.url({ protocol: /^https?$/, error: 'adresse web invalide ; attendu : https://…' }).optional(),
});

const charterSchema = z.strictObject({
  register: z.enum(REGISTERS),
  tone: terms,
  emoji: z.enum(EMOJI_POLICIES),
  signature: text.optional(),
  preferred_terms: terms,
  forbidden_terms: terms,
  facts: z.array(factSchema).default([]),
  contact: contactSchema.default({ private_message: false }),
});

/** Exactly one of `any` and `fact` is checked by the coherence rules, with a clearer message than a union's. */
const coverItemSchema = z.strictObject({
  id: localId,
  any: z.array(term).min(1).optional(),
  fact: localId.optional(),
});

const replyExpectationSchema = z.strictObject({
  must_cover: z.array(coverItemSchema).default([]),
  must_avoid: terms,
  invite_private: z.boolean().default(false),
  /** Does the comment need a written answer? Absent: see `needsWrittenAnswer` (every expected action is written). */
  required: z.boolean().optional(),
});

/**
 * The answer a jury would sign for one comment, shown to the candidate after the feedback. Its
 * agreement with the comment (actions, texts) is checked by the coherence rules.
 */
const modelSchema = z.strictObject({
  actions: z.array(z.enum(ACTIONS)).min(1),
  justification: text,
  reply: text.optional(),
  private_message: text.optional(),
});

const commentSchema = z.strictObject({
  id: localId,
  author: text,
  text,
  category: z.enum(CATEGORIES),
  needs_action: z.boolean(),
  actions: z.strictObject({
    expected: z.array(z.enum(ACTIONS)).min(1),
    forbidden: z.array(z.enum(ACTIONS)).default([]),
  }),
  reply: replyExpectationSchema.optional(),
  reasons: terms,
  model: modelSchema.optional(),
});

export const scenarioSchema = z.strictObject({
  id: z.string().regex(SCENARIO_ID_PATTERN, {
    error: 'identifiant invalide ; attendu : minuscules, chiffres et tirets (kebab-case), ex. boulangerie-fermeture',
  }),
  title: text,
  locale: z.enum(LOCALES).default('fr'),
  network: z.enum(NETWORKS),
  brand: z.strictObject({
    name: text,
    sector: text,
    description: text,
  }),
  charter: charterSchema,
  post: z.strictObject({
    author: text,
    text,
    media: text.optional(),
  }),
  comments: z.array(commentSchema).min(1),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Charter = Scenario['charter'];
export type Fact = Charter['facts'][number];
export type ScenarioComment = Scenario['comments'][number];
export type ReplyExpectation = NonNullable<ScenarioComment['reply']>;
export type CoverItem = ReplyExpectation['must_cover'][number];
export type ModelAnswer = NonNullable<ScenarioComment['model']>;
