import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answers/schema.js';
import { applyEvent } from '../../src/core/drill/reduce.js';
import type { DrillEvent } from '../../src/core/drill/types.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { DrillStore, type StoredDrill } from '../../src/store/drills.js';
import { learnerFor } from '../../src/store/learners.js';
import { purgeOlderThan } from '../../src/store/retention.js';
import { transaction } from '../../src/store/transaction.js';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const DRILL = 'drill-1';
const opened: Db[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

function open(path: string): Db {
  const db = openDatabase(path);
  opened.push(db);
  return db;
}

/** A database file with one learner and one practice drill (its `started` event committed). */
function withDrill(): { path: string; db: Db; store: DrillStore; learnerId: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'moderato-drills-')), 'drills.db');
  const db = open(path);
  const learnerId = learnerFor(db, 'terminal', 'alice', 'Alice', new Date(T0)).id;
  const store = new DrillStore(db);
  transaction(db, () => store.create(DRILL, learnerId, { platform: 'terminal', userId: 'alice' }, { type: 'started', at: T0, scenarioId: 'scenario', mode: 'practice' }));
  return { path, db, store, learnerId };
}

const answer = (comment: string, justification: string): Answer => ({ comment, needs_action: true, actions: ['reply'], justification, reply: `Bonjour, ${justification}` });

/** Folds `events` into the drill as the engine does, and appends them at its length. */
function appendTo(store: DrillStore, drill: StoredDrill, events: DrillEvent[]): StoredDrill {
  let state = drill.state;
  for (const event of events) state = applyEvent(state, event);
  store.append(drill.id, drill.length, events, state);
  return { ...drill, state, length: drill.length + events.length };
}

/** The drill as its log alone says: another connection, which has kept nothing. */
function replayedFrom(path: string): StoredDrill | undefined {
  return new DrillStore(open(path)).load(DRILL);
}

