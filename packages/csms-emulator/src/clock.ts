/**
 * The emulator's clock: an injectable time source plus an offset that tests move (set or advance), and an
 * optional freeze. Every time the emulator uses — signature date window, token expiry, expire_time checks,
 * expiry notifications, timestamps it writes — comes from here.
 */

export type TimeSource = () => number;

export interface ClockStatus {
  now: number;
  iso: string;
  offset_ms: number;
  frozen: boolean;
}

export class EmulatorClock {
  private offset = 0;
  private frozenAt: number | null = null;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly source: TimeSource = Date.now) {}

  /** Epoch milliseconds (integer). */
  now(): number {
    return this.frozenAt ?? Math.floor(this.source()) + this.offset;
  }

  set(ms: number): void {
    const target = Math.floor(ms);
    if (this.frozenAt !== null) this.frozenAt = target;
    else this.offset = target - Math.floor(this.source());
    this.emit();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  /** Stops time at the current instant (set/advance still move it). */
  freeze(): void {
    this.frozenAt = this.now();
  }

  /** Lets time run again from the frozen instant. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offset = this.frozenAt - Math.floor(this.source());
    this.frozenAt = null;
  }

  /** Back to the time source, unfrozen. */
  reset(): void {
    this.offset = 0;
    this.frozenAt = null;
    this.emit();
  }

  status(): ClockStatus {
    const now = this.now();
    return {
      now,
      iso: new Date(now).toISOString(),
      offset_ms: now - Math.floor(this.source()),
      frozen: this.frozenAt !== null,
    };
  }

  /** Called after every set/advance/reset. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
