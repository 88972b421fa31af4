import type { FineTuningJob, JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { defineAction } from '../spec/action';
import { defineResource, KEEP, p, type InputsOf, type StateOf } from '../spec/define';
import type { Failure, HandlerContext } from '../spec/types';
import { awaitEnd, FILE_ID, findSince, metadataOut, sameJson, unlessNotFound } from './common';

/** Statuses from which a job goes no further. */
const DONE = new Set(['succeeded', 'failed', 'cancelled']);
/** Ends that a fine_tuning_job resource reports as an error (failureOf), and that the next apply makes again. */
const FAILED = new Set(['failed', 'cancelled']);

const hyper = {
  batch_size: p.integer({ description: 'Examples per batch (1 to 256); `auto` (the API picks) when unset.', min: 1, max: 256 }),
  learning_rate_multiplier: p.number({ description: 'Scaling factor for the learning rate (above 0); `auto` when unset.', min: 0 }),
  n_epochs: p.integer({ description: 'Epochs: full cycles through the training data (1 to 50); `auto` when unset.', min: 1, max: 50 }),
  beta: p.number({
    description: 'DPO only: weight of the penalty between the policy and the reference model (above 0, at most 2); `auto` when unset.',
    min: 0,
    max: 2,
  }),
};

const method = p.object(
  {
    type: p.string({
      description: '`supervised` (the default) or `dpo`. `reinforcement` needs a grader, which this resource does not support.',
      enum: ['supervised', 'dpo', 'reinforcement'],
      default: 'supervised',
    }),
    hyperparameters: p.object(hyper, {
      description: "The method's hyperparameters; each one unset is `auto` (the API picks a value).",
      refine: (v) =>
        (['learning_rate_multiplier', 'beta'] as const).flatMap((k): Failure[] =>
          typeof v[k] === 'number' && v[k] <= 0 ? [{ path: [k], message: 'must be greater than 0' }] : [],
        ),
    }),
  },
  {
    description:
      'The fine-tuning method and its hyperparameters (`supervised` when unset). Kept as configured: the job reports values the API picked.',
    writeOnly: true,
    replaceOnChange: true,
    refine: (v): Failure[] => {
      if (v['type'] === 'reinforcement') {
        return [
          {
            path: ['type'],
            message:
              'reinforcement fine-tuning needs a grader, which this resource does not support yet: create the job from code ' +
              '(client.fineTuning.jobs.create with method.reinforcement.grader) and read it with the fine_tuning_job data source',
          },
        ];
      }
      const h = v['hyperparameters'];
      const beta = h && typeof h === 'object' && !Array.isArray(h) ? h['beta'] : undefined;
      if (v['type'] !== 'dpo' && beta !== undefined && beta !== null) {
        return [{ path: ['hyperparameters', 'beta'], message: 'is a DPO hyperparameter: set type to "dpo" or remove it' }];
      }
      return [];
    },
  },
);

const properties = {
  model: p.string({ description: 'The base model to fine-tune (`gpt-4o-mini-2024-07-18` …).', required: true, replaceOnChange: true, minLength: 1 }),
  training_file: p.string({
    description: 'The training data: a JSONL file uploaded with purpose `fine-tune`.',
    required: true,
    replaceOnChange: true,
    pattern: FILE_ID,
  }),
  validation_file: p.string({
    description: 'Validation data: a JSONL file uploaded with purpose `fine-tune`.',
    replaceOnChange: true,
    pattern: FILE_ID,
  }),
  suffix: p.string({
    description: "Up to 64 characters added to the fine-tuned model's name (`ft:<model>:<org>:<suffix>:<id>`).",
    writeOnly: true,
    replaceOnChange: true,
    minLength: 1,
    maxLength: 64,
  }),
  seed: p.integer({
    description: 'The seed of the job (the API picks one when unset).',
    min: 0,
    max: 2_147_483_647,
    computed: true,
    replaceOnChange: true,
  }),
  method,
  metadata: p.metadata({ replaceOnChange: true }),
  triggers: p.map(p.string({ description: 'value' }), {
    description: 'Arbitrary values kept in state (not sent); any change, adding them included, makes a new job (replaces it).',
    replaceOnChange: true,
  }),
  timeout_seconds: p.integer({
    description: 'How long to wait for the job to finish (default 3600); kept in state, not sent. A wait that runs out is resumed by the next apply.',
    default: 3600,
    min: 1,
    max: 7 * 86_400,
    writeOnly: true,
  }),
  status: p.string({ description: '`validating_files`, `queued`, `running`, `succeeded`, `failed` or `cancelled`.', output: true }),
  fine_tuned_model: p.string({ description: 'The fine-tuned model, once the job succeeded.', output: true }),
  trained_tokens: p.integer({ description: 'Billable tokens processed, once the job finished.', output: true }),
  result_files: p.list(p.string({ description: 'file id', output: true }), {
    description: 'The result files (step metrics) of the job.',
    output: true,
  }),
  error: p.object(
    {
      code: p.string({ description: 'Error code.', output: true }),
      message: p.string({ description: 'Error message.', output: true }),
      param: p.string({ description: 'The parameter at fault (`training_file` …), if any.', output: true }),
    },
    { description: 'Why the job failed, if it did.', output: true },
  ),
  created_at: p.integer({ description: 'Unix time (seconds) the job was created.', output: true, stable: true }),
  finished_at: p.integer({ description: 'Unix time (seconds) the job finished.', output: true }),
};

function toState(job: FineTuningJob): StateOf<typeof properties> {
  return {
    model: job.model,
    training_file: job.training_file,
    validation_file: job.validation_file ?? null,
    seed: job.seed,
    metadata: metadataOut(job.metadata),
    triggers: KEEP, // never sent: the configured values are kept
    status: job.status,
    fine_tuned_model: job.fine_tuned_model ?? null,
    trained_tokens: job.trained_tokens ?? null,
    result_files: [...job.result_files],
    error: job.error ? { code: job.error.code, message: job.error.message, param: job.error.param ?? null } : null,
    created_at: job.created_at,
    finished_at: job.finished_at ?? null,
  };
}

/** Why a finished job is not a success, with the job's own error. */
function failureOf(job: FineTuningJob): string | null {
  if (!FAILED.has(job.status)) return null;
  const e = job.error;
  const why = e ? ` (${e.code}: ${e.message}${e.param ? `; param ${e.param}` : ''})` : '';
  return `fine-tuning job ${job.id} ended ${job.status}${why}; the next apply makes a new job`;
}

/** The job's latest event message, for progress ("Step 5/30: training loss=…"). */
async function latestEvent(ctx: HandlerContext, id: string): Promise<string | undefined> {
  const page = await ctx.openai.fineTuning.jobs.listEvents(id, { limit: 1 });
  return page.data[0]?.message;
}

/**
 * Waits for a job to end, reporting its status and latest event, for at most `timeoutSeconds`. Whatever stops the
 * wait, the job exists: every failure is a partial create/update that keeps its id.
 */
function awaitJob(ctx: HandlerContext, id: string, timeoutSeconds: number): Promise<FineTuningJob> {
  return awaitEnd(
    ctx,
    {
      id,
      what: `fine-tuning job ${id}`,
      retrieve: () => ctx.openai.fineTuning.jobs.retrieve(id),
      step: async (job) => {
        const done = DONE.has(job.status);
        const latest = done ? undefined : await latestEvent(ctx, id).catch(() => undefined);
        return { done, progress: `fine-tuning job ${id}: ${job.status.replace('_', ' ')}${latest ? ` (${latest})` : ''}` };
      },
      toState,
      failureOf,
    },
    timeoutSeconds,
  );
}

function body(inputs: InputsOf<typeof properties>): JobCreateParams {
  const m = inputs.method;
  const h = m?.hyperparameters;
  const hp = h ? Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined && v !== null)) : undefined;
  const type = m?.type ?? 'supervised';
  const methodBody: JobCreateParams.Method | undefined = !m
    ? undefined
    : type === 'dpo'
      ? { type: 'dpo', dpo: hp ? { hyperparameters: hp } : {} }
      : { type: 'supervised', supervised: hp ? { hyperparameters: hp } : {} };
  return {
    model: inputs.model,
    training_file: inputs.training_file,
    ...(inputs.validation_file ? { validation_file: inputs.validation_file } : {}),
    ...(inputs.suffix ? { suffix: inputs.suffix } : {}),
    ...(inputs.seed !== undefined ? { seed: inputs.seed } : {}),
    ...(inputs.metadata ? { metadata: inputs.metadata } : {}),
    ...(methodBody ? { method: methodBody } : {}),
  };
}

