// examples/assistants-flow (the Assistants quickstart as resources) through the real Pulumi engine against an
// in-process emulator: up → the run's reply is exported (the emulator's deterministic answer to 3x + 11 = 14) →
// a second up is a no-op → a changed run trigger re-runs the run (replace) and leaves the message → a run that
// fails keeps its id in state with the failed status, and the next up re-runs it → `make list-assistants`'s script
// lists the tutor → destroy leaves the emulator as it was (the runs go with their thread).
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { api, requireTools, ROOT, run, Workspace, writesSince, type Stack } from './harness';

jest.setTimeout(300_000);

const STEP = 300_000;
const EXAMPLE = join(ROOT, 'examples/assistants-flow');
const QUESTION = 'I need to solve the equation `3x + 11 = 14`. Can you help me?';
const ANSWER = 'Subtract 11 from both sides: 3x = 3. Divide both sides by 3: x = 1.';
const INSTRUCTIONS = 'Please address the user as Jane Doe. The user has a premium account.';

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let baseline: Record<string, number>;
let out: Record<string, unknown>;

const KINDS = ['assistants', 'threads', 'messages', 'runs'] as const;
interface StateResource {
  urn: string;
  id: string;
  delete?: boolean;
  initErrors?: string[];
  outputs: Record<string, unknown>;
}
/** Every Run entry of the exported state (a replaced one still to delete included). */
const runsInState = async (): Promise<StateResource[]> =>
  (JSON.parse(await stack.exportText()) as { deployment: { resources?: StateResource[] } }).deployment.resources?.filter((r) =>
    r.urn.endsWith('::openai:index:Run::run'),
  ) ?? [];
const counts = (): Record<string, number> => Object.fromEntries(KINDS.map((k) => [k, emu.counts()[k] ?? 0]));

beforeAll(async () => {
  // A run stays queued, then in progress, for 1.5 s: long enough for the provider to poll it a few times.
  emu = await startEmulator({ port: 0, runDelayMs: 1500 });
  baseline = counts();
  ws = await Workspace.create();
  stack = await ws.stackFromDir(EXAMPLE, 'flow', {
    'openai:baseUrl': emu.url,
    'openai:apiKey': { secret: emu.projectKey },
  });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

test('examples/assistants-flow type-checks against the built Node.js SDK', async () => {
  const tools = requireTools();
  await run(join(tools.nodeBin, 'node'), [join(EXAMPLE, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', EXAMPLE], { cwd: EXAMPLE });
}, 120_000);

test(
  'pulumi up runs the tutor on the question and exports the reply',
  async () => {
    const up = await stack.up();
    expect(up.stdout).toMatch(/\+ 5 created/);
    // The provider reports the run's progress while it waits.
    expect(up.stdout).toMatch(/run run_\w+: (queued|in progress)/);
    out = await stack.outputs();
    expect(out).toMatchObject({
      assistantId: expect.stringMatching(/^asst_/),
      threadId: expect.stringMatching(/^thread_/),
      runStatus: 'completed',
      reply: ANSWER,
      usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number) },
      messages: [
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: ANSWER },
      ],
    });
    expect(out['messageId']).toMatch(new RegExp(`^${String(out['threadId'])}/msg_`));
    expect(out['runId']).toMatch(new RegExp(`^${String(out['threadId'])}/run_`));
    expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 2, runs: 1 });

    const [threadId, runId] = String(out['runId']).split('/');
    const r = await api(emu, 'GET', `/threads/${threadId}/runs/${runId}`, emu.projectKey);
    expect(r).toMatchObject({
      status: 'completed',
      assistant_id: out['assistantId'],
      instructions: INSTRUCTIONS,
      tools: [{ type: 'code_interpreter' }],
    });
    const a = await api(emu, 'GET', `/assistants/${String(out['assistantId'])}`, emu.projectKey);
    expect(a).toMatchObject({ name: 'Math Tutor', model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] });
    // The run was polled (queued / in progress) before it completed, not found finished at once.
    const polls = emu.requests.filter((q) => q.method === 'GET' && q.path === `/v1/threads/${threadId}/runs/${runId}`);
    expect(polls.length).toBeGreaterThan(1);
  },
  STEP,
);

test(
  'a second pulumi up is a no-op: nothing is written, no run is started',
  async () => {
    const mark = emu.requests.length;
    const up = await stack.pulumi(['up', '--yes', '--expect-no-changes']);
    expect(up.stdout).toMatch(/5 unchanged/);
    expect(writesSince(emu, mark)).toEqual([]);
    expect(await stack.outputs()).toEqual(out);
    expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 2, runs: 1 });
  },
  STEP,
);

