/**
 * Child process for the emulator benchmark's baseline: a bare node:http server on 127.0.0.1 answering a fixed
 * JSON body (`tsx serve.ts <body-file>`), so the load generator runs in another process and the two do not
 * share one event loop. Once it listens it prints the ready line @csms-console/process-kit waits on.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [bodyFile] = process.argv.slice(2);
if (!bodyFile) {
  console.error('usage: serve.ts <body-file>');
  process.exit(2);
}
const body = readFileSync(bodyFile);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ event: 'ready', service: 'bench-bare', url: `http://127.0.0.1:${port}` }));
});
