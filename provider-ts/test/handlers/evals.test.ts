// Evals and their runs beyond the shared lifecycle: the graders as the API takes them, a run's wait with n/total
// progress, a wait cut short resumed in place (one run, not two), a failed run as an error naming why, triggers
// re-running, and a delete that cancels a run still going.
import { PartialCreateError, type JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

const ITEM_SCHEMA = {
  type: 'object',
  properties: { text: { type: 'string' }, label: { type: 'string' } },
  required: ['text', 'label'],
};
const EVAL = {
  name: 'Sentiment',
  data_source_config: { type: 'custom', item_schema: ITEM_SCHEMA, include_sample_schema: true },
  testing_criteria: [
    { type: 'string_check', name: 'Match label', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' },
    {
      type: 'text_similarity',
      name: 'Close',
      input: '{{sample.output_text}}',
      reference: '{{item.label}}',
      evaluation_metric: 'fuzzy_match',
      pass_threshold: 0.5,
    },
  ],
};
const row = (text: string, label: string, output: string) => ({ item: { text, label }, sample: { output_text: output } });
/** Ten rows: seven whose sample matches the label exactly, two close (fuzzy ≥ 0.5, not equal), one far off. */
const ROWS = [
  ...Array.from({ length: 7 }, (_, i) => row(`t${i}`, 'positive', 'positive')),
  row('t7', 'negative', 'negativ'),
  row('t8', 'negative', 'negatives'),
  row('t9', 'negative', 'xyz'),
];

async function make(w: World, type: string, raw: JsonObject, progress?: string[]) {
  const { inputs, failures } = w.provider.check(type, raw);
  expect(failures).toEqual([]);
  return w.provider.create(type, inputs as JsonObject, progress ? { progress: (m) => progress.push(m) } : {});
}
const runPosts = (w: World) => w.emulator.requests.filter((r) => r.method === 'POST' && /\/evals\/[^/]+\/runs$/.test(r.path));

describe('eval and eval_run', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ emulator: { runDelayMs: 400 } });
  });
  afterAll(async () => w.emulator.close());

  test('the eval reads back as configured; name and metadata update in place, graders replace', async () => {
    const ev = await make(w, 'eval', { ...EVAL, metadata: { team: 'a' } });
    expect(ev.id).toMatch(/^eval_[0-9a-f]{32}$/);
    const read = await w.provider.read('eval', ev.id, ev.state);
    expect(read!.state['data_source_config']).toEqual({ type: 'custom', item_schema: ITEM_SCHEMA, include_sample_schema: true });
    expect(read!.state['schema']).toMatchObject({ properties: { item: ITEM_SCHEMA } });
    const same = w.provider.check('eval', { ...EVAL, metadata: { team: 'a' } }).inputs;
    expect(w.provider.diff('eval', read!.state, same).changed).toEqual([]);
    const renamed = w.provider.check('eval', { ...EVAL, name: 'Sentiment 2', metadata: { team: 'b' } }).inputs;
    expect(w.provider.diff('eval', read!.state, renamed)).toMatchObject({ changed: ['name', 'metadata'], replaces: [] });
    const st = await w.provider.update('eval', ev.id, read!.state, renamed as JsonObject);
    expect(st).toMatchObject({ name: 'Sentiment 2', metadata: { team: 'b' } });
    const regraded = w.provider.check('eval', { ...EVAL, testing_criteria: EVAL.testing_criteria.slice(0, 1) }).inputs;
    expect(w.provider.diff('eval', read!.state, regraded).replaces).toEqual(['testing_criteria']);
  });

  test('model graders go to the API as its `input` messages and read back', async () => {
    const ev = await make(w, 'eval', {
      data_source_config: { type: 'custom', item_schema: ITEM_SCHEMA },
      testing_criteria: [
        {
          type: 'label_model',
          name: 'Judge',
          model: 'gpt-4o-mini',
          input_messages: [{ role: 'user', content: 'Is "{{item.text}}" {{item.label}}?' }],
          labels: ['yes', 'no'],
          passing_labels: ['yes'],
        },
        {
          type: 'score_model',
          name: 'Score',
          model: 'gpt-4o-mini',
          input_messages: [{ role: 'user', content: '{{item.text}}' }],
          range: [0, 10],
          pass_threshold: 5,
        },
        { type: 'python', name: 'Code', source: 'def grade(sample, item):\n    return 1.0', pass_threshold: 0.5 },
      ],
    });
    const stored = await w.sdk.evals.retrieve(ev.id);
    expect(stored.testing_criteria).toMatchObject([
      { type: 'label_model', input: [{ role: 'user' }] },
      { type: 'score_model', range: [0, 10] },
      { type: 'python' },
    ]);
    const read = await w.provider.read('eval', ev.id, ev.state);
    expect((read!.state['testing_criteria'] as JsonObject[])[0]).toMatchObject({
      input_messages: [{ role: 'user', content: 'Is "{{item.text}}" {{item.label}}?' }],
    });
    // a pseudo-verdict run: every item is graded, deterministically
    const run = await make(w, 'eval_run', {
      eval_id: ev.id,
      data_source: { type: 'jsonl', source: { type: 'file_content', content: ROWS.slice(0, 3) } },
    });
    const counts = run.state['result_counts'] as { total: number; passed: number; failed: number; errored: number };
    expect(counts.total).toBe(3);
    expect(counts.passed + counts.failed + counts.errored).toBe(3);
  });

  test('a run waits with n/total progress and grades honestly; triggers re-run it', async () => {
    const ev = await make(w, 'eval', EVAL);
    const progress: string[] = [];
    const raw = { eval_id: ev.id, name: 'baseline', data_source: { type: 'jsonl', source: { type: 'file_content', content: ROWS } } };
    const run = await make(w, 'eval_run', raw, progress);
    expect(run.id).toMatch(new RegExp(`^${ev.id}/evalrun_[0-9a-f]{32}$`));
    expect(run.state).toMatchObject({
      status: 'completed',
      result_counts: { total: 10, passed: 7, failed: 3, errored: 0 },
      per_testing_criteria_results: [
        { testing_criteria: 'Match label', passed: 7, failed: 3 },
        { testing_criteria: 'Close', passed: 9, failed: 1 },
      ],
      report_url: expect.stringContaining(ev.id),
      error: null,
    });
    // progress climbs: some intermediate count, ending at 10/10
    expect(progress.at(-1)).toMatch(/^eval run evalrun_\w+: 10\/10 graded$/);
    expect(progress.some((m) => /: [1-9]\/10 graded$/.test(m))).toBe(true);

    const read = await w.provider.read('eval_run', run.id, run.state);
    const { inputs } = w.provider.check('eval_run', raw);
    expect(w.provider.diff('eval_run', read!.state, inputs).changed).toEqual([]);
    const retrigger = w.provider.check('eval_run', { ...raw, triggers: { data: 'v2' } }).inputs;
    expect(w.provider.diff('eval_run', read!.state, retrigger).replaces).toEqual(['triggers']);
    // inline items may be given as JSON strings: the same request
    const asStrings = w.provider.check('eval_run', {
      ...raw,
      data_source: {
        type: 'jsonl',
        source: { type: 'file_content', content: ROWS.map((r) => ({ item: JSON.stringify(r.item), sample: JSON.stringify(r.sample) })) },
      },
    });
    expect(asStrings.failures).toEqual([]);
  });

  test('a run whose wait timed out is waited for again, in place, by the next apply (one run, not two)', async () => {
    const slow = await world({ emulator: { runDelayMs: 3000 } });
    try {
      const ev = await make(slow, 'eval', EVAL);
      const raw = { eval_id: ev.id, data_source: { type: 'jsonl', source: { type: 'file_content', content: ROWS } } };
      const { inputs } = slow.provider.check('eval_run', { ...raw, timeout_seconds: 1 });
      const err = await slow.provider.create('eval_run', inputs as JsonObject).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PartialCreateError);
      expect((err as Error).message).toMatch(/gave up waiting for eval run evalrun_.*timeout_seconds bounds the wait/);
      const saved = (err as PartialCreateError).state;
      expect(['queued', 'in_progress']).toContain(saved['status']);
      expect(slow.provider.diff('eval_run', saved, inputs)).toMatchObject({ changed: ['status'], replaces: [] });
      const patient = slow.provider.check('eval_run', { ...raw, timeout_seconds: 30 }).inputs;
      const done = await slow.provider.update('eval_run', (err as PartialCreateError).id, saved, patient as JsonObject);
      expect(done).toMatchObject({ status: 'completed', result_counts: { total: 10, passed: 7 } });
      expect(runPosts(slow)).toHaveLength(1);
    } finally {
      await slow.emulator.close();
    }
  });

  test('a run that fails is an error naming why, and the next apply re-runs it', async () => {
    const ev = await make(w, 'eval', EVAL);
    const { inputs } = w.provider.check('eval_run', {
      eval_id: ev.id,
      data_source: { type: 'jsonl', source: { type: 'file_content', content: [row('a', 'positive', 'positive'), { item: { text: 'no label' } }] } },
    });
    const err = await w.provider.create('eval_run', inputs as JsonObject).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).id).toMatch(new RegExp(`^${ev.id}/evalrun_`));
    expect((err as Error).message).toMatch(
      /eval run ended failed \(invalid_data_source: item 2 lacks "label", which the eval's item_schema requires\)/,
    );
    const saved = (err as PartialCreateError).state;
    expect(saved).toMatchObject({ status: 'failed', error: { code: 'invalid_data_source' } });
    expect(w.provider.diff('eval_run', saved, inputs).replaces).toEqual(['status']);
  });

  test('a JSONL file source is graded; a file that is not JSONL fails the run', async () => {
    const ev = await make(w, 'eval', EVAL);
    const lines = ROWS.slice(0, 4)
      .map((r) => JSON.stringify(r))
      .join('\n');
    const good = (await w.sdk.files.create({ file: new File([lines], 'rows.jsonl'), purpose: 'evals' })).id;
    const run = await make(w, 'eval_run', { eval_id: ev.id, data_source: { type: 'jsonl', source: { type: 'file_id', id: good } } });
    expect(run.state['result_counts']).toEqual({ total: 4, passed: 4, failed: 0, errored: 0 });
    const bad = (await w.sdk.files.create({ file: new File(['{"item": {}}\nnot json'], 'bad.jsonl'), purpose: 'evals' })).id;
    const { inputs } = w.provider.check('eval_run', { eval_id: ev.id, data_source: { type: 'jsonl', source: { type: 'file_id', id: bad } } });
    const err = await w.provider.create('eval_run', inputs as JsonObject).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/line 2 of file file-\w+ is not JSON/);
  });

  test('a completions run samples the model; deleting a run still going cancels it first', async () => {
    const ev = await make(w, 'eval', {
      data_source_config: { type: 'custom', item_schema: { type: 'object', properties: { q: { type: 'string' } } }, include_sample_schema: true },
      testing_criteria: [{ type: 'string_check', name: 'Solved', input: '{{sample.output_text}}', reference: 'x = 1', operation: 'like' }],
    });
    const run = await make(w, 'eval_run', {
      eval_id: ev.id,
      data_source: {
        type: 'completions',
        model: 'gpt-4o-mini',
        input_messages: { type: 'template', template: [{ role: 'user', content: 'Solve {{item.q}}' }] },
        source: { type: 'file_content', content: [{ item: { q: '3x + 11 = 14' } }, { item: { q: '2x = 8' } }] },
      },
    });
    expect(run.state).toMatchObject({ status: 'completed', model: 'gpt-4o-mini', result_counts: { total: 2, passed: 1, failed: 1 } });

    const slow = await world({ emulator: { runDelayMs: 60_000 } });
    try {
      const ev2 = await make(slow, 'eval', EVAL);
      const { inputs } = slow.provider.check('eval_run', {
        eval_id: ev2.id,
        timeout_seconds: 1,
        data_source: { type: 'jsonl', source: { type: 'file_content', content: ROWS } },
      });
      const err = (await slow.provider.create('eval_run', inputs as JsonObject).catch((e: unknown) => e)) as PartialCreateError;
      expect(err).toBeInstanceOf(PartialCreateError);
      await slow.provider.delete('eval_run', err.id, err.state);
      const [evalId, runId] = err.id.split('/') as [string, string];
      const calls = slow.emulator.requests
        .filter((r) => r.path.startsWith(`/v1/evals/${evalId}/runs/${runId}`) && r.method !== 'GET')
        .map((r) => `${r.method} ${r.path.slice(`/v1/evals/${evalId}/runs/${runId}`.length)} ${r.status}`);
      expect(calls).toEqual(['POST /cancel 200', 'DELETE  200']);
      expect(await slow.provider.read('eval_run', err.id, err.state)).toBeNull();
    } finally {
      await slow.emulator.close();
    }
  });

  test('bad graders and data sources fail before any request, naming the property', () => {
    const fails = (type: string, raw: JsonObject) => w.provider.check(type, raw).failures.map((f) => `${f.path.join('.')}: ${f.message}`);
    expect(
      fails('eval', {
        ...EVAL,
        testing_criteria: [{ type: 'label_model', name: 'J', model: 'm', input: 'x', labels: ['a'], passing_labels: ['b'] }],
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^testing_criteria\.0\.input_messages: is required for a label_model grader/),
        expect.stringMatching(
          /^testing_criteria\.0\.input: is not allowed for a label_model grader \(a model grader takes its prompt as input_messages\)/,
        ),
        expect.stringMatching(/^testing_criteria\.0\.passing_labels\.0: 'b' is not one of labels/),
      ]),
    );
    expect(
      fails('eval_run', { eval_id: 'eval_1', data_source: { type: 'jsonl', source: { type: 'file_content', content: [{ item: '[1]' }] } } }),
    ).toEqual([expect.stringMatching(/^data_source\.source\.content\.0\.item: must be a JSON object/)]);
  });
});
