import { toFile } from 'openai';
import { apiError, harness, type Harness } from './helpers';

let h: Harness;
afterEach(() => h.emulator.close());

const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n');
const TRAINING = jsonl([
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
  {
    messages: [
      { role: 'user', content: 'Why' },
      { role: 'assistant', content: 'Because.' },
    ],
  },
]);
const uploadAs = async (text: string, purpose: 'fine-tune' | 'batch' | 'assistants', name = 'data.jsonl') =>
  (await h.client.files.create({ file: await toFile(Buffer.from(text), name), purpose })).id;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index output lines freely
type Line = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(get: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (done(v) || Date.now() > deadline) return v;
    await sleep(20);
  }
}

describe('fine-tuning jobs', () => {
  it('go validating_files -> queued -> running -> succeeded, writing events, a model, a checkpoint and results', async () => {
    h = await harness({ fineTuningDelayMs: 1500 });
    const training = await uploadAs(TRAINING, 'fine-tune');
    const job = await h.client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: training, suffix: 'bot', seed: 7 });
    expect(job).toMatchObject({ status: 'validating_files', seed: 7, fine_tuned_model: null, hyperparameters: { n_epochs: 'auto' } });
    const seen = new Set<string>();
    const done = await until(
      () => h.client.fineTuning.jobs.retrieve(job.id),
      (j) => (seen.add(j.status), j.status === 'succeeded'),
    );
    expect([...seen]).toEqual(expect.arrayContaining(['running', 'succeeded'])); // the create answered validating_files
    expect(done.fine_tuned_model).toBe(`ft:gpt-4o-mini-2024-07-18:emulator-org:bot:${job.id.slice(6, 14)}`);
    expect(done.trained_tokens).toBeGreaterThan(0);
    expect(done.finished_at).not.toBeNull();
    const [results] = done.result_files;
    expect((await h.client.files.retrieve(results!)).purpose).toBe('fine-tune-results');
    // 3 epochs (auto) × 3 examples
    const ckpts = (await h.client.fineTuning.jobs.checkpoints.list(job.id)).data;
    expect(ckpts.map((c) => [c.step_number, c.fine_tuned_model_checkpoint])).toEqual([[9, `${done.fine_tuned_model}:ckpt-step-9`]]);
    const events = (await h.client.fineTuning.jobs.listEvents(job.id, { limit: 100 })).data.map((e) => e.message);
    expect(events[0]).toBe('The job has successfully completed'); // newest first
    expect(events).toContain('Fine-tuning job started');
    expect(events.at(-1)).toBe(`Validating training file: ${training}`);
    // listed newest first, as the live API lists jobs
    const listed = await h.client.fineTuning.jobs.list();
    expect(listed.data[0]!.id).toBe(job.id);
  });

  it('refuses a training file that is not a fine-tune file; fails validation on one that is not JSONL', async () => {
    h = await harness({ fineTuningDelayMs: 0 });
    const wrong = await uploadAs(TRAINING, 'assistants');
    const refused = await apiError(h.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: wrong }));
    expect([refused.status, refused.param]).toEqual([400, 'training_file']);
    expect((await apiError(h.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-nope' }))).status).toBe(400);
    const bad = await uploadAs('{"messages": []}\nnot json', 'fine-tune');
    const job = await h.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: bad });
    const failed = await h.client.fineTuning.jobs.retrieve(job.id);
    expect(failed).toMatchObject({ status: 'failed', fine_tuned_model: null, error: { code: 'invalid_training_file', param: 'training_file' } });
    expect(failed.error!.message).toMatch(/line 2 is not a JSON object/);
  });

  it('cancels a running job once; a finished job cannot be cancelled', async () => {
    h = await harness({ fineTuningDelayMs: 60_000 });
    const job = await h.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: await uploadAs(TRAINING, 'fine-tune') });
    expect((await h.client.fineTuning.jobs.cancel(job.id)).status).toBe('cancelled');
    expect((await apiError(h.client.fineTuning.jobs.cancel(job.id))).status).toBe(400);
    expect((await h.client.fineTuning.jobs.retrieve(job.id)).status).toBe('cancelled');
  });
});

