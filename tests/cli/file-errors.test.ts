import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { ROOT, runCli } from '../helpers/cli.js';

const ANSWERS = join(ROOT, 'tests/fixtures/answers/restaurant-nouvelle-carte/excellent.json');

describe('file errors are told in French, without error codes', () => {
  it('score: an answers path that is a folder', () => {
    const run = runCli(['score', '--scenario', 'restaurant-nouvelle-carte', '--answers', tmpdir()]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`${tmpdir()}: c'est un dossier, pas un fichier\n`);
  });

  it('backup: a target whose folder is a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-backup-'));
    const databasePath = join(dir, 'live.db');
    openDatabase(databasePath).close();
    writeFileSync(join(dir, 'sauvegardes'), 'un fichier, pas un dossier');
    const run = runCli(['backup', join(dir, 'sauvegardes', 'copie.db')], { env: { DATABASE_PATH: databasePath } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`Sauvegarde impossible dans ${join(dir, 'sauvegardes')} : un élément du chemin n'est pas un dossier.\n`);
  });

  it('score: a lexicon missing from the installation is named, without a stack trace', () => {
    // A copy of the installed package (compiled code, rubric, lexicons, bank) with one lexicon gone.
    const install = mkdtempSync(join(tmpdir(), 'moderato-install-'));
    for (const part of ['dist', 'package.json', 'rubric.yaml', 'lexicons', 'scenarios']) cpSync(join(ROOT, part), join(install, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
    rmSync(join(install, 'lexicons/reasons.yaml'));
    const run = spawnSync(process.execPath, [join(install, 'dist/cli.js'), 'score', '--scenario', 'restaurant-nouvelle-carte', '--answers', ANSWERS], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' }, timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${join(install, 'lexicons/reasons.yaml')}: fichier introuvable\n`);
  });
});
