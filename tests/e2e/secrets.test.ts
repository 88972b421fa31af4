// Secrets canaries through the real Pulumi engine: the provider's project and admin keys (stack config secrets), a
// resource's own key, a bad provider key, and every secret the API returns once (tests/e2e/canaries.ts) are
// counted in every place a user sees or shares — preview, up, refresh and destroy output with
// PULUMI_OPENAI_DEBUG=1, the stack outputs, `pulumi stack export`, the backend's files, the stack config, and the
// text of three failures (a bad input, an API error, a bad provider key). Each of those must hold none. The
// engine's own `-v=9 --logtostderr` log prints RPC payloads, secrets included: its count is recorded, not asserted
// (docs/RELIABILITY.md, "Secrets").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { Canaries, canaryKey, nonZero, returnedSecretsCovered, sum, table, type Place } from './canaries';
import { api, Workspace, type RunResult, type Stack } from './harness';

jest.setTimeout(240_000);

const DEBUG = { env: { PULUMI_OPENAI_DEBUG: '1' } };
const providerKey = canaryKey('sk-proj', 'provider');
const adminKey = canaryKey('sk-admin', 'admin');
const badProviderKey = canaryKey('sk-proj', 'badprovider');

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let stopCapture: () => void;
const canaries = new Canaries();
/** Places that must hold no canary, and the engine's verbose log (recorded only). */
const places: Place[] = [];
const engineLog: Place[] = [];
let debugLines = 0;

const output = (r: RunResult) => `${r.stdout}\n${r.stderr}`;
function record(place: string, command: string, text: string): void {
  places.push({ place, command, hits: canaries.count(text) });
  debugLines += text.split('\n').filter((l) => l.includes('debug: ')).length;
}

/** Every file under a folder, concatenated (the file backend: checkpoints, history, backups). */
function filesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, projectKey: providerKey, adminKey, vectorStoreFileDelayMs: 0 });
  canaries.add('provider api_key', providerKey);
  canaries.add('provider admin_api_key', adminKey);
  canaries.add('bad provider api_key', badProviderKey);
  const project = (await api<{ id: string }>(emu, 'POST', '/organization/projects', adminKey, { name: 'own-key-project' })).id;
  const resourceKey = (await emu.createProjectKey(project)).key;
  canaries.add('resource api_key', resourceKey);
  stopCapture = canaries.captureReturnedSecrets(emu);
  ws = await Workspace.create();
  stack = await ws.stack('secrets', 'secrets', {
    'openai:baseUrl': emu.url,
    'openai:apiKey': { secret: providerKey },
    'openai:adminApiKey': { secret: adminKey },
    resourceKey: { secret: resourceKey },
  });
});

afterAll(async () => {
  stopCapture?.();
  ws?.dispose();
  await emu?.close();
});

test('every secret output of the registry is captured as a canary', () => {
  const { registry, captured } = returnedSecretsCovered();
  expect(captured).toEqual(registry);
  expect(registry.length).toBeGreaterThan(0);
});

test('preview of the new stack', async () => {
  record('preview output', 'pulumi preview', output(await stack.pulumi(['preview'], DEBUG)));
});

test('a bad input fails the preview, naming the property', async () => {
  await stack.setConfig('badInput', 'true');
  const r = await stack.pulumi(['preview'], { ...DEBUG, allowFailure: true });
  expect(r.code).not.toBe(0);
  expect(output(r)).toMatch(/url.*https/);
  record('error text: bad input', 'pulumi preview (webhook url http://)', output(r));
  await stack.pulumi(['config', 'rm', 'badInput']);
});

test('an API error (500 on every vector store create) fails the up', async () => {
  emu.faults.inject({ method: 'POST', path: '/v1/vector_stores', kind: 'server_error', times: 20 });
  const r = await stack.pulumi(['up', '--yes', '--skip-preview'], { ...DEBUG, allowFailure: true });
  emu.faults.clear();
  expect(r.code).not.toBe(0);
  expect(output(r)).toMatch(/OpenAI answered 500/);
  record('error text: API error', 'pulumi up (injected 500s)', output(r));
});

