// Fine-tuning jobs, their events and checkpoints, and checkpoint permissions (admin key).
//
// A job progresses with the clock over fineTuningDelayMs (read whenever it is looked at): validating_files for the
// first fifth, queued for the next, then running (its trained steps rising to n_epochs × training lines), then
// succeeded. The training file must be one of the project's files with purpose `fine-tune` (the API answers 400
// otherwise); a file that is not valid JSONL (a line that is not a JSON object) makes the job fail once
// validated, with `invalid_training_file` on `training_file`, as the live API reports a bad dataset. A job that
// succeeds mints `ft:<model>:<org>:<suffix>:<8 characters of its id>`, one checkpoint at its last step (so
// checkpoint permissions can be tried) and a `fine-tune-results` CSV file. Events are written as the job moves.

import { ApiError, badRequest, notFound } from '../errors';
import { idMinter } from '../ids';
import type { FileRec, ScopedRec } from '../store';
import { insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { newFileId, ownFile } from './files';
import { rows, table, type EmulatorModule } from './module';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = {
  fine_tuning_job: { prefix: 'ftjob-', alphabet: 'alnum', length: 24 },
  fine_tuning_event: { prefix: 'ftevent-', alphabet: 'alnum', length: 24 },
  fine_tuning_checkpoint: { prefix: 'ftckpt_', alphabet: 'alnum', length: 24 },
  checkpoint_permission: { prefix: 'cp_', alphabet: 'alnum', length: 24 },
} as const;
const newId = idMinter(IDS);

/** The organization part of a fine-tuned model's name. */
const EMULATOR_ORG = 'emulator-org';
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const DEFAULT_EPOCHS = 3;

type Hyper = Record<string, unknown>;
interface Failure {
  code: string;
  message: string;
  param: string | null;
}

/** Lines of a JSONL text that are not a JSON object (1-based), and the count of lines. */
function jsonlOf(text: string): { lines: unknown[]; bad: number[] } {
  const lines: unknown[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const v: unknown = JSON.parse(raw);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) bad.push(i + 1);
      else lines.push(v);
    } catch {
      bad.push(i + 1);
    }
  });
  return { lines, bad };
}

/** The method's hyperparameters as the job shows them: each given value, `auto` for the rest. */
function methodOf(body: Record<string, unknown>): { type: string; hyper: Hyper; method: Record<string, unknown> } {
  const method = (body['method'] as Record<string, unknown> | undefined) ?? { type: 'supervised' };
  const type = method['type'] as string;
  const given =
    ((method[type] as Record<string, unknown> | undefined)?.['hyperparameters'] as Hyper | undefined) ??
    (body['hyperparameters'] as Hyper | undefined) ??
    {};
  const names =
    type === 'dpo' ? ['batch_size', 'beta', 'learning_rate_multiplier', 'n_epochs'] : ['batch_size', 'learning_rate_multiplier', 'n_epochs'];
  const hyper = Object.fromEntries(names.map((n) => [n, given[n] ?? 'auto']));
  return { type, hyper, method: { ...method, type, [type]: { ...((method[type] as object | undefined) ?? {}), hyperparameters: hyper } } };
}

function event(ctx: Ctx, job: ScopedRec, at: number, message: string, level: 'info' | 'warn' | 'error' = 'info', data?: object): void {
  const events = job['_events'] as unknown[];
  events.push({
    object: 'fine_tuning.job.event',
    id: newId('fine_tuning_event'),
    created_at: at,
    level,
    message,
    type: data ? 'metrics' : 'message',
    ...(data ? { data } : {}),
  });
  ctx.store.markDirty();
}

