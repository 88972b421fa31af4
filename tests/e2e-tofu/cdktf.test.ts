// examples/cdktf-ts: the CDKTF app synthesized the way `cdktf synth` runs it (App + synth into cdktf.out), then
// the synthesized stack through the whole lifecycle with the real OpenTofu against the emulator, the provider
// installed from a filesystem mirror by `tofu init` (the stack has a backend, so init is required, and `init`
// cannot resolve a provider that only dev_overrides knows).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdktfDriver, lifecycle } from './lifecycle';
import { requireCdktfExample, requireTofu, ROOT } from './harness';

jest.setTimeout(180_000);

describe('examples/cdktf-ts synthesis', () => {
  test('node main.ts writes cdktf.out: a manifest and one stack for openai-iac/openai, no secret', () => {
    const { nodeBin } = requireTofu();
    requireCdktfExample();
    const dir = mkdtempSync(join(tmpdir(), 'cdktf-synth-'));
    execFileSync(join(nodeBin, 'node'), [join(ROOT, 'examples/cdktf-ts/main.ts')], {
      cwd: dir,
      env: { ...process.env, CDKTF_OUTDIR: join(dir, 'cdktf.out'), OPENAI_API_KEY: 'sk-proj-must-not-be-synthesized' },
      stdio: 'pipe',
    });
    const manifest = JSON.parse(readFileSync(join(dir, 'cdktf.out/manifest.json'), 'utf8')) as {
      stacks: Record<string, { workingDirectory: string }>;
    };
    expect(Object.keys(manifest.stacks)).toEqual(['simple']);
    const text = readFileSync(join(dir, 'cdktf.out/stacks/simple/cdk.tf.json'), 'utf8');
    const stack = JSON.parse(text) as {
      terraform: { required_providers: Record<string, unknown> };
      provider: Record<string, unknown>;
      resource: Record<string, Record<string, Record<string, unknown>>>;
      output: Record<string, unknown>;
    };
    expect(stack.terraform.required_providers).toEqual({ openai: { source: 'registry.terraform.io/openai-iac/openai' } });
    expect(stack.provider).toEqual({ openai: [{}] });
    expect(Object.keys(stack.resource).sort()).toEqual(['openai_assistant', 'openai_file', 'openai_project', 'openai_vector_store']);
    expect(stack.resource['openai_file']!['handbook']!['source']).toMatch(/^assets\/handbook-md\/[0-9A-F]+\/handbook\.md$/);
    expect(Object.keys(stack.output).sort()).toEqual(['assistant_id', 'file_id', 'project_id', 'vector_store_id', 'vector_store_status']);
    expect(text).not.toContain('sk-proj-must-not-be-synthesized');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('examples/cdktf-ts synthesized, with OpenTofu, provider from a filesystem mirror', () => {
  lifecycle(
    () => {
      const t = requireTofu();
      return { engine: t.tofu, nodeBin: t.nodeBin };
    },
    'mirror',
    (nodeBin) => cdktfDriver(nodeBin),
  );
});
