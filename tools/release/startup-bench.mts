// `make bench-dist-startup`: start-up of the released single executables (dist/, linux-amd64) against the bundles
// with their launchers (bin/), spawn → first stdout line (the Pulumi plugin's port; the Terraform provider's
// handshake), median of N runs (default 20), beside a bare `node -e 0`. Each command is started once before
// measuring (the launchers' Node compile cache is warm, as it is after the first run on a machine).
//   node tools/release/startup-bench.mts [runs]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNS = Number(process.argv[2] ?? 20);
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TF_ENV = {
  TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
  PLUGIN_PROTOCOL_VERSIONS: '6',
};

function firstLine(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], env });
    child.stdout.once('data', () => {
      done(performance.now() - t0);
      child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('exit', (code) => code !== null && code !== 0 && fail(new Error(`${cmd} exited ${code}`)));
  });
}

async function median(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  const full = { ...process.env, ...env };
  await firstLine(cmd, args, full);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await firstLine(cmd, args, full));
  times.sort((a, b) => a - b);
  process.stdout.write(
    `${label.padEnd(52)} median ${times[RUNS >> 1]!.toFixed(0).padStart(4)} ms  (min ${times[0]!.toFixed(0)}, max ${times[RUNS - 1]!.toFixed(0)})\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'openai-iac-startup-'));
try {
  execFileSync('tar', ['xzf', join(ROOT, 'dist', `pulumi-resource-openai-v${version}-linux-amd64.tar.gz`), '-C', dir]);
  execFileSync('unzip', ['-q', join(ROOT, 'dist', `terraform-provider-openai_${version}_linux_amd64.zip`), '-d', join(dir, 'tf')]);
  const node = process.execPath;
  process.stdout.write(`spawn → first stdout line, ${RUNS} runs each (Node ${process.version})\n`);
  await median('node -e "console.log(0)"', node, ['-e', 'console.log(0)']);
  await median('pulumi-resource-openai, SEA (dist/)', join(dir, 'pulumi-resource-openai'), []);
  await median('pulumi-resource-openai, launcher + bundle (bin/)', join(ROOT, 'bin', 'pulumi-resource-openai'), [], { OPENAI_IAC_NODE: node });
  await median('terraform-provider-openai, SEA (dist/)', join(dir, 'tf', `terraform-provider-openai_v${version}`), [], TF_ENV);
  await median('terraform-provider-openai, launcher + bundle (bin/)', join(ROOT, 'bin', 'terraform-provider-openai'), [], TF_ENV);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
