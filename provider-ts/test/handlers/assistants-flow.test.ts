// The Assistants quickstart as resources: assistant → thread → message → run → the reply.
import { PartialCreateError, type JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w.emulator.close());

async function make(type: string, raw: JsonObject) {
  const { inputs, failures } = w.provider.check(type, raw);
  expect(failures).toEqual([]);
  return w.provider.create(type, inputs as JsonObject);
}

test('math tutor quickstart: the run completes and exposes the reply', async () => {
  const progress: string[] = [];
  const asst = await make('assistant', {
    model: 'gpt-4o',
    name: 'Math Tutor',
    instructions: 'You are a personal math tutor.',
    tools: [{ type: 'code_interpreter' }],
  });
  const thread = await make('thread', { metadata: { topic: 'algebra' } });
  const msg = await make('message', { thread_id: thread.id, content: 'I need to solve the equation `3x + 11 = 14`. Can you help me?' });
  expect(msg.id).toMatch(/^thread_[^/]+\/msg_/);
  const { inputs } = w.provider.check('run', { thread_id: thread.id, assistant_id: asst.id, instructions: 'Please address the user as Jane Doe.' });
  const run = await w.provider.create('run', inputs as JsonObject, { progress: (m) => progress.push(m) });
  expect(run.state['status']).toBe('completed');
  expect(run.state['reply']).toBe('Subtract 11 from both sides: 3x = 3. Divide both sides by 3: x = 1.');
  expect(run.state['usage']).toMatchObject({ total_tokens: expect.any(Number) });
  expect(progress.some((m) => /run run_.*: (queued|in progress|completed)/.test(m))).toBe(true);

  // no-op plan; metadata updates in place; a trigger change re-runs
  const read = await w.provider.read('run', run.id, run.state);
  expect(w.provider.diff('run', read!.state, inputs).changed).toEqual([]);
  const { inputs: retrigger } = w.provider.check('run', {
    thread_id: thread.id,
    assistant_id: asst.id,
    instructions: 'Please address the user as Jane Doe.',
    triggers: { v: '2' },
  });
  expect(w.provider.diff('run', read!.state, retrigger).replaces).toEqual(['triggers']);

  // list the thread's messages: the question, then the reply
  const listed = await w.provider.list('message', { thread_id: thread.id });
  expect(listed.map((m) => m.state['role'])).toEqual(['user', 'assistant']);

  // message import by composite id reproduces its inputs
  const imported = await w.provider.import('message', msg.id, undefined);
  expect(imported.inputs).toMatchObject({ thread_id: thread.id, role: 'user', content: expect.stringContaining('3x + 11') });

  // deleting a run is state-only; the thread's deletion removes everything
  const before = w.emulator.requests.length;
  await w.provider.delete('run', run.id, run.state);
  expect(w.emulator.requests.length).toBe(before);
  await w.provider.delete('message', msg.id, msg.state);
  await w.provider.delete('thread', thread.id, thread.state);
  expect(await w.provider.read('run', run.id, run.state)).toBeNull();
  await w.provider.delete('assistant', asst.id, asst.state);
});

test('a failed run is an error that keeps the id and says why', async () => {
  const asst = await make('assistant', { model: 'gpt-4o' });
  const thread = await make('thread', { messages: [{ content: 'hi' }] });
  w.emulator.failNextRuns(1, { code: 'server_error', message: 'The model crashed.' });
  const { inputs } = w.provider.check('run', { thread_id: thread.id, assistant_id: asst.id });
  const err = await w.provider.create('run', inputs as JsonObject).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PartialCreateError);
  expect((err as PartialCreateError).id).toMatch(new RegExp(`^${thread.id}/run_`));
  expect((err as PartialCreateError).message).toMatch(/ended failed \(server_error: The model crashed\.\)/);
  expect((err as PartialCreateError).state['status']).toBe('failed');
});

test('thread initial messages are create-only and metadata updates in place', async () => {
  const t = await make('thread', { messages: [{ content: 'a' }], metadata: { k: '1' } });
  const spec = (raw: JsonObject) => w.provider.check('thread', raw).inputs;
  expect(w.provider.diff('thread', t.state, spec({ messages: [{ content: 'a' }], metadata: { k: '2' } }))).toMatchObject({
    changed: ['metadata'],
    replaces: [],
  });
  expect(w.provider.diff('thread', t.state, spec({ messages: [{ content: 'b' }], metadata: { k: '1' } })).replaces).toEqual(['messages']);
  const st = await w.provider.update('thread', t.id, t.state, spec({ messages: [{ content: 'a' }], metadata: { k: '2' } }) as JsonObject);
  expect(st['metadata']).toEqual({ k: '2' });
  expect(st['messages']).toEqual([{ role: 'user', content: 'a' }]);
});

test('a run waiting for tool outputs is an error that names the call and what to do', async () => {
  const asst = await make('assistant', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'lookup' } }] });
  const thread = await make('thread', { messages: [{ content: 'look it up' }] });
  w.emulator.requireActionNextRuns(1, { name: 'lookup', arguments: '{"q":"sf"}' });
  const { inputs } = w.provider.check('run', { thread_id: thread.id, assistant_id: asst.id });
  const err = await w.provider.create('run', inputs as JsonObject).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PartialCreateError);
  expect((err as Error).message).toMatch(/requires action: the assistant called lookup\(\{"q":"sf"\}\).*cannot submit.*Remove function tools/);
  expect((err as PartialCreateError).state['status']).toBe('requires_action');
  // the next apply makes it again (the API cannot take it further)
  expect(w.provider.diff('run', (err as PartialCreateError).state, inputs).replaces).toEqual(['status']);
});

test('a run whose wait timed out is waited for again, in place, by the next apply', async () => {
  const slow = await world({ emulator: { runDelayMs: 2500 } });
  try {
    const mk = async (type: string, raw: JsonObject) => slow.provider.create(type, slow.provider.check(type, raw).inputs as JsonObject);
    const asst = await mk('assistant', { model: 'gpt-4o' });
    const thread = await mk('thread', { messages: [{ content: 'solve 2y - 4 = 10' }] });
    const { inputs } = slow.provider.check('run', { thread_id: thread.id, assistant_id: asst.id, timeout_seconds: 1 });
    const err = await slow.provider.create('run', inputs as JsonObject).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as Error).message).toMatch(/gave up waiting for run run_.*timeout_seconds bounds the wait/);
    const saved = (err as PartialCreateError).state;
    expect(['queued', 'in_progress']).toContain(saved['status']);
    const plan = slow.provider.diff('run', saved, inputs);
    expect(plan).toMatchObject({ changed: ['status'], replaces: [] });
    const { inputs: patient } = slow.provider.check('run', { thread_id: thread.id, assistant_id: asst.id, timeout_seconds: 30 });
    const done = await slow.provider.update('run', (err as PartialCreateError).id, saved, patient as JsonObject);
    expect(done).toMatchObject({ status: 'completed', reply: 'Add 4 to both sides: 2y = 14. Divide both sides by 2: y = 7.' });
    expect(slow.emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/runs'))).toHaveLength(1);
  } finally {
    await slow.emulator.close();
  }
});
