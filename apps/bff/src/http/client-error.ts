/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over 16 kB, malformed request
 * lines) still get the one error shape and the security headers, then the connection closes.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_CSP } from './headers.js';

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify({
      error: {
        code: 'invalid_input',
        message: tooLarge ? 'The request headers are too large.' : 'The request could not be parsed.',
        requestId: randomBytes(12).toString('hex'),
      },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Security-Policy: ${API_CSP}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        'X-Frame-Options: DENY\r\n' +
        'Referrer-Policy: no-referrer\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
