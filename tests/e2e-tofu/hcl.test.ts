// examples/terraform (plain HCL) with the real OpenTofu against the emulator. The lifecycle runs the provider
// through dev_overrides (no `tofu init`, as OpenTofu advises for overridden providers); a second working folder
// installs it from a filesystem mirror with `tofu init`, the README's other way.
import { hclDriver, lifecycle } from './lifecycle';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { requireTofu, ROOT, startTestEmulator, Workdir } from './harness';

jest.setTimeout(180_000);

describe('examples/terraform with OpenTofu, provider through dev_overrides', () => {
  lifecycle(
    () => {
      const t = requireTofu();
      return { engine: t.tofu, nodeBin: t.nodeBin };
    },
    'dev_overrides',
    () => hclDriver(),
  );
});

describe('examples/terraform with OpenTofu, provider from a filesystem mirror', () => {
  test('tofu init installs openai-iac/openai from the mirror (as registry.opentofu.org/…), then plans', async () => {
    const { tofu, nodeBin } = requireTofu();
    const { emulator, keys } = await startTestEmulator();
    try {
      const w = Workdir.create(tofu, nodeBin, 'mirror', emulator, keys);
      hclDriver().prepare(w);
      const init = await w.run(['init', '-input=false']);
      expect(init.stdout).toMatch(/Installing openai-iac\/openai v\d+\.\d+\.\d+/);
      const lock = await w.run(['providers']);
      expect(lock.stdout).toContain('provider[registry.opentofu.org/openai-iac/openai] >= 0.1.0');
      const plan = await w.run(['plan', '-input=false']);
      expect(plan.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
      expect(plan.stdout + plan.stderr).not.toMatch(/development overrides/);
      console.log(w.report('examples/terraform, init from the mirror'));
      rmSync(w.root, { recursive: true, force: true });
    } finally {
      await emulator.close();
    }
  });
});

test('examples/terraform is formatted (tofu fmt -check)', () => {
  const { tofu } = requireTofu();
  const out = execFileSync(tofu.path, ['fmt', '-check', '-recursive', '-no-color', join(ROOT, 'examples/terraform')], {
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' },
  });
  expect(out).toBe('');
});
