import { z } from 'zod';
import { CATEGORIES } from '../../scenario/schema.js';
import { checkSetEntry, checkVerbEntry, parsePattern } from './syntax.js';
import { finiteName, withoutSecondPluralName } from './verbs.js';

/** Lexicon sections of words to find, in the order a finding's kind is chosen when several cover the same words. */
export const LEXICAL_KINDS = ['threat', 'hate', 'dehumanising', 'insult', 'profanity', 'blame', 'mockery'] as const;
export type LexicalKind = (typeof LEXICAL_KINDS)[number];

/** The set filled from lexicons/civility-negative.yaml, the lexicon of negative evaluation. */
export const NEGATIVE_SET = 'negative';

const patterns = z.array(z.string().trim().min(1));
const setName = z.string().regex(/^[a-z_]+$/, 'nom d’ensemble : lettres minuscules et « _ »');

/** Schema of lexicons/civility.yaml. */
export const civilityLexiconSchema = z
  .strictObject({
    sets: z.record(setName, z.array(z.string().trim().min(1)).min(1)).default({}),
    /** Verb sets: infinitives (and the words completing them), expanded to every form at load. */
    verbs: z.record(setName, z.array(z.string().trim().min(1)).min(1)).default({}),
    /** Forms never taken as a verb of a verb set (« pendant », participle of pendre, is a preposition). */
    verb_forms_excluded: z.array(z.string().trim().min(1)).default([]),
    insult: patterns,
    profanity: patterns,
    threat: patterns,
    dehumanising: patterns,
    hate: patterns,
    mockery: patterns,
    blame: patterns,
    /** Comment categories where laughter and ironic praise mock the commenter. */
    hostile_categories: z.array(z.enum(CATEGORIES)).default([]),
    /** Mockery only in a reply to a comment of a hostile category (or of an unknown one). */
    hostile_mockery: patterns.default([]),
    /** What tells that a text rejects the words it quotes or reports (counter-speech). */
    counter_speech: patterns.default([]),
    /** Words that negate a threat or a generalisation just before it, and that a gap « … » never skips. */
    negations: z.array(z.string().trim().min(1)).default([]),
    allow: patterns.default([]),
    acronyms: z.array(z.string().trim().min(1)).default([]),
    caps_short_words: z.array(z.string().trim().min(1)).default([]),
  })
  .superRefine((lexicon, context) => {
    const setNames = new Set([...Object.keys(lexicon.sets), NEGATIVE_SET]);
    for (const name of Object.keys(lexicon.verbs)) setNames.add(name).add(withoutSecondPluralName(name)).add(finiteName(name));
    for (const [name, entries] of Object.entries(lexicon.sets)) {
      entries.forEach((entry, index) => {
        const message = checkSetEntry(entry);
        if (message) context.addIssue({ code: 'custom', path: ['sets', name, index], message });
      });
    }
    for (const [name, entries] of Object.entries(lexicon.verbs)) {
      if (name in lexicon.sets) context.addIssue({ code: 'custom', path: ['verbs', name], message: `« ${name} » est déjà un ensemble de mots (sets)` });
      entries.forEach((entry, index) => {
        const message = checkVerbEntry(entry);
        if (message) context.addIssue({ code: 'custom', path: ['verbs', name, index], message });
      });
    }
    for (const section of [...LEXICAL_KINDS, 'hostile_mockery', 'counter_speech', 'allow'] as const) {
      lexicon[section].forEach((pattern, index) => {
        const parsed = parsePattern(pattern, setNames);
        if (!parsed.ok) context.addIssue({ code: 'custom', path: [section, index], message: parsed.message });
      });
    }
  });

export type CivilityLexicon = z.infer<typeof civilityLexiconSchema>;

/** Schema of lexicons/civility-negative.yaml: words that judge people negatively. */
export const negativeLexiconSchema = z
  .strictObject({ negative: z.array(z.string().trim().min(1)).min(1) })
  .superRefine((lexicon, context) => {
    lexicon.negative.forEach((entry, index) => {
      const message = checkSetEntry(entry);
      if (message) context.addIssue({ code: 'custom', path: ['negative', index], message });
    });
  });

export type NegativeLexicon = z.infer<typeof negativeLexiconSchema>;
