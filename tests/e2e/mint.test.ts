// A key minted for one run, through the real Pulumi engine (tests/e2e/programs/mint): the default provider mints an
// admin key with `openai:index:mintAdminApiKey`, an explicit provider makes a project with it, and once `pulumi up`
// has returned the key is revoked — the engine's end of the run (Cancel, then SIGINT to the plugin) closed it. The
// key's value (a canary, captured as the emulator answers) is in no command output, no `pulumi stack export` and
// no file of the backend. A preview mints and revokes too; a destroy needs `--run-program` for a working key.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { Canaries, canaryKey, nonZero } from './canaries';
import { api, Workspace, type RunResult, type Stack } from './harness';

jest.setTimeout(300_000);

const providerKey = canaryKey('sk-proj', 'provider');
const adminKey = canaryKey('sk-admin', 'admin');
const MINTED = 'admin_api_key.value';

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let stopCapture: () => void;
let baseline: string[];
const canaries = new Canaries();
let projectId = '';

const output = (r: RunResult) => `${r.stdout}\n${r.stderr}`;
const adminKeyIds = async () =>
  (await api<{ data: Array<{ id: string }> }>(emu, 'GET', '/organization/admin_api_keys?limit=100', adminKey)).data.map((k) => k.id);

/** Whether a key still works: the emulator answers 401 to a revoked one. */
async function works(key: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/organization/projects?limit=1`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) expect(res.status).toBe(401);
  return res.status === 200;
}

function filesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** No minted key (nor the provider's keys) in a text a user sees or shares. */
function expectNoCanary(place: string, text: string): void {
  expect([place, nonZero(canaries.count(text))]).toEqual([place, {}]);
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true, projectKey: providerKey, adminKey });
  canaries.add('provider api_key', providerKey);
  canaries.add('provider admin_api_key', adminKey);
  stopCapture = canaries.captureReturnedSecrets(emu);
  baseline = await adminKeyIds();
  ws = await Workspace.create();
  stack = await ws.stack('mint', 'mint', {
    'openai:baseUrl': emu.url,
    'openai:apiKey': { secret: providerKey },
    'openai:adminApiKey': { secret: adminKey },
  });
});

afterAll(async () => {
  stopCapture?.();
  ws?.dispose();
  await emu?.close();
});

test('pulumi up: the minted key makes the project, and is revoked once up has returned', async () => {
  const mark = emu.requests.length;
  const up = await stack.up();
  const out = await stack.outputs();
  projectId = String(out['projectId']);
  expect(out['keyId']).toMatch(/^key_/);
  expect(projectId).toMatch(/^proj_/);
  const [value] = canaries.valuesOf(MINTED);
  expect(canaries.size(MINTED)).toBe(1);
  expect(value).toMatch(/^sk-admin-/);
  // The project was made with the minted key, not the stack's.
  const made = emu.requests.slice(mark).filter((r) => r.method === 'POST' && r.path === '/v1/organization/projects');
  expect(made.map((r) => r.keyHint)).toEqual([value!.slice(-4)]);
  expect(await api(emu, 'GET', `/organization/projects/${projectId}`, adminKey)).toMatchObject({ name: 'minted-key-project', status: 'active' });
  // Revoked by the time the command returned.
  expect(await works(value!)).toBe(false);
  expect(await adminKeyIds()).toEqual(baseline);
  expect(
    emu.requests.slice(mark).filter((r) => r.method === 'DELETE' && r.path === `/v1/organization/admin_api_keys/${String(out['keyId'])}`),
  ).toHaveLength(1);
  expectNoCanary('pulumi up output', output(up));
  expectNoCanary('pulumi stack output', output(await stack.pulumi(['stack', 'output', '--json'])));
  expectNoCanary('pulumi stack export', await stack.exportText());
  expectNoCanary('the file backend', filesUnder(join(ws.dir, 'backend')));
  expectNoCanary('the stack config', stack.readFile('Pulumi.mint.yaml'));
});

test('pulumi preview mints a key of its own and revokes it when the preview ends', async () => {
  const r = await stack.pulumi(['preview']);
  expect(canaries.size(MINTED)).toBe(2);
  const value = canaries.valuesOf(MINTED)[1]!;
  expect(await works(value)).toBe(false);
  expect(await adminKeyIds()).toEqual(baseline);
  expectNoCanary('pulumi preview output', output(r));
});

test("pulumi destroy: the state's provider holds the revoked key; --run-program mints a working one for the destroy", async () => {
  // Without the program, the explicit provider has only what the state saved: the key of the last up, revoked.
  const plain = await stack.pulumi(['destroy', '--yes', '--skip-preview'], { allowFailure: true });
  expect(plain.code).not.toBe(0);
  expect(output(plain)).toMatch(/does not work|401|Incorrect API key/);
  expectNoCanary('pulumi destroy output (failed)', output(plain));
  const r = await stack.destroy('--run-program');
  expect(canaries.size(MINTED)).toBeGreaterThanOrEqual(3);
  expect(await api(emu, 'GET', `/organization/projects/${projectId}`, adminKey)).toMatchObject({ status: 'archived' });
  for (const value of canaries.valuesOf(MINTED)) expect(await works(value)).toBe(false);
  expect(await adminKeyIds()).toEqual(baseline);
  expectNoCanary('pulumi destroy --run-program output', output(r));
  expectNoCanary('pulumi stack export (destroyed)', await stack.exportText());
});
