import { open, type FileHandle } from 'node:fs/promises';

/**
 * Group commit for a database opened with `synchronous = NORMAL` in WAL mode: a commit writes its
 * frames to the write-ahead log at once (a crash of the process loses nothing), and one fsync of
 * that log, off the main thread, makes durable every commit made before it started. Answers wait
 * for it before they are sent, so what a learner was told survives a power cut too, while the
 * event loop never blocks on the disk (with `synchronous = FULL` every event held the thread for
 * its own fsync: 1–2 ms each, the largest cost of a step when a cohort answers at once).
 */
export class WalFlush {
  private handle: Promise<FileHandle | undefined> | undefined;
  /** The fsync under way, and the one queued behind it for commits made after it started. */
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** fsyncs done since the start (the benches print it: how many commits each one carried). */
  syncs = 0;

  constructor(
    private readonly walPath: string,
    private readonly reportError: (error: unknown) => void = () => undefined,
    private readonly sync: (handle: FileHandle) => Promise<void> = (handle) => handle.sync(),
  ) {}

  /** Resolves once every commit made before this call is on disk; one fsync serves all who wait. */
  flush(): Promise<void> {
    // An fsync already under way may have started before the caller's commit: the next one is its.
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.flush();
      });
      return this.queued;
    }
    this.running = this.syncOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Closes the log's file handle (the database itself is closed by its owner). */
  async close(): Promise<void> {
    const handle = await this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async syncOnce(): Promise<void> {
    try {
      const handle = await this.openLog();
      if (!handle) return;
      await this.sync(handle);
      this.syncs += 1;
    } catch (error) {
      // The commit is written (the process may crash, nothing is lost); only a power cut could
      // still take it. Reported for the operator; the learner's answer is not refused for it.
      this.reportError(error);
    }
  }

  /** The log exists once something was written; SQLite keeps it (and its inode) while the database is open. */
  private openLog(): Promise<FileHandle | undefined> {
    this.handle ??= open(this.walPath, 'r+').catch((error: unknown) => {
      this.handle = undefined;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    return this.handle;
  }
}
