// Per-endpoint pacing, learned from the API's own 429s and shared by every operation of the provider process.
//
// api.openai.com's admin routes throttle near 7 requests a minute per endpoint (method + route template) and
// answer 429 WITHOUT Retry-After, so the SDK's short exponential backoff (a few seconds in all) cannot outlast
// the window. Instead, each endpoint gets a lane:
//   - until the endpoint throttles (or a configured prior applies), its requests go out at once;
//   - a 429 without Retry-After teaches the lane its budget: the requests that may still sit in the server's
//     window (sent or answered less than one window ago, and not refused themselves). The latest 429 wins,
//     so a budget learned too high during a burst is corrected by the next 429;
//   - from then on, a request goes out only while fewer than `budget` requests are in the window; the others
//     wait in order. A request leaves the window one window after its ANSWER arrived (the server counted it at
//     its arrival, which is earlier), so the pace holds whatever the latency.
// Refused requests (429) do not count against the window: the emulator and, as far as is known, the API count
// accepted requests only.
import type { Log } from './transport';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** How a paced request ended. */
type Outcome =
  /** Answered (any status but 429), or failed without an answer: it may count in the server's window. */
  | 'answered'
  /** 429 without Retry-After: the endpoint's window is full; the lane learns its budget from it. */
  | 'throttled'
  /** 429 with Retry-After (a per-key limit, honoured by the cooldown), or never sent: not counted. */
  | 'refused';

export interface Ticket {
  /** How long the request waited in its lane. */
  readonly waitedMs: number;
  done(outcome: Outcome): void;
}

interface Budget {
  perWindow: number;
  windowMs: number;
  /** Learned from a 429 (else the configured prior). */
  learned: boolean;
}

interface Entry {
  /** When the answer came; undefined while the request is in flight. */
  doneAt?: number;
}

interface Waiter {
  grant: (ticket: Ticket) => void;
  enqueuedAt: number;
}

interface Lane {
  endpoint: string;
  budget?: Budget;
  /** Requests that may be in the server's window. */
  entries: Entry[];
  queue: Waiter[];
  timer?: unknown;
  timerAt?: number | undefined;
  /** 429s without Retry-After seen, in all. */
  throttled: number;
  /** No request goes before this time: set by a 429, further with each 429 in a row (none answered between). */
  blockedUntil: number;
  /** 429s in a row. */
  refusals: number;
  /** When the lane's first request went. */
  firstAt?: number;
  /** When the budget last changed (learned or probed). */
  changedAt: number;
  /** The next probe's increment (doubles after each probe that meets no 429). */
  step: number;
  /** A probe was made since the budget was learned: the next 429 confirms the budget. */
  probed: boolean;
  /** The budget met its ceiling during a probe: no more probes. */
  confirmed: boolean;
}

interface PacerOptions {
  /** The throttle's window, for learned budgets (the live admin API's is a minute). */
  windowMs: number;
  clock?: Clock;
  log?: Log;
}

export class Pacer {
  private readonly lanes = new Map<string, Lane>();
  private readonly clock: Clock;

  constructor(private readonly opts: PacerOptions) {
    this.clock = opts.clock ?? SYSTEM_CLOCK;
  }

  /** The lane's budget, if it has one. */
  budget(endpoint: string): Budget | undefined {
    const b = this.lanes.get(endpoint)?.budget;
    return b && { ...b };
  }

  /** 429s without Retry-After seen per endpoint. */
  throttledCounts(): Record<string, number> {
    return Object.fromEntries([...this.lanes.values()].filter((l) => l.throttled > 0).map((l) => [l.endpoint, l.throttled]));
  }

