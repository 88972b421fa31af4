// Eventual consistency: right after a create, the API may answer 404 for the object it just made (another
// replica has not seen it yet). A 404 then is not "gone": requests naming an object created moments ago are
// retried on 404 for a short, bounded time before the answer is believed. Anything older gets no such grace, so a
// real out-of-band delete is still seen at once.

/**
 * How long after its create an object's 404 is doubted, by default: a minute. OPENAI_CONSISTENCY_GRACE (seconds)
 * sets another; 0 believes every 404 at once, for an endpoint that is consistent at once, such as the emulator.
 */
export const FRESH_MS = 60_000;
/** The waits before each retry of a doubted 404: five seconds in all. */
const RETRY_STEPS_MS = [250, 500, 1000, 1500, 1750];

/** OPENAI_CONSISTENCY_GRACE: seconds (0 or more), else {@link FRESH_MS}. */
export function consistencyGrace(value: string | undefined): number {
  const secs = Number(value);
  return value && Number.isFinite(secs) && secs >= 0 ? Math.round(secs * 1000) : FRESH_MS;
}

export class FreshObjects {
  private readonly createdAt = new Map<string, number>();

  /** @param graceMs how long after its create an object counts as fresh (0: never). */
  constructor(public graceMs: number = FRESH_MS) {}

  /** An object made (or, for a refresh, saved as made) at `atMs`. */
  add(id: string, atMs = Date.now()): void {
    if (Date.now() - atMs < this.graceMs) this.createdAt.set(id, atMs);
  }

  /** Whether a request URL names an object created in the last minute. */
  names(url: string): boolean {
    if (this.createdAt.size === 0) return false;
    const now = Date.now();
    const segments = new URL(url).pathname.split('/');
    return segments.some((s) => {
      const at = this.createdAt.get(s);
      return at !== undefined && now - at < this.graceMs;
    });
  }

  get steps(): readonly number[] {
    return RETRY_STEPS_MS;
  }
}
