// The core's plan (spec/plan.ts): what changes, what replaces, and the planned state both adapters preview.
import { checkInputs, plan, registry, UNKNOWN, type State, type ValueObject } from '@openai-iac/core';

const store = registry.get('vector_store');
const inputs = (raw: ValueObject) => checkInputs(store, raw).inputs;
const prior: State = {
  name: 'docs',
  description: null,
  file_ids: [],
  metadata: { team: 'a' },
  expires_after: null,
  chunking_strategy: null,
  status: 'completed',
  file_counts: { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 },
  usage_bytes: 0,
  created_at: 1700000000,
  expires_at: null,
  last_active_at: 1700000100,
  api_key: null,
} as State;

test('a create knows what is configured; every computed value is unknown, every other one null', () => {
  const p = plan(store, null, inputs({ name: 'docs' }));
  expect(p).toMatchObject({ changed: [], replaces: [], deleteBeforeReplace: false });
  expect(p.kept.size).toBe(0);
  expect(p.planned).toMatchObject({ name: 'docs', status: UNKNOWN, created_at: UNKNOWN, usage_bytes: UNKNOWN, api_key: null });
});

test('no change keeps everything the API holds', () => {
  const p = plan(store, prior, inputs({ name: 'docs', metadata: { team: 'a' } }));
  expect(p.changed).toEqual([]);
  expect(p.planned).toMatchObject({ status: 'completed', created_at: 1700000000, last_active_at: 1700000100, usage_bytes: 0 });
});

test('an in-place update keeps the outputs fixed at creation and plans every other output unknown', () => {
  const p = plan(store, prior, inputs({ name: 'renamed', metadata: { team: 'a' } }));
  expect(p).toMatchObject({ changed: ['name'], replaces: [] });
  expect(p.planned).toMatchObject({ name: 'renamed', created_at: 1700000000, status: UNKNOWN, last_active_at: UNKNOWN, expires_at: UNKNOWN });
  expect(p.kept.has('created_at')).toBe(true);
  expect(p.kept.has('status')).toBe(false);
});

test('a replacement knows none of the outputs, not even the stable ones', () => {
  const p = plan(store, { ...prior, description: 'old' }, inputs({ name: 'docs', metadata: { team: 'a' }, description: 'new' }));
  expect(p.replaces).toEqual(['description']);
  expect(p.planned).toMatchObject({ created_at: UNKNOWN, status: UNKNOWN });
});

test('an unknown input is planned unknown and changes the object', () => {
  const p = plan(store, prior, inputs({ name: UNKNOWN, metadata: { team: 'a' } }));
  expect(p.changed).toContain('name');
  expect(p.planned['name']).toBe(UNKNOWN);
  expect(p.planned['created_at']).toBe(1700000000);
});

test('a nested member the API fills in is kept while its property does not change, unknown when it does', () => {
  const assistant = registry.get('assistant');
  const tool = { type: 'file_search', file_search: { max_num_results: 5 } };
  const before = {
    ...checkInputs(assistant, { model: 'gpt-4o', tools: [tool] }).inputs,
    tools: [{ type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'auto', score_threshold: 0 } } }],
    id: 'asst_1',
    created_at: 1,
    object: 'assistant',
  } as State;
  const same = plan(assistant, before, checkInputs(assistant, { model: 'gpt-4o', tools: [tool] }).inputs);
  expect(same.changed).toEqual([]);
  expect((same.planned['tools'] as ValueObject[])[0]).toMatchObject({ file_search: { ranking_options: { ranker: 'auto' } } });
  const other = plan(
    assistant,
    before,
    checkInputs(assistant, { model: 'gpt-4o', tools: [{ type: 'file_search', file_search: { max_num_results: 7 } }] }).inputs,
  );
  expect(other.changed).toEqual(['tools']);
  expect((other.planned['tools'] as ValueObject[])[0]).toMatchObject({ file_search: { max_num_results: 7, ranking_options: UNKNOWN } });
});

test('every created_at of the registry is an output fixed at creation (stable)', () => {
  const missing = registry.resources.filter((r) => r.properties['created_at'] && !r.properties['created_at'].stable).map((r) => r.name);
  expect(missing).toEqual([]);
});
