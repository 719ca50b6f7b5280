import type { Db } from './database.js';

/**
 * Side effects (timers, messages) that must wait for the outermost transaction to commit: a
 * rolled-back event leaves no timer armed and tells nobody about state that was never stored.
 */
const pending = new WeakMap<Db, Array<() => void>>();

/** Runs `work` in one IMMEDIATE transaction (a savepoint when nested): its writes all happen or none do. */
export function transaction<T>(db: Db, work: () => T): T {
  if (db.inTransaction) {
    const queue = pending.get(db);
    const mark = queue?.length ?? 0;
    try {
      return db.transaction(work)();
    } catch (error) {
      // The savepoint rolled back: so do the effects it asked for.
      queue?.splice(mark);
      throw error;
    }
  }
  const queue: Array<() => void> = [];
  pending.set(db, queue);
  let result: T;
  try {
    result = db.transaction(work).immediate();
  } finally {
    pending.delete(db);
  }
  for (const effect of queue) effect();
  return result;
}

/** Runs `effect` once the current transaction has committed (at once outside any transaction). */
export function afterCommit(db: Db, effect: () => void): void {
  const queue = db.inTransaction ? pending.get(db) : undefined;
  if (queue) queue.push(effect);
  else effect();
}
