/**
 * The append-only journal beside the snapshot: a header line naming the snapshot generation it extends,
 * then one JSON line per acknowledged mutation. A line is written with one write() and fdatasync'd before
 * the emulator answers, so after a crash only the tail can be incomplete; that tail was never acknowledged
 * and is dropped. A journal whose generation differs from the snapshot's is stale (a crash during
 * compaction) and is ignored, because the newer snapshot already contains it.
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Change } from './changes.js';

const FORMAT = 'csms-emulator-journal';

export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

export interface JournalContents {
  entries: Change[][];
  /** True when an incomplete or unreadable tail (never acknowledged) was dropped. */
  droppedTail: boolean;
  /** True when the journal belonged to an older snapshot and was ignored. */
  stale: boolean;
}

export function journalHeader(generation: number): string {
  return `${JSON.stringify({ format: FORMAT, generation })}\n`;
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

export function readJournal(path: string, generation: number): JournalContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { entries: [], droppedTail: false, stale: false };
    throw error;
  }
  const lines = text.split('\n');
  // Everything after the last newline never completed.
  let droppedTail = lines.pop() !== '';
  const header = parseLine(lines[0] ?? '') as { format?: unknown; generation?: unknown } | undefined;
  if (header?.format !== FORMAT || header.generation !== generation)
    return { entries: [], droppedTail: false, stale: true };

  const parsed = lines.slice(1).map((line) => parseLine(line) as { changes?: unknown } | undefined);
  // Unreadable lines at the end are a torn, unacknowledged write; unreadable lines before a good one are damage.
  while (parsed.length > 0 && !Array.isArray(parsed.at(-1)?.changes)) {
    parsed.pop();
    droppedTail = true;
  }
  const bad = parsed.findIndex((entry) => !Array.isArray(entry?.changes));
  if (bad >= 0) throw new DataFileError(`${path}: journal line ${bad + 2} is damaged; refusing to guess`);
  return { entries: parsed.map((entry) => entry!.changes as Change[]), droppedTail, stale: false };
}

/** Appends durable entries to an open journal. */
export class JournalWriter {
  private bytes: number;

  constructor(
    private readonly fd: number,
    initialBytes: number,
  ) {
    this.bytes = initialBytes;
  }

  static open(path: string, initialBytes: number): JournalWriter {
    return new JournalWriter(openSync(path, 'a'), initialBytes);
  }

  get size(): number {
    return this.bytes;
  }

  append(changes: readonly Change[]): void {
    const line = Buffer.from(`${JSON.stringify({ changes })}\n`, 'utf8');
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written, line.length - written);
    fdatasyncSync(this.fd);
    this.bytes += line.length;
  }

  close(): void {
    closeSync(this.fd);
  }
}
