import type { Db } from './database.js';

export type Platform = 'terminal' | 'discord' | 'slack' | 'test';

export interface Learner {
  id: number;
  displayName: string;
  timezone: string | null;
}

/** The learner behind a platform account, created on first contact. */
export function learnerFor(db: Db, platform: Platform, platformUserId: string, displayName: string, now: Date): Learner {
  const find = db.prepare<[string, string], { id: number; display_name: string; timezone: string | null }>(
    'SELECT l.id, l.display_name, l.timezone FROM identities i JOIN learners l ON l.id = i.learner_id WHERE i.platform = ? AND i.platform_user_id = ?',
  );
  return db.transaction(() => {
    const existing = find.get(platform, platformUserId);
    if (existing) return { id: existing.id, displayName: existing.display_name, timezone: existing.timezone };
    const id = Number(db.prepare('INSERT INTO learners (display_name, created_at) VALUES (?, ?)').run(displayName, now.toISOString()).lastInsertRowid);
    db.prepare('INSERT INTO identities (platform, platform_user_id, learner_id) VALUES (?, ?, ?)').run(platform, platformUserId, id);
    return { id, displayName, timezone: null };
  }).immediate();
}
