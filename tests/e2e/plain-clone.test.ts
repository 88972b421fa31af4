// A user's clone: the repository's files (what `git clone` gives: tracked and not ignored) copied into a fresh
// temporary folder with no `shared/` beside it and no build output, no node_modules and no .cache/ inside it; there
// the README's first command runs as a user runs it: `make demo` (up), `make demo` again (no change), `make
// demo-destroy`; and `make check-generated` says that it could not check the emulator's contract without the
// developers' copy of the OpenAPI description, and passes. Only the engines are shared with this checkout
// (ENGINES_CACHE_DIR, the documented knob): building them again would add minutes and prove nothing new here.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanEnv, freePort, ROOT, run, type RunResult } from './harness';

jest.setTimeout(1_800_000);

const STEP_MS = 900_000;
let parent: string;
let clone: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'openai-iac-plain-clone-'));
  clone = join(parent, 'openai-iac');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(clone, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(clone, f));
  }
  execFileSync('chmod', ['-R', 'u+w', clone]);
  for (const f of execFileSync('git', ['ls-files', '-s'], { cwd: ROOT, encoding: 'utf8' }).split('\n')) {
    const m = /^100755 \S+ \d\t(.+)$/.exec(f); // executable bits, as git checks them out
    if (m?.[1] && existsSync(join(clone, m[1]))) execFileSync('chmod', ['+x', join(clone, m[1])]);
  }
  env = {
    ...cleanEnv(),
    ENGINES_CACHE_DIR: join(ROOT, '.cache/engines'),
    DEMO_EMULATOR_PORT: String(await freePort()),
    MAKEFLAGS: '',
    MAKELEVEL: '',
  };
});

afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

const make = (...args: string[]): Promise<RunResult> => run('make', ['--no-print-directory', ...args], { cwd: clone, env, timeoutMs: STEP_MS });

test('the copy is a plain clone: no shared/ beside it, nothing built inside it', () => {
  expect(existsSync(join(parent, 'shared'))).toBe(false);
  for (const absent of ['node_modules', '.cache', 'bin', 'dist', '.demo', 'emulator/dist'])
    expect([absent, existsSync(join(clone, absent))]).toEqual([absent, false]);
  expect(existsSync(join(clone, 'emulator/contract/openai-contract.json'))).toBe(true);
});

test('make demo deploys the example to the emulator; a second make demo changes nothing; make demo-destroy empties it', async () => {
  const up = await make('demo');
  expect(up.stdout).toMatch(/\+ 5 created/);
  expect(up.stdout).toMatch(/vectorStoreId\s+vs_/);
  const again = await make('demo');
  expect(again.stdout).toMatch(/5 unchanged/);
  expect(again.stdout).not.toMatch(/(created|updated|replaced|deleted)\b/);
  const down = await make('demo-destroy');
  expect(down.stdout).toMatch(/5 deleted/);
  const state = JSON.parse(readFileSync(join(clone, '.demo/emulator-state.json'), 'utf8')) as { tables: Record<string, Record<string, unknown>> };
  for (const table of ['files', 'vector_stores', 'assistants']) expect([table, Object.keys(state.tables[table] ?? {})]).toEqual([table, []]);
});

test('make check-generated passes and says it skipped the contract check, having no OpenAPI description beside the clone', async () => {
  const r = await make('check-generated');
  expect(r.stdout).toMatch(
    /emulator contract: .*shared\/openai-openapi\/openapi\.json is absent, so the contract is neither regenerated nor checked/,
  );
});
