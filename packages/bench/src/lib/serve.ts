/**
 * Child process that serves one benchmark target on 127.0.0.1 and prints `READY <json>` on stdout, so the
 * load generator runs in another process and the two do not share one event loop.
 *   tsx serve.ts bare <body-file>   -> a bare node:http server answering a fixed JSON body
 *   tsx serve.ts emulator <seed>    -> the CSMS emulator, in memory
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '@csms-console/csms-emulator';

const [kind, arg] = process.argv.slice(2);

if (kind === 'bare') {
  const body = readFileSync(arg!);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    console.log(`READY ${JSON.stringify({ url: `http://127.0.0.1:${port}` })}`);
  });
} else if (kind === 'emulator') {
  const emulator = await startEmulator({ port: 0, seed: arg ?? 'demo' });
  console.log(
    `READY ${JSON.stringify({ url: emulator.url, projectId: emulator.projectId, credentials: emulator.credentials })}`,
  );
} else {
  console.error('usage: serve.ts bare <body-file> | emulator <seed>');
  process.exit(2);
}
