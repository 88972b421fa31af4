// `make bench-pacing`: the 100-object admin stack of tests/e2e/pacing.test.ts (tests/e2e/programs/pacing: 20
// projects, each with a service account, a member, a rate limit and an invite), deployed by the real `pulumi up`
// against the emulator throttled as the live admin routes are: per endpoint, 7 requests a rolling MINUTE, 429
// without Retry-After. The provider learns each endpoint's budget from its 429s (nothing tells it the rate: no
// admin_requests_per_minute, no OPENAI_ADMIN_THROTTLE_WINDOW; the pacer's default window is the live API's minute).
// Prints the wall time of `pulumi up`, per endpoint the requests the emulator accepted and refused, and two floors:
//   rate floor    max over endpoints of accepted ÷ 7 per minute;
//   window floor  max over endpoints of (⌈accepted ÷ 7⌉ − 1) minutes: with a rolling window the first 7 go at
//                 once, so this is the least any client can take;
// and the wall time's ratio to each. Needs `make build build_nodejs_sdk` and tests/e2e/programs installed
// (the make target sees to it) and the engines (`make engines`).
// Pulumi runs 4 resource operations per core at once by default (--parallel 8 here): operations waiting their
// endpoint's turn hold those slots, so `--parallel N` is passed on to show the engine's share.
//   node tools/bench-pacing.mts [projects, default 20] [--destroy] [--parallel N]
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@openai-iac/emulator';

const root = join(import.meta.dirname, '..');
const count = Number(process.argv[2] && /^\d+$/.test(process.argv[2]) ? process.argv[2] : 20);
const destroy = process.argv.includes('--destroy');
const parallelAt = process.argv.indexOf('--parallel');
const parallel = parallelAt > 0 ? ['--parallel', String(Number(process.argv[parallelAt + 1]))] : [];
const PER_MINUTE = 7;

function engines(): { pulumi: string } {
  const out = execFileSync(join(root, 'tools/engines/resolve.sh'), ['--dry-run', '--quiet'], { encoding: 'utf8' });
  for (const line of out.trim().split('\n')) {
    const [name, , , dir] = line.split('\t');
    if (name === 'pulumi' && dir) return { pulumi: dir };
  }
  throw new Error(`tools/engines/resolve.sh named no pulumi:\n${out}`);
}

function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(opts.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;

async function main(): Promise<void> {
  const enginesBin = engines().pulumi;
  const nodeBin = execFileSync(join(root, 'tools/node.sh'), { encoding: 'utf8' }).trim();
  const version = (JSON.parse(readFileSync(join(root, 'sdk/nodejs/package.json'), 'utf8')) as { version: string }).version;
  const emu = await startEmulator({ port: 0 });
  const owner = (emu.snapshot()['users']?.[0] as { id: string } | undefined)?.id;
  if (!owner) throw new Error('the emulator has no organization user');
  const dir = mkdtempSync(join(tmpdir(), 'openai-iac-bench-pacing-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OPENAI_') && !k.startsWith('PULUMI_')) env[k] = v;
  Object.assign(env, {
    PATH: `${enginesBin}:${nodeBin}:${process.env['PATH'] ?? ''}`,
    PULUMI_HOME: join(dir, 'home'),
    PULUMI_BACKEND_URL: `file://${join(dir, 'backend')}`,
    PULUMI_CONFIG_PASSPHRASE: 'bench',
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    PULUMI_NODEJS_TRANSPILE_ONLY: 'true',
    OPENAI_IAC_NODE: join(nodeBin, 'node'),
    NO_COLOR: '1',
  });
  const pulumi = (args: string[], cwd: string, input?: string) =>
    run(join(enginesBin, 'pulumi'), [...args, '--non-interactive'], { cwd, env, ...(input !== undefined ? { input } : {}) });
  try {
    mkdirSync(join(dir, 'backend'));
    const staging = join(dir, 'plugin');
    mkdirSync(staging);
    for (const f of ['pulumi-resource-openai', 'pulumi-resource-openai.js']) cpSync(join(root, 'bin', f), join(staging, f));
    await pulumi(['plugin', 'install', 'resource', 'openai', version, '--file', staging], dir);
    const program = join(dir, 'pacing');
    cpSync(join(root, 'tests/e2e/programs/pacing'), program, { recursive: true });
    symlinkSync(join(root, 'tests/e2e/programs/node_modules'), join(program, 'node_modules'));
    await pulumi(['stack', 'init', 'bench'], program);
    await pulumi(['config', 'set', 'openai:baseUrl', emu.url], program);
    await pulumi(['config', 'set', '--secret', 'openai:adminApiKey'], program, emu.adminKey);
    await pulumi(['config', 'set', 'count', String(count)], program);
    await pulumi(['config', 'set', 'ownerUserId', owner], program);

    emu.setThrottle({ perWindow: PER_MINUTE, windowSeconds: 60, path: /^\/v1\/organization\// });
    console.log(
      `pulumi up ${parallel.join(' ')}: ${count * 5} admin objects, the emulator throttling ${PER_MINUTE} requests a minute per endpoint (load ${loadavg()})`,
    );
    const started = Date.now();
    const out = await pulumi(['up', '--yes', '--skip-preview', ...parallel], program);
    const wall = Date.now() - started;
    const errors = out.split('\n').filter((l) => /error/i.test(l));
    const endpoints = emu.throttleCounts().endpoints;
    const rows = Object.entries(endpoints).sort(([, a], [, b]) => b.accepted - a.accepted);
    const width = Math.max(...rows.map(([e]) => e.length));
    console.log(`\n${'endpoint'.padEnd(width)}  accepted  refused (429)`);
    for (const [e, c] of rows) console.log(`${e.padEnd(width)}  ${String(c.accepted).padStart(8)}  ${String(c.throttled).padStart(13)}`);
    const busiest = Math.max(...rows.map(([, c]) => c.accepted));
    const rateFloor = (busiest / PER_MINUTE) * 60_000;
    const windowFloor = (Math.ceil(busiest / PER_MINUTE) - 1) * 60_000;
    const total = rows.reduce((a, [, c]) => a + c.accepted, 0);
    const refused = rows.reduce((a, [, c]) => a + c.throttled, 0);
    console.log(
      `\nwall time ${minutes(wall)} for ${total} accepted requests (${refused} refused) over ${rows.length} endpoints; ` +
        `errors reported: ${errors.length}\n` +
        `rate floor ${minutes(rateFloor)} (busiest endpoint ${busiest} requests ÷ ${PER_MINUTE}/min): ratio ${(wall / rateFloor).toFixed(2)}\n` +
        `window floor ${minutes(windowFloor)} ((⌈${busiest} ÷ ${PER_MINUTE}⌉ − 1) windows): ratio ${(wall / windowFloor).toFixed(2)}`,
    );
    if (errors.length) console.log(errors.join('\n'));
    if (destroy) {
      const t = Date.now();
      await pulumi(['destroy', '--yes', '--skip-preview', ...parallel], program);
      console.log(`pulumi destroy: ${minutes(Date.now() - t)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
