import type { Db } from './database.js';

/** What a learner ticked in the C1–C7 checklists, and the artefacts they had checked. */
export class CoachingStore {
  constructor(private readonly db: Db) {}

  ticked(learnerId: number): Set<string> {
    return new Set(this.db.prepare<[number], string>('SELECT item_id FROM checklist_ticks WHERE learner_id = ?').pluck().all(learnerId));
  }

  tick(learnerId: number, items: string[], now: number): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO checklist_ticks (learner_id, item_id, ticked_at) VALUES (?, ?, ?)');
    const at = new Date(now).toISOString();
    this.db.transaction(() => items.forEach((item) => insert.run(learnerId, item, at)))();
  }

  /** The items actually unticked (those that were ticked). */
  untick(learnerId: number, items: string[]): string[] {
    const remove = this.db.prepare('DELETE FROM checklist_ticks WHERE learner_id = ? AND item_id = ?');
    return items.filter((item) => remove.run(learnerId, item).changes === 1);
  }

  /** The learner's last pasted version of an artefact, to fill the form again. */
  artefact(learnerId: number, kind: string): string | undefined {
    return this.db.prepare<[number, string], string>('SELECT content FROM artefacts WHERE learner_id = ? AND kind = ?').pluck().get(learnerId, kind);
  }

  saveArtefact(learnerId: number, kind: string, content: string, failedCriteria: string[], now: number): void {
    this.db
      .prepare('INSERT INTO artefacts (learner_id, kind, content, failed_criteria, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, kind) DO UPDATE SET content = excluded.content, failed_criteria = excluded.failed_criteria, updated_at = excluded.updated_at')
      .run(learnerId, kind, content, JSON.stringify(failedCriteria), new Date(now).toISOString());
  }

  /** Criteria whose last artefact check failed. */
  failedCriteria(learnerId: number): Set<string> {
    return new Set(this.db.prepare<[number], string>('SELECT failed_criteria FROM artefacts WHERE learner_id = ?').pluck().all(learnerId).flatMap((json) => JSON.parse(json) as string[]));
  }
}
