import type { RunCreateParams, RunRetrieveResponse } from 'openai/resources/evals/runs/runs';
import { defineResource, KEEP, p, type InputsOf, type InputValue, type StateOf } from '../spec/define';
import type { Failure, HandlerContext, Json, ValueObject } from '../spec/types';
import { messagesIn } from './eval';
import { awaitEnd, compact, FILE_ID, findSince, importById, metadataOut, splitId, unlessNotFound } from './common';

const DONE = new Set(['completed', 'failed', 'canceled']);
/** Ends that an eval_run resource reports as an error (failureOf), re-run by the next apply. */
const FAILED = new Set(['failed', 'canceled']);
const EVAL_ID = { regex: 'eval_[A-Za-z0-9_-]+', says: 'an eval id (eval_…)' };

/** An inline item or sample: a JSON object, or a string holding one. */
function jsonObject(v: Json): Failure[] {
  let value: unknown = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return [{ path: [], message: 'must be a JSON object (or a string holding one); this string is not JSON' }];
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? []
    : [{ path: [], message: `must be a JSON object, got ${JSON.stringify(v)}` }];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A checked inline item or sample as the object it is (a string holding one parsed). */
const asObject = (v: Json | undefined): Record<string, unknown> | undefined => {
  const value: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  return isRecord(value) ? value : undefined;
};

const dataSource = p.object(
  {
    type: p.string({
      description: '`jsonl` (graded as given), `completions` or `responses` (a model answers each item first, as the sample).',
      required: true,
      enum: ['jsonl', 'completions', 'responses'],
    }),
    source: p.object(
      {
        type: p.string({
          description: '`file_content` (items inline) or `file_id` (a JSONL file).',
          required: true,
          enum: ['file_content', 'file_id'],
        }),
        content: p.list(
          p.object(
            {
              item: p.json({ description: 'The item: a JSON object (or a string holding one).', required: true, refine: jsonObject }),
              sample: p.json({ description: 'A model\'s answer to grade, as a JSON object such as `{"output_text": "…"}`.', refine: jsonObject }),
            },
            { description: 'A row' },
          ),
          { description: 'The rows, for `file_content`.', minItems: 1 },
        ),
        id: p.string({ description: 'A JSONL file of `{"item": …}` lines (purpose `evals`), for `file_id`.', pattern: FILE_ID }),
      },
      {
        description: 'Where the rows come from.',
        required: true,
        refine: (v: ValueObject) =>
          v['type'] === 'file_content'
            ? [
                ...(v['content'] ? [] : [{ path: ['content'], message: 'is required with type "file_content"' }]),
                ...(v['id'] ? [{ path: ['id'], message: 'is only allowed with type "file_id"' }] : []),
              ]
            : [
                ...(v['id'] ? [] : [{ path: ['id'], message: 'is required with type "file_id"' }]),
                ...(v['content'] ? [{ path: ['content'], message: 'is only allowed with type "file_content"' }] : []),
              ],
      },
    ),
    model: p.string({ description: 'The model that answers each item (`completions`, `responses`).', minLength: 1 }),
    input_messages: p.object(
      {
        type: p.string({
          description: '`template` (messages with `{{item.…}}` templates) or `item_reference`.',
          required: true,
          enum: ['template', 'item_reference'],
        }),
        template: p.list(
          p.object(
            {
              role: p.string({
                description: '`user`, `assistant`, `system` or `developer`.',
                required: true,
                enum: ['user', 'assistant', 'system', 'developer'],
              }),
              content: p.string({ description: 'The text, with `{{item.…}}` templates.', required: true }),
            },
            { description: 'A message' },
          ),
          { description: 'The messages, for `template`.', minItems: 1 },
        ),
        item_reference: p.string({ description: 'The item member holding the messages, e.g. `item.input`, for `item_reference`.' }),
      },
      {
        description: 'What the model is asked for each item (`completions`, `responses`).',
        refine: (v: ValueObject) =>
          v['type'] === 'template'
            ? v['template']
              ? []
              : [{ path: ['template'], message: 'is required with type "template"' }]
            : v['item_reference']
              ? []
              : [{ path: ['item_reference'], message: 'is required with type "item_reference"' }],
      },
    ),
    sampling_params: p.object(
      {
        temperature: p.number({ description: 'Sampling temperature.', min: 0, max: 2 }),
        top_p: p.number({ description: 'Nucleus sampling.', min: 0, max: 1 }),
        seed: p.integer({ description: 'Seed for sampling.' }),
        max_completion_tokens: p.integer({ description: 'Most tokens the model may write per item.', min: 1 }),
      },
      { description: "The model's sampling parameters (`completions`, `responses`)." },
    ),
  },
  {
    description: 'The data the run grades. Kept as configured (not read back); a change re-runs (replaces) the run.',
    required: true,
    writeOnly: true,
    replaceOnChange: true,
    refine: (v: ValueObject) => {
      if (v['type'] !== 'jsonl') return [];
      return ['model', 'input_messages', 'sampling_params']
        .filter((k) => v[k] !== undefined && v[k] !== null)
        .map((k) => ({ path: [k], message: 'is only allowed with type "completions" or "responses"' }));
    },
  },
);

type DataSourceIn = InputValue<typeof dataSource>;

/** The checked data source as the SDK's union (inline items given as strings parsed). */
function dataSourceIn(ds: DataSourceIn): RunCreateParams['data_source'] {
  const s = ds.source;
  const source =
    s.type === 'file_id'
      ? { type: 'file_id' as const, id: s.id ?? '' }
      : {
          type: 'file_content' as const,
          content: (s.content ?? []).map((row) => {
            const sample = asObject(row.sample);
            return { item: asObject(row.item) ?? {}, ...(sample ? { sample } : {}) };
          }),
        };
  if (ds.type === 'jsonl') return { type: 'jsonl', source };
  const im = ds.input_messages;
  const inputMessages = im
    ? im.type === 'item_reference'
      ? { type: 'item_reference' as const, item_reference: im.item_reference ?? '' }
      : { type: 'template' as const, template: messagesIn(im.template ?? []) }
    : undefined;
  const rest = compact({
    model: ds.model,
    input_messages: inputMessages,
    sampling_params: ds.sampling_params ? compact({ ...ds.sampling_params }) : undefined,
  });
  return ds.type === 'completions' ? { type: 'completions', source, ...rest } : { type: 'responses', source, ...rest };
}

function toState(r: RunRetrieveResponse): StateOf<typeof properties> {
  return {
    eval_id: r.eval_id,
    name: r.name,
    metadata: metadataOut(r.metadata),
    triggers: KEEP, // never sent: the configured values are kept
    status: r.status,
    result_counts: { ...r.result_counts },
    per_testing_criteria_results: (r.per_testing_criteria_results ?? []).map((x) => ({ ...x })),
    error: r.error?.code ? { code: r.error.code, message: r.error.message } : null,
    model: r.model || null,
    report_url: r.report_url,
    created_at: r.created_at,
  };
}

/** Why a finished run is not a success. */
function failureOf(r: RunRetrieveResponse): string | null {
  if (r.status === 'completed') return null;
  if (r.status === 'canceled') return 'the eval run was canceled before it finished; the next apply runs it again';
  return `the eval run ended ${r.status}${r.error?.code ? ` (${r.error.code}: ${r.error.message})` : ''}; the next apply runs it again`;
}

/** Waits for a run to end, reporting `n/total graded`; whatever stops the wait, the run keeps its id. */
function awaitRun(ctx: HandlerContext, id: string, timeoutSeconds: number): Promise<RunRetrieveResponse> {
  const [evalId, runId] = splitId(id);
  return awaitEnd(
    ctx,
    {
      id,
      what: `eval run ${runId}`,
      retrieve: () => ctx.openai.evals.runs.retrieve(runId, { eval_id: evalId }),
      step: (r) => {
        const c = r.result_counts;
        const graded = c.passed + c.failed + c.errored;
        return {
          done: DONE.has(r.status),
          progress: r.status === 'queued' ? `eval run ${runId}: queued` : `eval run ${runId}: ${graded}/${c.total} graded`,
        };
      },
      toState,
      failureOf,
    },
    timeoutSeconds,
  );
}

const properties = {
  eval_id: p.string({ description: 'The eval whose graders judge the data.', required: true, replaceOnChange: true, pattern: EVAL_ID }),
  name: p.string({ description: 'The name of the run (the API names it when unset).', computed: true, replaceOnChange: true }),
  metadata: p.metadata({ replaceOnChange: true }),
  data_source: dataSource,
  triggers: p.map(p.string({ description: 'value' }), {
    description: 'Arbitrary values kept in state (not sent); any change, adding them included, re-runs (replaces) the run.',
    replaceOnChange: true,
  }),
  timeout_seconds: p.integer({
    description: 'How long to wait for the run to finish (default 1800); kept in state, not sent.',
    default: 1800,
    min: 1,
    max: 86_400,
    writeOnly: true,
  }),
  status: p.string({ description: 'The final status: `completed` on success.', output: true }),
  result_counts: p.object(
    p.each(['total', 'passed', 'failed', 'errored'], (k) => p.integer({ description: `Items ${k === 'total' ? 'in the run' : k}.`, output: true })),
    { description: 'Counts of the items by result.', output: true },
  ),
  per_testing_criteria_results: p.list(
    p.object(
      {
        testing_criteria: p.string({ description: 'The grader.', output: true }),
        passed: p.integer({ description: 'Items it passed.', output: true }),
        failed: p.integer({ description: 'Items it failed.', output: true }),
      },
      { description: 'A grader result', output: true },
    ),
    { description: 'Passes and failures per grader.', output: true },
  ),
  error: p.object(
    { code: p.string({ description: 'Error code.', output: true }), message: p.string({ description: 'Error message.', output: true }) },
    { description: 'Why the run failed, if it did.', output: true },
  ),
  model: p.string({ description: 'The model sampled, for `completions` and `responses` runs.', output: true }),
  report_url: p.string({ description: "The run's report in the dashboard.", output: true }),
  created_at: p.integer({ description: 'Unix time (seconds) the run was created.', output: true, stable: true }),
};

function body(inputs: InputsOf<typeof properties>): RunCreateParams {
  return { data_source: dataSourceIn(inputs.data_source), ...compact({ name: inputs.name, metadata: inputs.metadata }) };
}

export const evalRun = defineResource({
  name: 'eval_run',
  description:
    "A run of an eval: grades a data source's items with the eval's graders and exposes the result counts. " +
    'Creating waits for the run, reporting `n/total graded`, up to `timeout_seconds`; a run whose wait ran out is ' +
    'waited for again by the next apply, not run twice; a run that ends failed or canceled is an error that says ' +
    'why, and the next apply runs it again. Runs cannot be changed: the run is re-run (replaced) when its inputs or ' +
    '`triggers` change. Deleting cancels the run if it is still going, then deletes it.',
  key: 'project',
  failedBy: (state) => (typeof state['status'] === 'string' && FAILED.has(state['status']) ? 'status' : undefined),
  pendingBy: (state) => (typeof state['status'] === 'string' && !DONE.has(state['status']) ? 'status' : undefined),
  properties,
  import: { ...importById('eval_', 'evalrun_'), parts: ['eval_id', 'run_id'] },
  example: {
    eval_id: '${eval.id}',
    name: 'baseline',
    data_source: {
      type: 'jsonl',
      source: {
        type: 'file_content',
        content: [
          { item: { text: 'I love it', label: 'positive' }, sample: { output_text: 'positive' } },
          { item: { text: 'Not for me', label: 'negative' }, sample: { output_text: 'negative' } },
        ],
      },
    },
  },
  handlers: {
    async create(ctx, inputs) {
      const evalId = inputs.eval_id;
      const b = body(inputs);
      const created = await ctx.createOnce((opts) => ctx.openai.evals.runs.create(evalId, b, opts), {
        find: (since) =>
          findSince(
            ctx.openai.evals.runs.list(evalId, { order: 'desc', limit: 100 }),
            since,
            (r) => (b.name === undefined || r.name === b.name) && r.data_source.type === b.data_source.type,
          ),
        // an earlier run's create whose answer arrived: by its id
        retrieve: (runId) => unlessNotFound(ctx.openai.evals.runs.retrieve(runId, { eval_id: evalId })),
      });
      const id = `${evalId}/${created.id}`;
      const finished = await awaitRun(ctx, id, inputs.timeout_seconds);
      return { id, state: toState(finished) };
    },
    async read(ctx, id) {
      const [evalId, runId] = splitId(id);
      return toState(await ctx.openai.evals.runs.retrieve(runId, { eval_id: evalId }));
    },
    async update(ctx, id, olds, news, changed) {
      // timeout_seconds alone: nothing to send, the saved state stands (a member it lacks reads as KEEP).
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the saved state, complete since its create
      let state = olds as StateOf<typeof properties>;
      // A run whose wait ran out while it was still going: wait for it again instead of running it twice.
      if (changed.includes('status')) state = toState(await awaitRun(ctx, id, news.timeout_seconds));
      return state;
    },
    async delete(ctx, id) {
      const [evalId, runId] = splitId(id);
      const r = await unlessNotFound(ctx.openai.evals.runs.retrieve(runId, { eval_id: evalId }));
      if (!r) return;
      if (!DONE.has(r.status)) {
        ctx.debug(`eval run ${id} is ${r.status}: cancelling it before the delete`);
        await ctx.openai.evals.runs.cancel(runId, { eval_id: evalId });
      }
      await ctx.openai.evals.runs.delete(runId, { eval_id: evalId });
    },
    async list(ctx, args) {
      const out = [];
      for await (const r of ctx.openai.evals.runs.list(args.eval_id, { limit: 100 })) out.push({ id: `${args.eval_id}/${r.id}`, state: toState(r) });
      return out;
    },
  },
  listArgs: { eval_id: p.string({ description: 'The eval whose runs to list.', required: true, pattern: EVAL_ID }) },
});
