// The users' CI pipeline (examples/ci/github-actions.yml), run here step by step: every `run:` step of each job is
// executed word for word with bash, in order, the way a GitHub-hosted runner does it (`bash -e`, the workflow's,
// job's and step's env, GITHUB_ENV carried to later steps, RUNNER_TEMP, GITHUB_WORKSPACE), against the
// release artifacts of `make dist`. The `uses:` steps are played by what this tier provides: the checkout by a copy
// of the examples (and the built Node.js SDK their lock file points to), Node 24, and the real `pulumi` and `tofu`
// engines on PATH. A `uses:` this test does not know fails it, so the workflow cannot grow a step nobody ran.
// Missing prerequisites (engines, dist/) fail with what to run, never skip.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cleanEnv, freePort, requireTools, resolveEngines, ROOT, run, type RunResult } from './harness';

jest.setTimeout(900_000);

const WORKFLOW = join(ROOT, 'examples/ci/github-actions.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Reads GITHUB_ENV's `NAME=value` lines (the single-line form the workflow uses). */
function githubEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** Stops whatever a job left running (the emulator it started in the background), then removes its folder. */
function cleanUp(root: string): void {
  try {
    execFileSync('pkill', ['-f', root], { stdio: 'ignore' });
  } catch {
    // nothing was left running
  }
  rmSync(root, { recursive: true, force: true });
}

interface JobRun {
  steps: { name: string; result: RunResult }[];
  state: { counts: Record<string, number> };
}

/** Runs one job of the workflow in a fresh workspace; the emulator it starts is stopped afterwards. */
async function runJob(jobName: string): Promise<JobRun> {
  const job = workflow.jobs[jobName];
  if (!job) throw new Error(`examples/ci/github-actions.yml has no job '${jobName}'`);
  const tools = requireTools();
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'artifacts.json'))) throw new Error('dist/ is missing: run `make dist` (or `make test-e2e`, which builds it)');

  const root = mkdtempSync(join(tmpdir(), `openai-iac-ci-${jobName}-`));
  const workspace = join(root, 'workspace');
  const runnerTemp = join(root, 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  const envFile = join(runnerTemp, 'github-env');
  writeFileSync(envFile, '');
  const port = await freePort();
  const path: string[] = [];
  const steps: JobRun['steps'] = [];
  try {
    for (const step of job.steps) {
      const label = step.name ?? step.uses ?? 'step';
      if (step.uses) {
        const [action, version] = step.uses.split('@');
        switch (action) {
          case 'actions/checkout': // the user's repository: the examples and what their lock files point to
            for (const dir of ['examples/simple', 'examples/terraform', 'sdk/nodejs/bin']) {
              cpSync(join(ROOT, dir), join(workspace, dir), {
                recursive: true,
                filter: (src) => !/(^|\/)(node_modules|\.terraform|terraform\.tfstate[^/]*|\.terraform\.lock\.hcl|Pulumi\.[^/]+\.yaml)$/.test(src),
              });
            }
            mkdirSync(join(workspace, 'vendor'), { recursive: true });
            symlinkSync(dist, join(workspace, 'vendor/openai-iac'));
            break;
          case 'actions/setup-node':
            expect(String(step.with?.['node-version'])).toBe('24');
            path.push(tools.nodeBin);
            break;
          case 'pulumi/actions':
            path.push(resolveEngines().pulumi.dir);
            break;
          case 'opentofu/setup-opentofu':
            path.push(resolveEngines().tofu.dir);
            break;
          default:
            throw new Error(`examples/ci/github-actions.yml uses ${step.uses} (${version}), which this test cannot play: teach it or drop the step`);
        }
        continue;
      }
      if (!step.run) throw new Error(`step '${label}' has neither uses nor run`);
      const script = join(runnerTemp, `step-${steps.length}.sh`);
      writeFileSync(script, step.run);
      const env: NodeJS.ProcessEnv = {
        ...cleanEnv(),
        ...workflow.env,
        ...job.env,
        ...githubEnv(envFile),
        ...step.env,
        OPENAI_EMULATOR_PORT: String(port), // a free port instead of 8787, which a running `make emulator` may hold
        PATH: [...path, process.env['PATH'] ?? ''].join(':'),
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ENV: envFile,
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerTemp,
        HOME: join(root, 'home'),
        npm_config_cache: join(process.env['HOME'] ?? root, '.npm'), // the machine's npm cache, as a runner's cache action would
      };
      const result = await run('bash', ['-e', script], { cwd: workspace, env });
      steps.push({ name: label, result: { ...result, stdout: stripAnsi(result.stdout) } });
    }
    const state = (await (await fetch(`http://127.0.0.1:${port}/__emulator/state`)).json()) as JobRun['state'];
    return { steps, state };
  } finally {
    cleanUp(root);
  }
}

describe('examples/ci/github-actions.yml', () => {
  test('both jobs start the emulator with the same step', () => {
    const start = (job: string) => workflow.jobs[job]?.steps.find((s) => s.name === 'Start the OpenAI emulator');
    expect(start('pulumi')?.run).toBeDefined();
    expect(start('opentofu')).toEqual(start('pulumi'));
  });

  test('the pulumi job: the emulator from its npm tarball, the plugin from its release tarball, preview, up, an empty second preview', async () => {
    const { steps, state } = await runJob('pulumi');
    expect(steps.map((s) => s.name)).toEqual([
      'Start the OpenAI emulator',
      'Install the provider plugin',
      "Install the program's dependencies",
      'Select the stack (a local backend that lives as long as the job)',
      'pulumi preview',
      'pulumi up',
      'A second preview plans no change',
    ]);
    const preview = steps.find((s) => s.name === 'pulumi preview')!.result.stdout;
    expect(preview).toMatch(/\+ +openai:index:VectorStore/);
    expect(steps.find((s) => s.name === 'pulumi up')!.result.stdout).toMatch(/Resources:\s+\+ \d+ created/);
    expect(state.counts).toMatchObject({ files: 1, vector_stores: 1, assistants: 1, projects: 2 });
  });

  test('the opentofu job: the provider from its release zip, plan, apply, an empty second plan', async () => {
    const { steps, state } = await runJob('opentofu');
    expect(steps.map((s) => s.name)).toEqual([
      'Start the OpenAI emulator',
      'Install the provider from its release zip (a filesystem mirror)',
      'tofu init',
      'tofu plan',
      'tofu apply',
      'A second plan has no change (exit code 2 would mean changes)',
    ]);
    expect(steps.find((s) => s.name === 'tofu plan')!.result.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
    expect(steps.find((s) => s.name === 'tofu apply')!.result.stdout).toMatch(/Apply complete! Resources: \d+ added/);
    expect(state.counts).toMatchObject({ files: 1, vector_stores: 1, assistants: 1, projects: 2 });
  });
});
