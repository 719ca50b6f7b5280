import { inflections, termForms } from './inflection.js';
import { tokenize, type Token } from './tokens.js';

/**
 * Tokens for matching: a number glued to a unit comes apart (« 48h » = « 48 h », « 7h00 » =
 * « 7 h 00 ») and digit groups separated by spaces join (« 7 000 » = « 7000 »), so that a keyword
 * matches however the figure was typed.
 */
export function matchTokens(text: string): Token[] {
  return splitFigures(text, tokenize(text));
}

function splitFigures(text: string, tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const pieces = token.folded.match(/\d+|\D+/g) ?? [token.folded];
    let offset = token.start;
    for (const piece of pieces) {
      const previous = out.at(-1);
      const gap = previous ? text.slice(previous.end, offset) : '';
      if (previous && /^\d{3}$/.test(piece) && /^\d+$/.test(previous.folded) && /^[ \u00a0\u202f]$/.test(gap) && pieces.length === 1) {
        // « 7 000 »: a thousands group continues the number before it.
        out[out.length - 1] = { text: text.slice(previous.start, offset + 3), folded: previous.folded + piece, start: previous.start, end: offset + 3 };
      } else {
        out.push({ text: text.slice(offset, offset + piece.length), folded: piece, start: offset, end: offset + piece.length });
      }
      offset += piece.length;
    }
  }
  return out;
}

/**
 * The matching rules of docs/scenarios.md: case- and accent-insensitive, on word boundaries (« con »
 * never inside « conseil »), a word matches its plural and feminine forms, a term of several
 * words matches as a phrase whatever the spacing, hyphens and apostrophes (' or ’).
 */

export interface TermMatch {
  /** The lexicon or charter term that matched. */
  term: string;
  /** The words as the candidate wrote them. */
  text: string;
  start: number;
  end: number;
}

interface TermPart {
  folded: string;
  forms: Set<string>;
}

export interface CompiledTerm {
  term: string;
  parts: TermPart[];
}

const compiled = new Map<string, CompiledTerm>();

export function compileTerm(term: string): CompiledTerm {
  let entry = compiled.get(term);
  if (!entry) {
    entry = { term, parts: matchTokens(term).map((token) => ({ folded: token.folded, forms: termForms(token.text) })) };
    compiled.set(term, entry);
  }
  return entry;
}

/** A text tokenised once, with each word's own inflections computed on demand. */
export class AnalysedText {
  readonly tokens: Token[];
  /** Words as the segmenter counts them (« 7h00 » is one word, though it matches as « 7 h 00 »). */
  readonly words: number;
  private readonly forms: Array<Set<string> | undefined> = [];

  constructor(readonly source: string) {
    const words = tokenize(source);
    this.words = words.length;
    this.tokens = splitFigures(source, words);
  }

  formsAt(index: number): Set<string> {
    let forms = this.forms[index];
    if (!forms) {
      forms = inflections(this.tokens[index]!.text);
      this.forms[index] = forms;
    }
    return forms;
  }

  /** True when the word at `index` is `part` or one of its plural/feminine forms (either way round). */
  wordMatches(index: number, part: TermPart): boolean {
    const token = this.tokens[index]!;
    return token.folded === part.folded || part.forms.has(token.folded) || this.formsAt(index).has(part.folded);
  }
}

function analysed(text: string | AnalysedText): AnalysedText {
  return typeof text === 'string' ? new AnalysedText(text) : text;
}

function matchAt(text: AnalysedText, term: CompiledTerm, index: number): TermMatch | undefined {
  if (term.parts.length === 0 || index + term.parts.length > text.tokens.length) return undefined;
  for (let offset = 0; offset < term.parts.length; offset += 1) {
    if (!text.wordMatches(index + offset, term.parts[offset]!)) return undefined;
  }
  const first = text.tokens[index]!;
  const last = text.tokens[index + term.parts.length - 1]!;
  return { term: term.term, text: text.source.slice(first.start, last.end), start: first.start, end: last.end };
}

/** Every occurrence of every term, in text order. */
export function findAllTerms(text: string | AnalysedText, terms: readonly string[]): TermMatch[] {
  const target = analysed(text);
  const compiledTerms = terms.map(compileTerm);
  const matches: TermMatch[] = [];
  for (let index = 0; index < target.tokens.length; index += 1) {
    for (const term of compiledTerms) {
      const match = matchAt(target, term, index);
      if (match) matches.push(match);
    }
  }
  return matches;
}

/** The first occurrence in the text of any of the terms. */
export function findFirstTerm(text: string | AnalysedText, terms: readonly string[]): TermMatch | undefined {
  const target = analysed(text);
  const compiledTerms = terms.map(compileTerm);
  for (let index = 0; index < target.tokens.length; index += 1) {
    for (const term of compiledTerms) {
      const match = matchAt(target, term, index);
      if (match) return match;
    }
  }
  return undefined;
}

export function containsTerm(text: string | AnalysedText, term: string): boolean {
  return findFirstTerm(text, [term]) !== undefined;
}
