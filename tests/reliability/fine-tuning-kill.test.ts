// The engine killed mid-wait of a fine_tuning_job: `pulumi up` is waiting for a job it created (the job is
// applied, its id answered and journalled, the plugin polling it) when the engine and its plugin are killed with
// SIGKILL. The rerun in the same folder (once the stale lock the killed engine left is removed) must adopt that job (the create journal's id, looked up by createOnce's
// `retrieve`), wait for it and converge with exactly one job in the emulator: never a second job.
import { rmSync } from 'node:fs';
import { startEmulator } from '@openai-iac/emulator';
import { createDriver, disposeWorkspace, findProcesses, saveLog, step, type Env } from './harness';
import type { Decl } from './stack';

jest.setTimeout(600_000);
afterAll(() => disposeWorkspace());

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
  .map((l) => `${JSON.stringify(l)}\n`)
  .join('');

const DECLS: Decl[] = [
  { type: 'file', name: 'training', props: { content: TRAINING, filename: 'training.jsonl', purpose: 'fine-tune' } },
  {
    type: 'fine_tuning_job',
    name: 'tune',
    props: { model: 'gpt-4o-mini-2024-07-18', training_file: { $ref: 'training' }, suffix: 'kill', timeout_seconds: 600 },
  },
];

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('pulumi killed while waiting for a fine-tuning job: the rerun adopts it, one job', async () => {
  // The job takes 25 s: the kill lands while the plugin polls it, and the rerun still finds it running.
  const emu = await startEmulator({ fineTuningDelayMs: 25_000, quiet: true });
  const other = await emu.createProjectKey(emu.defaultProjectId);
  const env: Env = { emu, otherKey: other.key, otherProject: emu.defaultProjectId };
  const driver = await createDriver('pulumi', env, DECLS, 30);
  const jobPosts = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/v1/fine_tuning/jobs' && r.status === 200);
  try {
    const applying = driver.apply();
    let ended: string | undefined;
    void applying.then((r) => (ended = r.out));
    let killed = false;
    try {
      // mid-wait: the job was created and polled at least twice
      await until(
        'the job to be created and polled',
        () => {
          if (ended !== undefined) throw new Error(`pulumi up ended before the kill:\n${ended.slice(-3000)}`);
          return (
            jobPosts().length === 1 && emu.requests.filter((r) => r.method === 'GET' && /^\/v1\/fine_tuning\/jobs\/ftjob-/.test(r.path)).length >= 2
          );
        },
        180_000,
      );
      const pid = driver.enginePid();
      if (pid === undefined) throw new Error('no engine process');
      for (const p of findProcesses(pid, driver.plugin)) process.kill(p, 'SIGKILL');
      process.kill(pid, 'SIGKILL');
      killed = true;
    } finally {
      await applying;
    }
    saveLog('fine-tuning-kill-pulumi-killed', (await applying).out);
    expect(killed).toBe(true);
    const job = emu.snapshot()['fine_tuning_jobs'] as Array<{ id: string; status: string }>;
    expect(job).toHaveLength(1);
    expect(job[0]!.status).not.toBe('succeeded'); // killed mid-wait, not after

    // A killed engine leaves its stack locked: remove the stale lock, as Pulumi's message says to.
    const locked = await driver.apply();
    const lock = /file:\/\/(\/\S+?\.json)/.exec(locked.out)?.[1];
    if (locked.code !== 0 && lock) rmSync(lock, { force: true });
    else saveLog('fine-tuning-kill-pulumi-unlocked', locked.out);
    const rerun = await step(env, driver, DECLS, 'apply', 'fine-tuning-kill-pulumi');
    expect(rerun.converged).toBe(true);
    expect(jobPosts()).toHaveLength(1);
    const jobs = emu.snapshot()['fine_tuning_jobs'] as Array<{ id: string; status: string }>;
    expect(jobs.map((j) => [j.id, j.status])).toEqual([[job[0]!.id, 'succeeded']]);
    expect([...(await driver.stateIds()).values()]).toContain(job[0]!.id);
    await step(env, driver, DECLS, 'destroy', 'fine-tuning-kill-pulumi');
  } finally {
    await driver.dispose().catch(() => undefined);
    await emu.close();
  }
});
