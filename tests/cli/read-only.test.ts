import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli, ROOT, type CliRun } from '../helpers/cli.js';

const CLI = join(ROOT, 'dist/cli.js');
const SCENARIO = 'restaurant-nouvelle-carte';

/**
 * Runs the CLI with the database's folder read-only, as on a volume mounted `:ro`. Root ignores file
 * modes, so as root the folder is bind-mounted read-only in a private mount namespace (what Docker
 * does); otherwise the folder and file lose their write permission for the run.
 */
function runReadOnly(folder: string, databasePath: string, args: string[], input = ''): CliRun {
  const env = { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' };
  if (process.getuid?.() === 0) {
    const script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && exec "$@"';
    const result = spawnSync('unshare', ['-m', 'sh', '-c', script, folder, process.execPath, CLI, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  chmodSync(databasePath, 0o444);
  chmodSync(folder, 0o555);
  try {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    chmodSync(folder, 0o755);
    chmodSync(databasePath, 0o644);
  }
}

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a database on read-only storage', () => {
  it('stops at start with one clear line, writes nothing, and every answer is there once storage is writable again', () => {
    const folder = mkdtempSync(join(tmpdir(), 'moderato-ro-'));
    const databasePath = join(folder, 'moderato.db');
    const first = runCli(['drill', '--scenario', SCENARIO, '--practice'], { input: '2\n2\n2\n2\n', env: { DATABASE_PATH: databasePath } }); // « Non », then « Commentaire suivant » past the offer to rewrite
    expect(first.stdout).toContain('Réponse enregistrée (Commentaire 2/9)');
    // A clean stop checkpoints the WAL: the file alone holds everything.
    const before = digest(databasePath);

    const drill = runReadOnly(folder, databasePath, ['drill'], '1\n2\n');
    expect(drill.status).toBe(1);
    expect(drill.stderr).toBe(`Base de données ${databasePath} inutilisable : le dossier ${folder} n’accepte pas l’écriture (volume monté en lecture seule ou droits insuffisants) ; SQLite doit pouvoir y écrire la base et ses fichiers -wal et -shm (unable to open database file).\n`);
    expect(drill.stdout).toBe('');
    const health = runReadOnly(folder, databasePath, ['health']);
    expect(health.status).toBe(1);
    expect(health.stderr).toMatch(/^base non inscriptible : le dossier .* n’accepte pas l’écriture/);
    expect(health.stderr.trim().split('\n')).toHaveLength(1);
    expect(digest(databasePath)).toBe(before);

    const resumed = runCli(['drill'], { input: '1\n', env: { DATABASE_PATH: databasePath } });
    expect(resumed.stdout).toContain('est en cours. Le reprendre ?');
    expect(resumed.stdout).toContain('Commentaire 3/9');
  });
});
