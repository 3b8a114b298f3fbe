/**
 * A credential held in memory. Every way a value could leak by accident (JSON, string conversion,
 * `util.inspect`, template literals) yields `[redacted]`; only `reveal()` gives it up (docs/security.md K4).
 */
import { inspect } from 'node:util';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return '[redacted]';
  }
}
