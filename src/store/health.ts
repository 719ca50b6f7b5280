import type { Db } from './database.js';
import { preparedPluck } from './statements.js';
import { readMigrations } from './database.js';
import { readState, writeState } from './scheduler-state.js';

export interface Heartbeat {
  at: number;
  adapters: Record<string, boolean>;
}

/** The running process writes a heartbeat; `moderato health` (a container's HEALTHCHECK) reads it. */
export function writeHeartbeat(db: Db, heartbeat: Heartbeat): void {
  writeState(db, 'health.heartbeat', JSON.stringify({ at: new Date(heartbeat.at).toISOString(), adapters: heartbeat.adapters }));
}

export function readHeartbeat(db: Db): Heartbeat | undefined {
  const value = readState(db, 'health.heartbeat');
  if (!value) return undefined;
  const parsed = JSON.parse(value) as { at: string; adapters: Record<string, boolean> };
  return { at: Date.parse(parsed.at), adapters: parsed.adapters };
}

/** Migrations on disk not yet applied to this database. */
export function pendingMigrations(db: Db): number[] {
  const applied = new Set(preparedPluck(db, 'SELECT version FROM schema_migrations').all() as number[]);
  return readMigrations().map((migration) => migration.version).filter((version) => !applied.has(version));
}
