import type { Db } from './database.js';
import { prepared } from './statements.js';

/** The platforms moderato ships with, one adapter each (src/adapters): all production code may name. */
export const PLATFORMS = ['discord', 'slack', 'terminal'] as const;

/**
 * The platforms the store records and the engine routes by, as keys. The store keeps a platform as
 * plain text, so an adapter defined outside src/ adds its own name by module augmentation (the test
 * platform, tests/helpers/test-adapter.ts):
 *
 *   declare module '../../src/store/learners.js' { interface AdapterPlatforms { test: true } }
 *
 * `npm run build` compiles src/ alone, where only PLATFORMS exist: production code cannot name
 * another platform. A table with an entry per platform is keyed by `(typeof PLATFORMS)[number]`.
 */
export interface AdapterPlatforms extends Record<(typeof PLATFORMS)[number], true> {}

/** A platform an adapter is registered for: one of PLATFORMS in production. */
export type Platform = keyof AdapterPlatforms;

export interface Learner {
  id: number;
  displayName: string;
  timezone: string | null;
}

/**
 * The learner behind a platform account, created on first contact. `displayName` is the name the
 * platform gives now: a different one (renamed on the platform, or first seen as a bare id) replaces
 * the stored name; an empty one means the platform could not say, and keeps it (a new learner is
 * then named by their account id until a later event brings the name).
 */
export function learnerFor(db: Db, platform: Platform, platformUserId: string, displayName: string, now: Date): Learner {
  const find = prepared<[string, string], { id: number; display_name: string; timezone: string | null }>(db, 'SELECT l.id, l.display_name, l.timezone FROM identities i JOIN learners l ON l.id = i.learner_id WHERE i.platform = ? AND i.platform_user_id = ?');
  const known = displayName.trim();
  return db.transaction(() => {
    const existing = find.get(platform, platformUserId);
    if (existing) {
      if (known && known !== existing.display_name) prepared(db, 'UPDATE learners SET display_name = ? WHERE id = ?').run(known, existing.id);
      return { id: existing.id, displayName: known || existing.display_name, timezone: existing.timezone };
    }
    const name = known || platformUserId;
    const id = Number(prepared(db, 'INSERT INTO learners (display_name, created_at) VALUES (?, ?)').run(name, now.toISOString()).lastInsertRowid);
    prepared(db, 'INSERT INTO identities (platform, platform_user_id, learner_id) VALUES (?, ?, ?)').run(platform, platformUserId, id);
    return { id, displayName: name, timezone: null };
  }).immediate();
}
