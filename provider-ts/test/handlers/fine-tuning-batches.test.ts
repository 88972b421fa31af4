// Fine-tuning jobs, checkpoint permissions and batches: waits with progress, a wait cut short resumed in place
// (never a second job), failures carrying the job's own error, delete cancelling what still runs.
import { PartialCreateError, type JsonObject } from '@openai-iac/core';
import type { EmulatorOptions } from '@openai-iac/emulator';
import { world, type World } from './harness';

const TRAINING = [
  {
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ],
  },
  {
    messages: [
      { role: 'user', content: 'Bye' },
      { role: 'assistant', content: 'Goodbye!' },
    ],
  },
]
  .map((l) => JSON.stringify(l))
  .join('\n');
const REQUESTS = ['one', 'two', 'three']
  .map((q) =>
    JSON.stringify({
      custom_id: q,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: q }] },
    }),
  )
  .join('\n');

async function withWorld(emulator: EmulatorOptions, body: (w: World) => Promise<void>): Promise<void> {
  const w = await world({ emulator });
  try {
    await body(w);
  } finally {
    await w.emulator.close();
  }
}

const upload = async (w: World, text: string, purpose: 'fine-tune' | 'batch', name = 'data.jsonl') =>
  (await w.sdk.files.create({ file: new File([text], name), purpose })).id;

function inputsOf(w: World, type: string, raw: JsonObject): JsonObject {
  const { inputs, failures } = w.provider.check(type, raw);
  expect(failures).toEqual([]);
  return inputs as JsonObject;
}