/** Brings a job up to date with the clock. */
function settle(ctx: Ctx, job: ScopedRec): ScopedRec {
  if (TERMINAL.has(job['status'] as string)) return job;
  const createdMs = job['_created_ms'] as number;
  const delay = job['_delay_ms'] as number;
  const f = delay <= 0 ? 1 : (ctx.nowMs - createdMs) / delay;
  const at = (frac: number) => Math.floor((createdMs + frac * delay) / 1000);
  const failure = job['_failure'] as Failure | undefined;
  if (f >= 0.2 && job['status'] === 'validating_files') {
    if (failure) {
      Object.assign(job, { status: 'failed', error: failure, finished_at: at(0.2), estimated_finish: null });
      event(ctx, job, at(0.2), failure.message, 'error');
      return job;
    }
    job['status'] = 'queued';
    event(ctx, job, at(0.2), 'Files validated, moving job to queued state');
  }
  const total = job['_total_steps'] as number;
  if (f >= 0.4 && job['status'] === 'queued') {
    job['status'] = 'running';
    event(ctx, job, at(0.4), 'Fine-tuning job started');
  }
  if (job['status'] === 'running') {
    const step = Math.min(total, Math.floor(((f - 0.4) / 0.6) * total));
    const done = job['_step'] as number;
    if (step > done) {
      job['_step'] = step;
      event(ctx, job, at(0.4 + (0.6 * step) / total), `Step ${step}/${total}: training loss=${lossAt(step).toFixed(4)}`, 'info', {
        step,
        train_loss: lossAt(step),
        total_steps: total,
      });
    }
    if (f >= 1) succeed(ctx, job, at(1));
  }
  ctx.store.markDirty();
  return job;
}

const lossAt = (step: number): number => Math.round((2 / (1 + step)) * 1e4) / 1e4;

function succeed(ctx: Ctx, job: ScopedRec, at: number): void {
  const total = job['_total_steps'] as number;
  const suffix = (job['_suffix'] as string | null) ?? '';
  const model = `ft:${job['model'] as string}:${EMULATOR_ORG}:${suffix}:${job.id.slice(6, 14)}`;
  const csv = ['step,train_loss', ...Array.from({ length: total }, (_, i) => `${i + 1},${lossAt(i + 1)}`)].join('\n');
  const results: FileRec = insert(ctx, ctx.store.tables.files, {
    id: newFileId(),
    object: 'file',
    bytes: Buffer.byteLength(csv),
    created_at: at,
    filename: 'step_metrics.csv',
    purpose: 'fine-tune-results',
    status: 'processed',
    _project: job._project,
    _content: Buffer.from(csv).toString('base64'),
  });
  insert(ctx, ctx.store.tables.fine_tuning_checkpoints, {
    id: newId('fine_tuning_checkpoint'),
    object: 'fine_tuning.job.checkpoint',
    created_at: at,
    fine_tuned_model_checkpoint: `${model}:ckpt-step-${total}`,
    fine_tuning_job_id: job.id,
    step_number: total,
    metrics: { step: total, train_loss: lossAt(total), train_mean_token_accuracy: 0.9 },
    _project: job._project,
  });
  Object.assign(job, {
    status: 'succeeded',
    fine_tuned_model: model,
    finished_at: at,
    trained_tokens: (job['_tokens'] as number) * (job['_epochs'] as number),
    result_files: [results.id],
    estimated_finish: null,
  });
  event(ctx, job, at, `New fine-tuned model created: ${model}`);
  event(ctx, job, at, 'The job has successfully completed');
}

function ownJob(ctx: Ctx): ScopedRec {
  const id = ctx.params['fine_tuning_job_id'] as string;
  return settle(
    ctx,
    ownRecord(ctx, ctx.store.tables.fine_tuning_jobs, id, () => notFound('fine-tuning job', id, 'fine_tuning_job_id')),
  );
}

/** A training or validation file: the project's, with purpose fine-tune (400 otherwise, as the API answers). */
function trainingFile(ctx: Ctx, param: 'training_file' | 'validation_file'): FileRec {
  const id = ctx.body[param] as string;
  let file: FileRec;
  try {
    file = ownFile(ctx, id);
  } catch {
    throw badRequest(`invalid ${param}: ${id}`, param, 'invalid_file');
  }
  if (file.purpose !== 'fine-tune') {
    throw badRequest(
      `File ${id} has purpose '${file.purpose}'; a fine-tuning ${param.replace('_', ' ')} must be uploaded with purpose 'fine-tune'.`,
      param,
      'invalid_file_purpose',
    );
  }
  return file;
}