  /**
   * Waits for the endpoint's turn. `perMinute` (> 0) is a prior budget for an endpoint that has not throttled yet
   * (the provider's admin_requests_per_minute). Rejects with the signal's reason when it aborts while waiting.
   */
  acquire(endpoint: string, opts: { perMinute?: number; signal?: AbortSignal | null | undefined } = {}): Promise<Ticket> {
    let lane = this.lanes.get(endpoint);
    if (!lane) {
      lane = { endpoint, entries: [], queue: [], throttled: 0, blockedUntil: 0, refusals: 0, changedAt: 0, step: 1, probed: false, confirmed: false };
      if (opts.perMinute && opts.perMinute > 0) lane.budget = { perWindow: opts.perMinute, windowMs: 60_000, learned: false };
      this.lanes.set(endpoint, lane);
    }
    const l = lane;
    const signal = opts.signal;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<Ticket>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, enqueuedAt: this.clock.now() };
      const onAbort = () => {
        const i = l.queue.indexOf(waiter);
        if (i >= 0) l.queue.splice(i, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.grant = (ticket) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(ticket);
      };
      l.queue.push(waiter);
      this.pump(l);
      if (l.queue.includes(waiter)) this.announce(l, l.queue.length - 1);
    });
  }

  /** The margin past one window after an answer: the server's clock granularity. */
  private margin(windowMs: number): number {
    return Math.max(25, Math.round(windowMs * 0.005));
  }

  private prune(lane: Lane, now: number): void {
    const w = lane.budget?.windowMs ?? this.opts.windowMs;
    const m = this.margin(w);
    lane.entries = lane.entries.filter((e) => e.doneAt === undefined || e.doneAt + w + m > now);
  }

  /** Grants waiting requests while the lane's window has room; else sets a timer for when it will. */
  private pump(lane: Lane): void {
    const now = this.clock.now();
    this.prune(lane, now);
    const budget = lane.budget;
    const blocked = now < lane.blockedUntil;
    for (;;) {
      while (!blocked && lane.queue.length > 0 && (!budget || lane.entries.length < budget.perWindow)) {
        const waiter = lane.queue.shift()!;
        const entry: Entry = {};
        lane.entries.push(entry);
        lane.firstAt ??= now;
        waiter.grant(this.ticket(lane, entry, now - waiter.enqueuedAt));
      }
      if (blocked || !budget || lane.queue.length === 0 || !this.probe(lane, budget, now)) break;
    }
    if (lane.queue.length === 0 || !budget) return;
    const room = blocked ? Math.max(lane.blockedUntil, this.nextRoom(lane) ?? 0) : this.nextRoom(lane);
    const probeAt = budget.learned && !lane.confirmed ? lane.changedAt + budget.windowMs : undefined;
    const next = room === undefined ? probeAt : probeAt === undefined ? room : Math.min(room, probeAt);
    if (next === undefined) return; // every request in the window is in flight: an answer pumps again
    if (lane.timer !== undefined && lane.timerAt !== undefined && lane.timerAt <= next) return;
    if (lane.timer !== undefined) this.clock.clearTimeout(lane.timer);
    lane.timerAt = next;
    lane.timer = this.clock.setTimeout(
      () => {
        lane.timer = undefined;
        lane.timerAt = undefined;
        this.pump(lane);
      },
      Math.max(0, next - now),
    );
  }

  /**
   * A learned budget may be too low: the window it was learned in may have held requests the pacer never saw (an
   * earlier provider process: Pulumi's preview, Terraform's plan; another tool). So a lane that has been at its
   * budget for a whole window without a 429 tries a little more — one request, then two, four … — until a 429
   * marks the ceiling; the budget then learned from it (its own requests only, by now) is kept.
   */
  private probe(lane: Lane, budget: Budget, now: number): boolean {
    if (!budget.learned || lane.confirmed || now - lane.changedAt < budget.windowMs) return false;
    budget.perWindow += lane.step;
    lane.step *= 2;
    lane.probed = true;
    lane.changedAt = now;
    this.opts.log?.debug(`${lane.endpoint} met no 429 for a window at its budget: trying ${budget.perWindow} per ${fmt(budget.windowMs)}`);
    return true;
  }

  /** When the oldest answered request leaves the window, if any has been answered. */
  private nextRoom(lane: Lane): number | undefined {
    const w = lane.budget?.windowMs ?? this.opts.windowMs;
    let first: number | undefined;
    for (const e of lane.entries) if (e.doneAt !== undefined && (first === undefined || e.doneAt < first)) first = e.doneAt;
    return first === undefined ? undefined : first + w + this.margin(w);
  }

  private ticket(lane: Lane, entry: Entry, waitedMs: number): Ticket {
    let finished = false;
    return {
      waitedMs,
      done: (outcome) => {
        if (finished) return;
        finished = true;
        const now = this.clock.now();
        if (outcome === 'answered') {
          entry.doneAt = now;
          lane.refusals = 0;
        } else {
          lane.entries.splice(lane.entries.indexOf(entry), 1);
          if (outcome === 'throttled') this.learn(lane, now);
        }
        this.pump(lane);
      },
    };
  }

  /** A 429 without Retry-After: the budget is what may sit in the server's window now. */
  private learn(lane: Lane, now: number): void {
    lane.throttled += 1;
    const windowMs = this.opts.windowMs;
    // The window may be full of requests the lane never saw (it counts none of its own): whatever the budget, the
    // next request waits, a sixteenth of a window after a first 429, twice as long after each 429 in a row.
    lane.refusals += 1;
    lane.blockedUntil = Math.max(lane.blockedUntil, now + Math.min(windowMs, (windowMs / 16) * 2 ** (lane.refusals - 1)));
    const m = this.margin(windowMs);
    const inWindow = lane.entries.filter((e) => e.doneAt === undefined || e.doneAt + windowMs + m > now).length;
    const perWindow = Math.max(1, inWindow);
    const before = lane.budget;
    lane.budget = { perWindow, windowMs, learned: true };
    lane.changedAt = now;
    // Confirmed after a probe, or when the lane is older than a window: the server's window then holds no request
    // from before this process (other clients aside), so what the lane counts is what the server counted.
    if (lane.probed || now - (lane.firstAt ?? now) >= windowMs) lane.confirmed = true;
    if (!before?.learned || before.perWindow !== perWindow || before.windowMs !== windowMs) {
      this.opts.log?.debug(`OpenAI throttled ${lane.endpoint}: pacing it at ${perWindow} request(s) per ${fmt(windowMs)}`);
    }
  }

  /** Tells the user about a long wait: how long, and how many wait behind it. */
  private announce(lane: Lane, position: number): void {
    const budget = lane.budget;
    if (!budget) return;
    const now = this.clock.now();
    const room = this.nextRoom(lane) ?? now + budget.windowMs;
    const waitMs = Math.max(0, room - now) + Math.floor(position / budget.perWindow) * budget.windowMs;
    const why = budget.learned ? 'OpenAI is throttling' : 'pacing admin requests to';
    const message = `${why} ${lane.endpoint}: waiting ${fmt(waitMs)} (${lane.queue.length} queued)`;
    if (waitMs >= 2000) this.opts.log?.info(message);
    else this.opts.log?.debug(message);
  }
}

const fmt = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);