describe('checkpoint permissions', () => {
  it('take the admin key, share a checkpoint with projects of the organization, list and delete', async () => {
    h = await harness({ fineTuningDelayMs: 0 });
    const job = await h.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: await uploadAs(TRAINING, 'fine-tune') });
    const [ckpt] = (await h.client.fineTuning.jobs.checkpoints.list(job.id)).data;
    const name = ckpt!.fine_tuned_model_checkpoint;
    const project = (await h.admin.admin.organization.projects.create({ name: 'consumer' })).id;
    // a project key is refused
    const asProject = h.clientFor(h.emulator.projectKey);
    expect(
      (
        await apiError(
          asProject.fineTuning.checkpoints.permissions.create(
            name,
            { project_ids: [project] },
            { headers: { Authorization: `Bearer ${h.emulator.projectKey}` } },
          ),
        )
      ).status,
    ).toBe(401);
    const made = await h.admin.fineTuning.checkpoints.permissions.create(name, { project_ids: [project] });
    expect(made.data).toHaveLength(1);
    const perm = made.data[0]!;
    expect(perm).toMatchObject({ object: 'checkpoint.permission', project_id: project });
    expect(perm.id).toMatch(/^cp_/);
    // sharing again with the same project is refused; an unknown project or checkpoint too
    expect((await apiError(h.admin.fineTuning.checkpoints.permissions.create(name, { project_ids: [project] }))).status).toBe(400);
    expect((await apiError(h.admin.fineTuning.checkpoints.permissions.create(name, { project_ids: ['proj_nope'] }))).status).toBe(400);
    expect((await apiError(h.admin.fineTuning.checkpoints.permissions.create('ft:nope', { project_ids: [project] }))).status).toBe(404);
    const listed = await h.admin.fineTuning.checkpoints.permissions.list(name, { project_id: project });
    expect(listed.data.map((p) => p.id)).toEqual([perm.id]);
    expect((await h.admin.fineTuning.checkpoints.permissions.delete(perm.id, { fine_tuned_model_checkpoint: name })).deleted).toBe(true);
    expect((await h.admin.fineTuning.checkpoints.permissions.list(name)).data).toEqual([]);
  });
});

describe('batches', () => {
  const line = (id: string, url = '/v1/chat/completions') => ({
    custom_id: id,
    method: 'POST',
    url,
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `q ${id}` }] },
  });

  it('go validating -> in_progress (counting requests) -> finalizing -> completed, writing output and error files', async () => {
    h = await harness({ batchDelayMs: 800 });
    const input = await uploadAs(jsonl([line('a'), line('b'), line('c', '/v1/embeddings')]), 'batch');
    const b = await h.client.batches.create({
      input_file_id: input,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { k: 'v' },
    });
    expect(b).toMatchObject({ status: 'validating', request_counts: { total: 3, completed: 0, failed: 0 }, metadata: { k: 'v' } });
    const seen = new Set<string>();
    const done = await until(
      () => h.client.batches.retrieve(b.id),
      (x) => (seen.add(x.status), x.status === 'completed'),
    );
    expect([...seen]).toEqual(expect.arrayContaining(['in_progress', 'completed'])); // the create answered validating
    expect(done.request_counts).toEqual({ total: 3, completed: 2, failed: 1 });
    const out = (await (await h.client.files.content(done.output_file_id!)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(out.map((o) => [o['custom_id'], o['response']['status_code'], o['response']['body']['choices'][0]['message']['content']])).toEqual([
      ['a', 200, 'Echo: q a'],
      ['b', 200, 'Echo: q b'],
    ]);
    const errors = (await (await h.client.files.content(done.error_file_id!)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(errors.map((e) => [e['custom_id'], e['error']['code']])).toEqual([['c', 'invalid_url']]);
    expect((await h.client.files.retrieve(done.output_file_id!)).purpose).toBe('batch_output');
  });

  it('refuses an input that is not a batch file; fails validation on one that is not JSONL; cancels', async () => {
    h = await harness({ batchDelayMs: 0 });
    const wrong = await uploadAs(jsonl([line('a')]), 'fine-tune');
    expect(
      (await apiError(h.client.batches.create({ input_file_id: wrong, endpoint: '/v1/chat/completions', completion_window: '24h' }))).param,
    ).toBe('input_file_id');
    const bad = await uploadAs(`${JSON.stringify(line('a'))}\n{oops`, 'batch');
    const failed = await h.client.batches.create({ input_file_id: bad, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const read = await h.client.batches.retrieve(failed.id);
    expect(read.status).toBe('failed');
    expect(read.errors?.data?.[0]).toMatchObject({ code: 'invalid_json_line', line: 2 });
    await h.emulator.close();
    h = await harness({ batchDelayMs: 60_000 });
    const slow = await h.client.batches.create({
      input_file_id: await uploadAs(jsonl([line('a')]), 'batch'),
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect((await h.client.batches.cancel(slow.id)).status).toBe('cancelling');
    expect((await h.client.batches.retrieve(slow.id)).status).toBe('cancelled');
    expect((await apiError(h.client.batches.cancel(slow.id))).status).toBe(400);
  });
});