function createJob(ctx: Ctx): ScopedRec {
  const body = ctx.body;
  const training = trainingFile(ctx, 'training_file');
  if (typeof body['validation_file'] === 'string') trainingFile(ctx, 'validation_file');
  const suffix = (body['suffix'] as string | null | undefined) ?? null;
  const { lines, bad } = jsonlOf(Buffer.from(training._content, 'base64').toString('utf8'));
  const failure: Failure | undefined =
    bad.length > 0 || lines.length === 0
      ? {
          code: 'invalid_training_file',
          message:
            `The job failed due to an invalid training file. ` +
            (bad.length > 0 ? `Invalid file format: line ${bad[0]} is not a JSON object.` : 'The file has no examples.'),
          param: 'training_file',
        }
      : undefined;
  const { type, hyper, method } = methodOf(body);
  const epochs = typeof hyper['n_epochs'] === 'number' ? hyper['n_epochs'] : DEFAULT_EPOCHS;
  const job = insert(ctx, ctx.store.tables.fine_tuning_jobs, {
    id: newId('fine_tuning_job'),
    object: 'fine_tuning.job',
    created_at: ctx.now,
    error: null,
    fine_tuned_model: null,
    finished_at: null,
    hyperparameters: type === 'supervised' ? { ...hyper } : {},
    model: body['model'],
    organization_id: EMULATOR_ORG,
    result_files: [],
    seed: typeof body['seed'] === 'number' ? body['seed'] : 42,
    status: 'validating_files',
    trained_tokens: null,
    training_file: training.id,
    validation_file: (body['validation_file'] as string | null | undefined) ?? null,
    integrations: null,
    estimated_finish: null,
    method,
    metadata: body['metadata'] ?? null,
    _project: ctx.projectId,
    _created_ms: ctx.nowMs,
    _delay_ms: ctx.config.fineTuningDelayMs,
    _suffix: suffix,
    _epochs: epochs,
    _total_steps: Math.max(1, epochs * lines.length),
    _tokens: Math.ceil(training.bytes / 4),
    _step: 0,
    _events: [],
    ...(failure ? { _failure: failure } : {}),
  });
  event(ctx, job, ctx.now, `Validating training file: ${training.id}`);
  event(ctx, job, ctx.now, `Created fine-tuning job: ${job.id}`);
  return job;
}

/** A checkpoint of any project (the permission routes take the admin key), jobs settled first. */
function checkpointNamed(ctx: Ctx): ScopedRec {
  const name = ctx.params['fine_tuned_model_checkpoint'] as string;
  const t = ctx.store.tables;
  for (const job of Object.values(t.fine_tuning_jobs)) settle(ctx, job);
  const found = Object.values(t.fine_tuning_checkpoints).find((c) => c['fine_tuned_model_checkpoint'] === name);
  if (!found) throw new ApiError(404, `Checkpoint ${name} not found.`, 'invalid_request_error', 'fine_tuned_model_checkpoint', 'model_not_found');
  return found;
}

const permissionsOf = (ctx: Ctx, checkpoint: string): ScopedRec[] =>
  Object.values(ctx.store.tables.checkpoint_permissions).filter((p) => p['_checkpoint'] === checkpoint);

const JOB = '/fine_tuning/jobs/{fine_tuning_job_id}';
const PERMISSIONS = '/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions';

