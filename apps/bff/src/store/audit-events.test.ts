/**
 * The audit page's events in SQL (store/audit-events.ts) on both backends: the pairing of intents and outcomes,
 * every filter, and paging over 10,000 rows while rows are appended. What each test expects is computed here
 * from the rows it wrote, by a plain pairing in JavaScript, not by the store's SQL.
 */
import type { AuditEntry, AuditEvent, AuditEventOutcome } from '@csms-console/api-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventsFilter } from './audit-events.js';
import { appendMany, describeEachStore } from './testing.js';
import type { NewAuditEntry, Stores } from './types.js';

const T0 = 1_800_000_000_000;
const DAY = 86_400_000;

/** The events of `rows` as the page should show them, newest first: the reference pairing. */
function expectedEvents(rows: readonly AuditEntry[]): Array<{ id: string; first: string; outcome: AuditEventOutcome }> {
  const outcomeOf = new Map<string, AuditEntry>();
  for (const r of rows) if (r.intent_id !== null && !outcomeOf.has(r.intent_id)) outcomeOf.set(r.intent_id, r);
  const names: Record<string, AuditEventOutcome> = {
    success: 'applied', failure: 'failed', reconciled: 'reconciled', intent: 'pending',
    ok: 'ok', denied: 'denied', rejected: 'rejected',
  };
  return rows
    .filter((r) => r.intent_id === null)
    .map((r) => {
      const o = r.outcome === 'intent' ? outcomeOf.get(r.id) : undefined;
      return { id: (o ?? r).id, first: r.id, outcome: names[(o ?? r).outcome]! };
    })
    .reverse();
} // prettier-ignore