/** Creates a job (once, even after a lost answer) and waits for it to finish. */
async function createJob(ctx: HandlerContext, inputs: InputsOf<typeof properties>) {
  const b = body(inputs);
  const created = await ctx.createOnce((opts) => ctx.openai.fineTuning.jobs.create(b, opts), {
    find: (since) =>
      findSince(
        ctx.openai.fineTuning.jobs.list({ limit: 100 }),
        since,
        (j) =>
          j.training_file === b.training_file &&
          (j.validation_file ?? null) === (b.validation_file ?? null) &&
          sameJson(metadataOut(j.metadata), b.metadata ?? null),
      ),
    retrieve: (id) => unlessNotFound(ctx.openai.fineTuning.jobs.retrieve(id)),
  });
  const finished = await awaitJob(ctx, created.id, inputs.timeout_seconds);
  return { id: created.id, state: toState(finished) };
}

export const fineTuningJob = defineResource({
  name: 'fine_tuning_job',
  description:
    'A fine-tuning job: trains `model` on `training_file` (JSONL uploaded with purpose `fine-tune`) and exposes the ' +
    'resulting `fine_tuned_model`. Creating waits for the job, reporting its status and latest event, up to ' +
    '`timeout_seconds`; a wait that runs out (or is cut short) is resumed by the next apply, never a second job. A ' +
    'job that ends `failed` or `cancelled` is an error carrying its `error` (code, message, param), and the next apply ' +
    'makes a new job. The API cannot change a job: any input change, `triggers` included, makes a new one. Deleting ' +
    'cancels a job still validating, queued or running; a finished job cannot be deleted, so it is only removed from ' +
    'state (its fine-tuned model stays).',
  key: 'project',
  failedBy: (state) => (typeof state['status'] === 'string' && FAILED.has(state['status']) ? 'status' : undefined),
  pendingBy: (state) => (typeof state['status'] === 'string' && !DONE.has(state['status']) ? 'status' : undefined),
  properties,
  import: { format: 'ftjob-<id>', example: 'ftjob-abc123', pattern: 'ftjob-[A-Za-z0-9_-]+' },
  example: {
    model: 'gpt-4o-mini-2024-07-18',
    training_file: '${file.id}',
    suffix: 'support-bot',
    method: { type: 'supervised', hyperparameters: { n_epochs: 3 } },
  },
  dataSources: { listAttribute: 'jobs' },
  handlers: {
    create: createJob,
    async read(ctx, id) {
      return toState(await ctx.openai.fineTuning.jobs.retrieve(id));
    },
    async update(ctx, id, olds, news, changed) {
      // timeout_seconds alone: nothing to send, the saved state stands.
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the saved state, complete since its create
      let state = olds as StateOf<typeof properties>;
      // A job whose wait ran out while it was still going: wait for it again instead of making a second job.
      if (changed.includes('status')) state = toState(await awaitJob(ctx, id, news.timeout_seconds));
      return state;
    },
    async delete(ctx, id) {
      const job = await unlessNotFound(ctx.openai.fineTuning.jobs.retrieve(id));
      if (job && !DONE.has(job.status)) {
        ctx.debug(`fine-tuning job ${id}: still ${job.status}; cancelling it`);
        await ctx.openai.fineTuning.jobs.cancel(id);
        return;
      }
      ctx.debug(`fine-tuning job ${id}: ${job ? `already ${job.status}` : 'gone'}; the API cannot delete jobs, removing it from state only`);
    },
    async list(ctx) {
      const out = [];
      for await (const j of ctx.openai.fineTuning.jobs.list({ limit: 100 })) out.push({ id: j.id, state: toState(j) });
      return out;
    },
  },
});

/**
 * `action "openai_fine_tuning_job_run"`: creates a fine-tuning job and waits for it to finish, streaming its
 * progress. Nothing is kept in state; a job that fails or is cancelled is an error saying why.
 */
export const fineTuningJobRun = defineAction({
  name: 'fine_tuning_job_run',
  description:
    'Creates a fine-tuning job and waits for it to finish, up to `timeout_seconds`, reporting its progress. Each ' +
    'invocation makes a new job; a lost answer is looked up before anything is resent, so one invocation never makes ' +
    'two. A job that fails or is cancelled is an error saying why.',
  resource: fineTuningJob,
  properties: {
    model: properties.model,
    training_file: properties.training_file,
    validation_file: properties.validation_file,
    suffix: properties.suffix,
    seed: properties.seed,
    method: properties.method,
    metadata: properties.metadata,
    timeout_seconds: properties.timeout_seconds,
  },
  async invoke(ctx, inputs) {
    const made = await createJob(ctx, inputs);
    ctx.progress(`fine-tuning job ${made.id}: ${String(made.state.status)}; model ${String(made.state.fine_tuned_model ?? 'none')}`);
  },
});
