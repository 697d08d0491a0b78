// Imports an NDJSON export into a store (SPEC §14): each line is parsed, mapped to a wire event
// (formats.ts), validated and normalised exactly as `POST /v1/batch` does (ingest/normalize.ts), and
// stored through the store's bulk mode (storage/bulk-ingest.ts) in big batches; while one batch is
// written the next is parsed. A rejected line goes with its number and reason to `FILE.rejects.ndjson`;
// every `FLUSH_LINES` lines or `FLUSH_MS` the store makes what it was given durable and then the resume
// point is saved beside the file, so a rerun goes on from there (and stores nothing twice).
import { closeSync, existsSync, openSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { normalizeEvent } from '../ingest/normalize.js';
import type { NormalizedEvent, Store } from '../storage/store.js';
import { openBulkIngest } from '../storage/bulk-ingest.js';
import { checkpointKey, readCheckpoint, removeCheckpoint, writeCheckpoint, type ImportCounts } from './checkpoint.js';
import { mapLine, type ImportFormat } from './formats.js';
import { openLines, type Line } from './read-lines.js';

export interface ImportOptions {
  format: ImportFormat;
  /** See `MapOptions.groupKey`. */
  groupKey?: string | null;
  /** Stop after this many lines of this run (the rest is left for a rerun); null = the whole file. */
  limit?: number | null;
  /** Lines per stored batch. */
  batchLines?: number;
  /** Lines after which what was written is made durable and the resume point saved (default `FLUSH_LINES`). */
  flushLines?: number;
  /** Nothing else writes the database meanwhile (`--exclusive`): longer transactions, see `BulkOptions.exclusive`. */
  exclusive?: boolean;
  /** Clock for the events' receivedAt (tests). */
  now?: () => number;
  /** Called after each committed batch. */
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  counts: ImportCounts;
  /** Bytes of the file read (compressed bytes for gzip) and its size (null for stdin). */
  bytesRead: number;
  totalBytes: number | null;
}

export interface ImportResult {
  /** Counts over the whole file, earlier interrupted runs included. */
  counts: ImportCounts;
  /** Lines handled by earlier runs (0 = started from the top). */
  resumedAfterLine: number;
  /** False when `limit` stopped the run before the end of the file. */
  finished: boolean;
  /** Where rejected lines went (null when none was rejected). */
  rejectsFile: string | null;
  ms: number;
}

// Small batches: a batch's objects are what survives each young-generation collection (copied by V8's
// GC threads), so 500 lines cost ~2–3 µs of GC per event less than 2 000 did.
export const DEFAULT_BATCH_LINES = 500;
/**
 * Batches written at once while the next is parsed: with two, neither thread waits for the other at
 * each hand-over (parsing and storing take about as long per event, and vary batch to batch).
 */
const IN_FLIGHT = 2;
/** Lines, and time (ms), after which what was written is made durable and the resume point saved. */
// A bulk transaction's rollup rows are written once per flush: 100 000 lines cost the writer ~1.5 µs
// per event less than 25 000 did (the same user-level rows are written fewer times).
export const FLUSH_LINES = 100_000;
export const FLUSH_MS = 1_000;
/** The time when the import holds the database alone (`--exclusive`: a rerun redoes at most ~10 s of work). */
export const EXCLUSIVE_FLUSH_MS = 10_000;

/** The side file of rejected lines: `FILE.rejects.ndjson` (`stdin.rejects.ndjson` in the working directory for `-`). */
export const rejectsPath = (file: string): string => (file === '-' ? 'stdin.rejects.ndjson' : `${file}.rejects.ndjson`);

interface PreparedBatch {
  events: NormalizedEvent[];
  read: number;
  rejected: number;
  last: Line;
  rejectBytes: number;
}

/** Appends rejected lines to the side file, opened on the first one. */
class RejectsFile {
  private fd: number | null = null;
  constructor(
    readonly path: string,
    public bytes: number,
  ) {}
  write(line: number, reason: string, text: string): void {
    this.fd ??= openSync(this.path, 'a');
    const record = Buffer.from(`${JSON.stringify({ line, reason, text: text.length > 10_000 ? `${text.slice(0, 10_000)}…` : text })}\n`);
    writeSync(this.fd, record);
    this.bytes += record.length;
  }
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
  }
}

/**
 * Imports `file` (`-` = stdin; gzip recognised by its content) into `project`.
 * @example const { counts } = await importFile(store, 'demo', 'export.ndjson.gz', { format: 'posthog' })
 */
