// examples/assistants-flow-hcl (the Assistants quickstart in HCL) with the real OpenTofu against an in-process
// emulator, the provider through dev_overrides: plan → apply (the run completes; `tofu output reply` is the
// emulator's deterministic answer to 3x + 11 = 14; the messages data source lists question and reply) → a plan
// shows no changes → a new run trigger replaces the run only → a run that fails fails the apply with its error
// and stays in state (tainted), the next apply runs it again → destroy leaves the emulator as it was (the runs go
// with their thread) → no key in any output or TF_LOG=trace log.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { api, copyExample, requireTofu, ROOT, startTestEmulator, stepper, Workdir, type Keys, type Transcript } from './harness';

jest.setTimeout(180_000);

const EXAMPLE = join(ROOT, 'examples/assistants-flow-hcl');
const QUESTION = 'I need to solve the equation `3x + 11 = 14`. Can you help me?';
const ANSWER = 'Subtract 11 from both sides: 3x = 3. Divide both sides by 3: x = 1.';
const INSTRUCTIONS = 'Please address the user as Jane Doe. The user has a premium account.';

let emulator: Emulator;
let keys: Keys;
let w: Workdir;
let baseline: Record<string, number>;
let out: Record<string, unknown>;
const { step, failed } = stepper();
const started = Date.now();

const KINDS = ['assistants', 'threads', 'messages', 'runs'] as const;
const counts = (): Record<string, number> => Object.fromEntries(KINDS.map((k) => [k, emulator.counts()[k] ?? 0]));

const setTrigger = (value: string): void => w.write('e2e.auto.tfvars.json', JSON.stringify({ run_trigger: value }, null, 2));
const plan = (): Promise<Transcript> => w.run(['plan', '-input=false']);
const noChanges = async (): Promise<void> => {
  const t = await w.run(['plan', '-input=false', '-detailed-exitcode'], { allow: [2] });
  expect([t.code, t.stdout]).toEqual([0, expect.stringContaining('No changes. Your infrastructure matches the configuration.')]);
};
const outputs = async (): Promise<Record<string, unknown>> =>
  Object.fromEntries(
    Object.entries(JSON.parse((await w.run(['output', '-json'])).stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]),
  );

beforeAll(async () => {
  const { tofu, nodeBin } = requireTofu();
  ({ emulator, keys } = await startTestEmulator());
  baseline = counts();
  w = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
  copyExample(EXAMPLE, join(w.root, 'assistants-flow-hcl'));
  w.cwd = join(w.root, 'assistants-flow-hcl');
});

afterAll(async () => {
  if (w) {
    const kept = failed() === undefined ? 'removed' : `kept in ${w.root}`;
    console.log(
      `${w.report('examples/assistants-flow-hcl')}\n  wall time ${((Date.now() - started) / 1000).toFixed(1)} s; working folder and logs ${kept}`,
    );
    if (failed() === undefined) rmSync(w.root, { recursive: true, force: true });
  }
  await emulator?.close();
});

step('tofu plan: four to add, the run and its reply known only after apply', async () => {
  const t = await plan();
  expect(t.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
  expect(t.stdout).toMatch(/# openai_run\.answer will be created[\s\S]*reply\s+= \(known after apply\)/);
  expect(t.stdout).toContain('# data.openai_messages.thread will be read during apply');
  expect(counts()).toEqual(baseline);
});

step('tofu apply runs the tutor; tofu output reply is the answer', async () => {
  const t = await w.run(['apply', '-input=false', '-auto-approve']);
  expect(t.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
  const reply = await w.run(['output', '-raw', 'reply']);
  expect(reply.stdout).toBe(ANSWER);
  out = await outputs();
  expect(out).toMatchObject({
    assistant_id: expect.stringMatching(/^asst_/),
    thread_id: expect.stringMatching(/^thread_/),
    run_status: 'completed',
    reply: ANSWER,
    usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    messages: [
      { role: 'user', content: QUESTION },
      { role: 'assistant', content: ANSWER },
    ],
  });
  expect(out['message_id']).toMatch(new RegExp(`^${String(out['thread_id'])}/msg_`));
  expect(out['run_id']).toMatch(new RegExp(`^${String(out['thread_id'])}/run_`));
  expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 2, runs: 1 });
  const [threadId, runId] = String(out['run_id']).split('/');
  expect(await api(emulator, 'GET', `/threads/${threadId}/runs/${runId}`, keys.project)).toMatchObject({
    status: 'completed',
    assistant_id: out['assistant_id'],
    instructions: INSTRUCTIONS,
  });
});

step('tofu plan -detailed-exitcode: no changes, and no run is started', async () => {
  await noChanges();
  expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 2, runs: 1 });
});

