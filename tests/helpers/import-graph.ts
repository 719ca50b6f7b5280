import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every module under a folder and the modules it imports (relative imports only: packages cannot import us back). */
export interface ImportGraph {
  /** Module path relative to the folder → the modules it imports, relative too. */
  edges: Map<string, string[]>;
  /** Relative imports that name no file: a graph with holes would hide cycles. */
  unresolved: string[];
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `./x.js` as written under NodeNext resolution is the source `./x.ts` (or `./x/index.ts`). */
function resolveImport(from: string, specifier: string): string | undefined {
  const target = resolve(dirname(from), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * Reads the imports the way the compiler does (`ts.preProcessFile`: comments and strings are not
 * mistaken for imports). Type-only imports count: `import type` from a module that imports us
 * back is still two modules that cannot be understood one without the other.
 */
export function importGraph(dir: string): ImportGraph {
  const root = resolve(dir);
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of sourcesUnder(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveImport(file, fileName);
      if (target) targets.push(relative(root, target));
      else unresolved.push(`${relative(root, file)} → ${fileName}`);
    }
    edges.set(relative(root, file), [...new Set(targets)]);
  }
  return { edges, unresolved };
}

/** The cycles met by a depth-first walk, each as the modules along it (first module repeated at the end). */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (module: string): void => {
    state.set(module, 'open');
    path.push(module);
    for (const next of edges.get(module) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(module, 'done');
  };
  for (const module of [...edges.keys()].sort()) if (!state.has(module)) visit(module);
  return cycles;
}
