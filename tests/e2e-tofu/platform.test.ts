// examples/platform-hcl (the platform objects a team keeps as code, the twin of examples/platform) with the real
// OpenTofu against an in-process emulator, the provider through dev_overrides: plan → apply makes each object once
// (a searchable vector store, a container with a file, an eval graded by a run, a skill, a fine-tuning job) → a plan
// shows no changes → destroy leaves the emulator as it was, but for the job the API cannot delete (only forgotten).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { copyExample, requireTofu, ROOT, startTestEmulator, Workdir, type Keys } from './harness';

jest.setTimeout(300_000);

const KINDS = ['vector_stores', 'containers', 'container_files', 'evals', 'eval_runs', 'skills', 'skill_versions', 'fine_tuning_jobs'] as const;

let emulator: Emulator;
let keys: Keys;
let w: Workdir;
let baseline: Record<string, number>;
const counts = (): Record<string, number> => Object.fromEntries(KINDS.map((k) => [k, emulator.counts()[k] ?? 0]));
const plus = (extra: Partial<Record<(typeof KINDS)[number], number>>) => Object.fromEntries(KINDS.map((k) => [k, baseline[k]! + (extra[k] ?? 0)]));

beforeAll(async () => {
  const { tofu, nodeBin } = requireTofu();
  ({ emulator, keys } = await startTestEmulator());
  baseline = counts();
  w = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
  // The HCL reads the Pulumi twin's data files and skill folder (../platform).
  copyExample(join(ROOT, 'examples/platform-hcl'), join(w.root, 'platform-hcl'));
  copyExample(join(ROOT, 'examples/platform'), join(w.root, 'platform'));
  w.cwd = join(w.root, 'platform-hcl');
});

afterAll(async () => {
  if (w) rmSync(w.root, { recursive: true, force: true });
  await emulator?.close();
});

test('tofu plan: nine to add, the search read during apply', async () => {
  const t = await w.run(['plan', '-input=false']);
  expect(t.stdout).toContain('Plan: 9 to add, 0 to change, 0 to destroy.');
  expect(t.stdout).toContain('# data.openai_vector_store_search.refunds will be read during apply');
  expect(counts()).toEqual(baseline);
});

test('tofu apply makes each object once; the outputs show the search hit, the graded run and the model', async () => {
  const t = await w.run(['apply', '-input=false', '-auto-approve']);
  expect(t.stdout).toContain('Apply complete! Resources: 9 added, 0 changed, 0 destroyed.');
  expect(counts()).toEqual(
    plus({ vector_stores: 1, containers: 1, container_files: 1, evals: 1, eval_runs: 1, skills: 1, skill_versions: 1, fine_tuning_jobs: 1 }),
  );
  const out = Object.fromEntries(
    Object.entries(JSON.parse((await w.run(['output', '-json'])).stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]),
  );
  expect(out).toMatchObject({
    vector_store_id: expect.stringMatching(/^vs_/),
    top_hit: 'handbook.md',
    container_file_path: '/mnt/data/sales.csv',
    eval_run_status: 'completed',
    eval_results: { total: 2, passed: 1, failed: 1, errored: 0 },
    skill_version: '1',
    fine_tuning_job_id: expect.stringMatching(/^ftjob-/),
    fine_tuned_model: expect.stringMatching(/^ft:gpt-4o-mini-2024-07-18:[\w-]+:support-bot:\w+$/),
  });
});

test('a plan after the apply shows no changes', async () => {
  const t = await w.run(['plan', '-input=false', '-detailed-exitcode'], { allow: [2] });
  expect([t.code, t.stdout]).toEqual([0, expect.stringContaining('No changes. Your infrastructure matches the configuration.')]);
});

test('tofu destroy leaves the emulator as it was, but for the job the API cannot delete', async () => {
  const t = await w.run(['destroy', '-input=false', '-auto-approve']);
  expect(t.stdout).toContain('Destroy complete! Resources: 9 destroyed.');
  expect(counts()).toEqual(plus({ fine_tuning_jobs: 1 }));
});
