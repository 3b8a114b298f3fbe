/**
 * The audit page (issue 12 benchmarks): `GET /api/audit/events` over HTTP on the real BFF (a child process,
 * PGlite, or PostgreSQL with `BENCH_AUDIT_DATABASE_URL`) once its log holds 10,000 rows, all written through
 * the product as people would: expiry batches of 500 by three admins (paired intent and outcome rows, some
 * refused by CSMS), single changes, and page views (each view of the log is itself a row). Then, one client,
 * each query `requests` times: p50 and p95 of a few filter combinations and of deep cursor pages, against two
 * baselines of the same run on the same process: `GET /bff/user` (the session and middleware alone) and the
 * raw `GET /api/audit` page (one indexed read plus the view's audit row). Target: events p50 <= 50 ms.
 */
import { CsmsClient } from '@csms-console/csms-client';
import { startEmulatorCli } from '@csms-console/process-kit';
import { httpCall, startBff, type CsmsAccount, type RunningBff } from './lib/bff-process.js';
import { fmt, median, type Row } from './lib/report.js';

const ROWS = 10_000;
const TARGET_MS = 50;
const DAY = 86_400_000;
const ACTORS = ['ana', 'ben', 'cho'] as const;
/** scale:250: 250 secrets x 3 versions, every one ENABLED. */
const SECRETS = 250;

