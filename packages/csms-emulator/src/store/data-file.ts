/**
 * Durable state: `<file>` holds a snapshot, `<file>.journal` the mutations acknowledged since, `<file>.lock`
 * the pid of the emulator using it. Snapshots are written atomically (temp file, fsync, rename, fsync of the
 * directory); each mutation is one fdatasync'd journal line written before the emulator answers. Opening
 * replays the journal and compacts at once, which also drops a torn tail left by `kill -9`.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { applyChange, type Change } from './changes.js';
import { DataFileError, JournalWriter, journalHeader, readJournal } from './journal.js';
import type { PersistedDocument } from './model.js';
import { PersistedDocumentSchema, describeIssues } from './schema.js';

export { DataFileError } from './journal.js';

const FORMAT = 'csms-emulator-data';
/** Compact once the journal passes this size. */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

interface Snapshot {
  format: typeof FORMAT;
  generation: number;
  document: PersistedDocument;
}

export interface OpenedDataFile {
  dataFile: DataFile;
  /** null when the file did not exist yet. */
  document: PersistedDocument | null;
  replayedEntries: number;
  droppedTornTail: boolean;
}

export class DataFile {
  private journal: JournalWriter | null = null;

  private constructor(
    readonly path: string,
    private generation: number,
  ) {}

  static open(path: string): OpenedDataFile {
    mkdirSync(dirname(path), { recursive: true });
    acquireLock(`${path}.lock`);
    try {
      const snapshot = readSnapshot(path);
      const dataFile = new DataFile(path, snapshot?.generation ?? 0);
      if (!snapshot) return { dataFile, document: null, replayedEntries: 0, droppedTornTail: false };
      const journal = readJournal(`${path}.journal`, snapshot.generation);
      const document = snapshot.document;
      for (const entry of journal.entries) for (const change of entry) applyChange(document, change);
      const checked = PersistedDocumentSchema.safeParse(document);
      if (!checked.success) throw new DataFileError(`${path} is not valid: ${describeIssues(checked.error)}`);
      return {
        dataFile,
        document,
        replayedEntries: journal.entries.length,
        droppedTornTail: journal.droppedTail,
      };
    } catch (error) {
      rmSync(`${path}.lock`, { force: true });
      throw error;
    }
  }

  /** Makes one mutation durable. Call compact() first: appending needs an open journal. */
  append(changes: readonly Change[]): void {
    if (!this.journal) throw new Error('data file not compacted yet');
    this.journal.append(changes);
  }

  get needsCompaction(): boolean {
    return (this.journal?.size ?? Infinity) > COMPACT_AT_BYTES;
  }

  /** Writes the whole document as the next snapshot generation and starts an empty journal for it. */
  compact(document: PersistedDocument): void {
    const generation = this.generation + 1;
    const snapshot: Snapshot = { format: FORMAT, generation, document };
    writeAtomically(this.path, JSON.stringify(snapshot));
    this.journal?.close();
    this.journal = null;
    const header = journalHeader(generation);
    writeAtomically(`${this.path}.journal`, header);
    this.generation = generation;
    this.journal = JournalWriter.open(`${this.path}.journal`, Buffer.byteLength(header));
  }

  close(): void {
    this.journal?.close();
    this.journal = null;
    rmSync(`${this.path}.lock`, { force: true });
  }
}

function readSnapshot(path: string): Snapshot | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: Partial<Snapshot>;
  try {
    parsed = JSON.parse(text) as Partial<Snapshot>;
  } catch {
    throw new DataFileError(`${path} is not JSON; it is not a csms-emulator data file (or it was damaged)`);
  }
  if (parsed?.format !== FORMAT || typeof parsed.generation !== 'number' || !parsed.document)
    throw new DataFileError(`${path} is not a csms-emulator data file`);
  return parsed as Snapshot;
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    const data = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDirectory(dirname(path));
}

function fsyncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename itself is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One emulator per data file. A lock left by a killed process (its pid is gone) is taken over. */
function acquireLock(lockPath: string): void {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(lockPath, 'utf8').trim());
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
    throw new DataFileError(`${lockPath.slice(0, -5)} is in use by process ${holder}`);
  writeFileSync(lockPath, String(process.pid));
}
