import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

describe('a busy database', () => {
  it('answers clearly, writes nothing, and the same action succeeds once the database is free', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-busy-')), 'busy.db');
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(path, new ManualClock(Date.UTC(2026, 11, 1, 9)), [scenario]);
    platform.db.pragma('busy_timeout = 50');
    platform.send('alice', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }, 'evt-start');
    const drillId = platform.drills.store.latestOpenDrill(1)!;
    const answer = { kind: 'choice' as const, prompt: `needs:${drillId}:${scenario.comments[0]!.id}`, values: ['no'] };

    // Another process holds the write lock (a backup, a migration, an operator's sqlite3 shell).
    const other = new Database(path);
    other.prepare('BEGIN IMMEDIATE').run();
    const refused = platform.send('alice', answer, 'evt-answer');
    expect(refused).toEqual([{ kind: 'notice', tone: 'error', text: 'La base de données est momentanément indisponible : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez dans un instant.' }]);
    other.prepare('ROLLBACK').run();
    other.close();

    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(0);
    // The same event (a platform's retry) now goes through: its id was never claimed.
    const accepted = platform.send('alice', answer, 'evt-answer');
    expect(JSON.stringify(accepted)).toContain('Réponse enregistrée');
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(1);
    platform.close();
  });
});

describe('a database that turns read-only while the bot runs', () => {
  it('answers clearly, writes nothing, and the same action succeeds once writes are accepted again', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-readonly-')), 'readonly.db');
    const scenario = fixtureScenario();
    const platform = await TestPlatform.open(path, new ManualClock(Date.UTC(2026, 11, 1, 9)), [scenario]);
    platform.send('alice', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] }, 'evt-start');
    const drillId = platform.drills.store.latestOpenDrill(1)!;
    const answer = { kind: 'choice' as const, prompt: `needs:${drillId}:${scenario.comments[0]!.id}`, values: ['no'] };

    // SQLite refuses every write on this connection (SQLITE_READONLY), as after a remount read-only.
    platform.db.pragma('query_only = ON');
    const refused = platform.send('alice', answer, 'evt-answer');
    expect(refused).toEqual([{ kind: 'notice', tone: 'error', text: 'La base de données est momentanément indisponible : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez dans un instant.' }]);
    // Every action records its event id first: even « resume » is refused the same way, never half-done.
    expect(platform.send('alice', { kind: 'command', name: 'resume' }, 'evt-resume')).toEqual(refused);
    platform.db.pragma('query_only = OFF');

    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(0);
    expect(JSON.stringify(platform.send('alice', answer, 'evt-answer'))).toContain('Réponse enregistrée');
    expect(platform.db.prepare("SELECT COUNT(*) FROM drill_events WHERE type = 'answered'").pluck().get()).toBe(1);
    platform.close();
  });
});
