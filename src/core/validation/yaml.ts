import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { locate } from './locate.js';
import { issueToMessages, type LocatedMessage } from './messages.js';
import { formatPath, type Problem } from './problem.js';

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** French wording of the YAML faults trainers make most; others keep the parser's own words. */
const YAML_FAULTS: Record<string, string> = {
  BAD_INDENT: 'indentation incorrecte',
  DUPLICATE_KEY: 'clé en double dans le même objet',
  MISSING_CHAR: 'caractère manquant (guillemet, crochet ou accolade non fermé)',
  TAB_AS_INDENT: 'tabulation utilisée pour indenter ; attendu : des espaces',
  BLOCK_AS_IMPLICIT_KEY: "indentation incorrecte sur cette ligne ou la suivante : les clés d'un même objet doivent être alignées",
  MULTILINE_IMPLICIT_KEY: 'clé sur plusieurs lignes (un « : » manque-t-il, ou un texte doit-il être entre guillemets ?)',
  UNEXPECTED_TOKEN: 'caractère inattendu',
  MULTIPLE_DOCS: 'plusieurs documents dans un fichier ; attendu : un seul scénario par fichier',
  BAD_SCALAR_START: 'valeur qui commence par un caractère réservé ; attendu : la mettre entre guillemets',
};

/**
 * An unclosed quote or bracket is reported by the parser where the file ends; this finds the line
 * where it opened: the first line with an odd number of `"`, or more `open` than `close`.
 */
function unclosedLine(source: string, open: string, close?: string): number | undefined {
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trimStart().startsWith('#')) continue;
    const opened = line.split(open).length - 1;
    if (close === undefined ? opened % 2 === 1 : opened > line.split(close).length - 1) return index + 1;
  }
  return undefined;
}

const UNCLOSED: Array<{ test: (message: string) => boolean; open: string; close?: string; message: string }> = [
  { test: (message) => message.includes('"quote'), open: '"', message: 'guillemet « " » ouvert sur cette ligne et jamais refermé' },
  { test: (message) => /end with an? \]/.test(message), open: '[', close: ']', message: 'liste « [ » ouverte sur cette ligne et jamais fermée (« ] » manquant)' },
  { test: (message) => /end with an? \}/.test(message), open: '{', close: '}', message: 'objet « { » ouvert sur cette ligne et jamais fermé (« } » manquant)' },
];

function yamlProblem(file: string, source: string, error: YAMLError): Problem {
  let position = error.linePos?.[0];
  const french = YAML_FAULTS[error.code];
  let message = french ?? (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  const unclosed = UNCLOSED.find((candidate) => candidate.test(error.message));
  const opened = unclosed ? unclosedLine(source, unclosed.open, unclosed.close) : undefined;
  if (unclosed && opened !== undefined) {
    position = { line: opened, col: 1 };
    message = unclosed.message;
  }
  return { file, ...(position ? { line: position.line, column: position.col } : {}), path: '', message: `YAML invalide : ${message}` };
}

/** The parser often reports one fault several times on the same line: keep the first. */
function firstPerLine(problems: Problem[]): Problem[] {
  const seen = new Set<number | undefined>();
  return problems.filter((problem) => {
    if (seen.has(problem.line)) return false;
    seen.add(problem.line);
    return true;
  });
}

export interface YamlValidationOptions {
  /** Rules spanning several fields, run on the raw document even when the schema failed. */
  rules?: (raw: unknown) => LocatedMessage[];
  /** What the file should hold, for the message about an empty file. */
  expectedContent: string;
}

/**
 * Parses a YAML text and validates it with a zod schema; every fault becomes a Problem naming the
 * file, line, column, path and what was expected, sorted as they appear in the file.
 */
export function validateYaml<T>(source: string, file: string, schema: z.ZodType<T>, options: YamlValidationOptions): Validated<T> {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { ok: false, problems: firstPerLine(document.errors.map((error) => yamlProblem(file, source, error))) };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias without its anchor (« *nom ») or an alias bomb: found by fuzzing, reported rather than thrown.
    const message = (error as Error).message;
    return { ok: false, problems: [{ file, path: '', message: /alias/i.test(message) ? `YAML invalide : alias « * » sans ancre « & » correspondante, ou trop d'alias (${message})` : `YAML invalide : ${message}` }] };
  }
  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ file, path: '', message: `fichier vide ; attendu : ${options.expectedContent}` }] };
  }
  const messages: LocatedMessage[] = [];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) messages.push(...issueToMessages(issue, raw, schema));
  }
  if (options.rules) messages.push(...options.rules(raw));
  if (messages.length > 0 || !parsed.success) {
    const problems = messages.map(({ path, message }) => ({ file, ...locate(document, lineCounter, path), path: formatPath(path), message }));
    // Read top to bottom, like the file.
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, problems };
  }
  return { ok: true, value: parsed.data };
}
