// Isolation under concurrency: 50 resources, each with its own `api_key` — 5 keys bound to 5 projects, 10
// resources per key — taken through create, read, update and delete by one Provider at once (its client pool and
// per-key cooldowns shared), as an engine's parallel apply does. The emulator's request log must show every
// request carrying its own resource's key, and every object must live in its key's project only.
import { Provider, registry, type JsonObject, type State, type ValueObject } from '@openai-iac/core';
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';

jest.setTimeout(60_000);

const KEYS = 5;
/** Each key's resources: two of each kind (project-key resources, one without an update handler). */
const KINDS: Array<{ type: string; collection: string; inputs: (tag: string) => ValueObject; update?: (tag: string) => ValueObject }> = [
  { type: 'vector_store', collection: 'vector_stores', inputs: (t) => ({ name: t }), update: (t) => ({ name: `${t}-renamed` }) },
  {
    type: 'assistant',
    collection: 'assistants',
    inputs: (t) => ({ model: 'gpt-4o', name: t }),
    update: (t) => ({ model: 'gpt-4o', name: `${t}-2` }),
  },
  {
    type: 'conversation',
    collection: 'conversations',
    inputs: (t) => ({ metadata: { tag: t } }),
    update: (t) => ({ metadata: { tag: t, step: 'updated' } }),
  },
  {
    type: 'webhook_endpoint',
    collection: 'webhook_endpoints',
    inputs: (t) => ({ name: t, url: `https://hooks.example.com/${t}`, event_types: ['batch.completed'] }),
    update: (t) => ({ name: `${t}-2`, url: `https://hooks.example.com/${t}`, event_types: ['batch.completed'] }),
  },
  { type: 'file', collection: 'files', inputs: (t) => ({ content: `content of ${t}`, filename: `${t}.txt`, purpose: 'assistants' }) },
];

interface Owner {
  project: string;
  key: string;
  hint: string;
}
interface Planned {
  tag: string;
  kind: (typeof KINDS)[number];
  owner: Owner;
  id?: string;
  state?: State;
}

let emu: Emulator;
let provider: Provider;
const owners: Owner[] = [];
let planned: Planned[] = [];
const inFlight = { now: 0, max: 0 };

const api = async (method: string, path: string, key: string, body?: unknown): Promise<{ status: number; json: JsonObject }> => {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as JsonObject };
};

beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    quiet: true,
    projectKey: 'sk-proj-isolation-provider-key-0000prov',
    adminKey: 'sk-admin-isolation-admin-key-00000adm',
  });
  for (let i = 0; i < KEYS; i++) {
    const project = String((await api('POST', '/organization/projects', emu.adminKey, { name: `tenant-${i}` })).json['id']);
    const { key } = await emu.createProjectKey(project);
    owners.push({ project, key, hint: key.slice(-4) });
  }
  // The request log identifies a key by its last four characters: they must tell the keys apart.
  expect(new Set([...owners.map((o) => o.hint), emu.projectKey.slice(-4), emu.adminKey.slice(-4)]).size).toBe(KEYS + 2);
  // The provider's own key is the default project's: no operation below may use it.
  // The fetch under the SDK counts requests in flight, to show the operations did overlap.
  const counted: typeof fetch = async (...args) => {
    inFlight.max = Math.max(inFlight.max, ++inFlight.now);
    try {
      return await fetch(...args);
    } finally {
      inFlight.now -= 1;
    }
  };
  provider = new Provider(registry, {
    env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: emu.projectKey },
    log: { debug: () => {}, info: () => {} },
    fetch: counted,
  });
  provider.configure({});
  planned = owners.flatMap((owner, k) => KINDS.flatMap((kind) => [0, 1].map((n) => ({ tag: `k${k}-${kind.type}-${n}`, kind, owner }))));
});

afterAll(async () => emu?.close());

const withKey = (p: Planned, values: ValueObject): JsonObject =>
  provider.check(p.kind.type, { ...values, api_key: p.owner.key }).inputs as JsonObject;

/** The planned resource a request is about: the one whose id is a segment of its path. */
function about(r: RecordedRequest): Planned | undefined {
  const segments = r.path.split('/');
  return planned.find((p) => p.id !== undefined && segments.includes(p.id));
}