describeEachStore('audit events', (getStores: () => Stores) => {
  const audit = () => getStores().audit;
  const base = {
    action: 'version.update' as const,
    actor: { id: 'u1', name: 'alice', role: 'admin' as const, auth_method: 'password' },
    target: { account: 'ev', project_id: 'p', secret: 'db', version: 'v1' },
  };
  let applied: { intent: AuditEntry; outcome: AuditEntry };
  let failed: { intent: AuditEntry; outcome: AuditEntry };
  let reconciled: { intent: AuditEntry; outcome: AuditEntry };
  let pending: AuditEntry;
  let view: AuditEntry;

  beforeAll(async () => {
    const change = async (extra: Partial<NewAuditEntry>, outcome?: Partial<NewAuditEntry>) => {
      const intent = await audit().append({
        ...base,
        ...extra,
        outcome: 'intent',
        before: { expire_time: T0 },
        after: { expire_time: T0 + DAY },
        reason: 'ticket 1',
      });
      if (!outcome) return { intent, outcome: intent };
      const row = await audit().append({
        ...base,
        ...extra,
        outcome: 'success',
        intent_id: intent.id,
        before: { expire_time: T0 },
        after: { expire_time: T0 + DAY },
        ...outcome,
      });
      return { intent, outcome: row };
    };
    applied = await change({ at: T0 + 1 }, { at: T0 + 2, csms_request_id: 'req-ok' });
    failed = await change(
      { at: T0 + 3, target: { ...base.target, version: 'v2' }, details: { batch_id: 'B1', batch_item: 0 } },
      { at: T0 + 4, outcome: 'failure', after: null, csms_error_code: 'CSMS.0401', details: { sent: true, batch_id: 'B1', batch_item: 0 } },
    ); // prettier-ignore
    reconciled = await change(
      { at: T0 + 5, actor: { name: 'bob', role: 'support' } },
      { at: T0 + 6, outcome: 'reconciled', after: { expire_time: T0 }, details: { applied: false } },
    );
    pending = (await change({ at: T0 + 7, target: { ...base.target, secret: 'api' } })).intent;
    view = await audit().append({
      action: 'audit.view',
      outcome: 'ok',
      at: T0 + 8,
      target: { account: 'ev' },
    });
  });

  const page = (filter: AuditEventsFilter, limit = 50, cursor?: string) =>
    audit().events({ account: 'ev', ...filter }, { limit, cursor });
  const ids = async (filter: AuditEventsFilter) => (await page(filter)).events.map((e) => e.id);

  it('pairs each change into one event: applied, failed with the CSMS error, reconciled, pending', async () => {
    const { events, next_cursor } = await page({});
    expect(next_cursor).toBeNull();
    expect(events.map((e) => [e.id, e.outcome])).toEqual([
      [view.id, 'ok'],
      [pending.id, 'pending'],
      [reconciled.outcome.id, 'reconciled'],
      [failed.outcome.id, 'failed'],
      [applied.outcome.id, 'applied'],
    ]);
    expect(events[4]).toEqual({
      id: applied.outcome.id,
      seq: applied.outcome.seq,
      at: T0 + 2,
      action: 'version.update',
      outcome: 'applied',
      actor: { name: 'alice', role: 'admin' },
      account: 'ev',
      secret: 'db',
      version: 'v1',
      before_expire_time: T0,
      requested_expire_time: T0 + DAY,
      after_expire_time: T0 + DAY,
      reason: 'ticket 1',
      csms_request_id: 'req-ok',
      csms_error_code: null,
      batch_id: null,
      request_id: null,
      client_ip: null,
      intent: { id: applied.intent.id, at: T0 + 1 },
      details: null,
    } satisfies AuditEvent);
    expect(events[3]).toMatchObject({
      after_expire_time: null,
      csms_error_code: 'CSMS.0401',
      batch_id: 'B1',
      details: { sent: true, batch_id: 'B1', batch_item: 0 },
    });
    expect(events[2]).toMatchObject({
      actor: { name: 'bob', role: 'support' },
      requested_expire_time: T0 + DAY,
      after_expire_time: T0,
      details: { applied: false },
    });
    expect(events[1]).toMatchObject({
      seq: pending.seq,
      at: T0 + 7,
      intent: { id: pending.id, at: T0 + 7 },
      requested_expire_time: T0 + DAY,
      after_expire_time: null,
    });
    expect(events[0]).toMatchObject({ intent: null, before_expire_time: null, requested_expire_time: null });
  });

  it('filters by target, actor, action, outcome, batch and the event time', async () => {
    expect(await ids({ secret: 'api' })).toEqual([pending.id]);
    expect(await ids({ version: 'v2' })).toEqual([failed.outcome.id]);
    expect(await ids({ actor: 'bob' })).toEqual([reconciled.outcome.id]);
    expect(await ids({ action: 'audit.view' })).toEqual([view.id]);
    expect(await ids({ outcome: 'applied' })).toEqual([applied.outcome.id]);
    expect(await ids({ outcome: 'failed' })).toEqual([failed.outcome.id]);
    expect(await ids({ outcome: 'reconciled' })).toEqual([reconciled.outcome.id]);
    expect(await ids({ outcome: 'pending' })).toEqual([pending.id]);
    expect(await ids({ outcome: 'ok' })).toEqual([view.id]);
    expect(await ids({ outcome: 'denied' })).toEqual([]);
    expect(await ids({ batch: 'B1' })).toEqual([failed.outcome.id]);
    // The event's time is its outcome's: the applied change (intent T0+1, outcome T0+2) is in [T0+2, ...).
    expect(await ids({ from: T0 + 2, to: T0 + 3 })).toEqual([applied.outcome.id]);
    expect(await ids({ from: T0 + 1, to: T0 + 2 })).toEqual([]);
    expect(await ids({ from: T0 + 7 })).toEqual([view.id, pending.id]);
    expect(await ids({ account: 'nope' })).toEqual([]);
  });

  it('`entry`: an intent or an outcome id gives that whole change, another row id that row', async () => {
    expect(await ids({ entry: reconciled.intent.id })).toEqual([reconciled.outcome.id]);
    expect(await ids({ entry: reconciled.outcome.id })).toEqual([reconciled.outcome.id]);
    expect(await ids({ entry: pending.id })).toEqual([pending.id]);
    expect(await ids({ entry: view.id })).toEqual([view.id]);
    expect(await ids({ entry: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).toEqual([]);
  });

  it('treats filter values as data, not SQL', async () => {
    expect(await ids({ actor: "alice' OR '1'='1" })).toEqual([]);
    expect(await ids({ batch: "B1' OR '1'='1" })).toEqual([]);
  });

  it('the raw rows filter by batch and by entry too', async () => {
    const raw = await audit().list({ batch: 'B1' }, { limit: 10 });
    expect(raw.entries.map((e) => e.id)).toEqual([failed.outcome.id, failed.intent.id]);
    const one = await audit().list({ entry: applied.intent.id }, { limit: 10 });
    expect(one.entries.map((e) => e.id)).toEqual([applied.intent.id]);
  });

  it("outside changes' input: each version's last settled change, flagging any pending one", async () => {
    const at = (n: number) => T0 + 100 + n;
    const target = (secret: string, version: string) => ({ account: 'oc', secret, version });
    const rows = await appendMany(getStores().db, 12, (i, done) => {
      const t = (secret: string, version: string) => ({ ...base, target: target(secret, version), at: at(i) });
      switch (i) {
        case 0: return { ...t('a', 'v1'), outcome: 'intent', after: { expire_time: 1000 } };
        case 1: return { ...t('a', 'v1'), outcome: 'success', intent_id: done[0]!.id, after: { expire_time: 1000 } };
        case 2: return { ...t('a', 'v1'), outcome: 'intent', after: { expire_time: 2000 } };
        case 3: return { ...t('a', 'v1'), outcome: 'failure', intent_id: done[2]!.id, after: null };
        case 4: return { ...t('b', 'v1'), outcome: 'intent', after: { expire_time: 3000 } };
        case 5: return { ...t('b', 'v1'), outcome: 'reconciled', intent_id: done[4]!.id, after: { expire_time: 4000 }, actor: { name: 'bob' } };
        case 6: return { ...t('b', 'v1'), outcome: 'intent', after: { expire_time: 5000 } };
        case 7: return { ...t('c', 'v1'), outcome: 'intent', after: { expire_time: 6000 } };
        case 8: return { ...t('c', 'v1'), outcome: 'failure', intent_id: done[7]!.id };
        // An intent written while the one before it was in flight: lower seq than that change's outcome.
        case 9: return { ...t('d', 'v1'), outcome: 'intent', after: { expire_time: 7000 } };
        case 10: return { ...t('d', 'v1'), outcome: 'intent', after: { expire_time: 8000 } };
        default: return { ...t('d', 'v1'), outcome: 'success', intent_id: done[9]!.id, after: { expire_time: 7000 } };
      }
    }); // prettier-ignore
    const changes = await audit().lastChanges('oc');
    expect(changes.sort((x, y) => x.secret.localeCompare(y.secret))).toEqual([
      { secret: 'a', version: 'v1', id: rows[1]!.id, at: at(1), actor_name: 'alice', expire_time: 1000, pending_after: false },
      { secret: 'b', version: 'v1', id: rows[5]!.id, at: at(5), actor_name: 'bob', expire_time: 4000, pending_after: true },
      { secret: 'd', version: 'v1', id: rows[11]!.id, at: at(11), actor_name: 'alice', expire_time: 7000, pending_after: true },
    ]); // prettier-ignore
    expect(await audit().lastChanges('nobody')).toEqual([]);
    expect((await audit().verify()).intact).toBe(true);
  });

  describe('10,000 rows', () => {
    let all: AuditEntry[];
    const actors = ['ann', 'ben', 'cat', 'dan'];
    const secrets = ['s0', 's1', 's2', 's3', 's4', 's5'];

    beforeAll(async () => {
      // Changes (an intent, its outcome a few rows later; some left open), batches, other rows between.
      const open: AuditEntry[] = [];
      all = await appendMany(getStores().db, 10_000, (i, done) => {
        const previous = done.at(-1);
        if (previous?.outcome === 'intent' && i % 13 !== 0) open.push(previous); // every 13th stays open
        const common = {
          at: T0 + 10 * DAY + i * 1000,
          actor: { name: actors[i % 4]!, role: 'admin' as const },
          target: { account: 'big', secret: secrets[i % 6]!, version: `v${i % 3}` },
        };
        if (open.length > 3 || (open.length > 0 && i % 7 === 0)) {
          const intent = open.shift()!;
          const outcome = (['success', 'failure', 'reconciled', 'success'] as const)[i % 4]!;
          // The outcome repeats its intent's actor, target and batch, as the versions service writes it.
          return {
            ...common, action: 'version.update', outcome, intent_id: intent.id, actor: intent.actor,
            target: intent.target, details: intent.details, after: { expire_time: T0 + i },
          };
        } // prettier-ignore
        if (i % 3 === 0) return { ...common, action: 'audit.view', outcome: 'ok' };
        if (i % 11 === 0) return { ...common, action: 'authz.denied', outcome: 'denied' };
        return {
          ...common,
          ...(i % 5 === 0 && { details: { batch_id: `BATCH${i % 4}`, batch_item: i } }),
          action: 'version.update',
          outcome: 'intent',
          before: { expire_time: T0 },
          after: { expire_time: T0 + i },
        };
      });
    }, 120_000);

    it('pages through every matching event exactly once while rows are appended', async () => {
      const settled = new Set(all.map((r) => r.intent_id));
      const open = all.filter((r) => r.outcome === 'intent' && r.intent_id === null && !settled.has(r.id));
      expect(open.length).toBeGreaterThan(50);
      const filters: AuditEventsFilter[] = [
        { account: 'big' },
        { account: 'big', actor: 'ben' },
        { account: 'big', secret: 's2', version: 'v2' },
        { account: 'big', batch: 'BATCH2' },
        { account: 'big', action: 'authz.denied' },
        { account: 'big', from: T0 + 10 * DAY + 2_000_000, to: T0 + 10 * DAY + 7_000_000 },
        { account: 'big', outcome: 'applied' },
      ];
      for (const filter of filters) {
        const label = JSON.stringify(filter);
        const before: string[] = [];
        for await (const e of audit().iterateEvents(filter)) before.push(e.intent?.id ?? e.id);
        expect(before.length, label).toBeGreaterThan(filter.batch ? 50 : 200);
        const seen: string[] = [];
        const settledMeanwhile = new Set<string>();
        let cursor: string | undefined;
        do {
          const answer = await audit().events(filter, { limit: 200, cursor });
          seen.push(...answer.events.map((e) => e.intent?.id ?? e.id));
          cursor = answer.next_cursor ?? undefined;
          // Appended meanwhile: a new event every filter but two matches, and outcomes for open intents
          // (further down the pages, or already passed).
          await audit().append({
            action: 'version.update', outcome: 'intent', at: T0 + 10 * DAY + 3_000_000, actor: { name: 'ben' },
            target: { account: 'big', secret: 's2', version: 'v2' }, details: { batch_id: 'BATCH2', batch_item: 0 },
          }); // prettier-ignore
          for (const intent of open.splice(0, 2)) {
            settledMeanwhile.add(intent.id);
            await audit().append({
              action: 'version.update', outcome: 'success', intent_id: intent.id, at: intent.at + 1,
              actor: intent.actor, target: intent.target, details: intent.details,
            }); // prettier-ignore
          }
        } while (cursor !== undefined);
        expect(new Set(seen).size, `${label}: no event twice`).toBe(seen.length);
        if (filter.outcome === undefined) {
          // Exactly the events there were when paging began, in order: none lost, none added.
          expect(seen, label).toEqual(before);
        } else {
          // An open change settled meanwhile below the cursor now matches `applied` too: nothing else does.
          expect(seen.filter((id) => !before.includes(id)).every((id) => settledMeanwhile.has(id))).toBe(
            true,
          );
          expect(
            before.every((id) => seen.includes(id)),
            label,
          ).toBe(true);
        }
      }
    }, 120_000);

    it('matches the reference pairing for every filter, page after page', async () => {
      const rows: AuditEntry[] = [];
      for await (const r of audit().iterate({ account: 'big' })) rows.push(r);
      const expected = expectedEvents(rows);
      const got: Array<{ id: string; first: string; outcome: AuditEventOutcome }> = [];
      let cursor: string | undefined;
      do {
        const answer = await audit().events({ account: 'big' }, { limit: 200, cursor });
        got.push(
          ...answer.events.map((e) => ({ id: e.id, first: e.intent?.id ?? e.id, outcome: e.outcome })),
        );
        cursor = answer.next_cursor ?? undefined;
      } while (cursor !== undefined);
      expect(got).toEqual(expected);
      expect(got.length).toBeGreaterThan(5000);
      const byActor = expected.filter((e) => rows.find((r) => r.id === e.first)!.actor.name === 'cat');
      const cat: string[] = [];
      for await (const e of audit().iterateEvents({ account: 'big', actor: 'cat' })) cat.push(e.id);
      expect(cat).toEqual(byActor.map((e) => e.id));
    }, 120_000);
  });
});
