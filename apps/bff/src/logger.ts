/**
 * pino, with redaction as a second line of defence (docs/security.md K4): the code never logs headers or
 * credentials, and these paths are censored should an object carrying them ever reach a log call.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'req.headers["x-security-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.sk',
  '*.secretKey',
  '*.accessKey',
  '*.securityToken',
  '*.token',
  '*.secret_string',
  '*.secret_binary',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'csms-console-bff' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
