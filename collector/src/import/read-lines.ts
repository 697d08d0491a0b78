// Streams the lines of an NDJSON file or of stdin, gzip or not (recognised by its first two bytes),
// with each line's number and the byte offset after it, so an import can resume where it stopped.
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface Line {
  /** 1-based line number in the (decompressed) input. */
  number: number;
  text: string;
  /** Offset in the decompressed input just after this line's newline. */
  endOffset: number;
}

export interface LineSource {
  /** Lines from the resume point on, in batches of up to `batchLines`. */
  batches: AsyncGenerator<Line[]>;
  /** Bytes of the file read so far (compressed bytes for a gzip file), for progress. */
  bytesRead(): number;
  /** Size of the file (null for stdin). */
  totalBytes: number | null;
  gzip: boolean;
}

const isGzipFile = (path: string): boolean => {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
};

/** Gunzips a chunk stream when its first chunk starts with the gzip magic bytes (stdin). */
async function* sniffGzip(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = { [Symbol.asyncIterator]: () => iterator };
  async function* all() {
    yield first.value;
    yield* rest;
  }
  if (first.value[0] === 0x1f && first.value[1] === 0x8b) yield* Readable.from(all()).pipe(createGunzip());
  else yield* all();
}

/**
 * Opens a file (`-` = stdin) for line reading, resuming after `startOffset` decompressed bytes, whose
 * lines were numbered up to `startLine`. A plain file seeks there; gzip and stdin read past it.
 * @example for await (const lines of openLines('events.ndjson.gz', 0, 0, 5000).batches) …
 */
export function openLines(path: string, startOffset: number, startLine: number, batchLines: number): LineSource {
  let raw = 0;
  const count = (stream: Readable): Readable => stream.on('data', (chunk: Buffer) => (raw += chunk.length));
  let chunks: AsyncIterable<Buffer>;
  let skip = startOffset;
  let gzip = false;
  let totalBytes: number | null = null;
  if (path === '-') {
    chunks = sniffGzip(count(process.stdin));
  } else {
    totalBytes = statSync(path).size;
    gzip = isGzipFile(path);
    const file = count(createReadStream(path, { start: gzip ? 0 : startOffset, highWaterMark: 1 << 20 }));
    if (gzip) chunks = file.pipe(createGunzip({ chunkSize: 1 << 18 }));
    else {
      chunks = file;
      raw = startOffset;
      skip = 0;
    }
  }
  return { batches: splitLines(chunks, skip, startOffset, startLine, batchLines), bytesRead: () => raw, totalBytes, gzip };
}

async function* splitLines(chunks: AsyncIterable<Buffer>, skip: number, offset: number, lineNumber: number, batchLines: number): AsyncGenerator<Line[]> {
  let pending: Buffer | null = null;
  let batch: Line[] = [];
  let position = offset - skip; // offset in the decompressed input of pending[0]
  for await (let chunk of chunks) {
    if (skip > 0) {
      // Bytes before the resume point of an input that cannot seek (gzip, stdin).
      const drop = Math.min(skip, chunk.length);
      skip -= drop;
      position += drop;
      if (drop === chunk.length) continue;
      chunk = chunk.subarray(drop);
    }
    const buffer: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    let newline = buffer.indexOf(10, start);
    while (newline !== -1) {
      lineNumber++;
      batch.push({ number: lineNumber, text: buffer.toString('utf8', start, newline), endOffset: position + newline + 1 });
      if (batch.length >= batchLines) {
        yield batch;
        batch = [];
      }
      start = newline + 1;
      newline = buffer.indexOf(10, start);
    }
    position += start;
    pending = start < buffer.length ? buffer.subarray(start) : null;
  }
  if (pending && pending.length > 0) {
    lineNumber++;
    batch.push({ number: lineNumber, text: pending.toString('utf8'), endOffset: position + pending.length });
  }
  if (batch.length > 0) yield batch;
}
