// Eventual consistency: right after a create, the API may answer 404 for the object it just made (another
// replica has not seen it yet). A 404 then is not "gone": requests naming an object created moments ago are
// retried on 404 for a short, bounded time before the answer is believed. Anything older gets no such grace, so a
// real out-of-band delete is still seen at once.

/** How long after its create an object's 404 is doubted, and for how long it is retried. */
export const FRESH_MS = 60_000;
/** The waits before each retry of a doubted 404: five seconds in all. */
const RETRY_STEPS_MS = [250, 500, 1000, 1500, 1750];

export class FreshObjects {
  private readonly createdAt = new Map<string, number>();

  /** An object made (or, for a refresh, saved as made) at `atMs`. */
  add(id: string, atMs = Date.now()): void {
    if (Date.now() - atMs < FRESH_MS) this.createdAt.set(id, atMs);
  }

  /** Whether a request URL names an object created in the last minute. */
  names(url: string): boolean {
    if (this.createdAt.size === 0) return false;
    const now = Date.now();
    const segments = new URL(url).pathname.split('/');
    return segments.some((s) => {
      const at = this.createdAt.get(s);
      return at !== undefined && now - at < FRESH_MS;
    });
  }

  get steps(): readonly number[] {
    return RETRY_STEPS_MS;
  }
}
