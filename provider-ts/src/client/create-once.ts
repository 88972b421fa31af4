// Creates must never be duplicated by a retry, nor by a rerun after a crash.
//
// The OpenAI API takes no idempotency key, and the SDK retries timeouts, resets and 5xx blindly — a create
// that the server applied but whose answer was lost would then be applied twice. So every create goes
// through `createOnce`:
//   1. an earlier run's create of the same resource that never reached state (its journal entry outlived its
//      process: client/journal.ts) is looked up first — by id when its answer had arrived, by what was sent
//      otherwise — and adopted; where the API offers no way to look it up, the create stops with an error
//      that names the object and how to import it, never a silent second create;
//   2. the create is journalled, then sent with the SDK's retries off (maxRetries: 0);
//   3. an answer that proves the request was NOT applied (a 4xx: 429 rate limit, 409, 400 …, and 503 overloaded)
//      is either final or, for 429/409/503, safe to resend after the shared cooldown;
//   4. an AMBIGUOUS failure (timeout, connection reset, 5xx) may hide an applied create: before anything
//      is resent, the resource's `find` looks the object up by what the create sent (its fingerprint:
//      name, metadata, bytes … created since the first attempt started), looking again for three seconds
//      since a list may lag a create. Found ⇒ adopt it. Not found ⇒ one more attempt is safe;
//   5. a resource with no way to look itself up never resends after an ambiguous failure: it reports
//      that the object may exist and how to import it.
import { join } from 'node:path';
import { OpenAIIacError } from './errors';
import type { CreateJournal, JournalEntry } from './journal';
import { sdk } from './sdk';
import type { CreateCheckpoint, JsonObject, Lookup } from '../spec/types';

type Outcome = 'rejected-retryable' | 'rejected' | 'ambiguous';

export function classify(e: unknown): Outcome {
  const OpenAI = sdk();
  if (e instanceof OpenAI.APIUserAbortError) return 'rejected';
  if (e instanceof OpenAI.APIConnectionError) return 'ambiguous'; // includes timeouts and resets
  if (e instanceof OpenAI.APIError) {
    const s = e.status ?? 0;
    // 503 is the API's "overloaded or not ready yet", answered before a request is taken on: like a 429, not applied.
    if (s === 429 || s === 409 || s === 503) return 'rejected-retryable';
    if (s >= 500) return 'ambiguous';
    return 'rejected';
  }
  return 'rejected';
}

/** When a look-up after an ambiguous failure looks (again), since a list may not show a create yet: 3 s in all. */
const LOOK_AGAIN_MS = [0, 500, 1000, 1500];

interface CreateOnceOptions {
  maxRetries: number;
  /** What is being created, for the message of an ambiguous failure ('conversation (import id conv_<id>)'). */
  what: string;
  /** Debug lines. */
  log: (message: string) => void;
  /** Lines the user should see (an adoption of an earlier run's object). */
  notice?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** The create journal and this resource's place in it; without one, only in-process failures are covered. */
  journal?: { journal: CreateJournal; type: string; identity: string };
}

export async function createOnce<T extends { id: string }>(
  send: (opts: { maxRetries: 0 }, checkpoint: CreateCheckpoint) => Promise<T>,
  lookup: Lookup<T>,
  opts: CreateOnceOptions,
): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const j = opts.journal;
  const started = Date.now();
  const earlier = j ? j.journal.interrupted(j.type, j.identity) : [];
  const strays = j ? j.journal.strays(j.type, j.identity) : [];
  if (j && strays.length > 0) {
    opts.notice?.(
      `the create journal (${j.journal.dir}) holds ${strays.length} interrupted ${j.type} create(s) of other resources: ` +
        `${strays.map((e) => describe(e)).join('; ')}. If no resource of this run adopts them, their configuration changed ` +
        'after the crash: import the object(s) by id, or delete the file(s) once you know they do not exist.',
    );
  }
  const claimed = (id: string) => j?.journal.isClaimed(id) ?? false;
  let resumed: JsonObject | undefined;
  if (earlier.length > 0) {
    const found = await findInterrupted(earlier, lookup, opts.what, claimed, j?.journal.dir ?? '');
    if (found) {
      j?.journal.adopt(j.journal.begin(j.type, j.identity, started), found.object.id, earlier);
      opts.notice?.(
        `an earlier run created ${opts.what.split(' (')[0]} at ${iso(found.entry.startedAt)} and never saved it: adopting ${found.object.id} instead of creating another`,
      );
      return found.object;
    }
    // Looked for and absent: those creates never finished. The last one's checkpoint (how far a create made of
    // several requests got) carries over to this one, which resumes from it.
    resumed = earlier.findLast((e) => e.checkpoint !== undefined)?.checkpoint;
    for (const e of earlier) j?.journal.remove(e);
  }
  const entry = j?.journal.begin(j.type, j.identity, started);
  if (resumed) j?.journal.checkpoint(entry, resumed);
  const checkpoint: CreateCheckpoint = { resumed, save: (data) => j?.journal.checkpoint(entry, data) };
  /** A refused or cut-short create that saved a checkpoint can still be resumed: its entry stays for the next run. */
  const forget = () => {
    if (!entry?.checkpoint) j?.journal.remove(entry);
  };

  /** After an ambiguous failure: the object the create made, if it did. */
  const lookAfter = async (): Promise<T | null> => {
    if (!lookup.find) return null;
    for (const wait of LOOK_AGAIN_MS) {
      if (wait > 0) await sleep(wait);
      const found = (await lookup.find(started)).find((c) => !claimed(c.id));
      if (found) return found;
    }
    return null;
  };

  for (let attempt = 0; ; attempt++) {
    try {
      const created = await send({ maxRetries: 0 }, checkpoint);
      j?.journal.record(entry, created.id);
      return created;
    } catch (e) {
      const outcome = classify(e);
      if (outcome === 'rejected') {
        forget();
        throw e;
      }
      if (outcome === 'rejected-retryable') {
        if (attempt >= opts.maxRetries) {
          forget();
          throw e;
        }
        opts.log(`create: attempt ${attempt + 1} was refused (${(e as Error).message}); sending again after the cooldown`);
      } else {
        // The entry stays until the object is found or known absent: a crash from here on is found by the next run.
        if (!lookup.find) throw ambiguous(e, opts.what, entry && j?.journal.dir ? join(j.journal.dir, entry.file) : undefined);
        const found = await lookAfter();
        if (found) {
          j?.journal.record(entry, found.id);
          opts.log(`create: attempt ${attempt + 1} failed (${(e as Error).message}) but had been applied; adopting ${found.id}`);
          return found;
        }
        if (attempt >= opts.maxRetries) throw e;
        opts.log(`create: attempt ${attempt + 1} failed (${(e as Error).message}) and was not applied; sending again`);
      }
      await sleep(Math.min(500 * 2 ** attempt, 8000));
    }
  }
}