export async function importFile(store: Store, project: string, file: string, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const now = options.now ?? Date.now;
  const mapOptions = { groupKey: options.groupKey ?? null };
  const resumable = file !== '-';
  const saved = resumable ? readCheckpoint(file, options.format, project) : null;
  const key = resumable ? checkpointKey(file, options.format, project) : null;

  const rejectsFile = rejectsPath(file);
  if (saved && existsSync(rejectsFile)) truncateSync(rejectsFile, saved.rejectBytes);
  else if (!saved) rmSync(rejectsFile, { force: true });
  const rejects = new RejectsFile(rejectsFile, saved?.rejectBytes ?? 0);

  const counts: ImportCounts = saved ? { ...saved.counts } : { read: 0, stored: 0, duplicates: 0, rejected: 0 };
  const source = openLines(file, saved?.offset ?? 0, saved?.line ?? 0, options.batchLines ?? DEFAULT_BATCH_LINES);
  const exclusive = options.exclusive ?? false;
  const bulk = openBulkIngest(store, { exclusive });
  let budget = options.limit ?? Infinity;
  let finished = true;

  const prepare = (lines: Line[]): PreparedBatch => {
    const receivedAt = now();
    const events: NormalizedEvent[] = [];
    let read = 0;
    let rejected = 0;
    for (const { number, text } of lines) {
      if (text.trim() === '') continue;
      read++;
      let reason: string;
      try {
        const mapped = mapLine(options.format, JSON.parse(text), text, mapOptions);
        if (mapped.ok) {
          const result = normalizeEvent(mapped.event, { receivedAt, sentAt: null, lazyContext: true });
          if (result.ok) {
            events.push(result.event);
            continue;
          }
          reason = result.reason;
        } else reason = mapped.reason;
      } catch (err) {
        reason = `not valid JSON: ${(err as Error).message}`;
      }
      rejected++;
      rejects.write(number, reason, text);
    }
    return { events, read, rejected, last: lines[lines.length - 1], rejectBytes: rejects.bytes };
  };

  const flushLines = options.flushLines ?? FLUSH_LINES;
  const flushMs = exclusive ? EXCLUSIVE_FLUSH_MS : FLUSH_MS;
  let linesSinceFlush = 0;
  let lastFlush = performance.now();
  /** The last flush's resume point, saved once durable (later batches are written meanwhile). */
  let saving: Promise<void> = Promise.resolve();
  /** Makes every batch written so far durable, then saves the resume point after `batch`. */
  const flush = (batch: PreparedBatch): Promise<void> => {
    linesSinceFlush = 0;
    lastFlush = performance.now();
    const point = key && { version: 1 as const, ...key, line: batch.last.number, offset: batch.last.endOffset, rejectBytes: batch.rejectBytes, counts: { ...counts } };
    const durable = bulk.flush();
    const previous = saving;
    saving = Promise.all([durable, previous]).then(() => {
      if (point) writeCheckpoint(file, point);
    });
    return saving;
  };
  let lastBatch = null as PreparedBatch | null;
  const commit = async (batch: PreparedBatch): Promise<void> => {
    const writing = bulk.write(project, batch.events);
    // The batch went to the writer as columns: its event objects would otherwise live (and be copied
    // by every young-generation collection) until the writer answers.
    batch.events = [];
    const result = await writing;
    counts.read += batch.read;
    counts.rejected += batch.rejected;
    counts.stored += result.accepted;
    counts.duplicates += result.duplicateIndexes.length;
    lastBatch = batch;
    linesSinceFlush += batch.read;
    // Not awaited: the flush is waited for by the next one, or at the end.
    if (linesSinceFlush >= flushLines || performance.now() - lastFlush >= flushMs) flush(batch).catch(() => {});
    // A plain file's progress is the committed offset (the reader runs a batch or two ahead).
    const bytesRead = source.gzip || file === '-' ? source.bytesRead() : batch.last.endOffset;
    options.onProgress?.({ counts, bytesRead, totalBytes: source.totalBytes });
  };

  /** Batches handed to the store and not yet answered, oldest first (at most `IN_FLIGHT`). */
  const inflight: Promise<void>[] = [];
  try {
    for await (let lines of source.batches) {
      if (lines.length >= budget) {
        finished = lines.length === budget ? finished : false;
        lines = lines.slice(0, budget);
      }
      budget -= lines.length;
      const batch = prepare(lines);
      if (inflight.length >= IN_FLIGHT) await inflight.shift();
      const written = commit(batch);
      written.catch(() => {}); // awaited below: its failure must not count as unhandled meanwhile
      inflight.push(written);
      if (budget <= 0) {
        // Stopped by --limit: finished only if nothing follows.
        if (finished) finished = (await source.batches.next()).done === true;
        break;
      }
    }
    while (inflight.length > 0) await inflight.shift();
    if (lastBatch) await flush(lastBatch);
  } finally {
    for (const pending of inflight) await pending.catch(() => {}); // an error, if any, is already on its way up
    rejects.close();
    await source.batches.return(undefined);
    await bulk.close().catch(() => {}); // after a failure: nothing more to make durable
  }
  if (finished && resumable) removeCheckpoint(file);
  return {
    counts,
    resumedAfterLine: saved?.line ?? 0,
    finished,
    rejectsFile: counts.rejected > 0 ? rejectsFile : null,
    ms: performance.now() - started,
  };
}
