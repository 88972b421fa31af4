// Keys out of state over tfplugin6, RPC by RPC:
//   - `api_key_wo` (write-only, with `api_key_wo_version`): refused by an engine without write-only support and
//     beside `api_key`; null in every planned and new state, its SHA-256 alone in private state; a refresh or delete
//     (which get no configuration) uses the provider's key only when it is that key — otherwise a refresh keeps
//     the state with a warning and a delete fails naming the fix, and no request is made with another key;
//   - `store_secret = false`: state keeps only `<secret>_sha256`, and the resource's ephemeral hand-over yields the
//     value in the process that made the object, null in any other.
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { registry, resourceNames, UNKNOWN, type Value, type ValueObject } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { blockType, dataSources, ephemerals } from '../src/schema';
import { decodeDynamic, dynamic, type CtyObject } from '../src/msgpack';
import { fromCoreObject } from '../src/values';
import { startInProcess, type Plugin } from './harness';
import { Terraform, type Diag } from './terraform';

jest.setTimeout(60_000);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const VS = 'vector_store';
const WRITE_ONLY = { write_only_attributes_allowed: true };

let emulator: Emulator;
let admin: OpenAI;
let teamKey: string;
let team: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true });
  admin = new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 });
  team = (await admin.admin.organization.projects.create({ name: 'write-only' })).id;
  teamKey = (await emulator.createProjectKey(team)).key;
});

afterAll(async () => emulator?.close());

