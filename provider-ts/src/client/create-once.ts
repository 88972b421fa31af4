// Creates must never be duplicated by a retry.
//
// The OpenAI API takes no idempotency key, and the SDK retries timeouts, resets and 5xx blindly — a create
// that the server applied but whose answer was lost would then be applied twice. So every create goes
// through `createOnce`:
//   1. it is sent with the SDK's retries off (maxRetries: 0);
//   2. an answer that proves the request was NOT applied (a 4xx: 429 rate limit, 409, 400 …) is either
//      final or, for 429/409, safe to resend after the shared cooldown;
//   3. an AMBIGUOUS failure (timeout, connection reset, 5xx) may hide an applied create: before anything
//      is resent, the resource's `find` looks the object up by what the create sent (its fingerprint:
//      name, metadata, bytes … created since the first attempt started). Found ⇒ adopt it. Not found ⇒
//      the create did not happen and one more attempt is safe;
//   4. a resource with no way to look itself up never resends after an ambiguous failure: it reports
//      that the object may exist and how to import it.
import { OpenAIIacError } from './errors';
import { sdk } from './sdk';

type Outcome = 'rejected-retryable' | 'rejected' | 'ambiguous';

export function classify(e: unknown): Outcome {
  const OpenAI = sdk();
  if (e instanceof OpenAI.APIUserAbortError) return 'rejected';
  if (e instanceof OpenAI.APIConnectionError) return 'ambiguous'; // includes timeouts and resets
  if (e instanceof OpenAI.APIError) {
    const s = e.status ?? 0;
    if (s === 429 || s === 409) return 'rejected-retryable';
    if (s >= 500) return 'ambiguous';
    return 'rejected';
  }
  return 'rejected';
}

interface CreateOnceOptions {
  maxRetries: number;
  /** What is being created, for the message of an ambiguous failure ('conversation (import id conv_<id>)'). */
  what: string;
  log: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export async function createOnce<T>(
  send: (opts: { maxRetries: 0 }) => Promise<T>,
  find: (() => Promise<T | null>) | undefined,
  opts: CreateOnceOptions,
): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await send({ maxRetries: 0 });
    } catch (e) {
      const outcome = classify(e);
      if (outcome === 'rejected' || attempt >= opts.maxRetries) {
        if (outcome === 'ambiguous' && find) {
          const found = await find();
          if (found) return (opts.log('create: the lost answer hid a successful create; adopting it'), found);
        }
        if (outcome === 'ambiguous' && !find) throw ambiguous(e, opts.what);
        throw e;
      }
      if (outcome === 'ambiguous') {
        if (!find) throw ambiguous(e, opts.what);
        const found = await find();
        if (found) {
          opts.log(`create: attempt ${attempt + 1} failed (${(e as Error).message}) but had been applied; adopting it`);
          return found;
        }
        opts.log(`create: attempt ${attempt + 1} failed (${(e as Error).message}) and was not applied; sending again`);
      } else {
        opts.log(`create: attempt ${attempt + 1} was refused (${(e as Error).message}); sending again after the cooldown`);
      }
      await sleep(Math.min(500 * 2 ** attempt, 8000));
    }
  }
}

function ambiguous(e: unknown, what: string): OpenAIIacError {
  return new OpenAIIacError(
    'ambiguous_create',
    `the create request failed without an answer (${e instanceof Error ? e.message : String(e)}), so the ${what} may have been ` +
      'created, and the API offers no way to look it up by what was sent. It was not sent again: applying again could ' +
      `make a second one. Find the ${what} (the OpenAI dashboard, or the API's own listing where there is one) and ` +
      'import it by its id, or, if it does not exist, apply again.',
  );
}
