import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

const AUTHORIZATION =
  'SDK-HMAC-SHA256 Access=AKCLAIMED0000000000, SignedHeaders=host;x-sdk-date, Signature=00ff';

describe('RequestLog', () => {
  const start = (log: RequestLog, authorization: string | undefined) =>
    log.start(1000, 'rid', 'ListSecrets', 'GET', '/v1/p/secrets', '', authorization, [
      'Host',
      'h',
      'Authorization',
      'x',
      'host',
      'h',
    ]);

  it('lists entries with their fields in a fixed order, header names lower-cased and deduplicated', () => {
    const log = new RequestLog(10);
    const slot = start(log, AUTHORIZATION);
    slot.status = 200;
    slot.outcome = 'answered';
    slot.duration_ms = 3;
    const [entry] = log.list();
    expect(Object.keys(entry!)).toEqual([
      'seq',
      'time',
      'request_id',
      'operation',
      'method',
      'path',
      'query',
      'status',
      'outcome',
      'access_key_id',
      'user',
      'faults',
      'duration_ms',
      'header_names',
    ]);
    expect(entry).toEqual({
      seq: 1,
      time: 1000,
      request_id: 'rid',
      operation: 'ListSecrets',
      method: 'GET',
      path: '/v1/p/secrets',
      query: '',
      status: 200,
      outcome: 'answered',
      access_key_id: 'AKCLAIMED0000000000',
      user: null,
      faults: [],
      duration_ms: 3,
      header_names: ['host', 'authorization'],
    });
    expect(JSON.stringify(entry)).not.toContain('Signature');
  });

  it('keeps the claimed access key id until authentication names the caller', () => {
    const log = new RequestLog(10);
    start(log, undefined);
    start(log, 'Bearer something');
    const token = start(log, AUTHORIZATION);
    token.access_key_id = null; // a token call: the principal has no access key
    const verified = start(log, AUTHORIZATION);
    verified.access_key_id = 'AKVERIFIED';
    expect(log.list().map((e) => e.access_key_id)).toEqual([null, null, null, 'AKVERIFIED']);
  });

  it('names the headers of each request, whatever the previous one sent', () => {
    const log = new RequestLog(10);
    const shapes = [
      ['Host', 'h', 'Authorization', 'a'],
      ['Host', 'h', 'Authorization', 'b'],
      ['host', 'h', 'X-Auth-Token', 't', 'HOST', 'h2'],
      [],
      ['Host', 'h'],
      ['Host', 'h', 'Authorization', 'c'],
    ];
    for (const raw of shapes) log.start(0, 'r', null, 'GET', '/', '', undefined, raw);
    const names = log.list().map((e) => e.header_names);
    expect(names).toEqual([
      ['host', 'authorization'],
      ['host', 'authorization'],
      ['host', 'x-auth-token'],
      [],
      ['host'],
      ['host', 'authorization'],
    ]);
    names[0]!.push('changed');
    expect(log.list()[1]!.header_names).toEqual(['host', 'authorization']);
  });

  it('forgets what a reused slot held', () => {
    const log = new RequestLog(1);
    const first = start(log, AUTHORIZATION);
    first.access_key_id = null;
    start(log, AUTHORIZATION);
    expect(log.list().map((e) => [e.seq, e.access_key_id])).toEqual([[2, 'AKCLAIMED0000000000']]);
  });
});
