import type { Batch, BatchCreateParams } from 'openai/resources/batches';
import { defineAction } from '../spec/action';
import { defineResource, KEEP, p, type InputsOf, type StateOf } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { awaitEnd, FILE_ID, findSince, metadataOut, sameJson, unlessNotFound } from './common';

const ENDPOINTS = [
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
  '/v1/images/generations',
  '/v1/images/edits',
  '/v1/videos',
] as const;
/** Statuses from which a batch goes no further. */
const DONE = new Set(['completed', 'failed', 'expired', 'cancelled']);
/** Ends a batch resource reports as an error when it waited, and that the next apply makes again. */
const FAILED = new Set(['failed', 'expired', 'cancelled']);
/** A batch still going: deleting the resource cancels it. */
const RUNNING = new Set(['validating', 'in_progress', 'finalizing']);

const properties = {
  input_file_id: p.string({
    description: 'The requests: a JSONL file uploaded with purpose `batch`, one request per line (`custom_id`, `method`, `url`, `body`).',
    required: true,
    replaceOnChange: true,
    pattern: FILE_ID,
  }),
  endpoint: p.string({
    description: "The endpoint every request of the batch goes to; each line's `url` must be it.",
    required: true,
    replaceOnChange: true,
    enum: ENDPOINTS,
  }),
  completion_window: p.string({
    description: 'The time frame to process the batch in: only `24h`.',
    enum: ['24h'],
    default: '24h',
    replaceOnChange: true,
  }),
  metadata: p.metadata({ replaceOnChange: true }),
  output_expires_after: p.object(
    {
      anchor: p.string({ description: 'The anchor: `created_at` (of the output file).', enum: ['created_at'], default: 'created_at' }),
      seconds: p.integer({ description: 'Seconds after the anchor (3600 to 2592000).', required: true, min: 3600, max: 2_592_000 }),
    },
    { description: 'When the output and error files expire.', writeOnly: true, replaceOnChange: true },
  ),
  wait: p.bool({
    description:
      'Wait for the batch to complete (default true); kept in state, not sent. With false, creating returns as soon as the batch is accepted.',
    default: true,
    writeOnly: true,
  }),
  triggers: p.map(p.string({ description: 'value' }), {
    description: 'Arbitrary values kept in state (not sent); any change, adding them included, makes a new batch (replaces it).',
    replaceOnChange: true,
  }),
  timeout_seconds: p.integer({
    description: 'How long to wait for the batch (default 86400); kept in state, not sent. A wait that runs out is resumed by the next apply.',
    default: 86_400,
    min: 1,
    max: 7 * 86_400,
    writeOnly: true,
  }),
  status: p.string({
    description: '`validating`, `in_progress`, `finalizing`, `completed`, `failed`, `expired`, `cancelling` or `cancelled`.',
    output: true,
  }),
  output_file_id: p.string({ description: 'The file of the successful requests’ outputs, once completed.', output: true }),
  error_file_id: p.string({ description: 'The file of the failed requests’ errors, if any failed.', output: true }),
  request_counts: p.object(
    p.each(['total', 'completed', 'failed'], (k) => p.integer({ description: `Requests ${k}.`, output: true })),
    { description: 'Counts of the requests by status.', output: true },
  ),
  errors: p.list(
    p.object(
      {
        code: p.string({ description: 'Error code.', output: true }),
        message: p.string({ description: 'Error message.', output: true }),
        param: p.string({ description: 'The parameter at fault, if any.', output: true }),
        line: p.integer({ description: 'The line of the input file at fault, if any.', output: true }),
      },
      { description: 'An error', output: true },
    ),
    { description: 'Why the batch failed validation, if it did.', output: true },
  ),
  created_at: p.integer({ description: 'Unix time (seconds) the batch was created.', output: true, stable: true }),
  completed_at: p.integer({ description: 'Unix time (seconds) the batch completed.', output: true }),
};

function toState(b: Batch): StateOf<typeof properties> {
  const c = b.request_counts;
  return {
    input_file_id: b.input_file_id,
    endpoint: b.endpoint,
    completion_window: b.completion_window,
    metadata: metadataOut(b.metadata),
    triggers: KEEP, // never sent: the configured values are kept
    status: b.status,
    output_file_id: b.output_file_id ?? null,
    error_file_id: b.error_file_id ?? null,
    request_counts: c ? { total: c.total, completed: c.completed, failed: c.failed } : null,
    errors: (b.errors?.data ?? []).map((e) => ({ code: e.code ?? null, message: e.message ?? null, param: e.param ?? null, line: e.line ?? null })),
    created_at: b.created_at,
    completed_at: b.completed_at ?? null,
  };
}

function failureOf(b: Batch): string | null {
  if (!FAILED.has(b.status)) return null;
  const errs = (b.errors?.data ?? []).map((e) => `${e.code ?? 'error'}: ${e.message ?? ''}${e.line != null ? ` (line ${e.line})` : ''}`);
  return `batch ${b.id} ended ${b.status}${errs.length ? `: ${errs.join('; ')}` : ''}; the next apply makes a new batch`;
}

/** Waits for a batch to end, reporting n/total requests done, for at most `timeoutSeconds`. */
function awaitBatch(ctx: HandlerContext, id: string, timeoutSeconds: number): Promise<Batch> {
  return awaitEnd(
    ctx,
    {
      id,
      what: `batch ${id}`,
      retrieve: () => ctx.openai.batches.retrieve(id),
      step: (b) => {
        const c = b.request_counts;
        const counts = c && c.total > 0 ? `${c.completed + c.failed}/${c.total} requests done` : b.status.replace('_', ' ');
        return { done: DONE.has(b.status), progress: `batch ${id}: ${counts}` };
      },
      toState,
      failureOf,
    },
    timeoutSeconds,
  );
}

