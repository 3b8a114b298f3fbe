/**
 * The scheduler's status (evaluation-status.ts) on both stores: the newest evaluation and the newest good one
 * from real rows, the cron's next slot (UTC minutes of the hour, as pg-boss fires `*\/N * * * *`), and an
 * evaluation's error cleaned of every credential shape an internal message can carry, recorded by a real
 * failing EvaluationService and answered from a row an older build recorded raw.
 */
import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import { describeEachStore } from '../../store/testing.js';
import { cleanEvaluationError, EVALUATION_ERROR_MAX, nextSlot, readStatus } from './evaluation-status.js';
import { evaluateCron } from './notify-engine.js';
import { EvaluationService } from './evaluation.service.js';

const AK = 'HPUAQ3X0EXAMPLEAKID12';
const SK = 'sk-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1JkLzXcVbNm';
const LEAKY =
  `fleet read failed: POST https://ops:hunter2@hooks.example.com/services/T0/B0/tokXyz?access_token=tok123 ` +
  `answered 401; password=hunter2 Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig ` +
  `ak ${AK} sk ${encodeURIComponent(SK)} blob ${'A1b2C3d4'.repeat(6)}\nsecond line`;
const SECRETS = ['hunter2', 'tokXyz', 'tok123', 'eyJhbGciOiJIUzI1NiJ9', AK, SK, 'A1b2C3d4A1b2C3d4'];

function expectClean(text: string) {
  for (const s of SECRETS) expect(text, s).not.toContain(s);
  expect(text).not.toMatch(/[\n\r]/);
  expect(text.length).toBeLessThanOrEqual(EVALUATION_ERROR_MAX);
}

describe('cleanEvaluationError', () => {
  it('removes URL paths, queries and user info, key=value credentials, bearer values, opaque runs, configured values', () => {
    const out = cleanEvaluationError(LEAKY, [AK, SK]);
    expectClean(out);
    // What helps an operator stays: what failed, the host, the status.
    expect(out).toContain('fleet read failed');
    expect(out).toContain('https://hooks.example.com/');
    expect(out).toContain('answered 401');
    expect(out).toContain('second line');
  });

  it('caps a long message and never answers an empty one', () => {
    expect(cleanEvaluationError('x '.repeat(1000)).length).toBe(EVALUATION_ERROR_MAX);
    expect(cleanEvaluationError('   ')).toBe('unknown error');
  });

  it('keeps an ordinary database error as it is', () => {
    expect(cleanEvaluationError('connect ECONNREFUSED 127.0.0.1:5432')).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
  });
});

describe('nextSlot', () => {
  const at = (iso: string) => Date.parse(iso);
  it('is the next UTC minute whose minute of the hour is a multiple of the interval', () => {
    expect(nextSlot(at('2026-05-04T08:31:10Z'), 15)).toBe(at('2026-05-04T08:45:00Z'));
    expect(nextSlot(at('2026-05-04T08:45:00Z'), 15)).toBe(at('2026-05-04T09:00:00Z'));
    expect(nextSlot(at('2026-05-04T23:59:59Z'), 15)).toBe(at('2026-05-05T00:00:00Z'));
    expect(nextSlot(at('2026-05-04T08:31:10Z'), 1)).toBe(at('2026-05-04T08:32:00Z'));
    expect(nextSlot(at('2026-05-04T08:31:10Z'), 360)).toBe(at('2026-05-04T12:00:00Z'));
    expect(nextSlot(at('2026-05-04T08:31:10Z'), 1440)).toBe(at('2026-05-05T00:00:00Z'));
  });

  it('agrees with the cron the engine schedules', () => {
    expect(evaluateCron(15)).toBe('*/15 * * * *');
    expect(evaluateCron(120)).toBe('0 */2 * * *');
    expect(evaluateCron(1440)).toBe('0 0 * * *');
  });
});

describeEachStore('readStatus', (stores) => {
  const NOW = Date.parse('2026-05-04T08:31:10Z');
  const insert = (id: string, startedAt: number, error: string | null, events = 0, deliveries = 0) =>
    stores().db.query(
      `INSERT INTO notify_evaluations (id, started_at, finished_at, events, deliveries, error)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, startedAt, startedAt + 1500, events, deliveries, error],
    );

  it('before any evaluation: no last, no good one; the next slot only when scheduled', async () => {
    const db = stores().db;
    expect(await readStatus(db, { everyMinutes: 15, scheduled: true, now: NOW })).toEqual({
      every_minutes: 15,
      last: null,
      last_ok_at: null,
      next_at: Date.parse('2026-05-04T08:45:00Z'),
    });
    expect((await readStatus(db, { everyMinutes: 15, scheduled: false, now: NOW })).next_at).toBeNull();
  });

  it('the newest evaluation, and the newest good one when the newest failed (its error cleaned)', async () => {
    await insert('E1', NOW - 40 * 60_000, null, 3, 2);
    await insert('E2', NOW - 25 * 60_000, null, 2, 1);
    let status = await readStatus(stores().db, { everyMinutes: 15, scheduled: true, now: NOW });
    expect(status.last).toEqual({
      id: 'E2',
      started_at: NOW - 25 * 60_000,
      finished_at: NOW - 25 * 60_000 + 1500,
      events: 2,
      deliveries: 1,
      error: null,
    });
    expect(status.last_ok_at).toBe(NOW - 25 * 60_000);

    // Recorded raw by an older build: answered clean.
    await insert('E3', NOW - 10 * 60_000, LEAKY);
    status = await readStatus(stores().db, { everyMinutes: 15, scheduled: true, now: NOW, redact: [AK, SK] });
    expect(status.last?.id).toBe('E3');
    expectClean(status.last!.error!);
    expect(status.last!.error).toContain('fleet read failed');
    expect(status.last_ok_at).toBe(NOW - 25 * 60_000);
  });

  it('a failing evaluation records its reason cleaned, and logs only that', async () => {
    const lines: string[] = [];
    const sink: DestinationStream = { write: (chunk: string) => void lines.push(chunk) };
    const logger = createLogger('info', sink);
    const service = new EvaluationService({
      db: stores().db,
      fleet: {
        current: () => Promise.resolve(undefined),
        cached: () => Promise.resolve(null),
        running: () => Promise.resolve(false),
      },
      accounts: () => ['demo'],
      config: { rules: () => Promise.reject(new Error(LEAKY)) },
      now: () => NOW,
      logger,
      enqueue: () => Promise.resolve(),
      redact: [AK, SK],
    });
    await expect(service.run()).rejects.toThrow('fleet read failed');
    const { rows } = await stores().db.query<{ error: string }>(
      'SELECT error FROM notify_evaluations WHERE started_at = $1 AND error IS NOT NULL AND id NOT IN ($2)',
      [NOW, 'E3'],
    );
    expect(rows).toHaveLength(1);
    expectClean(rows[0]!.error);
    expect(lines.join('')).toContain('notify_evaluation_failed');
    for (const s of SECRETS) expect(lines.join(''), s).not.toContain(s);
  });
});
