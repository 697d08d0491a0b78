// The resume point of an import, kept beside the file (`FILE.import-state.json`) and rewritten
// (atomically, by rename) after each batch the store has committed. It holds for the same file, format
// and project only; a finished import removes it.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ImportCounts {
  /** Non-blank lines read. */
  read: number;
  /** Events newly stored. */
  stored: number;
  /** Events the store already had (an earlier run, or repeated in the file). */
  duplicates: number;
  /** Lines refused (bad JSON, a missing field, an event the API would refuse). */
  rejected: number;
}

export interface Checkpoint {
  version: 1;
  file: string;
  size: number;
  mtimeMs: number;
  format: string;
  project: string;
  /** Lines (blank ones included) already handled, and the decompressed bytes they take. */
  line: number;
  offset: number;
  /** Length of the rejects file at that point (later lines' rejects are rewritten on resume). */
  rejectBytes: number;
  counts: ImportCounts;
}

export const checkpointPath = (file: string): string => `${file}.import-state.json`;

/** What the checkpoint must match: the file as it is now, and the same format and project. */
export function checkpointKey(file: string, format: string, project: string): Pick<Checkpoint, 'file' | 'size' | 'mtimeMs' | 'format' | 'project'> {
  const stat = statSync(file);
  return { file: resolve(file), size: stat.size, mtimeMs: stat.mtimeMs, format, project };
}

/**
 * The saved resume point for this file, format and project, or null (none, or for another input).
 * @example readCheckpoint('events.ndjson', 'segment', 'demo')?.line
 */
export function readCheckpoint(file: string, format: string, project: string): Checkpoint | null {
  const path = checkpointPath(file);
  if (!existsSync(path)) return null;
  let saved: Checkpoint;
  try {
    saved = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  } catch {
    return null;
  }
  const key = checkpointKey(file, format, project);
  const same = saved.version === 1 && saved.file === key.file && saved.size === key.size && saved.mtimeMs === key.mtimeMs && saved.format === format && saved.project === project;
  return same ? saved : null;
}

export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const path = checkpointPath(file);
  writeFileSync(`${path}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${path}.tmp`, path);
}

export function removeCheckpoint(file: string): void {
  rmSync(checkpointPath(file), { force: true });
}
