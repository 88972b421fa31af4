// What the mint functions opened during this run, and closing it when the run ends. Pulumi has no ephemeral
// resources, so the plugin holds what closing needs (ids, never a secret; in memory only) and closes everything
// when the engine ends the run. How the engine (v3.259.0; pkg/host/host.go `Close`, pkg/resource/plugin/plugin.go
// `Close` and its `kill`) stops a resource plugin at the end of a preview, up, refresh or destroy:
//   1. a Cancel RPC, the answer awaited up to 5 s (since v3.231.0; on Ctrl-C it also comes mid-run, awaited up to 30 s);
//   2. the gRPC connection closed, then SIGINT to the plugin's process group (it runs in its own, Setpgid);
//   3. 5 s later, if the plugin has not exited, SIGKILL to the group.
// So closing starts at the first of Cancel, SIGINT or SIGTERM, takes at most CLOSE_BUDGET_MS (well under either
// 5 s grace), and the plugin exits after a signal once it is done. A plugin whose engine vanished without a word
// (killed) is reparented: `watchParent` closes then too. Nothing here knows any particular resource.
import { OpenAIIacError, type JsonObject } from '@openai-iac/core';

/** The whole budget for closing everything at the end of a run: under the engine's 5 s for Cancel and after SIGINT. */
export const CLOSE_BUDGET_MS = 3000;

/** Closes one opened object (the core's closeEphemeral), giving up when `signal` aborts. */
type Closer = (type: string, data: JsonObject, signal: AbortSignal) => Promise<void>;

/** Where the outcome of closing goes: `problem` lines must reach the user (awaited before the plugin exits). */
interface CloseReport {
  debug(message: string): void;
  problem(message: string): Promise<void>;
}

interface Opened {
  type: string;
  close: JsonObject;
}

export class OpenEphemerals {
  private readonly opened = new Map<number, Opened>();
  private next = 0;
  /** Opens in flight: the run may end while one is being made. */
  private readonly pending = new Set<Promise<unknown>>();
  private ending: Promise<void> | undefined;
  private deadline: AbortSignal | undefined;

  constructor(
    private readonly closer: Closer,
    private readonly report: CloseReport,
  ) {}

  /** How many objects are open (made and not yet closed). */
  get size(): number {
    return this.opened.size;
  }

  /** Whether the run is ending (closing has begun): nothing is opened any more. */
  get closing(): boolean {
    return this.ending !== undefined;
  }

  /**
   * Runs an open and remembers what closing it needs (`close` null: nothing to close, `keep`). Refused once the
   * run is ending; an open that lands after that is closed at once and fails.
   */
  open<T extends { close: JsonObject | null }>(type: string, body: () => Promise<T>): Promise<T> {
    if (this.ending) return Promise.reject(ended(type));
    const run = body().then(async (made) => {
      if (!made.close) return made;
      const entry = { type, close: made.close };
      if (this.ending) {
        await this.closeOne(-1, entry, this.deadline ?? AbortSignal.timeout(CLOSE_BUDGET_MS));
        throw ended(type);
      }
      this.opened.set(this.next++, entry);
      return made;
    });
    this.pending.add(run);
    void run.then(
      () => this.pending.delete(run),
      () => this.pending.delete(run),
    );
    return run;
  }

  /** Closes everything open, in parallel, within `budgetMs`; then reports what could not be closed. Idempotent. */
  closeAll(budgetMs = CLOSE_BUDGET_MS): Promise<void> {
    this.ending ??= this.closeEverything(budgetMs);
    return this.ending;
  }

  private async closeEverything(budgetMs: number): Promise<void> {
    const deadline = AbortSignal.timeout(budgetMs);
    this.deadline = deadline;
    const work = Promise.allSettled([...[...this.opened].map(([id, entry]) => this.closeOne(id, entry, deadline)), ...this.pending]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)));
    await Promise.race([work, timeout]);
    clearTimeout(timer);
    const left = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(
      left.map((entry) =>
        this.report.problem(`${describe(entry)}: not deleted within ${budgetMs / 1000}s of the end of the run; it still works: delete it by hand`),
      ),
    );
  }

  private async closeOne(id: number, entry: Opened, signal: AbortSignal): Promise<void> {
    try {
      await this.closer(entry.type, entry.close, signal);
      this.opened.delete(id);
      this.report.debug(`${describe(entry)}: deleted at the end of the run`);
    } catch (e) {
      if (!this.opened.delete(id) && id !== -1) return; // given up on already (the budget ran out): reported there
      await this.report.problem(
        `${describe(entry)}: could not be deleted at the end of the run (${e instanceof Error ? e.message : String(e)}); it still works: delete it by hand`,
      );
    }
  }
}

/** An opened object by its kind and ids (what closing needs is ids only, never a secret). */
function describe(entry: Opened): string {
  const ids = Object.entries(entry.close).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${entry.type} (${ids.join(', ')})`;
}

function ended(type: string): OpenAIIacError {
  return new OpenAIIacError('validation', `the Pulumi run is ending: no new ${type} is made (anything made was deleted again)`);
}

/**
 * Closes everything when the engine stops the plugin (SIGINT, SIGTERM) or vanishes (the plugin reparented), then
 * exits as the signal would have: a signal handler replaces Node's default exit, and `beforeExit` never comes
 * while the gRPC server holds the event loop. Returns the function that removes the handlers.
 */
export function closeOnExit(ephemerals: OpenEphemerals, opts: { budgetMs?: number; parentPollMs?: number } = {}): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const handlers = new Map<NodeJS.Signals, () => void>();
  // The engine gone without a word: the plugin is reparented (polled; the timer never keeps the plugin alive).
  const parent = process.ppid;
  const parentTimer = setInterval(() => {
    if (process.ppid !== parent) finish(() => process.exit(0));
  }, opts.parentPollMs ?? 1000);
  parentTimer.unref();
  const remove = () => {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
    handlers.clear();
    clearInterval(parentTimer);
  };
  const finish = (then: () => void) => {
    remove();
    void ephemerals.closeAll(opts.budgetMs).finally(then);
  };
  for (const sig of signals) {
    // Re-raised once the handlers are gone: the process ends by the signal, as it would have without them.
    const h = () => finish(() => process.kill(process.pid, sig));
    handlers.set(sig, h);
    process.on(sig, h);
  }
  return remove;
}