interface Item {
  secret: string;
  version: string;
  expire_time: number;
  expected_expire_time: number | null;
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;

export async function auditBench(opts: { requests: number }): Promise<Row[]> {
  const emulator = await startEmulatorCli({
    args: ['--seed', `scale:${SECRETS}`, '--port', '0', '--admin'],
  });
  const csms: CsmsAccount = emulator.ready;
  let bff: RunningBff | undefined;
  try {
    const client = new CsmsClient({
      endpoint: csms.url,
      projectId: csms.projectId,
      credentials: { type: 'aksk', ...csms.credentials },
    });
    bff = await startBff(
      csms,
      {
        BATCH_CONCURRENCY: '8',
        ...(process.env.BENCH_AUDIT_DATABASE_URL && { DATABASE_URL: process.env.BENCH_AUDIT_DATABASE_URL }),
      },
      ACTORS.map((name) => ({ name, role: 'admin' as const })),
    );
    const { url, sessions } = bff;
    const call = async (path: string, as: Record<string, string>, method = 'GET', body?: unknown) => {
      const res = await httpCall(`${url}${path}`, {
        method,
        headers: as,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.body.slice(0, 200)}`);
      return JSON.parse(res.body) as Record<string, unknown>;
    }; // prettier-ignore
    const rowsSoFar = async () => {
      const page = (await call('/api/audit?limit=1', bff!.headers)) as { entries: Array<{ seq: number }> };
      return page.entries[0]?.seq ?? 0;
    };

    // --- the log: 10,000 rows written through the product ---------------------------------------------
    const seedStarted = performance.now();
    const held = async (): Promise<Item[]> => {
      const items: Item[] = [];
      let marker: string | undefined;
      do {
        const page = await client.listSecrets({ limit: 100, ...(marker && { marker }) });
        for (const s of page.secrets) {
          const versions = await client.listSecretVersions(s.name, { limit: 100 });
          for (const v of versions.version_metadatas) {
            items.push({ secret: s.name, version: v.id, expire_time: 0, expected_expire_time: v.expire_time ?? null });
          }
        }
        marker = page.page_info.next_marker;
      } while (marker);
      return items;
    }; // prettier-ignore
    const batchIds: string[] = [];
    const phases: string[] = [];
    let phaseStarted = performance.now();
    const phase = (name: string) => {
      phases.push(`${name} ${fmt((performance.now() - phaseStarted) / 1000, 1)} s`);
      phaseStarted = performance.now();
    };
    // Four batches of 500 (4,000 rows); CSMS refuses about 3% of the changes of the second one.
    for (let b = 0; b < 4; b++) {
      const actor = ACTORS[b % ACTORS.length]!;
      const base = Date.now() + (60 + b * 10) * DAY;
      const items = (await held())
        .slice((b * 200) % (SECRETS * 3 - 500), ((b * 200) % (SECRETS * 3 - 500)) + 500)
        .map((v, i) => ({ ...v, expire_time: base + i * 60_000 }));
      if (b === 1) await adminCall(csms.url, 'POST', '/faults', { type: 'error', operation: 'UpdateVersion', status: 400, error_code: 'CSMS.0401', rate: 0.03 }); // prettier-ignore
      const { id } = (await call('/api/accounts/bench/expiry-batches', sessions[actor]!, 'POST', {
        reason: `bench rotation ${b}`,
        items,
      })) as { id: string };
      batchIds.push(id);
      for (;;) {
        const batch = (await call(`/api/accounts/bench/expiry-batches/${id}`, sessions[actor]!)) as { state: string };
        if (batch.state === 'done') break;
        await new Promise((r) => setTimeout(r, 100));
      } // prettier-ignore
      await adminCall(csms.url, 'DELETE', '/faults');
    }
    phase('batches');
    // Single changes by each actor (two rows each), 4 at a time.
    const singles = (await held()).slice(0, 300);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < singles.length) {
          const i = next++;
          const v = singles[i]!;
          await call(`/api/accounts/bench/secrets/${v.secret}/versions/${v.version}`, sessions[ACTORS[i % 3]!]!, 'PUT', {
            expire_time: Date.now() + (200 + (i % 50)) * DAY,
            expected_expire_time: v.expected_expire_time,
            reason: `ticket ${i}`,
          });
        }
      }),
    ); // prettier-ignore
    phase('single changes');
    // Page views up to 10,000 rows (each appends its audit.view row), by every actor, 4 at a time.
    const missing = ROWS - (await rowsSoFar());
    let views = 0;
    await Promise.all(
      Array.from({ length: 4 }, async (_, loop) => {
        while (views < missing) {
          views++;
          await call(`/api/audit?limit=1&actor=${ACTORS[loop % 3]}`, sessions[ACTORS[(loop + views) % 3]!]!);
        }
      }),
    );
    const rows = await rowsSoFar();
    phase('views');
    const seedMs = performance.now() - seedStarted;

    // --- measurements ----------------------------------------------------------------------------------
    const as = sessions.ana!;
    const time = async (path: string) => {
      for (let i = 0; i < 3; i++) await call(path, as); // warm-up
      const latencies: number[] = [];
      for (let i = 0; i < opts.requests; i++) {
        const t = performance.now();
        await call(path, as);
        latencies.push(performance.now() - t);
      }
      return latencies;
    };
    // Deep pages: cursors collected by paging the whole unfiltered view once, 50 events a page.
    const cursors: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(`/api/audit/events?limit=50${cursor ? `&cursor=${cursor}` : ''}`, as)) as {
        next_cursor: string | null;
      };
      cursor = page.next_cursor;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    const firstSeq = Number(cursors[0]);
    const window = { from: 0, to: 0 };
    {
      const page = (await call('/api/audit/events?limit=200&action=version.update', as)) as {
        events: Array<{ at: number }>;
      };
      window.to = page.events[20]!.at;
      window.from = page.events[180]!.at;
    }

    const baselineUser = await time('/bff/user');
    const baselineRaw = await time('/api/audit?limit=50');
    const measured: Array<[string, number[]]> = [
      ['events, no filter, first page', await time('/api/audit/events?limit=50')],
      ['events, actor=ben', await time('/api/audit/events?limit=50&actor=ben')],
      ['events, action=version.update & outcome=applied', await time('/api/audit/events?limit=50&action=version.update&outcome=applied')],
      ['events, outcome=failed', await time('/api/audit/events?limit=50&outcome=failed')],
      ['events, secret (one of 250)', await time(`/api/audit/events?limit=50&secret=scale-secret-000007`)],
      [`events, batch=${batchIds[1]!.slice(0, 6)}...`, await time(`/api/audit/events?limit=50&batch=${batchIds[1]}`)],
      ['events, from/to window & action', await time(`/api/audit/events?limit=50&action=version.update&from=${window.from}&to=${window.to}`)],
    ]; // prettier-ignore
    // Deep cursors, round robin over the last half of the pages (the oldest events).
    const deep = cursors.slice(Math.floor(cursors.length / 2));
    const deepLatencies: number[] = [];
    for (let i = 0; i < opts.requests; i++) {
      const t = performance.now();
      await call(`/api/audit/events?limit=50&cursor=${deep[i % deep.length]}`, as);
      deepLatencies.push(performance.now() - t);
    }
    measured.push([`events, deep pages (${deep.length} cursors, page ${cursors.length - deep.length + 1}-${cursors.length + 1})`, deepLatencies]); // prettier-ignore
    measured.push(['events, actor=cho & deep cursor', await time(`/api/audit/events?limit=50&actor=cho&cursor=${deep[0]}`)]); // prettier-ignore

    const rawP50 = median(baselineRaw);
    const out: Row[] = [
      {
        name: `log: ${fmt(rows)} rows (${cursors.length + 1} pages of events; first cursor ${firstSeq})`,
        value: `written through the BFF in ${fmt(seedMs / 1000, 1)} s (${phases.join(', ')})`,
      },
      {
        name: 'GET /bff/user (baseline: session and middleware)',
        value: `p50 ${fmt(median(baselineUser), 1)} ms, p95 ${fmt(p95(baselineUser), 1)} ms`,
      },
      {
        name: 'GET /api/audit?limit=50 (baseline: raw rows)',
        value: `p50 ${fmt(rawP50, 1)} ms, p95 ${fmt(p95(baselineRaw), 1)} ms`,
      },
    ];
    for (const [name, latencies] of measured) {
      const p50 = median(latencies);
      out.push({
        name,
        value: `p50 ${fmt(p50, 1)} ms, p95 ${fmt(p95(latencies), 1)} ms`,
        ratio: p50 / rawP50,
        target: `p50 <= ${TARGET_MS} ms`,
        met: p50 <= TARGET_MS,
      });
    }
    return out;
  } finally {
    await bff?.stop();
    await emulator.stop();
  }
}

async function adminCall(base: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${base}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`emulator admin ${method} ${path} answered ${res.status}`);
}
