/**
 * Every form of the verbs of a verb set (lexicons/civility.yaml, `verbs:`), from a conjugation
 * table in the format of the Lefff-derived package french-verbs-lefff: per infinitive, tenses of
 * six persons (P présent, S subjonctif, Y impératif, I imparfait, J passé simple, T subjonctif
 * imparfait, F futur, C conditionnel), G participe présent, K participes passés (m. s., m. pl.,
 * f. s., f. pl.), W infinitive. The table is read by src/scoring; this module stays pure.
 */

export type ConjugationTable = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** Index of the second person plural in a tense of six persons (« vous tuez »). */
const SECOND_PLURAL = 4;

export interface VerbForms {
  /** Every form, the infinitive included. */
  all: string[];
  /** Without the forms of « vous » as subject (tuez, tuerez, tueriez…): after an object « vous ». */
  withoutSecondPlural: string[];
  /** Conjugated forms only, without infinitive and participles: « les X salissent », not « des pays salis ». */
  finite: string[];
}

/** Forms of a regular first-group verb (-er) the table lacks (slang: « zigouiller » is in it, not every word is). */
export function regularErForms(infinitive: string): Record<string, string[]> {
  const stem = infinitive.slice(0, -2);
  /** « mang » + « ons » → « mangeons », « lanc » + « ons » → « lançons ». */
  const join = (ending: string): string => {
    if (/^[aâoô]/.test(ending)) {
      if (stem.endsWith('g')) return `${stem}e${ending}`;
      if (stem.endsWith('c')) return `${stem.slice(0, -1)}ç${ending}`;
    }
    return stem + ending;
  };
  const six = (...endings: string[]) => endings.map(join);
  return {
    P: six('e', 'es', 'e', 'ons', 'ez', 'ent'),
    S: six('e', 'es', 'e', 'ions', 'iez', 'ent'),
    Y: ['NA', join('e'), 'NA', join('ons'), join('ez'), 'NA'],
    I: six('ais', 'ais', 'ait', 'ions', 'iez', 'aient'),
    J: six('ai', 'as', 'a', 'âmes', 'âtes', 'èrent'),
    T: six('asse', 'asses', 'ât', 'assions', 'assiez', 'assent'),
    F: six('erai', 'eras', 'era', 'erons', 'erez', 'eront'),
    C: six('erais', 'erais', 'erait', 'erions', 'eriez', 'eraient'),
    G: [join('ant')],
    K: six('é', 'és', 'ée', 'ées'),
    W: [infinitive],
  };
}

/** The forms of one verb, or undefined for an unknown verb that is not a regular -er verb. */
export function verbForms(infinitive: string, table: ConjugationTable, excluded: ReadonlySet<string> = new Set()): VerbForms | undefined {
  const lower = infinitive.toLowerCase();
  const tenses = table[lower] ?? (lower.endsWith('er') ? regularErForms(lower) : undefined);
  if (!tenses) return undefined;
  const all = new Set<string>([lower]);
  const withoutSecondPlural = new Set<string>([lower]);
  const finite = new Set<string>();
  for (const [tense, forms] of Object.entries(tenses)) {
    forms.forEach((form, index) => {
      if (typeof form !== 'string' || form === 'NA' || form === '' || excluded.has(form)) return;
      all.add(form);
      if (!(forms.length === 6 && index === SECOND_PLURAL)) withoutSecondPlural.add(form);
      if (FINITE_TENSES.has(tense)) finite.add(form);
    });
  }
  return { all: [...all], withoutSecondPlural: [...withoutSecondPlural], finite: [...finite] };
}

const FINITE_TENSES = new Set(['P', 'S', 'Y', 'I', 'J', 'T', 'F', 'C']);

/** Set name of the forms of a verb set without the second person plural. */
export const withoutSecondPluralName = (set: string): string => `${set}_sans_vous`;
/** Set name of the conjugated forms of a verb set (no infinitive, no participle). */
export const finiteName = (set: string): string => `${set}_conjugue`;