test(
  'a changed run trigger re-runs the run (replace); the thread and the message stay',
  async () => {
    await stack.setConfig('runTrigger', '2');
    const { steps } = await stack.preview();
    expect(steps['run']?.op).toBe('replace');
    expect(steps['run']?.replaceReasons).toEqual(['triggers']);
    for (const name of ['question', 'thread', 'tutor']) expect(steps[name]?.op ?? 'same').toBe('same');

    const mark = emu.requests.length;
    await stack.up();
    const after = await stack.outputs();
    expect(after['runId']).not.toBe(out['runId']);
    expect(after['runId']).toMatch(new RegExp(`^${String(out['threadId'])}/run_`));
    for (const k of ['assistantId', 'threadId', 'messageId']) expect(after[k]).toBe(out[k]);
    expect(after).toMatchObject({ runStatus: 'completed', reply: ANSWER });
    expect(after['messages']).toEqual([
      { role: 'user', content: QUESTION },
      { role: 'assistant', content: ANSWER },
      { role: 'assistant', content: ANSWER },
    ]);
    // One write: the new run. The old one is only forgotten (the API cannot delete a run).
    expect(writesSince(emu, mark).map((q) => `${q.method} ${q.path}`)).toEqual([`POST /v1/threads/${String(out['threadId'])}/runs`]);
    expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 3, runs: 2 });
    out = after;
    await stack.pulumi(['preview', '--expect-no-changes']);
  },
  STEP,
);

test(
  'a run that fails fails the up with its error; its id stays in state; the next up runs it again',
  async () => {
    emu.failNextRuns(1, { code: 'server_error', message: 'The tutor tripped over a bug.' });
    await stack.setConfig('runTrigger', '3');
    const failed = await stack.pulumi(['up', '--yes', '--skip-preview'], { allowFailure: true });
    expect(failed.code).not.toBe(0);
    const text = failed.stdout + failed.stderr;
    expect(text).toContain('the run ended failed (server_error: The tutor tripped over a bug.)');

    // The state holds the new run, failed, with the init error, and the one it replaces, still to delete.
    const runs = await runsInState();
    expect(runs).toHaveLength(2);
    const saved = runs.find((r) => !r.delete);
    expect(saved?.id).toMatch(new RegExp(`^${String(out['threadId'])}/run_`));
    expect(saved?.id).not.toBe(out['runId']);
    expect(saved?.outputs).toMatchObject({ status: 'failed', lastError: { code: 'server_error', message: 'The tutor tripped over a bug.' } });
    expect(saved?.initErrors).toEqual([expect.stringContaining('the run ended failed (server_error: The tutor tripped over a bug.)')]);
    expect(runs.find((r) => r.delete)?.id).toBe(out['runId']);
    const [threadId, runId] = String(saved?.id).split('/');
    expect(await api(emu, 'GET', `/threads/${threadId}/runs/${runId}`, emu.projectKey)).toMatchObject({ status: 'failed' });
    expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 3, runs: 3 });

    // The emulator is healthy again: the failed run is run again (replaced), and the up succeeds.
    const { steps } = await stack.preview();
    expect(steps['run']?.op).toBe('replace');
    expect(steps['run']?.replaceReasons).toEqual(['status']);
    await stack.up();
    const after = await stack.outputs();
    expect(after['runId']).not.toBe(saved?.id);
    expect(after).toMatchObject({ runStatus: 'completed', reply: ANSWER, messageId: out['messageId'], threadId: out['threadId'] });
    expect(await runsInState()).toEqual([expect.not.objectContaining({ initErrors: expect.anything() })]);
    expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 4, runs: 4 });
    out = after;
    await stack.pulumi(['preview', '--expect-no-changes']);
  },
  STEP,
);

test("make list-assistants' script lists the tutor (an emulator at OPENAI_BASE_URL)", async () => {
  const node = join(requireTools().nodeBin, 'node');
  const r = await run(node, [join(ROOT, 'tools/list-assistants.mts')], {
    cwd: ROOT,
    env: { ...ws.env, OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: emu.projectKey },
  });
  expect(r.stdout).toMatch(new RegExp(`^${String(out['assistantId'])}\\s+Math Tutor\\s+gpt-4o$`, 'm'));
  expect(r.stdout).toContain('1 assistant');
}, 60_000);

test(
  'pulumi destroy leaves the emulator as it was: the thread takes its messages and runs along',
  async () => {
    const d = await stack.destroy();
    expect(d.stdout).toMatch(/5 deleted/);
    expect(counts()).toEqual(baseline);
    expect(Object.keys(await stack.resources())).toEqual([]);
  },
  STEP,
);
