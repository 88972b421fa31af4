// Evals: the CRUD, a run's progress over time, honest string_check / text_similarity grading with templates,
// pseudo-verdicts of model graders, output items, cancel (both paths) and deletes.
import { apiError, harness, raw, type Harness } from './helpers';

let h: Harness;
afterEach(() => h.emulator.close());

const ITEM_SCHEMA = { type: 'object', properties: { label: { type: 'string' } }, required: ['label'] };
const createEval = (testing_criteria: Parameters<Harness['client']['evals']['create']>[0]['testing_criteria']) =>
  h.client.evals.create({
    name: 'labels',
    data_source_config: { type: 'custom', item_schema: ITEM_SCHEMA, include_sample_schema: true },
    testing_criteria,
  });
const rows = (...pairs: [string, string][]) => pairs.map(([label, output]) => ({ item: { label }, sample: { output_text: output } }));

describe('evals', () => {
  it('creates, retrieves, updates name and metadata, lists and deletes with its runs', async () => {
    h = await harness();
    const e = await createEval([{ type: 'string_check', name: 'eq', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' }]);
    expect(e.id).toMatch(/^eval_[0-9a-f]{32}$/);
    expect(e.data_source_config).toEqual({
      type: 'custom',
      schema: { type: 'object', properties: { item: ITEM_SCHEMA, sample: expect.any(Object) }, required: ['item', 'sample'] },
    });
    const updated = await h.client.evals.update(e.id, { name: 'renamed', metadata: { k: 'v' } });
    expect(updated).toMatchObject({ name: 'renamed', metadata: { k: 'v' } });
    expect((await h.client.evals.list()).data.map((x) => x.id)).toEqual([e.id]);
    await h.client.evals.runs.create(e.id, { data_source: { type: 'jsonl', source: { type: 'file_content', content: rows(['a', 'a']) } } });
    expect(h.emulator.counts()).toMatchObject({ evals: 1, eval_runs: 1 });
    expect(await h.client.evals.delete(e.id)).toEqual({ object: 'eval.deleted', deleted: true, eval_id: e.id });
    expect(h.emulator.counts()).toMatchObject({ evals: 0, eval_runs: 0, eval_output_items: 0 });
    expect((await apiError(h.client.evals.retrieve(e.id))).status).toBe(404);
  });
});

describe('eval runs', () => {
  it('progress over time and grade string_check and text_similarity honestly', async () => {
    h = await harness({ runDelayMs: 400 });
    const e = await createEval([
      { type: 'string_check', name: 'contains', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'ilike' },
      {
        type: 'text_similarity',
        name: 'close',
        input: '{{sample.output_text}}',
        reference: '{{item.label}}',
        evaluation_metric: 'fuzzy_match',
        pass_threshold: 0.8,
      },
    ]);
    const created = await h.client.evals.runs.create(e.id, {
      name: 'r',
      data_source: {
        type: 'jsonl',
        source: { type: 'file_content', content: rows(['cat', 'cat'], ['cat', 'A CAT'], ['dog', 'dogs'], ['dog', 'bird']) },
      },
    });
    expect(created).toMatchObject({ status: 'queued', error: null, result_counts: { total: 0, passed: 0 } });
    const seen = new Set<string>();
    let run = created;
    while (run.status !== 'completed') {
      await new Promise((r) => setTimeout(r, 20));
      run = await h.client.evals.runs.retrieve(created.id, { eval_id: e.id });
      seen.add(`${run.status} ${run.result_counts.passed + run.result_counts.failed}`);
    }
    expect([...seen].some((s) => /^in_progress [1-3]$/.test(s))).toBe(true);
    // cat/cat passes both; "A CAT" contains "cat" (ilike) but is far from it; "dogs" is close (0.75 < 0.8) and contains "dog"
    expect(run.result_counts).toEqual({ total: 4, passed: 1, failed: 3, errored: 0 });
    expect(run.per_testing_criteria_results).toEqual([
      { testing_criteria: 'contains', passed: 3, failed: 1 },
      { testing_criteria: 'close', passed: 1, failed: 3 },
    ]);
    const items = await h.client.evals.runs.outputItems.list(run.id, { eval_id: e.id, order: 'asc' });
    expect(items.data.map((i) => i.status)).toEqual(['pass', 'fail', 'fail', 'fail']);
    expect(items.data[2]!.results).toEqual([
      { name: 'contains', type: 'string_check', score: 1, passed: true, sample: null },
      { name: 'close', type: 'text_similarity', score: 0.75, passed: false, sample: null },
    ]);
    const one = await h.client.evals.runs.outputItems.retrieve(items.data[0]!.id, { eval_id: e.id, run_id: run.id });
    expect(one.datasource_item).toEqual({ label: 'cat' });
  });

  it('counts a template naming nothing as errored; model graders give a deterministic verdict', async () => {
    h = await harness();
    const e = await createEval([
      { type: 'string_check', name: 'missing', input: '{{item.nope}}', reference: 'x', operation: 'eq' },
      {
        type: 'label_model',
        name: 'judge',
        model: 'gpt-4o-mini',
        input: [{ type: 'message', role: 'user', content: { type: 'input_text', text: '{{item.label}}' } }],
        labels: ['y', 'n'],
        passing_labels: ['y'],
      },
    ]);
    const run = await h.client.evals.runs.create(e.id, {
      data_source: { type: 'jsonl', source: { type: 'file_content', content: rows(['a', 'a']) } },
    });
    const done = await h.client.evals.runs.retrieve(run.id, { eval_id: e.id });
    expect(done.result_counts).toEqual({ total: 1, passed: 0, failed: 0, errored: 1 });
    const again = await h.client.evals.runs.create(e.id, {
      data_source: { type: 'jsonl', source: { type: 'file_content', content: rows(['a', 'a']) } },
    });
    const first = (await h.client.evals.runs.outputItems.list(run.id, { eval_id: e.id })).data[0]!.results;
    const second = (await h.client.evals.runs.outputItems.list(again.id, { eval_id: e.id })).data[0]!.results;
    expect(second).toEqual(first);
  });

  it('fails a run whose items lack what the item schema requires', async () => {
    h = await harness();
    const e = await createEval([{ type: 'string_check', name: 'eq', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' }]);
    const run = await h.client.evals.runs.create(e.id, {
      data_source: { type: 'jsonl', source: { type: 'file_content', content: [{ item: { other: 1 } }] } },
    });
    expect(await h.client.evals.runs.retrieve(run.id, { eval_id: e.id })).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_data_source', message: 'item 1 lacks "label", which the eval\'s item_schema requires' },
    });
  });

  it('cancels at the described path and the SDK one, refuses to cancel a finished run, and deletes', async () => {
    h = await harness({ runDelayMs: 60_000 });
    const e = await createEval([{ type: 'string_check', name: 'eq', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' }]);
    const source = { type: 'jsonl' as const, source: { type: 'file_content' as const, content: rows(['a', 'a']) } };
    const a = await h.client.evals.runs.create(e.id, { data_source: source });
    expect((await h.client.evals.runs.cancel(a.id, { eval_id: e.id })).status).toBe('canceled');
    const b = await h.client.evals.runs.create(e.id, { data_source: source });
    const described = await raw(h.emulator, 'POST', `/v1/evals/${e.id}/runs/${b.id}`, { body: {} });
    expect(described.status).toBe(200);
    expect((await h.client.evals.runs.list(e.id, { status: 'canceled' })).data).toHaveLength(2);
    expect((await apiError(h.client.evals.runs.cancel(a.id, { eval_id: e.id }))).status).toBe(400);
    expect(await h.client.evals.runs.delete(a.id, { eval_id: e.id })).toEqual({ object: 'eval.run.deleted', deleted: true, run_id: a.id });
    expect((await apiError(h.client.evals.runs.retrieve(a.id, { eval_id: e.id }))).status).toBe(404);
  });
});
