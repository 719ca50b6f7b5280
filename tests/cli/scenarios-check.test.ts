import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const VALID = 'tests/fixtures/scenarios-valid/boulangerie-fermeture.yaml';

/** The warning for the fixture, whose six comments have no model answer. */
const MISSING_MODELS = (file: string) => ({
  file,
  comments: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'],
  message: '6 commentaires sans réponse modèle (c1, c2, c3, c4, c5, c6) ; conseillé : une réponse modèle (clé model) pour chacun, voir docs/scenarios.md',
});

/** Model answers (coherent with the fixture's comments) for every comment of the fixture except `without`. */
function withModels(source: string, without: string[]): string {
  const models: Record<string, string> = {
    c1: 'actions: [reply]\n      justification: Réclamation, on s\'excuse.\n      reply: Désolés, réouverture le 12 mars.',
    c2: 'actions: [like]\n      justification: Compliment, on remercie.',
    c3: 'actions: [delete, report]\n      justification: Spam, arnaque.',
    c4: 'actions: [hide, private_message]\n      justification: Données personnelles.\n      private_message: Merci, nous vous rappelons.',
    c5: 'actions: [none]\n      justification: Hors sujet.',
    c6: 'actions: [reply]\n      justification: Question.\n      reply: Oui, chaque dimanche.',
  };
  // Each comment block ends before the next « - id: » or at the end of the file.
  return source.split(/(?=\n {2}- id: )/).map((block) => {
    const id = /- id: (c\d)/.exec(block)?.[1];
    if (!id || without.includes(id)) return block;
    return `${block.replace(/\n*$/, '')}\n    model:\n      ${models[id]}\n`;
  }).join('');
}

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
    expect(summary).toMatch(/^0 scénario valide dans tests\/fixtures\/scenarios-broken ; 30 fichier\(s\) à corriger, \d+ problème\(s\)\.$/);
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
    expect(JSON.parse(run.stdout)).toEqual({ valid: true, scenarios: ['boulangerie-fermeture'], invalid_files: [], problems: [], warnings: [MISSING_MODELS(join(dir, 'boulangerie-fermeture.yaml'))] });
  });

  it('warns, without failing, about the comments that have no model answer: one line per scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-check-'));
    copyFileSync(VALID, join(dir, 'boulangerie-fermeture.yaml'));
    // The same scenario with a model for every comment but c2 and c5.
    writeFileSync(join(dir, 'modeles.yaml'), withModels(readFileSync(VALID, 'utf8').replace('id: boulangerie-fermeture', 'id: modeles'), ['c2', 'c5']));
    writeFileSync(join(dir, 'complet.yaml'), withModels(readFileSync(VALID, 'utf8').replace('id: boulangerie-fermeture', 'id: complet'), []));
    const run = runCli(['scenarios', 'check', dir]);
    expect(run).toEqual({
      status: 0,
      stdout: `3 scénarios valides dans ${dir}\n`,
      stderr: [
        `${join(dir, 'boulangerie-fermeture.yaml')} : 6 commentaires sans réponse modèle (c1, c2, c3, c4, c5, c6) ; conseillé : une réponse modèle (clé model) pour chacun, voir docs/scenarios.md`,
        `${join(dir, 'modeles.yaml')} : 2 commentaires sans réponse modèle (c2, c5) ; conseillé : une réponse modèle (clé model) pour chacun, voir docs/scenarios.md`,
        '',
      ].join('\n'),
    });
    const json = runCli(['scenarios', 'check', join(dir, 'modeles.yaml'), '--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, problems: [], warnings: [{ file: join(dir, 'modeles.yaml'), comments: ['c2', 'c5'], message: expect.stringMatching(/^2 commentaires sans réponse modèle \(c2, c5\)/) }] });
    const one = runCli(['scenarios', 'check', join(dir, 'complet.yaml')]);
    expect(one).toEqual({ status: 0, stdout: `1 scénario valide dans ${join(dir, 'complet.yaml')}\n`, stderr: '' });
  });

  it('warns about the models of the valid files only, next to the problems of the broken ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-check-'));
    writeFileSync(join(dir, 'modeles.yaml'), withModels(readFileSync(VALID, 'utf8').replace('id: boulangerie-fermeture', 'id: modeles'), ['c6']));
    copyFileSync('tests/fixtures/scenarios-broken/model-incoherent.yaml', join(dir, 'model-incoherent.yaml'));
    const run = runCli(['scenarios', 'check', dir, '--json']);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { invalid_files: string[]; warnings: Array<{ file: string; comments: string[] }> };
    expect(report.invalid_files).toEqual([join(dir, 'model-incoherent.yaml')]);
    expect(report.warnings).toEqual([expect.objectContaining({ file: join(dir, 'modeles.yaml'), comments: ['c6'] })]);
  });

  it('checks a single valid file: its summary on stdout, exit 0; one JSON document with --json', () => {
    const run = runCli(['scenarios', 'check', 'scenarios/restaurant-nouvelle-carte.yaml']);
    expect(run).toEqual({ status: 0, stdout: '1 scénario valide dans scenarios/restaurant-nouvelle-carte.yaml\n', stderr: '' });
    const json = runCli(['scenarios', 'check', VALID, '--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ valid: true, scenarios: ['boulangerie-fermeture'], invalid_files: [], problems: [], warnings: [MISSING_MODELS(VALID)] });
  });

  it('checks a single broken file with the same lines as in a folder, exit 2', () => {
    const file = 'tests/fixtures/scenarios-broken/action-typo.yaml';
    const run = runCli(['scenarios', 'check', file]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const inFolder = runCli(['scenarios', 'check', 'tests/fixtures/scenarios-broken']).stderr.split('\n').filter((line) => line.startsWith(`${file}:`));
    expect(run.stderr).toBe(`${inFolder.join('\n')}\n0 scénario valide dans ${file} ; 1 fichier(s) à corriger, ${inFolder.length} problème(s).\n`);
    const json = JSON.parse(runCli(['scenarios', 'check', file, '--json']).stdout) as { valid: boolean; invalid_files: string[]; problems: Array<{ line: number; path: string }> };
    expect(json).toMatchObject({ valid: false, invalid_files: [file] });
    expect(json.problems).toContainEqual(expect.objectContaining({ line: 66, column: 18, path: 'comments[2].actions.expected[0]' }));
  });

  it('checks a single file as the bank loads it: .yaml only, the id equal to the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-check-'));
    copyFileSync(VALID, join(dir, 'boulangerie-fermeture.yml'));
    copyFileSync(VALID, join(dir, 'autre-nom.yaml'));
    const yml = runCli(['scenarios', 'check', join(dir, 'boulangerie-fermeture.yml')]);
    expect(yml.status).toBe(2);
    expect(yml.stderr).toContain(`${join(dir, 'boulangerie-fermeture.yml')}: extension .yml ; attendu : .yaml (renommer en boulangerie-fermeture.yaml)`);
    const renamed = runCli(['scenarios', 'check', join(dir, 'autre-nom.yaml')]);
    expect(renamed.status).toBe(2);
    expect(renamed.stderr).toMatch(/autre-nom\.yaml:\d+:\d+: id : .*boulangerie-fermeture/);
  });

  it('names a path that does not exist in one French line, exit 2, with or without --json', () => {
    const missing = runCli(['scenarios', 'check', 'scenarios/boulangerie-fermeture.yaml']);
    expect(missing).toEqual({ status: 2, stdout: '', stderr: 'scenarios/boulangerie-fermeture.yaml: chemin introuvable ; attendu : un fichier de scénario .yaml ou un dossier de scénarios\n' });
    const json = runCli(['scenarios', 'check', 'no/such/dir', '--json']);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ valid: false, scenarios: [], invalid_files: ['no/such/dir'], problems: [{ file: 'no/such/dir', path: '', message: 'chemin introuvable ; attendu : un fichier de scénario .yaml ou un dossier de scénarios' }], warnings: [] });
  });

  it('explains an empty folder', () => {
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
