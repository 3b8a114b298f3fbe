/**
 * The network guard (target-guard.ts) on its own: which addresses are internal, how the allow-list matches,
 * and the connect-time half with real sockets. A name checked when the channel was saved can resolve
 * elsewhere when the BFF connects (DNS rebinding); `guardedLookup` is what the sockets resolve through, so a
 * name resolving to an internal address at that moment gets no connection at all, whatever any earlier check
 * said. `localhost` (resolved by the system, to 127.0.0.1 or ::1) stands in for such a name here.
 */
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHost,
  checkWebhookUrl,
  guardedLookup,
  isAllowListed,
  isInternalAddress,
} from './target-guard.js';

describe('isInternalAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, ULA, NAT64, multicast and unspecified; IPv4-mapped too', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '64:ff9b::a00:1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ])
      expect({ address, internal: isInternalAddress(address) }).toEqual({ address, internal: true });
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect({ address, internal: isInternalAddress(address) }).toEqual({ address, internal: false });
  });
});

describe('the allow-list', () => {
  it('matches a host on any port, or host:port exactly, case-insensitively, IPv6 with brackets', () => {
    expect(isAllowListed(['relay.internal'], 'RELAY.internal', 587)).toBe(true);
    expect(isAllowListed(['127.0.0.1:8080'], '127.0.0.1', 8080)).toBe(true);
    expect(isAllowListed(['127.0.0.1:8080'], '127.0.0.1', 8081)).toBe(false);
    expect(isAllowListed(['[::1]:99'], '[::1]', 99)).toBe(true);
    expect(isAllowListed(['relay.internal'], 'relay.internal.evil.example', 443)).toBe(false);
  });

  it('lifts the https rule and the address rule for that host only', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:9/hook', ['127.0.0.1:9'])).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:10/hook', ['127.0.0.1:9'])).rejects.toMatchObject({
      code: 'scheme_refused',
    });
    await expect(checkHost('localhost', 25, [])).rejects.toMatchObject({ code: 'address_refused' });
  });
});

describe('guardedLookup: the check at connection time', () => {
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.end();
    });
    server.listen(0, 'localhost');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const dial = (allowHosts: string[]) =>
    new Promise<{ ok: true } | { ok: false; code: string | undefined }>((resolve) => {
      const socket = connect({ host: 'localhost', port, lookup: guardedLookup(allowHosts, port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve({ ok: true });
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code }));
    });

  it('gives a socket no address when the name resolves to an internal one: no connection is made', async () => {
    const before = connections;
    expect(await dial([])).toEqual({ ok: false, code: 'EADDRREFUSED_BY_CONSOLE' });
    await new Promise((r) => setTimeout(r, 100));
    expect(connections).toBe(before);
  });

  it('connects when the allow-list names the host (the control: the server is there)', async () => {
    expect(await dial([`localhost:${port}`])).toEqual({ ok: true });
    expect(await dial(['localhost'])).toEqual({ ok: true });
    expect(await dial(['localhost:1'])).toMatchObject({ ok: false });
  });
});
