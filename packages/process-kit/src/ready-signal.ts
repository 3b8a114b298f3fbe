/**
 * The ready signal: once a service is ready it prints one JSON line on stdout whose FIRST key is `event`,
 * `{"event":"ready","service":"bff","url":"http://127.0.0.1:41234",...}`. pino's lines always begin with
 * `{"level":`, so a line is a candidate only if it begins with `{"event":"ready"`; nothing else is parsed.
 * A line on stdout rather than a ready file: every caller already pipes stdout, an early exit is seen on the
 * same child, and there is no file to create, poll, clean up or race on.
 */
import { z } from 'zod';

export const READY_PREFIX = '{"event":"ready"';

/** What every ready line carries; each service adds its own facts (see bff.ts, emulator.ts). */
export const ReadySignalSchema = z.looseObject({
  event: z.literal('ready'),
  service: z.string(),
  url: z.url({ protocol: /^https?$/ }),
});
export type ReadySignal = z.infer<typeof ReadySignalSchema>;

export type ReadyLine =
  | { kind: 'other' }
  | { kind: 'ready'; service: string; value: unknown }
  | { kind: 'malformed'; problem: string };

/** Classifies one stdout line: not a ready line, a ready line (JSON, not yet checked), or a broken one. */
export function readReadyLine(line: string): ReadyLine {
  if (!line.startsWith(READY_PREFIX)) return { kind: 'other' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'malformed', problem: `not JSON (${(error as Error).message})` };
  }
  const base = ReadySignalSchema.safeParse(value);
  if (!base.success) return { kind: 'malformed', problem: z.prettifyError(base.error) };
  return { kind: 'ready', service: base.data.service, value };
}
