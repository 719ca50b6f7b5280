/** A path inside a document, as zod and the YAML AST both express it. */
export type DocumentPath = ReadonlyArray<string | number>;

/** One thing wrong with an input file, precise enough for a trainer to fix it. */
export interface Problem {
  file: string;
  /** 1-based; absent when the fault is about the whole file (unreadable, empty). */
  line?: number;
  column?: number;
  /** `comments[2].actions.expected[0]`; empty for the document itself. */
  path: string;
  message: string;
}

/** `['comments', 2, 'actions']` → `comments[2].actions`. */
export function formatPath(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** One line per problem: `file:line:column: path : message`. */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === '' ? '' : ` ${problem.path} :`;
  return `${where}:${path} ${problem.message}`;
}
