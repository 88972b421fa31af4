import { checkInputs, diffInputs, registry, UNKNOWN, type State, type ValueObject } from '@openai-iac/core';

function plan(type: string, olds: State, raw: ValueObject) {
  const spec = registry.get(type);
  const { inputs, failures } = checkInputs(spec, raw);
  expect(failures).toEqual([]);
  return diffInputs(spec, olds, inputs);
}

const vs: State = {
  name: 'docs',
  description: 'about',
  file_ids: ['file-a', 'file-b'],
  chunking_strategy: null,
  expires_after: { anchor: 'last_active_at', days: 7 },
  metadata: { team: 'x' },
  status: 'completed',
  file_counts: { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 },
  usage_bytes: 10,
  created_at: 1,
  expires_at: null,
  last_active_at: 1,
  api_key: null,
};
const asst: State = {
  model: 'gpt-4o',
  name: 'tutor',
  description: null,
  instructions: 'be nice',
  tools: [{ type: 'file_search', file_search: { max_num_results: 20, ranking_options: { ranker: 'auto', score_threshold: 0 } } }],
  tool_resources: { code_interpreter: { file_ids: [] } },
  metadata: null,
  temperature: 1,
  top_p: 1,
  response_format: { type: 'auto' },
  reasoning_effort: null,
  created_at: 1,
  api_key: null,
};
const run: State = {
  thread_id: 'thread_a',
  assistant_id: 'asst_a',
  model: 'gpt-4o',
  instructions: 'hi',
  tools: [],
  temperature: 1,
  top_p: 1,
  max_prompt_tokens: null,
  max_completion_tokens: null,
  metadata: null,
  status: 'completed',
  usage: null,
  reply: 'x',
  last_error: null,
  created_at: 1,
  completed_at: 2,
  triggers: { round: '1' },
  timeout_seconds: 600,
  additional_instructions: null,
  api_key: null,
};
const runInputs = { thread_id: 'thread_a', assistant_id: 'asst_a', instructions: 'hi', triggers: { round: '1' } };
const proj: State = { name: 'p', external_key_id: null, residency: 'GLOBAL', status: 'active', created_at: 1, archived_at: null, api_key: null };

