// cdktf's engine-backed matchers on the generated constructs: `toBeValidTerraform` (init + validate) and
// `toPlanSuccessfully` (init + plan) with TERRAFORM_BINARY_NAME set to the OpenTofu of `make engines`, the provider
// from bin/ through dev_overrides, and an emulator (a child process: the matchers block this process while the
// engine runs, so an in-process server could not answer).
import { plan, WORK } from './tofu'; // first: sets TERRAFORM_BINARY_NAME before cdktf is loaded
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBackend, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import * as openai from '..';
import { exampleStack, ROOT, testingApp } from './stacks';

Testing.setupJest();
jest.setTimeout(120_000);

let emulator: ChildProcess | undefined;
let baseUrl = '';
const stateDir = mkdtempSync(join(tmpdir(), 'cdktf-state-'));

beforeAll(async () => {
  const cli = join(ROOT, 'emulator/dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run make build`);
  emulator = spawn(process.execPath, [cli, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolvePromise, reject) => {
    let out = '';
    emulator!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolvePromise(out);
    });
    emulator!.on('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
  const field = (name: string) => new RegExp(`${name}=(\\S+)`).exec(line)?.[1] ?? '';
  baseUrl = /listening on (\S+)/.exec(line)?.[1] ?? '';
  process.env['OPENAI_API_KEY'] = field('project_key');
  process.env['OPENAI_ADMIN_KEY'] = field('admin_key');
});

afterAll(() => {
  emulator?.kill('SIGTERM');
  for (const dir of [stateDir, WORK, ...outdirs]) rmSync(dir, { recursive: true, force: true });
});

const outdirs: string[] = [];
/** Testing.fullSynth, remembering the folder to remove it afterwards. */
function fullSynth(stack: TerraformStack): string {
  const dir = Testing.fullSynth(stack);
  outdirs.push(dir);
  return dir;
}

/** A stack whose (never written) local state stays out of the working directory. */
function stackOf(build: (app: ReturnType<typeof Testing.app>) => TerraformStack): TerraformStack {
  const stack = build(testingApp());
  new LocalBackend(stack, { path: join(stateDir, `${stack.node.id}.tfstate`) });
  return stack;
}

describe('generated constructs through OpenTofu (cdktf matchers)', () => {
  test('the example stack is valid Terraform (tofu init + validate)', () => {
    expect(fullSynth(stackOf((app) => exampleStack(app)))).toBeValidTerraform();
  });

  test('the example stack plans successfully against the emulator (tofu init + plan)', () => {
    expect(fullSynth(stackOf((app) => exampleStack(app, 'simple', { baseUrl })))).toPlanSuccessfully();
  });

  test('the provider rejects what the API would (validation runs in the plan)', () => {
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    const stack = stackOf((app) => {
      const s = new TerraformStack(app, 'invalid');
      new openai.provider.OpenaiProvider(s, 'openai', { baseUrl });
      new openai.vectorStore.VectorStore(s, 'kb', { name: 'kb', metadata: tooMany });
      return s;
    });
    expect(fullSynth(stack)).not.toPlanSuccessfully();
    // …and for the right reason, at the attribute's path:
    const { code, output } = plan(fullSynth(stack));
    expect(code).not.toBe(0);
    expect(output).toContain('Error: Invalid metadata');
    expect(output).toContain('metadata must have at most 16 entries (got 17)');
  });

  test('a sensitive attribute cannot leak through an output not marked sensitive', () => {
    const stack = stackOf((app) => {
      const s = new TerraformStack(app, 'leak');
      new openai.provider.OpenaiProvider(s, 'openai', { baseUrl });
      const kb = new openai.vectorStore.VectorStore(s, 'kb', { name: 'kb', apiKey: 'sk-proj-not-a-real-key-000000000000' });
      new TerraformOutput(s, 'key', { value: kb.apiKey });
      return s;
    });
    expect(fullSynth(stack)).not.toPlanSuccessfully();
    const { code, output } = plan(fullSynth(stack));
    expect(code).not.toBe(0);
    expect(output).toContain('Output refers to sensitive values');
    expect(output).not.toContain('sk-proj-not-a-real-key');
  });
});
