/**
 * Where the BFF may send a warning (issue 14, "Bad input"): a channel is an admin-typed URL or SMTP host, and
 * the BFF holds cloud credentials inside the network, so it must not become a way in. A webhook must be HTTPS
 * and every address its host resolves to must be public: loopback, private, link-local (the cloud metadata
 * service), carrier-grade NAT, unique-local, multicast and unspecified addresses are refused, IPv4-mapped
 * IPv6 included. An entry of NOTIFY_ALLOW_HOSTS (`host` or `host:port`, for local testing and on-premises
 * relays) lifts both rules for exactly that host.
 *
 * The check runs when a channel is saved (a clear error at once) and again at every connection through
 * `guardedLookup`, which hands the socket only addresses it has checked: a name that resolved to a public
 * address when saved and to 10.0.0.1 now (DNS rebinding) is refused at the connection.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DeliveryFailure } from './types.js';

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, the metadata service
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: may embed an internal IPv4 address
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10],
  ['ff00::', 8], // multicast
] as const)
  internal.addSubnet(net, bits, 'ipv6');

/** True for an address the BFF must not connect to (IPv4-mapped IPv6 is judged as its IPv4 address). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Host names as allow-list entries and URLs spell them: lower case, IPv6 without brackets. */
function bare(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** Whether NOTIFY_ALLOW_HOSTS names `host` (any port) or `host:port`. */
export function isAllowListed(allowHosts: readonly string[], host: string, port: number): boolean {
  const h = bare(host);
  return allowHosts.some((entry) => {
    const e = entry.trim().toLowerCase();
    const m = /^(\[[^\]]+\]|[^:]+|[0-9a-f:]+)(?::(\d+))?$/.exec(e);
    if (!m) return false;
    if (m[2] !== undefined && Number(m[2]) !== port) return false;
    return bare(m[1]!) === h;
  });
}

export type Resolve = (host: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/**
 * Checks a host before anything connects to it: refuses an internal address (or a name resolving to one)
 * unless allow-listed, and a name that does not resolve. Throws DeliveryFailure (`address_refused`,
 * `dns_failed`); the message names the host, never a URL (its path or query may hold a token).
 */
export async function checkHost(
  host: string,
  port: number,
  allowHosts: readonly string[],
  resolve: Resolve = systemResolve,
): Promise<void> {
  if (isAllowListed(allowHosts, host, port)) return;
  const h = bare(host);
  const addresses = isIP(h) ? [{ address: h, family: isIP(h) }] : await resolveOrFail(h, resolve);
  if (addresses.some((a) => isInternalAddress(a.address))) {
    throw new DeliveryFailure(
      'address_refused',
      `${h} is a loopback, private or link-local address; the console does not send there unless NOTIFY_ALLOW_HOSTS names it.`,
      false,
    );
  }
}

async function resolveOrFail(host: string, resolve: Resolve): Promise<LookupAddress[]> {
  try {
    const addresses = await resolve(host);
    if (addresses.length > 0) return addresses;
  } catch {
    // reported below
  }
  throw new DeliveryFailure('dns_failed', `${host} does not resolve.`);
}

/**
 * Checks a webhook URL: HTTPS (or allow-listed), no credentials in its authority, a public address. The URL
 * itself is a credential (its path or query carries the bot's token): messages name only its host.
 */
export async function checkWebhookUrl(
  raw: string,
  allowHosts: readonly string[],
  resolve: Resolve = systemResolve,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DeliveryFailure('scheme_refused', 'The webhook address is not a URL.', false);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const listed = isAllowListed(allowHosts, url.hostname, port);
  if (url.protocol !== 'https:' && !(listed && url.protocol === 'http:')) {
    throw new DeliveryFailure(
      'scheme_refused',
      `The webhook address for ${bare(url.hostname)} must use https.`,
      false,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new DeliveryFailure(
      'scheme_refused',
      'The webhook address must not carry a user name or password.',
      false,
    );
  }
  await checkHost(url.hostname, port, allowHosts, resolve);
  return url;
}

/**
 * A `lookup` for node:http(s) and nodemailer's sockets that resolves the name and refuses it unless every
 * address is public (or the host is allow-listed), so the address connected to is the address checked.
 */
export function guardedLookup(allowHosts: readonly string[], port: number): LookupFunction {
  return (hostname, options, callback) => {
    const host = bare(hostname);
    dnsLookup(host, { all: true, verbatim: true, family: options.family }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const listed = isAllowListed(allowHosts, host, port);
      if (!listed && addresses.some((a) => isInternalAddress(a.address))) {
        const refused = Object.assign(new Error(`${host} resolves to an internal address`), {
          code: 'EADDRREFUSED_BY_CONSOLE',
        });
        return callback(refused, '', 0);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`${host} does not resolve`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