const posts = (w: World, path: string) => w.emulator.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('fine_tuning_job', () => {
  test('creating waits for the job, reporting its status and latest event, and exposes the fine-tuned model', async () => {
    await withWorld({ fineTuningDelayMs: 1500 }, async (w) => {
      const training = await upload(w, TRAINING, 'fine-tune');
      const progress: string[] = [];
      const job = await w.provider.create(
        'fine_tuning_job',
        inputsOf(w, 'fine_tuning_job', {
          model: 'gpt-4o-mini-2024-07-18',
          training_file: training,
          suffix: 'bot',
          method: { hyperparameters: { n_epochs: 4 } },
        }),
        { progress: (m) => progress.push(m) },
      );
      expect(job.id).toMatch(/^ftjob-/);
      expect(job.state).toMatchObject({
        status: 'succeeded',
        error: null,
        fine_tuned_model: `ft:gpt-4o-mini-2024-07-18:emulator-org:bot:${job.id.slice(6, 14)}`,
      });
      expect(job.state['result_files']).toHaveLength(1);
      expect(job.state['trained_tokens']).toBeGreaterThan(0);
      expect(progress[0]).toMatch(new RegExp(`^fine-tuning job ${job.id}: (validating files|queued|running)`));
      // the latest event rides along: trained steps while running (4 epochs × 2 examples)
      expect(progress.some((m) => /: running \(Step \d+\/8: training loss=/.test(m))).toBe(true);
      // the hyperparameters were sent as the method's: the job shows them, `auto` for those left unset
      const made = await w.sdk.fineTuning.jobs.retrieve(job.id);
      expect(made.method).toEqual({
        type: 'supervised',
        supervised: { hyperparameters: { n_epochs: 4, batch_size: 'auto', learning_rate_multiplier: 'auto' } },
      });
    });
  });

  test('a wait that runs out is resumed in place by the next apply: one job', async () => {
    await withWorld({ fineTuningDelayMs: 2500 }, async (w) => {
      const training = await upload(w, TRAINING, 'fine-tune');
      const inputs = inputsOf(w, 'fine_tuning_job', { model: 'gpt-4o-mini', training_file: training, timeout_seconds: 1 });
      const err = await w.provider.create('fine_tuning_job', inputs).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PartialCreateError);
      expect((err as Error).message).toMatch(
        /gave up waiting for fine-tuning job ftjob-.*timeout_seconds bounds the wait; the next apply waits again/,
      );
      const { id, state: saved } = err as PartialCreateError;
      expect(['validating_files', 'queued', 'running']).toContain(saved['status']);
      // the next plan: an in-place update on status, nothing replaced
      expect(w.provider.diff('fine_tuning_job', saved, inputs)).toMatchObject({ changed: ['status'], replaces: [] });
      const patient = inputsOf(w, 'fine_tuning_job', { model: 'gpt-4o-mini', training_file: training, timeout_seconds: 60 });
      const done = await w.provider.update('fine_tuning_job', id, saved, patient);
      expect(done).toMatchObject({ status: 'succeeded' });
      expect(posts(w, '/v1/fine_tuning/jobs')).toHaveLength(1);
      expect(w.emulator.counts()['fine_tuning_jobs']).toBe(1);
    });
  });

  test('a job that fails is an error with its code, message and param; the next apply makes a new one', async () => {
    await withWorld({}, async (w) => {
      const training = await upload(w, '{"messages": [}\nnot json', 'fine-tune');
      const inputs = inputsOf(w, 'fine_tuning_job', { model: 'gpt-4o-mini', training_file: training });
      const err = await w.provider.create('fine_tuning_job', inputs).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PartialCreateError);
      expect((err as Error).message).toMatch(
        /fine-tuning job ftjob-\S+ ended failed \(invalid_training_file: The job failed due to an invalid training file\. Invalid file format: line 1 is not a JSON object\.; param training_file\)/,
      );
      const saved = (err as PartialCreateError).state;
      expect(saved).toMatchObject({ status: 'failed', error: { code: 'invalid_training_file', param: 'training_file' } });
      expect(w.provider.diff('fine_tuning_job', saved, inputs).replaces).toEqual(['status']);
    });
  });

  test('a training file of another purpose is refused by the API, naming it', async () => {
    await withWorld({}, async (w) => {
      const file = await upload(w, TRAINING, 'batch');
      const err = await w.provider
        .create('fine_tuning_job', inputsOf(w, 'fine_tuning_job', { model: 'gpt-4o-mini', training_file: file }))
        .catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/purpose 'batch'.*purpose 'fine-tune'/);
      expect(w.emulator.counts()['fine_tuning_jobs']).toBe(0);
    });
  });

  test('delete cancels a job still running, and only forgets a finished one', async () => {
    await withWorld({ fineTuningDelayMs: 60_000 }, async (w) => {
      const training = await upload(w, TRAINING, 'fine-tune');
      const err = await w.provider
        .create('fine_tuning_job', inputsOf(w, 'fine_tuning_job', { model: 'gpt-4o-mini', training_file: training, timeout_seconds: 1 }))
        .catch((e: unknown) => e);
      const { id, state } = err as PartialCreateError;
      await w.provider.delete('fine_tuning_job', id, state);
      expect((await w.sdk.fineTuning.jobs.retrieve(id)).status).toBe('cancelled');
      expect(posts(w, `/v1/fine_tuning/jobs/${id}/cancel`)).toHaveLength(1);
      // a finished (here: cancelled) job: nothing to cancel, only forgotten
      w.lines.length = 0;
      await w.provider.delete('fine_tuning_job', id, state);
      expect(posts(w, `/v1/fine_tuning/jobs/${id}/cancel`)).toHaveLength(1);
      expect(w.lines.join('\n')).toMatch(
        new RegExp(`fine-tuning job ${id}: already cancelled; the API cannot delete jobs, removing it from state only`),
      );
    });
  });
});

