/** Reads a request body as raw bytes (the signature covers exactly these), up to the gateway's 12 MB. */
import type { IncomingMessage } from 'node:http';
import { gateway } from './errors.js';

export const MAX_BODY_BYTES = 12 * 1024 * 1024;

export class RequestAborted extends Error {}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(gateway.tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(gateway.tooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', () => reject(new RequestAborted()));
    req.on('aborted', () => reject(new RequestAborted()));
  });
}
