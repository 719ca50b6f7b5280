import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph } from './helpers/import-graph.js';

describe('the import graph of src/', () => {
  it('has its cycles found by the walk, long or short, and a graph without any gives none', () => {
    expect(findCycles(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['d', 'a']], ['d', []]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['a']]]))).toEqual([['a', 'a']]);
    expect(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('is read from the sources, type-only imports included, and comments are not imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-imports-'));
    writeFileSync(join(dir, 'engine.ts'), "import { desk } from './desk.js';\n// import { x } from './notes.js';\nexport const engine = desk;\n");
    writeFileSync(join(dir, 'desk.ts'), "import type { Engine } from './engine.js';\nexport const desk = 1;\nexport type E = Engine;\n");
    const graph = importGraph(dir);
    expect(graph.unresolved).toEqual([]);
    expect(graph.edges.get('engine.ts')).toEqual(['desk.ts']);
    expect(findCycles(graph.edges)).toEqual([['desk.ts', 'engine.ts', 'desk.ts']]);
  });

  it('has no cycle: every module can be read without the ones that use it', () => {
    const graph = importGraph('src');
    // The graph is whole: every relative import was found, and it is the real one.
    expect(graph.unresolved).toEqual([]);
    expect(graph.edges.size).toBeGreaterThan(100);
    expect(graph.edges.get('engine/engine.ts')).toContain('engine/views.ts');
    expect(findCycles(graph.edges).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('has the engine know no desk by name: the desks come in one list, built in wiring.ts', () => {
    const imported = importGraph('src').edges.get('engine/engine.ts') ?? [];
    expect(imported).toContain('engine/desk.ts');
    expect(imported.filter((module) => /-desk\.ts$|oral-service\.ts$/.test(module))).toEqual([]);
  });
});