/** What each request of `log` shows: which key it carried and which project that key belongs to, and whose it should be. */
function attribution(log: RecordedRequest[]): { wrong: string[]; byOwner: number[] } {
  const wrong: string[] = [];
  const byOwner = owners.map(() => 0);
  for (const r of log) {
    const owner = owners.findIndex((o) => o.hint === r.keyHint);
    if (owner < 0) {
      wrong.push(`${r.method} ${r.path}: a key of none of the resources (…${r.keyHint})`);
      continue;
    }
    byOwner[owner]! += 1;
    if (r.projectId !== owners[owner]!.project) wrong.push(`${r.method} ${r.path}: key of ${owners[owner]!.project} answered for ${r.projectId}`);
    const target = about(r);
    if (target && target.owner !== owners[owner])
      wrong.push(`${r.method} ${r.path} (${target.tag}) carried …${r.keyHint}, not …${target.owner.hint}`);
  }
  return { wrong, byOwner };
}

test('50 resources with 5 project-bound keys, created, read and updated in parallel: every request carries its own key', async () => {
  expect(planned).toHaveLength(50);
  const from = emu.requests.length;
  emu.setLatency(20); // every answer takes a moment, so the 50 chains interleave as an engine's parallel apply does
  await Promise.all(
    planned.map(async (p) => {
      // what a preview does first: prove the resource's key (once per key per process)
      expect(await provider.keyFailures(p.kind.type, withKey(p, p.kind.inputs(p.tag)))).toEqual([]);
      const created = await provider.create(p.kind.type, withKey(p, p.kind.inputs(p.tag)));
      p.id = created.id;
      const read = await provider.read(p.kind.type, created.id, created.state);
      expect(read?.id).toBe(created.id);
      p.state = read!.state;
      if (p.kind.update) p.state = await provider.update(p.kind.type, created.id, p.state, withKey(p, p.kind.update(p.tag)));
    }),
  );
  emu.setLatency(0);
  const log = emu.requests.slice(from);
  const { wrong, byOwner } = attribution(log);
  expect(inFlight.max).toBeGreaterThan(KEYS);
  expect(wrong).toEqual([]);
  // every request is about one of the 50 or is a create or a key check, and each key made exactly its own objects
  expect(
    log.filter((r) => !about(r) && !(r.method === 'POST' && KINDS.some((k) => r.path === `/v1/${k.collection}`)) && r.path !== '/v1/models'),
  ).toEqual([]);
  for (const [i, owner] of owners.entries()) {
    const creates = log.filter((r) => r.method === 'POST' && r.keyHint === owner.hint && KINDS.some((k) => r.path === `/v1/${k.collection}`));
    expect([i, creates.length, new Set(creates.map((r) => r.projectId))]).toEqual([i, 10, new Set([owner.project])]);
    expect(log.filter((r) => r.path === '/v1/models' && r.keyHint === owner.hint)).toHaveLength(1);
    expect(byOwner[i]).toBeGreaterThanOrEqual(10 * 3);
  }
  console.log(
    `isolation: ${planned.length} resources over ${KEYS} keys, ${log.length} requests, up to ${inFlight.max} in flight ` +
      `(per key: ${byOwner.join(', ')}); ` +
      `none with the provider's key or another resource's`,
  );
});

test("every object lives in its key's project: its own key sees it as updated, the other four keys get 404", async () => {
  for (const p of planned) {
    const path = `/${p.kind.collection}/${p.id!}`;
    const mine = await api('GET', path, p.owner.key);
    expect([p.tag, mine.status]).toEqual([p.tag, 200]);
    if (p.kind.update) expect(mine.json).toMatchObject(p.kind.update(p.tag));
    for (const other of owners.filter((o) => o !== p.owner)) expect([p.tag, (await api('GET', path, other.key)).status]).toEqual([p.tag, 404]);
    expect([p.tag, (await api('GET', path, emu.projectKey)).status]).toEqual([p.tag, 404]);
  }
});

test('50 parallel deletes: each with its own key, and nothing is left', async () => {
  const from = emu.requests.length;
  await Promise.all(planned.map((p) => provider.delete(p.kind.type, p.id!, p.state!)));
  const log = emu.requests.slice(from);
  expect(attribution(log).wrong).toEqual([]);
  expect(
    log
      .filter((r) => r.method === 'DELETE')
      .map((r) => about(r)?.tag)
      .sort(),
  ).toEqual(planned.map((p) => p.tag).sort());
  for (const p of planned) expect([p.tag, (await api('GET', `/${p.kind.collection}/${p.id!}`, p.owner.key)).status]).toEqual([p.tag, 404]);
});
