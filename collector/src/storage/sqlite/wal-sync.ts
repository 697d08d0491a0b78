// Makes committed WAL frames durable off the main thread: SQLite commits with synchronous=NORMAL
// (frames written, no fsync), then this fsyncs the -wal file on libuv's thread pool before a batch
// is acknowledged. Same guarantee as synchronous=FULL (survives power loss, not only a killed
// process), but the event loop keeps parsing requests while the disk syncs, and one fsync covers
// every batch committed before it started (group commit).
import { closeSync, fsync, openSync } from 'node:fs';

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

export class WalSync {
  private fd: number | null = null;
  private waiting: Waiter[] = [];
  private running: Promise<void> | null = null;

  /** @param walPath the database's `-wal` file */
  constructor(private readonly walPath: string) {}

  /**
   * Resolves once everything written to the WAL before this call is on disk.
   * @example db.transaction(write)(); await walSync.sync(); acknowledge();
   */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Waits for pending syncs, then releases the file descriptor. */
  async close(): Promise<void> {
    while (this.running) await this.running;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private async drain(): Promise<void> {
    // Callers that arrive while an fsync runs wait for the next one: theirs may have been written after it began.
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0);
      try {
        await this.fsyncWal();
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.running = null;
  }

  private fsyncWal(): Promise<void> {
    if (this.fd === null) {
      try {
        // The -wal file keeps its inode while the connection is open (SQLite rewinds it, never deletes it).
        this.fd = openSync(this.walPath, 'r');
      } catch (err) {
        // No WAL file: nothing has been written through it.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve();
        return Promise.reject(err);
      }
    }
    const fd = this.fd;
    return new Promise((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));
  }
}
