import type { Db } from './database.js';
import { prepared, preparedPluck } from './statements.js';

/** What a learner ticked in the C1–C7 checklists, and the artefacts they had checked. */
export class CoachingStore {
  constructor(private readonly db: Db) {}

  ticked(learnerId: number): Set<string> {
    return new Set(preparedPluck<[number], string>(this.db, 'SELECT item_id FROM checklist_ticks WHERE learner_id = ?').all(learnerId));
  }

  tick(learnerId: number, items: string[], now: number): void {
    const insert = prepared(this.db, 'INSERT OR IGNORE INTO checklist_ticks (learner_id, item_id, ticked_at) VALUES (?, ?, ?)');
    const at = new Date(now).toISOString();
    this.db.transaction(() => items.forEach((item) => insert.run(learnerId, item, at)))();
  }

  /** The items actually unticked (those that were ticked). */
  untick(learnerId: number, items: string[]): string[] {
    const remove = prepared(this.db, 'DELETE FROM checklist_ticks WHERE learner_id = ? AND item_id = ?');
    return items.filter((item) => remove.run(learnerId, item).changes === 1);
  }

  /** The learner's last pasted version of an artefact, to fill the form again. */
  artefact(learnerId: number, kind: string): string | undefined {
    return preparedPluck<[number, string], string>(this.db, 'SELECT content FROM artefacts WHERE learner_id = ? AND kind = ?').get(learnerId, kind);
  }

  saveArtefact(learnerId: number, kind: string, content: string, failedCriteria: string[], now: number): void {
    prepared(this.db, 'INSERT INTO artefacts (learner_id, kind, content, failed_criteria, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, kind) DO UPDATE SET content = excluded.content, failed_criteria = excluded.failed_criteria, updated_at = excluded.updated_at')
      .run(learnerId, kind, content, JSON.stringify(failedCriteria), new Date(now).toISOString());
  }

  /** Criteria whose last artefact check failed. */
  failedCriteria(learnerId: number): Set<string> {
    return new Set(preparedPluck<[number], string>(this.db, 'SELECT failed_criteria FROM artefacts WHERE learner_id = ?').all(learnerId).flatMap((json) => JSON.parse(json) as string[]));
  }
}
