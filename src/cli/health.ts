import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { explainDatabaseError } from '../store/database.js';
import { pendingMigrations, readHeartbeat } from '../store/health.js';
import { EXIT, type Output } from './output.js';

/** A heartbeat older than this means the bot is stuck or stopped. */
const STALE_MS = 3 * 60_000;

/**
 * `health`: the database opens read-write and is fully migrated; when chat platforms are configured,
 * the running bot wrote a fresh heartbeat with every adapter connected. Exit 0 when healthy, 1 otherwise,
 * one line per finding (what a container's HEALTHCHECK and an operator read).
 */
export function healthCommand(config: Config, output: Output, now = Date.now()): number {
  const problems: string[] = [];
  if (!existsSync(config.databasePath)) {
    output.err(`base absente : ${config.databasePath}`);
    return EXIT.error;
  }
  const db = new Database(config.databasePath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    // Writable: an immediate transaction takes the write lock, then nothing is written.
    try {
      db.prepare('BEGIN IMMEDIATE').run();
      db.prepare('ROLLBACK').run();
      output.out('base : accessible en écriture');
    } catch (error) {
      problems.push(`base non inscriptible : ${explainDatabaseError(error, config.databasePath)}`);
    }
    const pending = pendingMigrations(db);
    if (pending.length > 0) problems.push(`migrations non appliquées : ${pending.join(', ')}`);
    else output.out('migrations : à jour');
    if (config.discord || config.slack) {
      const heartbeat = readHeartbeat(db);
      if (!heartbeat) problems.push('aucun signe de vie du bot (jamais démarré ?)');
      else {
        const age = now - heartbeat.at;
        if (age > STALE_MS) problems.push(`dernier signe de vie il y a ${Math.round(age / 60_000)} min`);
        for (const [adapter, connected] of Object.entries(heartbeat.adapters)) {
          if (connected) output.out(`${adapter} : connecté`);
          else problems.push(`${adapter} : déconnecté`);
        }
      }
    }
  } catch (error) {
    // Already said when the database could not even be opened for writing.
    if (problems.length === 0) problems.push(`base illisible : ${explainDatabaseError(error, config.databasePath)}`);
  } finally {
    db.close();
  }
  for (const problem of problems) output.err(problem);
  return problems.length === 0 ? EXIT.ok : EXIT.error;
}
