// OpenTofu for cdktf's `toBeValidTerraform` / `toPlanSuccessfully` matchers. Import this module before `cdktf`:
// cdktf reads TERRAFORM_BINARY_NAME when it is loaded. The matchers run `<binary> init` and `validate`/`plan`
// synchronously in the synthesized stack's folder with this process's environment, so the CLI configuration and
// the provider's settings travel through process.env.
//
// The CLI configuration: dev_overrides runs the provider straight from bin/, but `init` (which the matchers always
// run) still looks the provider up and fails for one that is published nowhere (OpenTofu 1.12 and Terraform 1.11
// alike: "Failed to query available provider packages"). So a filesystem mirror of the same build answers
// `init`, and dev_overrides decides what `validate` and `plan` run.
// Missing prerequisites fail the test file with what to run; nothing is skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** The `tofu` tools/engines/resolve.sh names: a supported one on PATH, else the one `make engines` builds. */
function locateTofu(): string {
  let bin = '';
  try {
    const lines = execFileSync(join(ROOT, 'tools/engines/resolve.sh'), ['--dry-run', '--quiet'], { encoding: 'utf8' }).split('\n');
    bin = lines.map((l) => l.split('\t')).find((f) => f[0] === 'tofu')?.[3] ?? '';
  } catch (e) {
    throw new Error(`tools/engines/resolve.sh --dry-run failed (${(e as Error).message}); run make engines`);
  }
  const tofu = join(bin, 'tofu');
  const missing: string[] = [];
  if (!existsSync(tofu)) missing.push(`OpenTofu (${tofu}): make engines`);
  if (!existsSync(join(ROOT, 'bin/terraform-provider-openai'))) missing.push('the provider bin/terraform-provider-openai: make build-terraform');
  if (missing.length > 0) {
    throw new Error(`The CDKTF plan tests run the real OpenTofu and cannot run without:\n  - ${missing.join('\n  - ')}\n(make test-cdktf builds both.)`);
  }
  return tofu;
}

export const TOFU = locateTofu();
const PROVIDER = 'registry.terraform.io/openai-iac/openai';
/** The mirror and the CLI configuration; the test removes it when done. */
export const WORK = mkdtempSync(join(tmpdir(), 'cdktf-tofu-'));
const work = WORK;
const mirror = execFileSync(join(ROOT, 'examples/terraform/mirror.sh'), [join(work, 'mirror')], { encoding: 'utf8' }).trim();
const cliConfig = join(work, 'cli.tfrc');
writeFileSync(
  cliConfig,
  [
    'provider_installation {',
    `  dev_overrides { "${PROVIDER}" = "${join(ROOT, 'bin')}" }`,
    `  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["${PROVIDER}"]\n  }`,
    `  direct { exclude = ["${PROVIDER}"] }`,
    '}',
    '',
  ].join('\n'),
);
process.env['TERRAFORM_BINARY_NAME'] = `"${TOFU}"`;
process.env['TF_CLI_CONFIG_FILE'] = cliConfig;
process.env['CHECKPOINT_DISABLE'] = '1';
process.env['TF_IN_AUTOMATION'] = '1';

/** `tofu init` + `tofu plan` in each stack of a synthesized output folder; exit code and combined output. */
export function plan(outdir: string): { code: number; output: string } {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { workingDirectory: string }> };
  let output = '';
  for (const stack of Object.values(manifest.stacks)) {
    for (const args of [['init', '-no-color', '-input=false'], ['plan', '-no-color', '-input=false', '-lock=false']]) {
      const r = spawnSync(TOFU, args, { cwd: join(outdir, stack.workingDirectory), env: process.env, encoding: 'utf8' });
      output += r.stdout + r.stderr;
      if (r.status !== 0) return { code: r.status ?? 1, output };
    }
  }
  return { code: 0, output };
}
