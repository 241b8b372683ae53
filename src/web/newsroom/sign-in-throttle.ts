/**
 * Wrong passwords counted per (email, client address), with a backoff. After `limit` wrong
 * passwords within `windowMs` from one address for one email, that address waits before it may
 * try that email again: `windowMs` at first, doubling with each wrong password it sends after
 * its wait (at most `maxLockMs`; forgotten after a quiet window once the wait is over). Only that address waits: a guesser cannot lock the account's
 * owner out from elsewhere, and the right password from another address always gets through.
 * A right password clears the count of its address.
 *
 * Kept in memory, per server process, like the per-address limit beside it; at most
 * `maxEntries` pairs are remembered (the oldest forgotten first).
 */
export interface SignInThrottleOptions {
  limit: number;
  windowMs: number;
  maxLockMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  firstFailureAt: number;
  lockedUntil: number;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly maxLockMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: SignInThrottleOptions) {
    this.maxLockMs = options.maxLockMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds this address must still wait before trying this email, or 0 when it may try now. */
  waitSeconds(email: string, address: string): number {
    const entry = this.entries.get(key(email, address));
    if (!entry) return 0;
    const left = entry.lockedUntil - this.now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** A wrong password (or an unknown email) from this address. */
  failed(email: string, address: string): void {
    const id = key(email, address);
    const now = this.now();
    let entry = this.entries.get(id);
    if (entry && this.stale(entry, now)) entry = undefined;
    if (!entry) entry = { failures: 0, firstFailureAt: now, lockedUntil: 0 };
    entry.failures++;
    const beyond = entry.failures - this.options.limit;
    if (beyond >= 0)
      entry.lockedUntil = now + Math.min(this.options.windowMs * 2 ** Math.min(beyond, 30), this.maxLockMs);
    // Re-inserted, so that the Map's order is the order of last failure (the oldest forgotten first).
    this.entries.delete(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The right password from this address: its count starts again. */
  succeeded(email: string, address: string): void {
    this.entries.delete(key(email, address));
  }

  /**
   * Forgotten: below the limit, once the window since its first wrong password has passed;
   * past it, only after a whole window without a wrong password once its wait ended (else
   * the wait doubles with each new wrong password).
   */
  private stale(entry: Entry, now: number): boolean {
    if (entry.failures < this.options.limit) return now - entry.firstFailureAt > this.options.windowMs;
    return now - entry.lockedUntil > this.options.windowMs;
  }
}

function key(email: string, address: string): string {
  return `${email.trim().toLowerCase()}\u0000${address}`;
}
