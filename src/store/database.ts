import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Applies the migrations not yet recorded, in order, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[] = readMigrations()): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
    done.push(migration.version);
  }
  return done;
}

/** The database cannot be opened or written at start-up: one clear line for the operator. */
export class DatabaseUnavailableError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`Base de données ${path} inutilisable : ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}

function folderIsWritable(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Says in French why SQLite or the file system refused, and what the operator can do. */
export function explainDatabaseError(error: unknown, path: string): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || /^SQLITE_(READONLY|CANTOPEN)/.test(code)) {
    if (path !== ':memory:' && !folderIsWritable(path)) return `le dossier ${dirname(path)} n’accepte pas l’écriture (volume monté en lecture seule ou droits insuffisants) ; SQLite doit pouvoir y écrire la base et ses fichiers -wal et -shm (${message}).`;
    return `écriture refusée (fichier en lecture seule ou droits insuffisants : ${message}).`;
  }
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return `verrouillée par un autre processus depuis plus de 5 s (${message}).`;
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return `le fichier n’est pas une base SQLite valide ou est endommagé (${message}) ; restaurez la dernière sauvegarde (README, « Sauvegarde »).`;
  if (/^SQLITE_FULL/.test(code) || code === 'ENOSPC') return `disque plein (${message}).`;
  return message;
}

export interface OpenOptions {
  /**
   * Group commit (the chat platforms): commits are written without their own fsync and a
   * `WalFlush` makes them durable before anything is said (store/wal-flush.ts). Without it every
   * commit is flushed to disk before it returns (the terminal, the CLI's commands).
   */
  groupCommit?: boolean;
}

/** Opens (creating its folder) and migrates the database: WAL for concurrent readers, foreign keys on. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // An answer acknowledged to the candidate survives even a power cut: FULL flushes each commit,
    // NORMAL leaves it to the WalFlush the answer waits for (one fsync for the commits of a moment).
    db.pragma(options.groupCommit === true ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw new DatabaseUnavailableError(path, explainDatabaseError(error, path));
  }
}