step('a new run trigger replaces the run only; the message and the thread stay', async () => {
  setTrigger('2');
  const p = await plan();
  expect(p.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  expect(p.stdout).toMatch(/# openai_run\.answer must be replaced/);
  expect(p.stdout).toMatch(/\+ "round" = "2"[^\n]*# forces replacement|triggers[^\n]*# forces replacement/);
  await w.run(['apply', '-input=false', '-auto-approve']);
  const after = await outputs();
  expect(after['run_id']).not.toBe(out['run_id']);
  for (const k of ['assistant_id', 'thread_id', 'message_id']) expect(after[k]).toBe(out[k]);
  expect(after).toMatchObject({ run_status: 'completed', reply: ANSWER });
  expect(after['messages']).toEqual([
    { role: 'user', content: QUESTION },
    { role: 'assistant', content: ANSWER },
    { role: 'assistant', content: ANSWER },
  ]);
  // The replaced run is forgotten, not deleted (the API cannot delete runs).
  expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 3, runs: 2 });
  out = after;
  await noChanges();
});

step('a run that fails fails the apply with its error, stays in state tainted, and the next apply runs it again', async () => {
  emulator.failNextRuns(1, { code: 'server_error', message: 'The tutor tripped over a bug.' });
  setTrigger('3');
  const t = await w.run(['apply', '-input=false', '-auto-approve'], { allow: [1] });
  expect(t.code).toBe(1);
  // (OpenTofu wraps the diagnostic's lines)
  expect(t.stderr.replace(/\s+/g, ' ')).toMatch(
    /Error: Cannot create openai_run .*created thread_\w+\/run_\w+, but the run ended failed \(server_error: The tutor tripped over a bug\.\)/,
  );
  const shown = (await w.run(['state', 'show', 'openai_run.answer'])).stdout;
  expect(shown).toContain('# openai_run.answer: (tainted)');
  expect(shown).toMatch(/status\s+= "failed"/);
  const failedId = /\bid\s+= "([^"]+)"/.exec(shown)?.[1];
  expect(failedId).toMatch(new RegExp(`^${String(out['thread_id'])}/run_`));
  expect(failedId).not.toBe(out['run_id']);
  expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 3, runs: 3 });

  const p = await plan();
  expect(p.stdout).toMatch(/# openai_run\.answer is tainted, so it must be replaced/);
  // Untainted (as after `tofu untaint`, or a failed run imported), the provider still replaces it: its status.
  await w.run(['untaint', 'openai_run.answer']);
  const q = await plan();
  expect(q.stdout).toMatch(/# openai_run\.answer must be replaced/);
  expect(q.stdout).toMatch(/~ status\s+= "failed"[^\n]*-> \(known after apply\) # forces replacement/);
  expect(q.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
  await w.run(['apply', '-input=false', '-auto-approve']);
  const after = await outputs();
  expect(after['run_id']).not.toBe(failedId);
  expect(after).toMatchObject({ run_status: 'completed', reply: ANSWER, message_id: out['message_id'] });
  expect(counts()).toEqual({ assistants: 1, threads: 1, messages: 4, runs: 4 });
  out = after;
  await noChanges();
});

step('tofu destroy leaves the emulator as it was: the thread takes its messages and runs along', async () => {
  const t = await w.run(['destroy', '-input=false', '-auto-approve']);
  expect(t.stdout).toContain('Destroy complete! Resources: 4 destroyed.');
  expect(counts()).toEqual(baseline);
});

step('no key appears in any stdout, stderr or TF_LOG=trace log', async () => {
  expect(w.searchedBytes()).toBeGreaterThan(100_000);
  expect(w.secretsFound({ 'the project key': keys.project, 'the admin key': keys.admin })).toEqual([]);
});

test('examples/assistants-flow-hcl is formatted (tofu fmt -check)', () => {
  const { tofu } = requireTofu();
  const fmt = execFileSync(tofu.path, ['fmt', '-check', '-recursive', '-no-color', EXAMPLE], {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  expect(fmt).toBe('');
});