describe('the drill store', () => {
  it('loads, after an append, the state its caller folded, the same as replaying the log', () => {
    const { path, db, store } = withDrill();
    const started = store.load(DRILL)!;
    expect(started).toMatchObject({ length: 1, learnerId: expect.any(Number), scenarioId: 'scenario', mode: 'practice', origin: { platform: 'terminal', userId: 'alice' } });
    const folded = transaction(db, () => appendTo(store, started, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'premier') }, { type: 'drafted', at: T0 + 2000, draft: { comment: 'c2', needs_action: true } }]));
    const loaded = store.load(DRILL)!;
    expect(loaded.length).toBe(3);
    expect(loaded.state).toEqual(folded.state);
    expect(loaded.state.answers.get('c1')?.justification).toBe('premier');
    expect(replayedFrom(path)).toEqual(loaded);
  });

  it('after a rolled-back append, loads the state from before, and a different append at the same place loads right', () => {
    const { path, db, store } = withDrill();
    const before = store.load(DRILL)!;
    expect(() =>
      transaction(db, () => {
        appendTo(store, before, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'annulée') }]);
        // Inside the transaction the append is seen.
        expect(store.load(DRILL)!.state.answers.get('c1')?.justification).toBe('annulée');
        throw new Error('panne simulée');
      }),
    ).toThrow('panne simulée');
    const after = store.load(DRILL)!;
    expect(after.length).toBe(1);
    expect(after.state).toEqual(before.state);
    expect(after.state.answers.size).toBe(0);

    // The retry writes something else at the same sequence number, as many events.
    transaction(db, () => appendTo(store, after, [{ type: 'answered', at: T0 + 3000, answer: answer('c1', 'retenue') }]));
    const retried = store.load(DRILL)!;
    expect(retried.length).toBe(2);
    expect(retried.state.answers.get('c1')?.justification).toBe('retenue');
    expect(replayedFrom(path)).toEqual(retried);
  });

  it('after a rolled-back append, a different append at the same place made without loading first loads right', () => {
    const { path, db, store } = withDrill();
    const before = store.load(DRILL)!;
    expect(() =>
      transaction(db, () => {
        appendTo(store, before, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'annulée') }]);
        throw new Error('panne simulée');
      }),
    ).toThrow('panne simulée');
    transaction(db, () => appendTo(store, before, [{ type: 'answered', at: T0 + 3000, answer: answer('c1', 'retenue') }]));
    expect(store.load(DRILL)!.state.answers.get('c1')?.justification).toBe('retenue');
    expect(replayedFrom(path)).toEqual(store.load(DRILL));
  });

  it('after a savepoint rolled back inside a transaction that commits, loads what the transaction kept', () => {
    const { path, db, store } = withDrill();
    transaction(db, () => {
      const first = appendTo(store, store.load(DRILL)!, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'gardée') }]);
      expect(() =>
        transaction(db, () => {
          appendTo(store, first, [{ type: 'answered', at: T0 + 2000, answer: answer('c2', 'annulée') }]);
          throw new Error('panne simulée');
        }),
      ).toThrow('panne simulée');
      const inside = store.load(DRILL)!;
      expect(inside.length).toBe(2);
      expect([...inside.state.answers.keys()]).toEqual(['c1']);
    });
    expect([...store.load(DRILL)!.state.answers.keys()]).toEqual(['c1']);
    expect(replayedFrom(path)).toEqual(store.load(DRILL));
  });

  it('loads a drill deleted by the retention purge, by a plain DELETE or by the learner’s erasure as absent', () => {
    const purged = withDrill();
    expect(purged.store.load(DRILL)).toBeDefined();
    expect(purgeOlderThan(purged.db, T0 + 1)).toMatchObject({ drills: 1 });
    expect(purged.store.load(DRILL)).toBeUndefined();

    const deleted = withDrill();
    expect(deleted.store.load(DRILL)).toBeDefined();
    deleted.db.prepare('DELETE FROM drills WHERE id = ?').run(DRILL);
    expect(deleted.store.load(DRILL)).toBeUndefined();

    const erased = withDrill();
    expect(erased.store.load(DRILL)).toBeDefined();
    erased.db.prepare('DELETE FROM learners WHERE id = ?').run(erased.learnerId);
    expect(erased.store.load(DRILL)).toBeUndefined();
  });

  it('has a second store on the same database see the appends of the first', () => {
    const { db, store } = withDrill();
    const other = new DrillStore(db);
    expect(other.load(DRILL)!.length).toBe(1);
    transaction(db, () => appendTo(store, store.load(DRILL)!, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'vue') }]));
    const seen = other.load(DRILL)!;
    expect(seen.length).toBe(2);
    expect(seen.state.answers.get('c1')?.justification).toBe('vue');
  });

  it('sees what another connection wrote, even at the place of its own rolled-back append', () => {
    const { path, db, store } = withDrill();
    const before = store.load(DRILL)!;
    expect(() =>
      transaction(db, () => {
        appendTo(store, before, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'annulée') }]);
        throw new Error('panne simulée');
      }),
    ).toThrow('panne simulée');
    // Another process writes the same number of events where the rolled-back one was.
    const elsewhere = open(path);
    const theirs = new DrillStore(elsewhere);
    transaction(elsewhere, () => appendTo(theirs, theirs.load(DRILL)!, [{ type: 'answered', at: T0 + 2000, answer: answer('c1', 'ailleurs') }]));
    const loaded = store.load(DRILL)!;
    expect(loaded.length).toBe(2);
    expect(loaded.state.answers.get('c1')?.justification).toBe('ailleurs');
  });

  it('is not changed by a caller changing a state it was given or gave', () => {
    const { db, store } = withDrill();
    const appended = transaction(db, () => appendTo(store, store.load(DRILL)!, [{ type: 'answered', at: T0 + 1000, answer: answer('c1', 'donnée') }]));
    appended.state.answers.clear();
    appended.state.phase = 'closed';
    const loaded = store.load(DRILL)!;
    loaded.state.answers.set('c2', answer('c2', 'ajoutée'));
    loaded.state.remindersSent.add(5);
    loaded.state.submittedAt = T0;
    const again = store.load(DRILL)!;
    expect([...again.state.answers.keys()]).toEqual(['c1']);
    expect(again.state.remindersSent.size).toBe(0);
    expect(again.state.phase).toBe('practice');
    expect(again.state.submittedAt).toBeUndefined();
  });
});
