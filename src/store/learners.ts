import type { Db } from './database.js';

export type Platform = 'terminal' | 'discord' | 'slack' | 'test';

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
  const find = db.prepare<[string, string], { id: number; display_name: string; timezone: string | null }>(
    'SELECT l.id, l.display_name, l.timezone FROM identities i JOIN learners l ON l.id = i.learner_id WHERE i.platform = ? AND i.platform_user_id = ?',
  );
  const known = displayName.trim();
  return db.transaction(() => {
    const existing = find.get(platform, platformUserId);
    if (existing) {
      if (known && known !== existing.display_name) db.prepare('UPDATE learners SET display_name = ? WHERE id = ?').run(known, existing.id);
      return { id: existing.id, displayName: known || existing.display_name, timezone: existing.timezone };
    }
    const name = known || platformUserId;
    const id = Number(db.prepare('INSERT INTO learners (display_name, created_at) VALUES (?, ?)').run(name, now.toISOString()).lastInsertRowid);
    db.prepare('INSERT INTO identities (platform, platform_user_id, learner_id) VALUES (?, ?, ?)').run(platform, platformUserId, id);
    return { id, displayName: name, timezone: null };
  }).immediate();
}
