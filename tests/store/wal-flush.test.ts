import { mkdtempSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { WalFlush } from '../../src/store/wal-flush.js';

function databaseFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'moderato-wal-')), 'test.db');
}

/** An fsync the test finishes by hand, to see who waits for which. */
function manualSync(): { sync: (handle: FileHandle) => Promise<void>; started: number; finish(): void } {
  const waiting: Array<() => void> = [];
  const control = {
    started: 0,
    sync: () => {
      control.started += 1;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    finish: () => waiting.shift()?.(),
  };
  return control;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('group commit (one fsync of the write-ahead log for the commits of a moment)', () => {
  it('leaves each commit unflushed only when asked, the terminal keeps a flush per commit', () => {
    const path = databaseFile();
    const grouped = openDatabase(path, { groupCommit: true });
    expect(grouped.pragma('synchronous', { simple: true })).toBe(1);
    grouped.close();
    const single = openDatabase(path);
    expect(single.pragma('synchronous', { simple: true })).toBe(2);
    single.close();
  });

  it('serves everyone waiting with one fsync, and never one that started before their commit', async () => {
    const path = databaseFile();
    const db = openDatabase(path, { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    const control = manualSync();
    const flush = new WalFlush(`${path}-wal`, undefined, control.sync);
    const done: string[] = [];
    void flush.flush().then(() => done.push('a'));
    await settle();
    expect(control.started).toBe(1);
    // Committed while the first fsync runs: they wait for the next one, which both share.
    db.prepare('INSERT INTO t VALUES (1)').run();
    void flush.flush().then(() => done.push('b'));
    void flush.flush().then(() => done.push('c'));
    control.finish();
    await settle();
    expect(done).toEqual(['a']);
    expect(control.started).toBe(2);
    control.finish();
    await settle();
    expect(done).toEqual(['a', 'b', 'c']);
    expect(flush.syncs).toBe(2);
    await flush.close();
    db.close();
  });

  it('flushes the real log file, and resolves at once when nothing was ever written', async () => {
    const path = databaseFile();
    const nothing = new WalFlush(`${path}-missing-wal`);
    await nothing.flush();
    expect(nothing.syncs).toBe(0);
    const db = openDatabase(path, { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    db.prepare('INSERT INTO t VALUES (1)').run();
    const flush = new WalFlush(`${path}-wal`);
    await Promise.all([flush.flush(), flush.flush(), flush.flush()]);
    expect(flush.syncs).toBeGreaterThanOrEqual(1);
    expect(flush.syncs).toBeLessThanOrEqual(2);
    await flush.close();
    db.close();
  });

  it('reports a failed fsync and still answers (the commit is written; only a power cut could take it)', async () => {
    const path = databaseFile();
    const db = openDatabase(path, { groupCommit: true });
    db.exec('CREATE TABLE t (x INTEGER)');
    const reported: unknown[] = [];
    const flush = new WalFlush(`${path}-wal`, (error) => reported.push(error), () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })));
    await flush.flush();
    expect(reported).toHaveLength(1);
    await flush.close();
    db.close();
  });
});
