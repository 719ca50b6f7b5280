import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { writeHeartbeat } from '../../src/store/health.js';
import { runCli } from '../helpers/cli.js';

describe('moderato health', () => {
  it('is healthy with a migrated, writable database, and unhealthy with a stale or disconnected bot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'moderato-health-'));
    const databasePath = join(dir, 'bot.db');
    expect(runCli(['health'], { env: { DATABASE_PATH: databasePath } })).toMatchObject({ status: 1, stderr: expect.stringContaining('base absente') });
    const db = openDatabase(databasePath);
    expect(runCli(['health'], { env: { DATABASE_PATH: databasePath } })).toMatchObject({ status: 0, stdout: 'base : accessible en écriture\nmigrations : à jour\n' });

    // With Discord configured, the running bot's heartbeat decides.
    const discord = { DATABASE_PATH: databasePath, DISCORD_TOKEN: 'x', DISCORD_APP_ID: '1' };
    expect(runCli(['health'], { env: discord })).toMatchObject({ status: 1, stderr: expect.stringContaining('aucun signe de vie du bot') });
    writeHeartbeat(db, { at: Date.now(), adapters: { discord: true } });
    expect(runCli(['health'], { env: discord })).toMatchObject({ status: 0, stdout: expect.stringContaining('discord : connecté') });
    writeHeartbeat(db, { at: Date.now() - 10 * 60_000, adapters: { discord: false } });
    const stale = runCli(['health'], { env: discord });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe('dernier signe de vie il y a 10 min\ndiscord : déconnecté\n');
    db.close();
  });
});
