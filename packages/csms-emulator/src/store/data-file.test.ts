import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretFixture } from '../testing/fixtures.js';
import { DataFile, DataFileError } from './data-file.js';
import type { PersistedDocument } from './model.js';
import { Store } from './store.js';

const PROJECT = 'p'.repeat(32);
const fresh = (): PersistedDocument => ({
  state: { schema: 1, projects: { [PROJECT]: { secrets: {}, events: {}, records: [] } } },
  tokens: {},
  identity: null,
});

const open: DataFile[] = [];
function openFile(path: string) {
  const opened = DataFile.open(path);
  open.push(opened.dataFile);
  return opened;
}
afterEach(() => {
  for (const f of open.splice(0)) f.close();
});

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'csms-data-')), 'nested', 'csms.json');

describe('DataFile', () => {
  it('starts empty, then keeps every committed change across reopen', () => {
    const path = tempFile();
    const first = openFile(path);
    expect(first.document).toBeNull();
    const store = new Store(fresh(), first.dataFile);
    store.commit([{ kind: 'secret', project: PROJECT, name: 'a', value: secretFixture({ name: 'a' }) }]);
    store.commit([
      { kind: 'secret', project: PROJECT, name: '__proto__', value: secretFixture({ name: '__proto__' }) },
    ]);
    store.close();
    open.pop();

    const again = openFile(path);
    expect(again.replayedEntries).toBe(2);
    expect(Object.keys(again.document!.state.projects[PROJECT]!.secrets)).toEqual(['a', '__proto__']);
  });

  it('drops a torn last line (a write that was never acknowledged) and keeps the rest', () => {
    const path = tempFile();
    const store = new Store(fresh(), openFile(path).dataFile);
    store.commit([{ kind: 'secret', project: PROJECT, name: 'a', value: secretFixture({ name: 'a' }) }]);
    store.close();
    open.pop();
    appendFileSync(`${path}.journal`, '{"changes":[{"kind":"secret","project":"p');

    const again = openFile(path);
    expect(again.droppedTornTail).toBe(true);
    expect(Object.keys(again.document!.state.projects[PROJECT]!.secrets)).toEqual(['a']);
    // Opening compacted: the torn bytes are gone and new appends are clean.
    new Store(again.document!, again.dataFile).commit([
      { kind: 'secret', project: PROJECT, name: 'b', value: secretFixture({ name: 'b' }) },
    ]);
    expect(readFileSync(`${path}.journal`, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('ignores a journal left from an older snapshot (crash during compaction)', () => {
    const path = tempFile();
    const store = new Store(fresh(), openFile(path).dataFile);
    store.commit([{ kind: 'secret', project: PROJECT, name: 'a', value: secretFixture({ name: 'a' }) }]);
    const oldJournal = readFileSync(`${path}.journal`, 'utf8');
    store.reset({ [PROJECT]: { secrets: {}, events: {}, records: [] } });
    store.close();
    open.pop();
    writeFileSync(`${path}.journal`, oldJournal);

    const again = openFile(path);
    expect(Object.keys(again.document!.state.projects[PROJECT]!.secrets)).toEqual([]);
  });

  it('refuses damage it cannot explain, and files that are not its own', () => {
    const path = tempFile();
    const store = new Store(fresh(), openFile(path).dataFile);
    store.commit([{ kind: 'secret', project: PROJECT, name: 'a', value: secretFixture({ name: 'a' }) }]);
    store.commit([{ kind: 'secret', project: PROJECT, name: 'b', value: secretFixture({ name: 'b' }) }]);
    store.close();
    open.pop();
    const lines = readFileSync(`${path}.journal`, 'utf8').split('\n');
    lines[1] = 'garbage';
    writeFileSync(`${path}.journal`, lines.join('\n'));
    expect(() => DataFile.open(path)).toThrow(/journal line 2 is damaged/);

    const other = tempFile();
    openFile(other).dataFile.close();
    open.pop();
    writeFileSync(other, '{"hello":"world"}');
    expect(() => DataFile.open(other)).toThrow(DataFileError);
    writeFileSync(other, 'not json');
    expect(() => DataFile.open(other)).toThrow(/not JSON/);
  });

  it('allows one emulator per file, and takes over a lock left by a dead process', () => {
    const path = tempFile();
    openFile(path);
    expect(() => DataFile.open(path)).toThrow(/in use by process/);
    open.pop()!.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    writeFileSync(`${path}.lock`, '999999999');
    expect(() => openFile(path)).not.toThrow();
  });
});
