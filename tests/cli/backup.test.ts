import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { learnerFor } from '../../src/store/learners.js';
import { runCli } from '../helpers/cli.js';

describe('moderato backup', () => {
  it('writes a consistent copy while the database is open, and never overwrites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-backup-'));
    const databasePath = join(dir, 'live.db');
    const live = openDatabase(databasePath);
    learnerFor(live, 'test', 'alice', 'Alice', new Date());
    const target = join(dir, 'sauvegardes', 'copie.db');
    const run = runCli(['backup', target], { env: { DATABASE_PATH: databasePath } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Sauvegarde écrite : .+copie\.db \(\d+ pages, \d+ ms\)\. Restaurer : arrêter le bot/);
    const copy = openDatabase(target);
    expect(copy.prepare('SELECT display_name FROM learners').pluck().all()).toEqual(['Alice']);
    copy.close();
    live.close();

    const before = readFileSync(target);
    const again = runCli(['backup', target], { env: { DATABASE_PATH: databasePath } });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('existe déjà : choisissez un autre nom (rien n’est écrasé).');
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(runCli(['backup'], { env: { DATABASE_PATH: databasePath } }).status).toBe(2);
    expect(runCli(['backup', databasePath], { env: { DATABASE_PATH: databasePath } }).stderr).toContain('autre fichier que la base');
    expect(existsSync(join(dir, 'absente.db'))).toBe(false);
    expect(runCli(['backup', join(dir, 'x.db')], { env: { DATABASE_PATH: join(dir, 'absente.db') } }).status).toBe(1);
  });
});
