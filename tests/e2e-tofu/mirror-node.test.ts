// Which Node the mirrored provider runs on, and what the user sees when it cannot start, through the real engines:
// OpenTofu always, Terraform when one is on PATH. The mirror's launcher runs the project's Node 24 named in
// terraform-provider-openai.d/node-path, so a too-old `node` first on PATH does not matter; with that Node gone it
// falls back to PATH, and where PATH has no usable node the engine's error must carry the provider's own reason
// (before, it said only "Failed to read any lines from plugin's stdout", the reason being in TF_LOG).
import { mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { hclDriver } from './lifecycle';
import { requireTerraform, machinePath, requireTofu, startTestEmulator, tooOldNodeDir, Workdir, type EngineBin, type Transcript } from './harness';

jest.setTimeout(180_000);

/** Every node-path file in the mirror (both registry hosts, this platform). */
function nodePathFiles(mirror: string): string[] {
  const files: string[] = [];
  for (const host of readdirSync(mirror)) {
    const versions = join(mirror, host, 'openai-iac/openai');
    for (const version of readdirSync(versions)) {
      for (const platform of readdirSync(join(versions, version)))
        files.push(join(versions, version, platform, 'terraform-provider-openai.d/node-path'));
    }
  }
  return files;
}

/** What the user sees, with the engine's line wrapping undone. */
const shown = (t: Transcript): string => `${t.stdout}\n${t.stderr}`.replace(/\s+/g, ' ');

function checks(engine: () => EngineBin): void {
  test('with a too-old node first on PATH, init and plan run the provider on the Node the mirror names', async () => {
    const { nodeBin } = requireTofu();
    const { emulator, keys } = await startTestEmulator();
    try {
      const w = Workdir.create(engine(), nodeBin, 'mirror', emulator, keys);
      hclDriver().prepare(w);
      w.setPath(`${tooOldNodeDir(w.root, nodeBin)}${delimiter}${machinePath(nodeBin)}`);
      await w.run(['init', '-input=false']);
      const plan = await w.run(['plan', '-input=false']);
      expect(plan.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
      rmSync(w.root, { recursive: true, force: true });
    } finally {
      await emulator.close();
    }
  });

  test("with the mirror's Node gone, plan shows the provider's reason: a node older than 22, then no node at all", async () => {
    const { nodeBin } = requireTofu();
    const { emulator, keys } = await startTestEmulator();
    try {
      const w = Workdir.create(engine(), nodeBin, 'mirror', emulator, keys);
      hclDriver().prepare(w);
      const gone = join(w.root, 'moved-repository/.cache/bin-node24/node');
      const files = nodePathFiles(w.mirror!);
      expect(files).toHaveLength(2);
      for (const f of files) writeFileSync(f, `${gone}\n`);
      const old = tooOldNodeDir(w.root, nodeBin);
      w.setPath(old);
      await w.run(['init', '-input=false']);

      const tooOld = await w.run(['plan', '-input=false'], { allow: [1] });
      expect(tooOld.code).toBe(1);
      expect(shown(tooOld)).toContain(
        `Unrecognized remote plugin message: terraform-provider-openai: needs Node.js 22 or later, found v20.20.2 at ${realpathSync(join(nodeBin, 'node'))}`,
      );
      expect(shown(tooOld)).toContain('run make terraform-mirror (or examples/terraform/mirror.sh) again');
      expect(shown(tooOld)).not.toContain("Failed to read any lines from plugin's stdout");

      const empty = join(w.root, 'empty-path');
      mkdirSync(empty);
      w.setPath(empty);
      const none = await w.run(['plan', '-input=false'], { allow: [1] });
      expect(none.code).toBe(1);
      expect(shown(none)).toContain(
        `Unrecognized remote plugin message: terraform-provider-openai: cannot start: needs Node.js 22 or later, but the Node it was mirrored with (${gone}) ` +
          'is gone and there is no node on PATH; run make terraform-mirror (or examples/terraform/mirror.sh) again from the repository, or put Node.js 22 or later on PATH',
      );
      rmSync(w.root, { recursive: true, force: true });
    } finally {
      await emulator.close();
    }
  });
}

describe('the mirrored provider and Node, with OpenTofu', () => {
  checks(() => requireTofu().tofu);
});

describe('the mirrored provider and Node, with Terraform', () => {
  checks(() => requireTerraform());
});