// [title, type, prior state, desired inputs, changed, replaces]
const table: Array<[string, string, State, ValueObject, string[], string[]]> = [
  [
    'equal vector store',
    'vector_store',
    vs,
    { name: 'docs', description: 'about', file_ids: ['file-a', 'file-b'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    [],
    [],
  ],
  [
    'renamed vector store updates in place',
    'vector_store',
    vs,
    { name: 'docs2', description: 'about', file_ids: ['file-a', 'file-b'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    ['name'],
    [],
  ],
  [
    'files added in place',
    'vector_store',
    vs,
    { name: 'docs', description: 'about', file_ids: ['file-a', 'file-b', 'file-c'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    ['file_ids'],
    [],
  ],
  [
    'description (create-only) replaces',
    'vector_store',
    vs,
    { name: 'docs', description: 'new', file_ids: ['file-a', 'file-b'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    ['description'],
    ['description'],
  ],
  [
    'removing metadata is a change',
    'vector_store',
    vs,
    { name: 'docs', description: 'about', file_ids: ['file-a', 'file-b'], expires_after: { days: 7 } },
    ['metadata'],
    [],
  ],
  [
    'an empty list equals none',
    'vector_store',
    { ...vs, file_ids: [] },
    { name: 'docs', description: 'about', file_ids: [], expires_after: { days: 7 }, metadata: { team: 'x' } },
    [],
    [],
  ],
  [
    'computed name omitted is no change',
    'vector_store',
    vs,
    { description: 'about', file_ids: ['file-a', 'file-b'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    [],
    [],
  ],
  [
    'unknown create-only value replaces',
    'vector_store',
    vs,
    { name: 'docs', description: UNKNOWN, file_ids: ['file-a', 'file-b'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    ['description'],
    ['description'],
  ],
  [
    'write-only value missing after import is adopted',
    'vector_store',
    { ...vs, description: null },
    { name: 'docs', description: 'about', file_ids: ['file-a', 'file-b'], expires_after: { days: 7 }, metadata: { team: 'x' } },
    [],
    [],
  ],
  [
    'a new per-resource key is a state-only update',
    'vector_store',
    vs,
    {
      name: 'docs',
      description: 'about',
      file_ids: ['file-a', 'file-b'],
      expires_after: { days: 7 },
      metadata: { team: 'x' },
      api_key: 'sk-proj-other-0000000000',
    },
    ['api_key'],
    [],
  ],
  [
    'assistant with API-filled nested defaults is unchanged',
    'assistant',
    asst,
    { model: 'gpt-4o', name: 'tutor', instructions: 'be nice', tools: [{ type: 'file_search' }] },
    [],
    [],
  ],
  [
    'assistant nested option change updates',
    'assistant',
    asst,
    { model: 'gpt-4o', name: 'tutor', instructions: 'be nice', tools: [{ type: 'file_search', file_search: { max_num_results: 5 } }] },
    ['tools'],
    [],
  ],
  [
    'assistant model change updates in place',
    'assistant',
    asst,
    { model: 'gpt-4.1', name: 'tutor', instructions: 'be nice', tools: [{ type: 'file_search' }] },
    ['model'],
    [],
  ],
  [
    'json parameters compare by meaning, not key order',
    'assistant',
    { ...asst, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} }, strict: false } }] },
    {
      model: 'gpt-4o',
      name: 'tutor',
      instructions: 'be nice',
      tools: [{ type: 'function', function: { name: 'f', parameters: { properties: {}, type: 'object' } } }],
    },
    [],
    [],
  ],
  ['a completed run with the same inputs is unchanged', 'run', run, runInputs, [], []],
  ['a changed run trigger re-runs (replaces)', 'run', run, { ...runInputs, triggers: { round: '2' } }, ['triggers'], ['triggers']],
  ['a run saved failed is run again (replaced), the status as reason', 'run', { ...run, status: 'failed' }, runInputs, ['status'], ['status']],
  [
    'a failed run with a changed trigger replaces once',
    'run',
    { ...run, status: 'expired' },
    { ...runInputs, triggers: { round: '2' } },
    ['triggers', 'status'],
    ['triggers', 'status'],
  ],
  ['a run still in progress (its wait timed out) is waited for again, in place', 'run', { ...run, status: 'in_progress' }, runInputs, ['status'], []],
  ['a queued run likewise', 'run', { ...run, status: 'queued' }, runInputs, ['status'], []],
  ['project rename updates', 'project', proj, { name: 'q' }, ['name'], []],
  ['project residency replaces', 'project', proj, { name: 'p', residency: 'EU_STORAGE_PROCESSING' }, ['residency'], ['residency']],
  ['project residency left to the API is no change', 'project', proj, { name: 'p' }, [], []],
];

describe('diffInputs', () => {
  test.each(table)('%s', (_title, type, olds, news, changed, replaces) => {
    const d = plan(type, olds, news);
    expect(d.changed).toEqual(changed);
    expect(d.replaces).toEqual(replaces);
  });

  test('a resource without an update handler replaces on every change (file)', () => {
    const spec = registry.get('file');
    const olds: State = {
      source: null,
      content: 'a',
      filename: 'a.txt',
      purpose: 'assistants',
      expires_after: null,
      sha256: 'x',
      bytes: 1,
      created_at: 1,
      expires_at: null,
      status: 'processed',
      api_key: null,
    };
    const d = diffInputs(spec, olds, checkInputs(spec, { content: 'b', filename: 'a.txt', purpose: 'assistants' }).inputs);
    expect(d.changed).toEqual(['content', 'sha256']);
    expect(d.replaces).toEqual(['content', 'sha256']);
  });

  test('a file whose content on disk changed plans a replace through its sha256', () => {
    const spec = registry.get('file');
    const olds: State = {
      source: '/tmp/x',
      content: null,
      filename: 'x',
      purpose: 'assistants',
      expires_after: null,
      sha256: 'old',
      bytes: 1,
      created_at: 1,
      expires_at: null,
      status: 'processed',
      api_key: null,
    };
    const d = diffInputs(spec, olds, { source: '/tmp/x', purpose: 'assistants', sha256: 'new' });
    expect(d.replaces).toEqual(['sha256']);
  });
});