const routes: Route[] = [
  post('/fine_tuning/jobs', (ctx) => view(createJob(ctx))),
  // newest first, as the live API lists them
  get('/fine_tuning/jobs', (ctx) => {
    const metadata = ctx.query['metadata'] as Record<string, string> | undefined;
    const jobs = ownRecords(ctx, ctx.store.tables.fine_tuning_jobs)
      .map((j) => settle(ctx, j))
      .filter((j) => !metadata || Object.entries(metadata).every(([k, v]) => (j['metadata'] as Record<string, string> | null)?.[k] === v))
      .reverse();
    return paginate(ctx, jobs, (j) => j.id, view);
  }),
  get(JOB, (ctx) => view(ownJob(ctx))),
  post(`${JOB}/cancel`, (ctx) => {
    const job = ownJob(ctx);
    if (TERMINAL.has(job['status'] as string))
      throw badRequest(`Job has already completed with status '${String(job['status'])}' and cannot be cancelled.`);
    Object.assign(job, { status: 'cancelled', finished_at: ctx.now, estimated_finish: null });
    event(ctx, job, ctx.now, 'Fine-tuning job cancelled');
    return view(job);
  }),
  get(`${JOB}/events`, (ctx) => {
    const job = ownJob(ctx);
    // newest first, as the live API lists them
    const events = [...(job['_events'] as { id: string }[])].reverse();
    return paginate(
      ctx,
      events,
      (e) => e.id,
      (e) => e,
    );
  }),
  get(`${JOB}/checkpoints`, (ctx) => {
    const job = ownJob(ctx);
    const checkpoints = ownRecords(ctx, ctx.store.tables.fine_tuning_checkpoints)
      .filter((c) => c['fine_tuning_job_id'] === job.id)
      .reverse();
    return paginate(ctx, checkpoints, (c) => c.id, view);
  }),

  post(PERMISSIONS, (ctx) => {
    const checkpoint = checkpointNamed(ctx);
    const name = checkpoint['fine_tuned_model_checkpoint'] as string;
    const projectIds = ctx.body['project_ids'] as string[];
    const existing = permissionsOf(ctx, name);
    for (const projectId of projectIds) {
      if (!ctx.store.tables.projects[projectId]) throw badRequest(`Project ${projectId} not found in this organization.`, 'project_ids');
      if (existing.some((p) => p['project_id'] === projectId)) {
        throw badRequest(`Checkpoint ${name} is already shared with project ${projectId}.`, 'project_ids');
      }
    }
    const made = projectIds.map((projectId) =>
      insert(ctx, ctx.store.tables.checkpoint_permissions, {
        id: newId('checkpoint_permission'),
        object: 'checkpoint.permission',
        created_at: ctx.now,
        project_id: projectId,
        _project: checkpoint._project,
        _checkpoint: name,
      }),
    );
    return { object: 'list', data: made.map(view), first_id: made[0]?.id ?? null, last_id: made.at(-1)?.id ?? null, has_more: false };
  }),
  get(PERMISSIONS, (ctx) => {
    const checkpoint = checkpointNamed(ctx);
    const projectId = ctx.query['project_id'];
    const found = permissionsOf(ctx, checkpoint['fine_tuned_model_checkpoint'] as string).filter(
      (p) => projectId === undefined || p['project_id'] === projectId,
    );
    const ordered = ctx.query['order'] === 'descending' ? [...found].reverse() : found;
    return paginate(ctx, ordered, (p) => p.id, view);
  }),
  del(`${PERMISSIONS}/{permission_id}`, (ctx) => {
    const checkpoint = checkpointNamed(ctx);
    const id = ctx.params['permission_id'] as string;
    const rec = ctx.store.tables.checkpoint_permissions[id];
    if (!rec || rec['_checkpoint'] !== checkpoint['fine_tuned_model_checkpoint']) throw notFound('checkpoint permission', id, 'permission_id');
    return remove(ctx, ctx.store.tables.checkpoint_permissions, id, id, 'checkpoint.permission');
  }),
];

const TABLES = {
  fine_tuning_jobs: table<ScopedRec>(),
  fine_tuning_checkpoints: table<ScopedRec>(),
  checkpoint_permissions: table<ScopedRec>(),
};

export const fineTuning: EmulatorModule<typeof TABLES> = {
  name: 'fine-tuning',
  serves: {
    fine_tuning_job: { path: '/fine_tuning/jobs', id: 'fine_tuning_job' },
    fine_tuning_checkpoint_permission: { path: PERMISSIONS, id: 'checkpoint_permission' },
  },
  tables: TABLES,
  ids: IDS,
  counts: {
    fine_tuning_jobs: (t) => rows(t.fine_tuning_jobs),
    fine_tuning_checkpoints: (t) => rows(t.fine_tuning_checkpoints),
    checkpoint_permissions: (t) => rows(t.checkpoint_permissions),
  },
  routes,
};
