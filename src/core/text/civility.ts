/**
 * Civility (check `civility`, Cr7.2, critical): see civility/detector.ts. Modules:
 * - civility/syntax.ts: pattern syntax of the lexicons;
 * - civility/lexicon.ts: schemas of lexicons/civility.yaml and lexicons/civility-negative.yaml;
 * - civility/verbs.ts: every form of the verbs of a verb set (Lefff-derived conjugations);
 * - civility/patterns.ts: compiled patterns and the matcher;
 * - civility/obfuscation.ts: word tokens with obfuscation undone;
 * - civility/shouting.ts: capitals and « !!! »;
 * - civility/labels.ts: French class names and neutral rewordings.
 */
export { createCivilityDetector, unknownVerbs, type CivilityDetector, type CivilityResources, type FindOptions, type IncivilityFinding, type IncivilityKind } from './civility/detector.js';
export { civilityLexiconSchema, negativeLexiconSchema, LEXICAL_KINDS, type CivilityLexicon, type NegativeLexicon } from './civility/lexicon.js';
export { adviceFor, classOf, INCIVILITY_CLASSES, MASKED_CLASS, SLUR_CLASS } from './civility/labels.js';
export type { ConjugationTable } from './civility/verbs.js';
