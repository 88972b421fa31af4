// The lock files install on a machine that has never seen them: each registry-only lock file is installed into a
// scratch copy (its package.json files and the lock, nothing else) with an empty npm cache, so nothing a warm
// machine has cached can hide a package the registry no longer serves, a stub entry, or a wrong integrity.
// `--ignore-scripts`: what is proven is that npm resolves and fetches every locked package.
// (Lock files with `file:` dependencies on built folders — the examples, the e2e programs — are installed by
// `make test` itself, and every lock file's entries are checked in tests/repo/lockfiles.test.ts.)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '../..');

/** The lock files installed cold, and the package.json files each needs beside it (workspaces). */
function scratchFiles(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { workspaces?: string[] };
  return ['package.json', 'package-lock.json', ...(pkg.workspaces ?? []).map((w) => join(w, 'package.json'))];
}
const LOCKS = ['.', 'tools/release', 'sdk/cdktf', 'sdk/cdktf/cdktn'];

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'openai-iac-cold-install-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test.each(LOCKS)('%s/package-lock.json installs with npm ci and an empty npm cache', async (dir) => {
  const work = join(scratch, dir === '.' ? 'root' : dir.replace(/\//g, '_'));
  for (const f of scratchFiles(dir)) {
    mkdirSync(dirname(join(work, f)), { recursive: true });
    cpSync(join(ROOT, dir, f), join(work, f));
  }
  const cache = join(work, '.npm-cache');
  const env = { ...process.env, npm_config_cache: cache, npm_config_prefer_online: 'true', npm_config_update_notifier: 'false' };
  const { code, output } = await npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], work, env);
  if (code !== 0) {
    throw new Error(`npm ci of ${dir}/package-lock.json with an empty cache exited ${code}:\n${output.trim().split('\n').slice(-20).join('\n')}`);
  }
  // The cache was empty: every package came from the registry, and all of the lock's packages are installed.
  expect(existsSync(join(cache, '_cacache'))).toBe(true);
  const lock = JSON.parse(readFileSync(join(work, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { optional?: boolean; link?: boolean }>;
  };
  const required = Object.entries(lock.packages).filter(([key, e]) => key.startsWith('node_modules/') && !e.optional && !e.link);
  expect(required.filter(([key]) => !existsSync(join(work, key, 'package.json'))).map(([key]) => key)).toEqual([]);
});
