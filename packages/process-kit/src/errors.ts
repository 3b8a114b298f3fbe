/** How a child ended: its exit code, or the signal that ended it (Node's 'exit' event, as one value). */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A child that did not become ready: it exited first, printed a broken ready line, or was killed at the
 * deadline. `exit` says how it ended; `output` is the tail of what it printed (also in the message).
 */
export class ProcessStartError extends Error {
  override readonly name = 'ProcessStartError';

  constructor(
    why: string,
    readonly exit: ProcessExit,
    readonly output: string,
  ) {
    super(`${why}; its last output:\n${output}`);
  }
}
