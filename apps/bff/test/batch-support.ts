/**
 * Shared by the batch tests: every version of the ENABLED secrets as CSMS holds it (read straight from CSMS,
 * not through the BFF), the audit rows of a batch, and polling a batch until it is done.
 */
import type { CsmsClient } from '@csms-console/csms-client';
import { expect } from 'vitest';

export interface HeldVersion {
  secret: string;
  version: string;
  expire_time: number | null;
  stages: string[];
}

/** Every version of every ENABLED secret, in a stable order. */
export async function enabledVersions(client: CsmsClient): Promise<HeldVersion[]> {
  const out: HeldVersion[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const listed = await client.listSecrets({ limit: 100, ...(marker && { marker }) });
    for (const secret of listed.secrets) {
      if (secret.state !== 'ENABLED') continue;
      const versions = await client.listSecretVersions(secret.name, { limit: 100 });
      for (const v of versions.version_metadatas) {
        out.push({ secret: secret.name, version: v.id, expire_time: v.expire_time ?? null, stages: v.version_stages ?? [] });
      }
    }
    marker = listed.page_info.next_marker;
    if (!marker || listed.secrets.length < 100) break;
  }
  return out;
} // prettier-ignore

/** CSMS's expiry of each (secret, version) in `targets` now. */
export async function heldNow(client: CsmsClient, targets: Array<{ secret: string; version: string }>) {
  const held = new Map<string, number | null>();
  for (const secret of new Set(targets.map((t) => t.secret))) {
    const page = await client.listSecretVersions(secret, { limit: 100 });
    for (const v of page.version_metadatas) held.set(`${secret}/${v.id}`, v.expire_time ?? null);
  }
  return held;
}

export interface BatchAnswer {
  id: string;
  state: 'running' | 'done';
  total: number;
  done: number;
  items: Array<{
    secret: string;
    version: string;
    status: string;
    code?: string;
    expire_time?: number | null;
    current_expire_time?: number | null;
    csms_request_id?: string;
  }>;
}

/** Polls `get` until the batch is done (or `timeoutMs` passes: the test fails with the last answer). */
export async function untilDone(
  get: () => Promise<{ status: number; json: unknown }>,
  timeoutMs = 60_000,
): Promise<BatchAnswer> {
  const started = Date.now();
  for (;;) {
    const res = await get();
    expect(res.status).toBe(200);
    const batch = res.json as BatchAnswer;
    if (batch.state === 'done') return batch;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`batch still running after ${timeoutMs} ms: ${batch.done}/${batch.total}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Audit rows carrying a batch id, per intent: the intent's item and its outcome rows. */
export const BATCH_AUDIT_SQL = `
  SELECT i.id, (i.details->>'batch_item')::int AS item, i.secret, i.version,
         coalesce(array_agg(o.outcome ORDER BY o.seq) FILTER (WHERE o.id IS NOT NULL), '{}') AS outcomes,
         bool_and(o.details->>'batch_id' = i.details->>'batch_id') AS outcome_has_batch
    FROM audit_log i LEFT JOIN audit_log o ON o.intent_id = i.id
   WHERE i.outcome = 'intent' AND i.details->>'batch_id' = $1
   GROUP BY i.id, i.details, i.secret, i.version`;

export interface BatchAuditRow {
  id: string;
  item: number;
  secret: string;
  version: string;
  outcomes: string[];
  outcome_has_batch: boolean | null;
}