test('up, outputs, state and config', async () => {
  record('up output', 'pulumi up', output(await stack.pulumi(['up', '--yes', '--skip-preview'], DEBUG)));
  const shown = await stack.pulumi(['stack', 'output', '--json']);
  expect(JSON.parse(shown.stdout)).toMatchObject({ accountKey: '[secret]', signingSecret: '[secret]', storeId: expect.stringMatching(/^vs_/) });
  record('stack outputs', 'pulumi stack output --json', output(shown));
  record('stack outputs', 'pulumi stack output', output(await stack.pulumi(['stack', 'output'])));
  // The control: the captured secrets are the ones the stack holds (a search for the wrong values finds nothing).
  const revealed = JSON.parse((await stack.pulumi(['stack', 'output', '--json', '--show-secrets'])).stdout) as Record<string, string>;
  expect(canaries.count(revealed['accountKey']!)['project_service_account.api_key_value']).toBe(1);
  expect(canaries.count(revealed['signingSecret']!)['webhook_endpoint.signing_secret']).toBe(1);
  record('state', 'pulumi stack export', await stack.exportText());
  record('state', 'the file backend (checkpoints, history, backups)', filesUnder(join(ws.dir, 'backend')));
  record('stack config', 'Pulumi.secrets.yaml', stack.readFile('Pulumi.secrets.yaml'));
});

test('refresh and a preview with no changes', async () => {
  record('refresh output', 'pulumi refresh', output(await stack.pulumi(['refresh', '--yes', '--skip-preview'], DEBUG)));
  record('preview output', 'pulumi preview --expect-no-changes', output(await stack.pulumi(['preview', '--expect-no-changes'], DEBUG)));
});

test('a bad provider key fails the preview with the key redacted, its source and the fix', async () => {
  await stack.setConfig('openai:apiKey', { secret: badProviderKey });
  const r = await stack.pulumi(['preview'], { ...DEBUG, allowFailure: true });
  await stack.setConfig('openai:apiKey', { secret: providerKey });
  expect(r.code).not.toBe(0);
  const text = output(r);
  expect(text).toContain(
    `openai:index:WebhookEndpoint resource 'hook' has a problem: the API key sk-proj-…${badProviderKey.slice(-4)} from provider configuration does not work`,
  );
  expect(text).toContain('pulumi config set --secret openai:apiKey');
  record('error text: bad provider key', 'pulumi preview (openai:apiKey wrong)', text);
});

test('destroy', async () => {
  record('destroy output', 'pulumi destroy', output(await stack.pulumi(['destroy', '--yes', '--skip-preview'], DEBUG)));
  record('state', 'pulumi stack export (destroyed)', await stack.exportText());
});

test("the engine's own verbose log (-v=9 --logtostderr): recorded, not asserted", async () => {
  for (const command of ['up', 'destroy']) {
    const r = await stack.pulumi([command, '--yes', '--skip-preview', '-v=9', '--logtostderr'], DEBUG);
    record(`${command} output`, `pulumi ${command} -v=9 --logtostderr (stdout)`, r.stdout);
    engineLog.push({ place: "the engine's log", command: `pulumi ${command} -v=9 --logtostderr (stderr)`, hits: canaries.count(r.stderr) });
  }
});

test('no canary in any output, error, state or config; the figures', () => {
  console.log(table('Secrets canaries, Pulumi (hits per place; each canary with its number of values)', canaries, [...places, ...engineLog]));
  expect(canaries.size('project_service_account.api_key_value')).toBeGreaterThanOrEqual(2); // two ups made one each
  expect(canaries.size('webhook_endpoint.signing_secret')).toBeGreaterThanOrEqual(2);
  expect(debugLines).toBeGreaterThan(10); // the provider's debug output was there to be searched
  expect(places.length).toBeGreaterThanOrEqual(14);
  expect(places.filter((p) => Object.keys(nonZero(p.hits)).length > 0)).toEqual([]);
  // The engine's verbose log prints RPC payloads, secrets included (the reason the README says not to share it):
  // the engine's behaviour, so only reported.
  const logged = nonZero(sum(...engineLog.map((p) => p.hits)));
  console.log(`the engine's -v=9 log: ${Object.values(logged).reduce((a, b) => a + b, 0)} hits (${JSON.stringify(logged)})`);
});
