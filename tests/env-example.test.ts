import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTING_NAMES } from '../src/config.js';
import { ROOT } from './helpers/cli.js';

/** KEY=VALUE lines of .env.example, as Docker's --env-file reads them. */
function envExample(): Record<string, string> {
  const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n').filter((line) => /^[A-Z_]+=/.test(line));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** The variables named in the first column of the README's configuration table. */
function readmeSettings(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## '));
  const firstCells = table.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('|')[1]!);
  return firstCells.flatMap((cell) => cell.match(/[A-Z][A-Z_]+/g) ?? []);
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe('.env.example', () => {
  it('lists exactly the settings of the README configuration table, which are the ones moderato reads', () => {
    expect(sorted(Object.keys(envExample()))).toEqual(sorted(readmeSettings()));
    expect(sorted(readmeSettings())).toEqual(sorted(SETTING_NAMES));
  });

  it('loads as a valid configuration that is the same as no setting at all (every value is the default)', () => {
    expect(loadConfig(envExample())).toEqual(loadConfig({}));
  });
});