/** Creates a batch (once, even after a lost answer) and, unless `wait` is false, waits for it to end. */
async function createBatch(ctx: HandlerContext, inputs: InputsOf<typeof properties>) {
  const b: BatchCreateParams = {
    input_file_id: inputs.input_file_id,
    endpoint: inputs.endpoint,
    completion_window: inputs.completion_window,
    ...(inputs.metadata ? { metadata: inputs.metadata } : {}),
    ...(inputs.output_expires_after ? { output_expires_after: { anchor: 'created_at', seconds: inputs.output_expires_after.seconds } } : {}),
  };
  const created = await ctx.createOnce((opts) => ctx.openai.batches.create(b, opts), {
    find: (since) =>
      findSince(
        ctx.openai.batches.list({ limit: 100 }),
        since,
        (x) => x.input_file_id === b.input_file_id && x.endpoint === b.endpoint && sameJson(metadataOut(x.metadata), b.metadata ?? null),
      ),
    retrieve: (id) => unlessNotFound(ctx.openai.batches.retrieve(id)),
  });
  if (!inputs.wait) {
    ctx.debug(`batch ${created.id}: wait is false; not waiting for it`);
    return { id: created.id, state: toState(created) };
  }
  return { id: created.id, state: toState(await awaitBatch(ctx, created.id, inputs.timeout_seconds)) };
}

export const batch = defineResource({
  name: 'batch',
  description:
    'A batch of API requests (`input_file_id`, a JSONL file uploaded with purpose `batch`) processed asynchronously ' +
    'within `completion_window`, its results in `output_file_id` and `error_file_id`. Creating waits for the batch ' +
    '(unless `wait` is false), reporting n/total requests done, up to `timeout_seconds`; a wait that runs out is ' +
    'resumed by the next apply, never a second batch. A batch that ends failed, expired or cancelled while waited ' +
    'for is an error with its `errors`, and the next apply makes a new one. The API cannot change a batch: any input ' +
    'change, `triggers` included, makes a new one. Deleting cancels a batch still validating, in progress or ' +
    'finalizing; a finished batch cannot be deleted, so it is only removed from state (its files stay).',
  key: 'project',
  failedBy: (state) => (state['wait'] !== false && typeof state['status'] === 'string' && FAILED.has(state['status']) ? 'status' : undefined),
  pendingBy: (state) => (state['wait'] !== false && typeof state['status'] === 'string' && !DONE.has(state['status']) ? 'status' : undefined),
  properties,
  import: { format: 'batch_<id>', example: 'batch_abc123', pattern: 'batch_[A-Za-z0-9_-]+' },
  example: { input_file_id: '${file.id}', endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { job: 'nightly-eval' } },
  dataSources: { listAttribute: 'batches' },
  handlers: {
    create: createBatch,
    async read(ctx, id) {
      return toState(await ctx.openai.batches.retrieve(id));
    },
    async update(ctx, id, olds, news, changed) {
      // wait / timeout_seconds alone: nothing to send, the saved state stands.
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the saved state, complete since its create
      let state = olds as StateOf<typeof properties>;
      // A batch whose wait ran out while it was still going: wait for it again instead of making a second batch.
      if (changed.includes('status') && news.wait) state = toState(await awaitBatch(ctx, id, news.timeout_seconds));
      return state;
    },
    async delete(ctx, id) {
      const b = await unlessNotFound(ctx.openai.batches.retrieve(id));
      if (b && RUNNING.has(b.status)) {
        ctx.debug(`batch ${id}: still ${b.status}; cancelling it`);
        await ctx.openai.batches.cancel(id);
        return;
      }
      ctx.debug(`batch ${id}: ${b ? `already ${b.status}` : 'gone'}; the API cannot delete batches, removing it from state only`);
    },
    async list(ctx) {
      const out = [];
      for await (const b of ctx.openai.batches.list({ limit: 100 })) out.push({ id: b.id, state: toState(b) });
      return out;
    },
  },
});

/**
 * `action "openai_batch_run"`: creates a batch and waits for it to end, streaming n/total requests done. Nothing is
 * kept in state; a batch that ends failed, expired or cancelled is an error saying why.
 */
export const batchRun = defineAction({
  name: 'batch_run',
  description:
    'Creates a batch of API requests (`input_file_id`, a JSONL file uploaded with purpose `batch`) and waits for it to ' +
    'end, up to `timeout_seconds`, reporting n/total requests done. Each invocation makes a new batch; a lost answer ' +
    'is looked up before anything is resent, so one invocation never makes two. A batch that ends failed, expired or ' +
    'cancelled is an error with its `errors`.',
  resource: batch,
  properties: {
    input_file_id: properties.input_file_id,
    endpoint: properties.endpoint,
    completion_window: properties.completion_window,
    metadata: properties.metadata,
    output_expires_after: properties.output_expires_after,
    timeout_seconds: properties.timeout_seconds,
  },
  async invoke(ctx, inputs) {
    const made = await createBatch(ctx, { ...inputs, wait: true });
    const s = made.state;
    const counts = s.request_counts && typeof s.request_counts === 'object' ? ` (${JSON.stringify(s.request_counts)})` : '';
    ctx.progress(`batch ${made.id}: ${String(s.status)}${counts}; output file ${String(s.output_file_id ?? 'none')}`);
  },
});
