/**
 * The emulator's state behind one door. Reads go straight to memory. Every mutation is a list of
 * whole-entity changes: made durable first (journal line + fdatasync when a data file is open), then applied,
 * so an answered request is never lost and a failed write changes nothing. Entities in the store are never
 * mutated in place; domain code clones, changes and commits.
 */
import { applyChange, type Change } from './changes.js';
import type { DataFile } from './data-file.js';
import type {
  EmulatorIdentity,
  EmulatorState,
  PersistedDocument,
  ProjectState,
  StoredToken,
} from './model.js';
import { getOwn, setOwn } from './own.js';

/** Called after each commit with its changes, or with null after a whole project or state was replaced. */
export type CommitListener = (changes: readonly Change[] | null) => void;

export class Store {
  private readonly sortedNames = new Map<string, string[]>();
  private readonly listeners: CommitListener[] = [];

  constructor(
    private readonly document: PersistedDocument,
    private readonly dataFile: DataFile | null = null,
  ) {
    this.dataFile?.compact(this.document);
  }

  get persistent(): boolean {
    return this.dataFile !== null;
  }

  get state(): EmulatorState {
    return this.document.state;
  }

  get identity(): EmulatorIdentity | null {
    return this.document.identity;
  }

  project(id: string): ProjectState | undefined {
    return getOwn(this.document.state.projects, id);
  }

  token(token: string): StoredToken | undefined {
    return getOwn(this.document.tokens, token);
  }

  /** Secret names of a project in ascending code-unit order (the ListSecrets order), cached until one is added or removed. */
  sortedSecretNames(projectId: string): readonly string[] {
    let names = this.sortedNames.get(projectId);
    if (!names) {
      names = Object.keys(this.project(projectId)?.secrets ?? {}).sort();
      this.sortedNames.set(projectId, names);
    }
    return names;
  }

  commit(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    this.dataFile?.append(changes);
    for (const change of changes) {
      if (change.kind === 'secret') {
        const existed = getOwn(this.project(change.project)?.secrets ?? {}, change.name) !== undefined;
        if (existed !== (change.value !== null)) this.sortedNames.delete(change.project);
      }
      applyChange(this.document, change);
    }
    if (this.dataFile?.needsCompaction) this.dataFile.compact(this.document);
    for (const listener of this.listeners) listener(changes);
  }

  /** Replaces one project's whole state (seed, admin import). */
  replaceProject(projectId: string, project: ProjectState): void {
    setOwn(this.document.state.projects, projectId, project);
    this.afterReplace();
  }

  /** Replaces every project; tokens and identity stay. */
  reset(projects: Record<string, ProjectState>): void {
    const fresh: EmulatorState['projects'] = {};
    for (const [id, project] of Object.entries(projects)) setOwn(fresh, id, project);
    this.document.state.projects = fresh;
    this.afterReplace();
  }

  setIdentity(identity: EmulatorIdentity): void {
    this.document.identity = identity;
    this.dataFile?.compact(this.document);
  }

  /** Drops expired tokens (on compaction-worthy events only; a lookup checks expiry itself). */
  pruneTokens(now: number): void {
    const expired = Object.entries(this.document.tokens).filter(([, t]) => t.expires_at <= now);
    this.commit(expired.map(([token]) => ({ kind: 'token', token, value: null })));
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.dataFile?.close();
  }

  private afterReplace(): void {
    this.sortedNames.clear();
    this.dataFile?.compact(this.document);
    for (const listener of this.listeners) listener(null);
  }
}
