import type { Db } from './database.js';
import { prepared, preparedPluck } from './statements.js';

/** One named value of the process's own state (last nudge tick, heartbeat), kept across restarts. */
export function readState(db: Db, name: string): string | undefined {
  return preparedPluck<[string], string>(db, 'SELECT value FROM scheduler_state WHERE name = ?').get(name);
}

export function writeState(db: Db, name: string, value: string): void {
  prepared(db, 'INSERT INTO scheduler_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
}