/** An earlier run's interrupted create, found: by its recorded id, else by what was sent (exactly one match). */
async function findInterrupted<T extends { id: string }>(
  earlier: readonly JournalEntry[],
  lookup: Lookup<T>,
  what: string,
  claimed: (id: string) => boolean,
  dir: string,
): Promise<{ object: T; entry: JournalEntry } | null> {
  const since = Math.min(...earlier.map((e) => e.startedAt));
  const candidates = lookup.find ? (await lookup.find(since)).filter((c) => !claimed(c.id)) : [];
  for (const entry of earlier) {
    if (entry.id === undefined || claimed(entry.id)) continue;
    const byId = candidates.find((c) => c.id === entry.id) ?? (lookup.retrieve ? await lookup.retrieve(entry.id) : null);
    if (byId) return { object: byId, entry };
  }
  const unanswered = earlier.filter((e) => e.id === undefined);
  const first = unanswered[0];
  if (!first) return null;
  if (!lookup.find) throw interrupted(what, first, dir);
  const fresh = candidates.filter((c) => !earlier.some((e) => e.id === c.id));
  const only = fresh[0];
  if (fresh.length === 1 && only) return { object: only, entry: first };
  if (fresh.length > 1) {
    throw new OpenAIIacError(
      'ambiguous_create',
      `an earlier run was interrupted while creating this ${what} (at ${iso(first.startedAt)}), and ${fresh.length} objects made since then ` +
        `match what it sent: ${fresh.map((c) => c.id).join(', ')}. Nothing was created: import the one that belongs to this resource by its ` +
        `id, delete the others, and delete the journal file ${join(dir, first.file)}.`,
    );
  }
  return null;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

function describe(e: JournalEntry): string {
  return `${e.id ?? 'id unknown'} (started ${iso(e.startedAt)}, ${e.file})`;
}

function interrupted(what: string, entry: JournalEntry, dir: string): OpenAIIacError {
  return new OpenAIIacError(
    'ambiguous_create',
    `an earlier run was interrupted while creating this ${what} (at ${iso(entry.startedAt)}) before the API answered, so it may ` +
      'exist, and the API offers no way to look it up by what was sent. Nothing was sent: a second create could make a second one. ' +
      `Find it (the OpenAI dashboard) and import it by its id; if it does not exist, delete the journal file ${join(dir, entry.file)} ` +
      'and apply again.',
  );
}

function ambiguous(e: unknown, what: string, journalFile: string | undefined): OpenAIIacError {
  return new OpenAIIacError(
    'ambiguous_create',
    `the create request failed without an answer (${e instanceof Error ? e.message : String(e)}), so the ${what} may have been ` +
      'created, and the API offers no way to look it up by what was sent. It was not sent again: applying again could ' +
      `make a second one. Find the ${what} (the OpenAI dashboard, or the API's own listing where there is one) and ` +
      'import it by its id' +
      (journalFile
        ? `; if it does not exist, delete the journal file ${journalFile} and apply again (until then, applying again stops here).`
        : ', or, if it does not exist, apply again.'),
  );
}
