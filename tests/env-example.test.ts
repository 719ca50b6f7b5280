import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('.env.example', () => {
  it('lists every setting of the contract and the README, and loads as a valid configuration', () => {
    const text = readFileSync('.env.example', 'utf8');
    const entries = Object.fromEntries(text.split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const contract = readFileSync('../shared/CONTRACT.md', 'utf8').slice(readFileSync('../shared/CONTRACT.md', 'utf8').indexOf('## 5.'));
    for (const name of contract.match(/`[A-Z][A-Z_]+`/g)!.map((quoted) => quoted.slice(1, -1))) expect(Object.keys(entries), name).toContain(name);
    const readme = readFileSync('README.md', 'utf8');
    for (const name of Object.keys(entries)) expect(readme, name).toContain(name);
    expect(() => loadConfig(entries)).not.toThrow();
  });
});
