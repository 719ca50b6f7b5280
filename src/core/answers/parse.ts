import { parse as parseJsonWithErrors, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { LineCounter, parseDocument } from 'yaml';
import { locate } from '../validation/locate.js';
import { issueToMessages, type LocatedMessage } from '../validation/messages.js';
import { formatPath, type Problem } from '../validation/problem.js';
import type { Scenario } from '../scenario/schema.js';
import { answerFileSchema, type AnswerFile } from './schema.js';

export type AnswersResult = { ok: true; answers: AnswerFile } | { ok: false; problems: Problem[] };

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** French names of jsonc-parser's faults (keys are its printParseErrorCode names). */
const JSON_FAULTS: Record<string, string> = {
  InvalidSymbol: 'caractère inattendu',
  InvalidNumberFormat: 'nombre mal écrit',
  PropertyNameExpected: 'nom de propriété entre guillemets attendu',
  ValueExpected: 'valeur attendue',
  ColonExpected: '« : » attendu',
  CommaExpected: '« , » attendue',
  CloseBraceExpected: '« } » attendue',
  CloseBracketExpected: '« ] » attendu',
  EndOfFileExpected: 'fin du fichier attendue',
  UnexpectedEndOfString: 'texte non fermé (guillemet manquant)',
  UnexpectedEndOfComment: 'commentaire non fermé',
  InvalidEscapeCharacter: 'échappement invalide',
  InvalidCharacter: 'caractère invalide dans un texte',
};

/** Strict JSON (no comments, no trailing comma), with the line and column of the first fault. */
function jsonSyntaxProblem(source: string, file: string): Problem | undefined {
  if (source.trim() === '') return { file, path: '', message: 'JSON invalide : fichier vide' };
  const errors: ParseError[] = [];
  parseJsonWithErrors(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  return { file, ...lineAndColumn(source, first.offset), path: '', message: `JSON invalide : ${JSON_FAULTS[printParseErrorCode(first.error)] ?? 'syntaxe incorrecte'}` };
}

/** Rules of docs/answers.md that a schema cannot express: known comments, `none` alone, one answer per comment. */
function answerRules(raw: unknown, scenario: Scenario | undefined): LocatedMessage[] {
  const answers = (raw as { answers?: unknown } | null)?.answers;
  if (!Array.isArray(answers)) return [];
  const known = scenario ? new Set(scenario.comments.map((comment) => comment.id)) : undefined;
  const seen = new Map<string, number>();
  const out: LocatedMessage[] = [];
  answers.forEach((answer: unknown, index) => {
    if (answer === null || typeof answer !== 'object') return;
    const { comment, actions } = answer as { comment?: unknown; actions?: unknown };
    if (typeof comment === 'string') {
      if (known && !known.has(comment)) {
        out.push({ path: ['answers', index, 'comment'], message: `commentaire « ${comment} » inconnu dans le scénario ; attendu : un de ${[...known].join(', ')}` });
      }
      const first = seen.get(comment);
      if (first !== undefined) out.push({ path: ['answers', index, 'comment'], message: `commentaire « ${comment} » déjà répondu (answers[${first}]) ; attendu : une seule réponse par commentaire` });
      else seen.set(comment, index);
    }
    if (Array.isArray(actions) && actions.includes('none') && actions.length > 1) {
      out.push({ path: ['answers', index, 'actions'], message: '« none » doit rester seul ; attendu : [none] ou une liste d\'actions sans « none »' });
    }
  });
  return out;
}

/**
 * Parses and validates an answer file (docs/answers.md) against its scenario. Pure: the caller reads
 * the file. Only a malformed file is rejected; contradictory answers are scored as given.
 */
export function parseAnswersSource(source: string, file: string, scenario?: Scenario): AnswersResult {
  const syntax = jsonSyntaxProblem(source, file);
  if (syntax) return { ok: false, problems: [syntax] };
  const raw: unknown = JSON.parse(source);
  const lineCounter = new LineCounter();
  // JSON is YAML: the YAML parser maps a path back to its line and column.
  const document = parseDocument(source, { lineCounter });
  const messages: LocatedMessage[] = [];
  const parsed = answerFileSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) messages.push(...issueToMessages(issue, raw, answerFileSchema));
  messages.push(...answerRules(raw, scenario));
  const scenarioId = (raw as { scenario?: unknown } | null)?.scenario;
  if (scenario && typeof scenarioId === 'string' && scenarioId !== scenario.id) {
    messages.push({ path: ['scenario'], message: `réponses au scénario « ${scenarioId} », pas à « ${scenario.id} » ; attendu : « ${scenario.id} »` });
  }
  if (messages.length > 0 || !parsed.success) {
    const problems = messages.map(({ path, message }) => ({ file, ...locate(document, lineCounter, path), path: formatPath(path), message }));
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, problems };
  }
  return { ok: true, answers: parsed.data };
}
