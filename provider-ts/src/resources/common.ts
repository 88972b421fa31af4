// Small pieces every handler shares.
import { canonicalJson } from '../spec/diff';
import type { HandlerContext, ImportSpec } from '../spec/types';
import { classify } from '../client/create-once';
import { isNotFound, OpenAIIacError, PartialCreateError } from '../client/errors';

/** An API id by its prefix (`file-`, `vs_` …): the pattern an input property takes, and its name in messages. */
function apiId(prefix: string, noun: string): { regex: string; says: string } {
  return { regex: `${prefix}[A-Za-z0-9_-]+`, says: `a ${noun} id (${prefix}…)` };
}

/** The ids that properties of several resources take. */
export const FILE_ID = apiId('file-', 'file');
export const VECTOR_STORE_ID = apiId('vs_', 'vector store');
export const PROJECT_ID = apiId('proj_', 'project');
export const USER_ID = apiId('user-', 'user');
export const ROLE_ID = apiId('role_', 'role');
export const GROUP_ID = apiId('group_', 'group');
export const EMAIL = { regex: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+', says: 'an email address' };
/** A project role: predefined (`role-api-project-member`) or custom (`role_01J…`). */
export const PROJECT_ROLE_ID = { regex: 'role[-_][A-Za-z0-9_.-]+', says: 'a role id (role-… or role_…)' };

/** Import by an id made of API ids joined by `/` (`vs_…/file-…`), given their prefixes, parent first. */
export function importById(...prefixes: string[]): ImportSpec {
  const examples = ['abc123', 'def456', 'ghi789'];
  return {
    format: prefixes.map((p) => `${p}<id>`).join('/'),
    example: prefixes.map((p, i) => `${p}${examples[i] ?? 'xyz'}`).join('/'),
    pattern: prefixes.map((p) => apiId(p, '').regex).join('/'),
  };
}

/** The API's empty metadata `{}` and absent metadata are the same to a configuration. */
export function metadataOut<T extends object>(m: T | null | undefined): T | null {
  return m && typeof m === 'object' && Object.keys(m).length > 0 ? m : null;
}

/** Drops undefined and null members: request bodies say only what the configuration says. */
export function compact<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- Object.fromEntries forgets the keys' types
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as never;
}

interface PollStep<T> {
  done: boolean;
  value: T;
  /** Shown to the user when it changes. */
  progress?: string;
}

/** Polls until done, reporting progress changes; past the wait budget it throws with the last progress. */
export async function poll<T>(
  ctx: HandlerContext,
  what: string,
  step: () => Promise<PollStep<T>>,
  timeoutMs: number = ctx.waitTimeoutMs,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    ctx.signal?.throwIfAborted(); // the engine cancelled, or the operation's own timeout passed
    let s: PollStep<T>;
    try {
      s = await step();
    } catch (e) {
      // A poll is a read: one that failed for a passing reason (past the SDK's own retries) is simply polled again
      // while the wait lasts, rather than failing a create whose object is fine.
      if (classify(e) === 'rejected' || Date.now() >= deadline) throw e;
      ctx.debug(`waiting for ${what}: a poll failed (${e instanceof Error ? e.message : String(e)}); polling again`);
      await new Promise<void>((r) => setTimeout(r, ctx.pollIntervalMs));
      continue;
    }
    if (s.progress && s.progress !== last) ctx.progress((last = s.progress));
    if (s.done) return s.value;
    if (Date.now() >= deadline) {
      throw new OpenAIIacError('timeout', `gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)}s${last ? ` (${last})` : ''}`);
    }
    await new Promise<void>((r) => setTimeout(r, ctx.pollIntervalMs));
  }
}

/**
 * The objects a lost create answer may have hidden: every item of a listing made since `sinceMs` (with clock skew
 * allowance) that matches what was sent, newest first. A newest-first listing is walked only down to `sinceMs`;
 * one in no particular order (the admin lists: `order: 'any'`) is looked through whole.
 */
export async function findSince<T extends { created_at: number }>(
  items: AsyncIterable<T>,
  sinceMs: number,
  matches: (item: T) => boolean,
  order: 'newest-first' | 'any' = 'newest-first',
): Promise<T[]> {
  const floor = Math.floor(sinceMs / 1000) - CLOCK_SKEW_S;
  const found: T[] = [];
  for await (const item of items) {
    if (item.created_at < floor) {
      if (order === 'newest-first') break;
      continue;
    }
    if (matches(item)) found.push(item);
  }
  return found.sort((x, y) => y.created_at - x.created_at);
}

/** How far the API's clock may be behind ours, in seconds, when comparing a created_at with our start. */
const CLOCK_SKEW_S = 120;

/** A found object as a list of candidates (for a look-up by natural key: at most one exists). */
export async function oneOrNone<T>(call: Promise<T | null>): Promise<T[]> {
  const found = await call;
  return found ? [found] : [];
}

/**
 * The member a checked value carries for its type (a tool's `function`, a content part's `text`): the spec's rule
 * guarantees it, so its absence is a bug in that rule, said loudly rather than sent to the API as a guess.
 */
export function member<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`openai-iac: a checked ${what} lacks the member its type names (a spec rule let it through)`);
  return value;
}

