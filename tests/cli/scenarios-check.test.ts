import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const VALID = 'tests/fixtures/scenarios-valid/boulangerie-fermeture.yaml';

describe('moderato scenarios check', () => {
  it('validates the bank in scenarios/ by default and exits 0', () => {
    const run = runCli(['scenarios', 'check']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d+ scénarios valides dans scenarios\n$/);
  });

  it('exits 2 on the broken corpus with one line per problem on stderr', () => {
    const run = runCli(['scenarios', 'check', 'tests/fixtures/scenarios-broken']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    const summary = lines.pop();
    expect(summary).toMatch(/^0 scénario valide dans tests\/fixtures\/scenarios-broken ; 29 fichier\(s\) à corriger, \d+ problème\(s\)\.$/);
    expect(lines.length).toBe(Number(/(\d+) problème/.exec(summary ?? '')?.[1]));
    expect(lines).toContain(
      'tests/fixtures/scenarios-broken/action-typo.yaml:66:18: comments[2].actions.expected[0] : valeur « delte » inconnue ; attendu : une de none, like, reply, private_message, hide, delete, report, ban, escalate (vouliez-vous dire « delete » ?)',
    );
    for (const line of lines) expect(line).toMatch(/^tests\/fixtures\/scenarios-broken\/[^:]+\.ya?ml(:\d+:\d+)?: /);
  });

  it('keeps loading the good files when one file is bad', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-check-'));
    copyFileSync(VALID, join(dir, 'boulangerie-fermeture.yaml'));
    writeFileSync(join(dir, 'cassé.yaml'), 'id: [\n');
    const run = runCli(['scenarios', 'check', dir, '--json']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { valid: boolean; scenarios: string[]; invalid_files: string[]; problems: Array<{ file: string; line: number }> };
    expect(report.valid).toBe(false);
    expect(report.scenarios).toEqual(['boulangerie-fermeture']);
    expect(report.invalid_files).toEqual([join(dir, 'cassé.yaml')]);
    expect(report.problems).toEqual([{ file: join(dir, 'cassé.yaml'), line: 1, column: 1, path: '', message: 'YAML invalide : liste « [ » ouverte sur cette ligne et jamais fermée (« ] » manquant)' }]);
  });

  it('prints exactly one JSON document with --json when all is valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-check-'));
    copyFileSync(VALID, join(dir, 'boulangerie-fermeture.yaml'));
    const run = runCli(['scenarios', 'check', dir, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ valid: true, scenarios: ['boulangerie-fermeture'], invalid_files: [], problems: [] });
  });

  it('explains a missing folder and an empty one', () => {
    const missing = runCli(['scenarios', 'check', 'no/such/dir']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no/such/dir: dossier de scénarios introuvable');
    const empty = runCli(['scenarios', 'check', mkdtempSync(join(tmpdir(), 'moderato-empty-'))]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('aucun fichier .yaml');
  });

  it('answers an unknown command or option with the usage, exit 2', () => {
    const unknown = runCli(['scenarios', 'verify']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Commande inconnue : scenarios verify');
    const option = runCli(['scenarios', 'check', '--bogus']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain('Utilisation : moderato');
  });
});
