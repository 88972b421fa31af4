// The generated Go SDK: its module (sdk/go) builds and vets, and examples/simple-go (the demo stack in Go) runs
// through the real `pulumi` CLI and the Go language host (`make langhost-go`: pulumi-language-go of sdk/v3 v3.66.0,
// the newest the module proxy serves) against an emulator in this process: up → a second up changes nothing →
// destroy leaves the emulator as it was. Go programs are compiled by the host with the `go` on PATH.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import {
  exampleStack,
  expectExampleDeployed,
  testExampleRerunAndDestroy,
  liveCounts,
  requireTools,
  ROOT,
  run,
  type Stack,
  Workspace,
} from './harness';

jest.setTimeout(600_000);

const EXAMPLE = join(ROOT, 'examples/simple-go');
const LANGHOST = join(ROOT, '.cache/langhost-go/pulumi-language-go');
const STEP = 600_000;
const GO_ENV = { GOTOOLCHAIN: 'local', GOWORK: 'off', GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' };

let goBin: string;
let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let env: NodeJS.ProcessEnv;
let baseline: Record<string, number>;
let outputs: Record<string, unknown>;

beforeAll(async () => {
  requireTools();
  try {
    goBin = dirname(execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('no `go` on PATH: the Go SDK tests compile Go (Go ≥ 1.25.11 and the module proxy; the engines need Go too)');
  }
  if (!existsSync(LANGHOST)) throw new Error(`${LANGHOST} is missing: run \`make langhost-go\` (or \`make test-e2e\`)`);
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

test(
  'sdk/go builds and vets as the module github.com/openai-iac/openai-iac/sdk/go',
  async () => {
    const sdk = join(ROOT, 'sdk/go');
    const genv = { ...process.env, ...GO_ENV };
    const mod = JSON.parse((await run('go', ['mod', 'edit', '-json'], { cwd: sdk, env: genv })).stdout) as {
      Module: { Path: string };
      Require: Array<{ Path: string; Version: string }>;
    };
    expect(mod.Module.Path).toBe('github.com/openai-iac/openai-iac/sdk/go');
    expect(mod.Require).toContainEqual(expect.objectContaining({ Path: 'github.com/pulumi/pulumi/sdk/v3', Version: 'v3.259.0' }));
    await run('go', ['build', './...'], { cwd: sdk, env: genv });
    await run('go', ['vet', './...'], { cwd: sdk, env: genv });
    const list = await run('go', ['list', './...'], { cwd: sdk, env: genv });
    expect(list.stdout.split('\n')).toContain('github.com/openai-iac/openai-iac/sdk/go/openai');
  },
  STEP,
);

describe('examples/simple-go through pulumi and the Go language host', () => {
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50, quiet: true });
    baseline = liveCounts(emu);
    ws = await Workspace.create();
    env = { ...GO_ENV, PATH: `${dirname(LANGHOST)}:${ws.env['PATH'] ?? ''}:${goBin}` };
    ({ stack } = await exampleStack(ws, emu, EXAMPLE, 'go', {
      // The copy points at this repository's sdk/go (the example's replace is relative to examples/).
      prepare: (dir) =>
        run('go', ['mod', 'edit', '-replace', `github.com/openai-iac/openai-iac/sdk/go=${join(ROOT, 'sdk/go')}`], {
          cwd: dir,
          env: { ...process.env, ...GO_ENV },
        }),
    }));
  }, STEP);

  test(
    'pulumi up creates the example stack through the Go SDK',
    async () => {
      const up = await stack.pulumi(['up', '--yes', '--skip-preview'], { env });
      expect(up.stdout).toMatch(/5 created/);
      outputs = await expectExampleDeployed(emu, stack, baseline, 'openai-simple-go-go');
    },
    STEP,
  );

  testExampleRerunAndDestroy(() => ({ emu, stack, env, baseline, outputs }), STEP);
});