describe('fine_tuning_checkpoint_permission', () => {
  test("shares a job's checkpoint with a project (admin key); a project key cannot", async () => {
    await withWorld({ fineTuningDelayMs: 50 }, async (w) => {
      const training = await upload(w, TRAINING, 'fine-tune');
      const job = await w.provider.create(
        'fine_tuning_job',
        inputsOf(w, 'fine_tuning_job', { model: 'gpt-4o-mini', training_file: training, suffix: 'x' }),
      );
      const [ckpt] = (await w.sdk.fineTuning.jobs.checkpoints.list(job.id)).data;
      const checkpoint = ckpt!.fine_tuned_model_checkpoint;
      expect(checkpoint).toBe(`${job.state['fine_tuned_model'] as string}:ckpt-step-6`);
      const project = (await w.admin.admin.organization.projects.create({ name: 'consumers' })).id;
      const perm = await w.provider.create(
        'fine_tuning_checkpoint_permission',
        inputsOf(w, 'fine_tuning_checkpoint_permission', { fine_tuned_model_checkpoint: checkpoint, project_id: project }),
      );
      expect(perm.id).toMatch(new RegExp(`^${checkpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/cp_`));
      expect(w.emulator.requests.filter((r) => r.operationId === 'createFineTuningCheckpointPermission' && r.status === 200)).toHaveLength(1);
      expect(perm.state).toMatchObject({ fine_tuned_model_checkpoint: checkpoint, project_id: project });
      // the project key is refused, as the live API refuses it
      await expect(
        w.sdk.fineTuning.checkpoints.permissions.create(
          checkpoint,
          { project_ids: [project] },
          { headers: { Authorization: `Bearer ${w.emulator.projectKey}` } },
        ),
      ).rejects.toThrow(/insufficient permissions/);
      await w.provider.delete('fine_tuning_checkpoint_permission', perm.id, perm.state);
      expect(await w.provider.read('fine_tuning_checkpoint_permission', perm.id, perm.state)).toBeNull();
    });
  });
});

describe('batch', () => {
  test('creating waits for the batch, reporting n/total requests done, and exposes its output file', async () => {
    await withWorld({ batchDelayMs: 1500 }, async (w) => {
      const input = await upload(w, REQUESTS, 'batch');
      const progress: string[] = [];
      const b = await w.provider.create('batch', inputsOf(w, 'batch', { input_file_id: input, endpoint: '/v1/chat/completions' }), {
        progress: (m) => progress.push(m),
      });
      expect(b.state).toMatchObject({ status: 'completed', request_counts: { total: 3, completed: 3, failed: 0 }, error_file_id: null });
      expect(progress.some((m) => new RegExp(`^batch ${b.id}: [012]/3 requests done$`).test(m))).toBe(true);
      expect(progress.at(-1)).toBe(`batch ${b.id}: 3/3 requests done`);
      const out = await (await w.sdk.files.content(b.state['output_file_id'] as string)).text();
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { custom_id: string; response: { body: { choices: { message: { content: string } }[] } } });
      expect(lines.map((l) => [l.custom_id, l.response.body.choices[0]!.message.content])).toEqual([
        ['one', 'Echo: one'],
        ['two', 'Echo: two'],
        ['three', 'Echo: three'],
      ]);
      expect((await w.sdk.files.retrieve(b.state['output_file_id'] as string)).purpose).toBe('batch_output');
    });
  });

  test('wait: false returns as soon as the batch is accepted, and the next plan does not wait for it', async () => {
    await withWorld({ batchDelayMs: 60_000 }, async (w) => {
      const input = await upload(w, REQUESTS, 'batch');
      const inputs = inputsOf(w, 'batch', { input_file_id: input, endpoint: '/v1/chat/completions', wait: false });
      const started = Date.now();
      const b = await w.provider.create('batch', inputs);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(b.state).toMatchObject({ status: 'validating', wait: false });
      expect(w.emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/batches/${b.id}`)).toHaveLength(0);
      expect(w.provider.diff('batch', b.state, inputs).changed).toEqual([]);
      // deleting a batch still going cancels it
      await w.provider.delete('batch', b.id, b.state);
      expect(posts(w, `/v1/batches/${b.id}/cancel`)).toHaveLength(1);
      expect((await w.sdk.batches.retrieve(b.id)).status).toBe('cancelled');
    });
  });

  test('an input that is not JSONL fails the batch with its errors', async () => {
    await withWorld({}, async (w) => {
      const input = await upload(w, `${REQUESTS}\n{oops`, 'batch');
      const err = await w.provider
        .create('batch', inputsOf(w, 'batch', { input_file_id: input, endpoint: '/v1/chat/completions' }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PartialCreateError);
      expect((err as Error).message).toMatch(
        /batch batch_\S+ ended failed: invalid_json_line: Line 4 of the input file is not valid JSON\. \(line 4\)/,
      );
    });
  });
});