/** A plugin configured with the provider key `projectKey` (the emulator's default project unless given). */
async function plugin(projectKey = emulator.projectKey): Promise<{ p: Plugin; tf: Terraform }> {
  const p = await startInProcess();
  const tf = new Terraform(p);
  expect(await tf.configure({ base_url: emulator.url, api_key: projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
  return { p, tf };
}

const rpc = (p: Plugin, name: string, req: Record<string, unknown>) => p.provider[name]!(req) as Promise<Record<string, unknown>>;
const dv = (tf: Terraform, type: string, v: CtyObject | null) => dynamic(v, blockType(tf.block(type)));
const decode = (tf: Terraform, type: string, v: unknown) => decodeDynamic(v as { msgpack: Buffer }, blockType(tf.block(type))) as CtyObject | null;

/** A create through Plan and Apply as Terraform sends them (config with the write-only value; planned_private carried). */
async function create(tf: Terraform, type: string, values: ValueObject) {
  const config = tf.config(type, values);
  const type_name = tf.tfType(type);
  const planned = await rpc(tf.plugin, 'PlanResourceChange', {
    type_name,
    prior_state: dv(tf, type, null),
    proposed_new_state: dv(tf, type, config),
    config: dv(tf, type, config),
    client_capabilities: WRITE_ONLY,
  });
  expect(planned['diagnostics']).toEqual([]);
  const applied = await rpc(tf.plugin, 'ApplyResourceChange', {
    type_name,
    prior_state: dv(tf, type, null),
    planned_state: planned['planned_state'],
    config: dv(tf, type, config),
    planned_private: planned['planned_private'],
  });
  expect(applied['diagnostics']).toEqual([]);
  return {
    planned: decode(tf, type, planned['planned_state'])!,
    plannedPrivate: planned['planned_private'] as Buffer,
    state: decode(tf, type, applied['new_state'])!,
    private: applied['private'] as Buffer,
  };
}

const read = async (tf: Terraform, type: string, state: CtyObject, priv: Buffer) => {
  const r = await rpc(tf.plugin, 'ReadResource', { type_name: tf.tfType(type), current_state: dv(tf, type, state), private: priv });
  return { state: decode(tf, type, r['new_state']), private: r['private'] as Buffer, diagnostics: r['diagnostics'] as Diag[] };
};
const destroy = async (tf: Terraform, type: string, state: CtyObject, priv: Buffer) => {
  const r = await rpc(tf.plugin, 'ApplyResourceChange', {
    type_name: tf.tfType(type),
    prior_state: dv(tf, type, state),
    planned_state: dv(tf, type, null),
    config: dv(tf, type, null),
    planned_private: priv,
  });
  return { state: decode(tf, type, r['new_state']), diagnostics: r['diagnostics'] as Diag[] };
};
const validate = async (tf: Terraform, type: string, values: ValueObject, caps: object | undefined) =>
  (
    await rpc(tf.plugin, 'ValidateResourceConfig', {
      type_name: tf.tfType(type),
      config: dv(tf, type, tf.config(type, values)),
      client_capabilities: caps,
    })
  )['diagnostics'] as Diag[];

describe('api_key_wo', () => {
  let tf: Terraform;
  beforeAll(async () => ({ tf } = await plugin()));
  afterAll(async () => tf?.plugin.close());

  test('the schema marks it write-only and sensitive, its version a plain number; data sources take only api_key', async () => {
    const schema = (await rpc(tf.plugin, 'GetProviderSchema', {})) as {
      resource_schemas: Record<string, { block: { attributes: Array<Record<string, unknown>> } }>;
      data_source_schemas: Record<string, { block: { attributes: Array<{ name: string }> } }>;
    };
    const attrs = schema.resource_schemas['openai_vector_store']!.block.attributes;
    expect(attrs.find((a) => a['name'] === 'api_key_wo')).toMatchObject({ write_only: true, sensitive: true, optional: true, computed: false });
    expect(attrs.find((a) => a['name'] === 'api_key_wo_version')).toMatchObject({ write_only: false, optional: true });
    for (const [name, ds] of Object.entries(schema.data_source_schemas)) {
      expect([name, ds.block.attributes.map((a) => a.name).filter((a) => a.startsWith('api_key_wo'))]).toEqual([name, []]);
    }
  });

  test('validation: an engine without write-only support, both keys, and no version are refused before any request', async () => {
    const before = emulator.requests.length;
    const wo = { name: 'v', api_key_wo: teamKey, api_key_wo_version: 1 };
    expect(await validate(tf, VS, wo, WRITE_ONLY)).toEqual([]);
    const old = await validate(tf, VS, wo, undefined);
    expect(old.map((d) => [d.summary, d.detail])).toEqual([
      ['Write-only attribute api_key_wo not supported', expect.stringContaining('Terraform 1.11 or newer or OpenTofu 1.11 or newer')],
    ]);
    const both = await validate(tf, VS, { ...wo, api_key: teamKey }, WRITE_ONLY);
    expect(both.map((d) => d.detail)).toEqual([expect.stringMatching(/^api_key_wo conflicts with `api_key`: give the resource one key/)]);
    const unversioned = await validate(tf, VS, { name: 'v', api_key_wo: teamKey }, WRITE_ONLY);
    expect(unversioned.map((d) => d.detail)).toEqual([
      'api_key_wo_version is required with `api_key_wo`: set it to 1, and change it whenever the key changes',
    ]);
    // A version with no key (a run without it) is fine.
    expect(await validate(tf, VS, { name: 'v', api_key_wo_version: 1 }, WRITE_ONLY)).toEqual([]);
    expect(emulator.requests.length).toBe(before);
    for (const d of [...old, ...both, ...unversioned]) expect(JSON.stringify(d)).not.toContain(teamKey);
  });

  test('create uses the key, plans and stores it as null, keeps its SHA-256 in private state', async () => {
    const before = emulator.requests.length;
    const made = await create(tf, VS, { name: 'wo', api_key_wo: teamKey, api_key_wo_version: 1 });
    expect([made.planned['api_key_wo'], made.state['api_key_wo'], made.state['api_key_wo_version']]).toEqual([null, null, 1]);
    const posts = emulator.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/v1/vector_stores');
    expect(posts.map((r) => r.projectId)).toEqual([team]);
    for (const priv of [made.plannedPrivate, made.private]) expect(JSON.parse(priv.toString('utf8'))).toEqual({ api_key_wo_sha256: sha256(teamKey) });
    for (const text of [JSON.stringify(made.state), made.private.toString('latin1')]) expect(text).not.toContain(teamKey);
  });

  test('refresh with another provider key: the state is kept with a warning, and no request is made', async () => {
    const made = await create(tf, VS, { name: 'kept', api_key_wo: teamKey, api_key_wo_version: 1 });
    const before = emulator.requests.length;
    const r = await read(tf, VS, made.state, made.private);
    expect(emulator.requests.length).toBe(before);
    expect(tf.same(VS, r.state, made.state)).toBe(true);
    expect(r.private.equals(made.private)).toBe(true);
    expect(r.diagnostics.map((d) => [d.severity, d.summary])).toEqual([['WARNING', 'openai_vector_store not refreshed']]);
    expect(r.diagnostics[0]!.detail).toMatch(/`api_key_wo`.*set the provider's `api_key` to the same key, or give the resource `api_key`/);
    expect(JSON.stringify(r.diagnostics)).not.toContain(teamKey);
  });

  test("delete with another provider key fails naming the fix; with the provider's key the same key, it works", async () => {
    const made = await create(tf, VS, { name: 'gone', api_key_wo: teamKey, api_key_wo_version: 1 });
    const before = emulator.requests.length;
    const refused = await destroy(tf, VS, made.state, made.private);
    expect(emulator.requests.length).toBe(before);
    expect(tf.same(VS, refused.state, made.state)).toBe(true);
    expect(refused.diagnostics.map((d) => d.detail)).toEqual([
      expect.stringMatching(/^cannot delete: vector_store was given its key write-only .*Set the provider's `api_key` to that key for this destroy/),
    ]);
    const same = await plugin(teamKey);
    try {
      const refreshed = await read(same.tf, VS, made.state, made.private);
      expect(refreshed.diagnostics).toEqual([]);
      expect(refreshed.state?.['id']).toBe(made.state['id']);
      expect((await destroy(same.tf, VS, made.state, made.private)).diagnostics).toEqual([]);
    } finally {
      await same.p.close();
    }
    expect(
      emulator.requests
        .slice(before)
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.projectId),
    ).toEqual([team]);
  });

  test('a resource applied with the stored api_key keeps no private state and refreshes as before', async () => {
    const made = await create(tf, VS, { name: 'stored', api_key: teamKey });
    expect(made.private.length).toBe(0);
    const r = await read(tf, VS, made.state, made.private);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('store_secret = false and the hand-over', () => {
  const WEBHOOK = 'webhook_endpoint';
  const handover = ephemerals(registry.resources).get(resourceNames(registry.get(WEBHOOK)).terraformType)!;
  const open = async (p: Plugin, values: Record<string, Value>) => {
    const r = await rpc(p, 'OpenEphemeralResource', {
      type_name: 'openai_webhook_endpoint',
      config: dynamic(fromCoreObject(handover.block, values), blockType(handover.block)),
      client_capabilities: {},
    });
    expect(r['diagnostics']).toEqual([]);
    return { result: decodeDynamic(r['result'] as { msgpack: Buffer }, blockType(handover.block)) as CtyObject, private: r['private'] };
  };

  test('state keeps the SHA-256 only; the hand-over yields the value in the making process, null elsewhere', async () => {
    const { p, tf } = await plugin();
    const other = await plugin();
    try {
      const config = { name: 'hook', url: 'https://example.com/hook', event_types: ['response.completed'], store_secret: false };
      const made = await create(tf, WEBHOOK, config);
      expect(made.state['signing_secret']).toBeNull();
      const digest = made.state['signing_secret_sha256'];
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      const before = emulator.requests.length;
      const handed = await open(p, { id: made.state['id'] as string });
      expect(emulator.requests.length).toBe(before);
      const secret = handed.result['signing_secret'] as string;
      expect(secret).toMatch(/^whsec_/);
      expect(sha256(secret)).toBe(digest);
      expect(handed.private ?? null).toBeNull();
      expect((await open(other.p, { id: made.state['id'] as string })).result['signing_secret']).toBeNull();
      // A refresh keeps the digest and brings no value back.
      const r = await read(tf, WEBHOOK, made.state, made.private);
      expect([r.state?.['signing_secret'], r.state?.['signing_secret_sha256']]).toEqual([null, digest]);
      // Stored (the default), the value is in state as before, with its digest beside it.
      const stored = await create(tf, WEBHOOK, { name: 'hook2', url: 'https://example.com/hook2', event_types: ['response.completed'] });
      expect(sha256(stored.state['signing_secret'] as string)).toBe(stored.state['signing_secret_sha256']);
    } finally {
      await p.close();
      await other.p.close();
    }
  });
});

describe('a provider key known only at apply (a provider block fed by an ephemeral or a new resource)', () => {
  test("a refresh keeps the state and a data source refuses, with no request and never the environment's key", async () => {
    const made = await plugin();
    const store = await create(made.tf, VS, { name: 'later' });
    const own = await create(made.tf, VS, { name: 'own-key', api_key: teamKey });
    await made.p.close();
    // The environment holds a working key of another project: it must not be used in place of the unknown one.
    const p = await startInProcess({ OPENAI_API_KEY: emulator.projectKey });
    const tf = new Terraform(p);
    try {
      expect(await tf.configure({ base_url: emulator.url, api_key: UNKNOWN, admin_api_key: emulator.adminKey })).toEqual([]);
      const before = emulator.requests.length;
      const r = await read(tf, VS, store.state, store.private);
      expect(r.diagnostics.map((d) => [d.severity, d.summary])).toEqual([['WARNING', 'openai_vector_store not refreshed']]);
      expect(r.diagnostics[0]!.detail).toContain("The provider's api_key is not known until apply");
      expect(tf.same(VS, r.state, store.state)).toBe(true);
      const list = dataSources(registry.resources).get('openai_vector_stores')!;
      const ds = await rpc(p, 'ReadDataSource', {
        type_name: 'openai_vector_stores',
        config: dynamic(fromCoreObject(list.block, {}), blockType(list.block)),
      });
      expect((ds['diagnostics'] as Diag[]).map((d) => [d.severity, d.summary])).toEqual([
        ['ERROR', 'Cannot read data source openai_vector_stores yet'],
      ]);
      expect(emulator.requests.length).toBe(before);
      // A resource with its own key needs none of the provider's.
      expect((await read(tf, VS, own.state, own.private)).diagnostics).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
