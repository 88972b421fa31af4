// examples/platform (the platform objects a team keeps as code) through the real Pulumi engine against an
// in-process emulator: up makes each object once — a searchable vector store, a container with a file, an eval
// graded by a run, a skill, a fine-tuning job — with progress shown while the run and the job are waited for → a
// preview is empty → a changed file of the skill's folder uploads version 2 of the same skill → destroy leaves the
// emulator as it was, but for what the API cannot delete (the job, which is only forgotten, and its results file).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { requireTools, ROOT, run, Workspace, type Stack } from './harness';

jest.setTimeout(300_000);

const EXAMPLE = join(ROOT, 'examples/platform');
const KINDS = ['vector_stores', 'containers', 'container_files', 'evals', 'eval_runs', 'skills', 'skill_versions', 'fine_tuning_jobs'] as const;

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let baseline: Record<string, number>;
const counts = (): Record<string, number> => Object.fromEntries(KINDS.map((k) => [k, emu.counts()[k] ?? 0]));
const plus = (extra: Partial<Record<(typeof KINDS)[number], number>>) => Object.fromEntries(KINDS.map((k) => [k, baseline[k]! + (extra[k] ?? 0)]));

beforeAll(async () => {
  // The run and the job take long enough for the provider to poll them a few times.
  emu = await startEmulator({ port: 0, quiet: true, runDelayMs: 2000, fineTuningDelayMs: 4000 });
  baseline = counts();
  ws = await Workspace.create();
  stack = await ws.stackFromDir(EXAMPLE, 'platform', { 'openai:baseUrl': emu.url, 'openai:apiKey': { secret: emu.projectKey } });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

test('examples/platform type-checks against the built Node.js SDK', async () => {
  const tools = requireTools();
  await run(join(tools.nodeBin, 'node'), [join(EXAMPLE, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', EXAMPLE], { cwd: EXAMPLE });
}, 120_000);

test('pulumi up makes each object once, showing progress while it waits', async () => {
  const up = await stack.up();
  expect(up.stdout).toMatch(/\+ 10 created/); // nine objects and the stack
  expect(up.stdout).toMatch(/fine-tuning job ftjob-\w+: (validating files|queued|running)/);
  expect(up.stdout).toMatch(/eval run evalrun_\w+: \d+\/2 graded/);
  expect(counts()).toEqual(
    plus({ vector_stores: 1, containers: 1, container_files: 1, evals: 1, eval_runs: 1, skills: 1, skill_versions: 1, fine_tuning_jobs: 1 }),
  );
  const out = await stack.outputs();
  expect(out).toMatchObject({
    vectorStoreId: expect.stringMatching(/^vs_/),
    topHit: 'handbook.md',
    containerFileId: expect.stringMatching(/^cntr_\w+\/cfile_\w+$/),
    containerFilePath: '/mnt/data/sales.csv',
    evalRunStatus: 'completed',
    evalResults: { total: 2, passed: 1, failed: 1, errored: 0 },
    skillId: expect.stringMatching(/^skill_/),
    skillVersion: '1',
    fineTuningJobId: expect.stringMatching(/^ftjob-/),
    fineTunedModel: expect.stringMatching(/^ft:gpt-4o-mini-2024-07-18:[\w-]+:support-bot:\w+$/),
  });
});

test('a preview after the up plans nothing', async () => {
  const { changes } = await stack.preview();
  expect(Object.keys(changes).filter((k) => k !== 'same')).toEqual([]);
});

test("a changed file in the skill's folder uploads version 2 of the same skill", async () => {
  const manifest = join(stack.dir, 'skills/csv-insights/SKILL.md');
  const before = (await stack.outputs())['skillId'];
  stack.writeFile(
    'skills/csv-insights/SKILL.md',
    readFileSync(manifest, 'utf8').replace('sum of every numeric column', 'sum and mean of every numeric column'),
  );
  const up = await stack.up();
  expect(up.stdout).toMatch(/~ 1 updated/);
  expect(await stack.outputs()).toMatchObject({ skillId: before, skillVersion: '2' });
  expect(counts()).toMatchObject({ skills: baseline['skills']! + 1, skill_versions: baseline['skill_versions']! + 2 });
});

test('pulumi destroy leaves the emulator as it was, but for the job the API cannot delete', async () => {
  await stack.destroy();
  expect(counts()).toEqual(plus({ fine_tuning_jobs: 1 }));
});
