// Per-resource `apiKey`: two vector stores, each with its own key bound to its own project (minted through the
// emulator's key control), the provider holding a third key. Every request about a store — create, refresh,
// delete — must carry that store's key; the keys never reach the state in plaintext.
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';
import { api, liveCounts, Workspace, type Stack } from './harness';

jest.setTimeout(300_000);

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let baseline: Record<string, number>;
const project: Record<'alpha' | 'beta', string> = { alpha: '', beta: '' };
const key: Record<'alpha' | 'beta', string> = { alpha: '', beta: '' };
const id: Record<'alpha' | 'beta', string> = { alpha: '', beta: '' };

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  for (const who of ['alpha', 'beta'] as const) {
    project[who] = (await api<{ id: string }>(emu, 'POST', '/organization/projects', emu.adminKey, { name: `team-${who}` })).id;
    key[who] = (await emu.createProjectKey(project[who])).key;
  }
  baseline = liveCounts(emu);
  ws = await Workspace.create();
  stack = await ws.stack('keys', 'keys', {
    'openai:baseUrl': emu.url,
    'openai:apiKey': { secret: emu.projectKey },
    keyAlpha: { secret: key.alpha },
    keyBeta: { secret: key.beta },
  });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

/** The requests about one store since `from`, as [method, project the key belongs to, key's last 4]. */
const about = (from: number, storeId: string): Array<[string, string | null, string | null]> =>
  emu.requests
    .slice(from)
    .filter((r: RecordedRequest) => r.path.startsWith(`/v1/vector_stores/${storeId}`))
    .map((r) => [r.method, r.projectId, r.keyHint]);

const hint = (k: string): string => k.slice(-4);

test("pulumi up creates each store in its own key's project", async () => {
  const mark = emu.requests.length;
  await stack.up();
  const out = await stack.outputs();
  id.alpha = String(out['alphaId']);
  id.beta = String(out['betaId']);
  const creates = emu.requests.slice(mark).filter((r) => r.method === 'POST' && r.path === '/v1/vector_stores');
  expect(creates.map((r) => [r.projectId, r.keyHint]).sort()).toEqual(
    [
      [project.alpha, hint(key.alpha)],
      [project.beta, hint(key.beta)],
    ].sort(),
  );
  expect(await api(emu, 'GET', `/vector_stores/${id.alpha}`, key.alpha)).toMatchObject({ name: 'store-alpha' });
  expect(await api(emu, 'GET', `/vector_stores/${id.beta}`, key.beta)).toMatchObject({ name: 'store-beta' });
  // Objects are scoped to their project: the provider's own key does not see them.
  await expect(api(emu, 'GET', `/vector_stores/${id.alpha}`, emu.projectKey)).rejects.toThrow(/404/);
});

test('pulumi refresh reads each store with its own key and finds an out-of-band change', async () => {
  await api(emu, 'POST', `/vector_stores/${id.beta}`, key.beta, { name: 'beta-renamed-by-hand' });
  const mark = emu.requests.length;
  await stack.refresh();
  const alpha = about(mark, id.alpha);
  const beta = about(mark, id.beta);
  expect(alpha.length).toBeGreaterThan(0);
  expect(beta.length).toBeGreaterThan(0);
  expect(new Set(alpha.map(([m, p, k]) => `${m} ${p} ${k}`))).toEqual(new Set([`GET ${project.alpha} ${hint(key.alpha)}`]));
  expect(new Set(beta.map(([m, p, k]) => `${m} ${p} ${k}`))).toEqual(new Set([`GET ${project.beta} ${hint(key.beta)}`]));
  expect((await stack.resources())['beta']?.outputs).toMatchObject({ name: 'beta-renamed-by-hand' });

  // The next up repairs it, with beta's key.
  const mark2 = emu.requests.length;
  await stack.up();
  expect(about(mark2, id.beta).filter(([m]) => m === 'POST')).toEqual([['POST', project.beta, hint(key.beta)]]);
  expect(await api(emu, 'GET', `/vector_stores/${id.beta}`, key.beta)).toMatchObject({ name: 'store-beta' });
});

test('no key appears in plaintext in pulumi stack export or the stack config', async () => {
  const exported = await stack.exportText();
  const config = stack.readFile('Pulumi.keys.yaml');
  for (const k of [key.alpha, key.beta, emu.projectKey]) {
    expect(exported).not.toContain(k);
    expect(config).not.toContain(k);
  }
  // The resources' apiKey inputs and outputs are secrets.
  const state = await stack.resources();
  expect(state['alpha']?.inputs['apiKey']).toMatchObject({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' });
  expect(state['alpha']?.outputs['apiKey']).toMatchObject({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' });
});

test('pulumi destroy deletes each store with its own key', async () => {
  const mark = emu.requests.length;
  await stack.destroy();
  expect(about(mark, id.alpha).filter(([m]) => m === 'DELETE')).toEqual([['DELETE', project.alpha, hint(key.alpha)]]);
  expect(about(mark, id.beta).filter(([m]) => m === 'DELETE')).toEqual([['DELETE', project.beta, hint(key.beta)]]);
  expect(emu.requests.slice(mark).filter((r) => r.path.startsWith('/v1/') && r.keyHint === hint(emu.projectKey) && r.method !== 'GET')).toEqual([]);
  expect(liveCounts(emu)).toEqual(baseline);
  await stack.pulumi(['stack', 'rm', '--yes']);
});