/** Equal as JSON documents, whatever the order of their keys (absent and null alike): the diff's own canonical form. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** Keeps the configured order when the set is the same, so a reordering the API does is not drift. */
export function inConfiguredOrder<T extends string>(observed: T[], configured: T[] | null | undefined): T[] {
  const want = Array.isArray(configured) ? configured : [];
  const same = want.length === observed.length && want.every((id) => observed.includes(id));
  return same ? want : [...observed].sort();
}

/** Splits a child id `parent/child` (e.g. `thread_abc/msg_def`). */
export function splitId(id: string): [string, string] {
  const i = id.indexOf('/');
  if (i <= 0 || i === id.length - 1) throw new OpenAIIacError('validation', `'${id}' is not a composite id of the form parent/child`);
  return [id.slice(0, i), id.slice(i + 1)];
}

/**
 * A role assignment as its look-up answers it, checked to be the one asked for: its answer has no timestamp the
 * core could miss, so an answer without the role's id is refused here rather than saved as a state of nulls.
 */
export function theAssignment<T extends { id?: string }>(what: string, roleId: string, answer: T): T {
  if (answer?.id !== roleId) {
    throw new OpenAIIacError('api', `${what}: OpenAI's answer is malformed: it is not the assignment of role '${roleId}'; nothing was saved from it`);
  }
  return answer;
}

/** Splits an id of three parts `a/b/c` (a project's assignment: `proj_…/user-…/role-…`). */
export function splitId3(id: string): [string, string, string] {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    throw new OpenAIIacError('validation', `'${id}' is not a composite id of the form parent/child/grandchild`);
  }
  return [parts[0]!, parts[1]!, parts[2]!];
}

/**
 * Runs the wait that follows a create. Whatever stops it (a timeout, a cancel, a failed file, a lost
 * connection), the object exists: the error is a partial create carrying its id, so no object is orphaned.
 */
export async function keepIdOnFailure<T>(id: string, wait: () => Promise<T>, stateNow: () => Promise<object>): Promise<T> {
  try {
    return await wait();
  } catch (e) {
    if (e instanceof PartialCreateError) throw e;
    const state = await stateNow().catch(() => ({}));
    throw new PartialCreateError(id, state, e instanceof Error ? e.message : String(e));
  }
}

/** An object the API works on for a while (a run, a job, a batch), as `awaitEnd` watches it. */
interface Waited<T> {
  /** The resource's id: every failure of the wait is a partial create/update that keeps it. */
  id: string;
  /** What is waited for, in the messages ('fine-tuning job ftjob-…'). */
  what: string;
  retrieve: () => Promise<T>;
  /** Whether an answer is the end (whatever its outcome), and the progress line it shows. */
  step: (t: T) => { done: boolean; progress: string } | Promise<{ done: boolean; progress: string }>;
  toState: (t: T) => object | Promise<object>;
  /** Why an ended object is not a success, in words that say what it needs (null: it is one). */
  failureOf: (t: T) => string | null;
}

/**
 * Waits for the object to end, reporting progress, for at most `timeoutSeconds`. Whatever stops the wait, the
 * object exists: the failure is a partial create/update that keeps its id (the spec's `pendingBy` then has the next
 * apply wait again, in place), and an end that is not a success is one that says why (`failedBy`).
 */
export async function awaitEnd<T>(ctx: HandlerContext, w: Waited<T>, timeoutSeconds: number): Promise<T> {
  const finished = await keepIdOnFailure(
    w.id,
    () =>
      poll(
        ctx,
        `${w.what} (timeout_seconds bounds the wait; the next apply waits again)`,
        async () => {
          const t = await w.retrieve();
          return { ...(await w.step(t)), value: t };
        },
        timeoutSeconds * 1000,
      ),
    async () => w.toState(await w.retrieve()),
  );
  const failure = w.failureOf(finished);
  if (failure) throw new PartialCreateError(w.id, await w.toState(finished), failure);
  return finished;
}

/**
 * A retrieve's answer, checked to be the object asked for (`id`: the answer's own id). For resources whose answers
 * carry no field the core requires (no `created_at`): an empty or foreign answer is an error, never a state.
 */
export function answerFor<T extends { id?: unknown }>(resource: string, id: string, answer: T): T {
  if (answer?.id !== id) {
    throw new OpenAIIacError(
      'api',
      `read ${resource} ${id}: OpenAI's answer is malformed: it is not the object asked for (id ${JSON.stringify(answer?.id ?? null)}); nothing was saved from it`,
    );
  }
  return answer;
}

/** The answer of a lookup, or null when the API says 404 (for `find` after an ambiguous create). */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/**
 * The secret an ephemeral open hands out. A create adopted after a lost answer has none (the API shows a key's
 * value only in the create's answer): the object is closed again at once and the open fails, rather than handing
 * out nothing or leaving an unusable key behind.
 */
export async function openedSecret(ctx: HandlerContext, value: unknown, close: () => Promise<void>, what: string): Promise<string> {
  if (typeof value === 'string' && value !== '') return value;
  await close();
  throw new OpenAIIacError('api', `${what}: its value was lost with the create's answer, so it was deleted again; run again to get a new one`);
}
