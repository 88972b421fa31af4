// The provider RPCs beyond the lifecycle: data sources, stored-state upgrades, a create that fails half-way,
// a resource's own key, secret outputs, and errors that say what happened without a secret in them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { registry, resourceNames, UNKNOWN, type ResourceSpec, type Value } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { overrideHandler } from '../../../emulator/src/testing';
import { vectorStoreRoutes } from '../../../emulator/src/routes/vector-stores';
import { scenarioOf, stepInputs, type Clients } from '../../conformance/scenarios';
import { blockType, dataSources, resourceBlock, type AttributeMessage, type ProviderSchema, type SchemaMessage } from '../src/schema';
import { decodeDynamic, dynamic, isCtyUnknown, type CtyObject } from '../src/msgpack';
import { fromCoreObject } from '../src/values';
import { MODES, startPlugin, type Plugin } from './harness';
import { Terraform, type Diag } from './terraform';

jest.setTimeout(60_000);

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, vectorStoreFileDelayMs: 20, quiet: true });
});

afterAll(async () => emulator?.close());

const data = dataSources(registry.resources);

describe.each(MODES)('%s', (_mode, start) => {
  let plugin: Plugin;
  let tf: Terraform;

  beforeAll(async () => {
    plugin = await start();
    tf = new Terraform(plugin);
    expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
  });

  afterAll(async () => plugin?.close());

  async function readData(type: string, values: Record<string, Value>): Promise<{ state: CtyObject | null; diagnostics: Diag[] }> {
    const ds = data.get(type)!;
    const t = blockType(ds.block);
    const config = { msgpack: dynamic(fromCoreObject(ds.block, values), t).msgpack };
    const v = await plugin.provider['ValidateDataResourceConfig']!({ type_name: type, config });
    if ((v['diagnostics'] as Diag[]).length > 0) return { state: null, diagnostics: v['diagnostics'] as Diag[] };
    const r = await plugin.provider['ReadDataSource']!({ type_name: type, config });
    return { state: decodeDynamic(r['state'] as { msgpack: Buffer }, t) as CtyObject | null, diagnostics: r['diagnostics'] as Diag[] };
  }

  describe('data sources', () => {
    const names = resourceNames(registry.get('vector_store'));

    test('one object by id, with every attribute the API returns', async () => {
      const state = (await tf.converge('vector_store', null, tf.config('vector_store', { name: 'kb', metadata: { a: 'b' } })))!;
      const r = await readData(names.terraformType, { id: state['id'] as string });
      expect(r.diagnostics).toEqual([]);
      expect(r.state).toMatchObject({ id: state['id'], name: 'kb', metadata: { a: 'b' }, status: 'completed', api_key: null });
      expect(r.state).not.toHaveProperty('description'); // never returned by the API: not in the data source
      await tf.apply('vector_store', state, null, null);
    });

    test('a malformed id is refused at validation, a missing one says so', async () => {
      const bad = await readData(names.terraformType, { id: 'nope' });
      expect(bad.diagnostics[0]).toMatchObject({ severity: 'ERROR', detail: expect.stringContaining('vs_<id>') });
      const missing = await readData(names.terraformType, { id: 'vs_missing' });
      expect(missing.diagnostics[0]!.detail).toContain("cannot import vector_store 'vs_missing'");
    });

    test('the list data source returns ids and items, with list arguments applied', async () => {
      const a = (await tf.converge('vector_store', null, tf.config('vector_store', { name: 'one' })))!;
      const b = (await tf.converge('vector_store', null, tf.config('vector_store', { name: 'two' })))!;
      const r = await readData(names.terraformListType, {});
      expect(r.diagnostics).toEqual([]);
      expect((r.state!['ids'] as string[]).sort()).toEqual([a['id'], b['id']].sort());
      expect((r.state!['items'] as CtyObject[]).map((i) => i['name']).sort()).toEqual(['one', 'two']);
      for (const s of [a, b]) await tf.apply('vector_store', s, null, null);

      const files = resourceNames(registry.get('file')).terraformListType;
      const none = await readData(files, { purpose: 'batch' });
      expect(none.diagnostics).toEqual([]);
      expect(none.state).toMatchObject({ purpose: 'batch', id: 'batch', ids: [], items: [] });
      expect(r.state!['id']).toBe(names.terraformListType); // no arguments: the data source's name
    });

    test('openai_vector_store_search: results as `results`, `filters` a JSON string, checked at validation', async () => {
      const sdk = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 });
      const store = (await sdk.vectorStores.create({ name: 'searched' })).id;
      for (const [name, text, team] of [
        ['a.md', 'refunds within 30 days', 'support'],
        ['b.md', 'refunds are never late', 'billing'],
      ] as const) {
        const f = await sdk.files.create({ file: new File([text], name), purpose: 'assistants' });
        await sdk.vectorStores.files.create(store, { file_id: f.id, attributes: { team } });
      }
      await new Promise((r) => setTimeout(r, 60)); // ingestion (vectorStoreFileDelayMs 20)
      const found = await readData('openai_vector_store_search', {
        vector_store_id: store,
        query: 'refunds',
        filters: { type: 'eq', key: 'team', value: 'billing' },
      });
      expect(found.diagnostics).toEqual([]);
      const [hit, ...others] = found.state!['results'] as CtyObject[];
      expect(others).toEqual([]);
      expect(hit).toMatchObject({
        filename: 'b.md',
        score: 1,
        search_query: ['refunds'],
        content: [{ type: 'text', text: 'refunds are never late' }],
      });
      expect(JSON.parse(hit!['attributes'] as string)).toEqual({ team: 'billing' });
      expect(hit!['id']).toBe(hit!['file_id']); // the result's own id: the file's
      const bad = await readData('openai_vector_store_search', { vector_store_id: store, query: 'x', filters: { type: 'like', key: 'a', value: 1 } });
      expect(bad.diagnostics[0]).toMatchObject({ severity: 'ERROR', detail: expect.stringContaining('must be one of') });
      await sdk.vectorStores.delete(store); // the other mode's list of vector stores sees none of this one
    });
  });

  describe("data sources in the official provider's form", () => {
    test("a get takes the id's parts instead of the id, and a list shows its objects under the official name too", async () => {
      const project = (await tf.converge('project', null, tf.config('project', { name: 'by-parts' })))!;
      const got = await readData('openai_project', { project_id: project['id'] as string });
      expect(got.diagnostics).toEqual([]);
      expect(got.state).toMatchObject({ id: project['id'], project_id: project['id'], name: 'by-parts' });
      expect(JSON.parse(got.state!['response_json'] as string)).toMatchObject({ id: project['id'], name: 'by-parts' });
      const all = await readData('openai_projects', {});
      expect(all.diagnostics).toEqual([]);
      expect(all.state!['projects']).toEqual(all.state!['items']); // a project's id has one part
      expect((all.state!['projects'] as CtyObject[]).map((p) => p['id'])).toContain(project['id']);
      expect(JSON.parse(all.state!['response_json'] as string)).toHaveLength((all.state!['items'] as unknown[]).length);
      await tf.apply('project', project, null, null);
    });

    test('a part missing, or parts and an id together, are refused at validation naming the attribute', async () => {
      const rateLimits = await readData('openai_project_rate_limits', { project_id: emulator.defaultProjectId });
      const [first] = rateLimits.state!['rate_limits'] as CtyObject[];
      expect(first!['id']).toMatch(/^rl-/); // the rate limit's own id, where `items` has proj_…/rl-…
      expect((rateLimits.state!['items'] as CtyObject[])[0]!['id']).toBe(`${emulator.defaultProjectId}/${first!['id'] as string}`);
      const missing = await readData('openai_project_user', { project_id: 'proj_abc' });
      expect(missing.diagnostics).toEqual([
        expect.objectContaining({ severity: 'ERROR', detail: expect.stringContaining('is required: set `project_id` and `user_id`') }),
      ]);
      expect(missing.diagnostics[0]!['attribute']).toMatchObject({ steps: [{ attribute_name: 'user_id' }] });
      const both = await readData('openai_project_user', { id: 'proj_abc/user-abc', project_id: 'proj_abc' });
      expect(both.diagnostics[0]!.detail).toContain('not both');
    });

    test('response_json never carries a secret', async () => {
      const project = (await tf.converge('project', null, tf.config('project', { name: 'svc' })))!;
      const account = (await tf.converge(
        'project_service_account',
        null,
        tf.config('project_service_account', { project_id: project['id'] as string, name: 'bot' }),
      ))!;
      expect(account['api_key_value']).toEqual(expect.stringMatching(/^sk-svcacct-/));
      // the data source's own key (a secret setting) and the account's key never show in the plain JSON
      const key = emulator.adminKey;
      const listed = await readData('openai_project_service_accounts', { project_id: project['id'] as string, api_key: key });
      const got = await readData('openai_project_service_account', { id: account['id'] as string, api_key: key });
      for (const r of [listed, got]) {
        expect(r.diagnostics).toEqual([]);
        expect(r.state!['response_json']).toContain('svc_acct_');
        expect(r.state!['response_json']).not.toContain(account['api_key_value'] as string);
        expect(r.state!['response_json']).not.toContain(key);
      }
      await tf.apply('project_service_account', account, null, null);
      await tf.apply('project', project, null, null);
    });
  });

  describe('UpgradeResourceState', () => {
    const type = 'vector_store';
    const tfType = resourceNames(registry.get(type)).terraformType;
    const t = blockType(resourceBlock(registry.get(type)));

    test('stored JSON becomes the current schema: unknown attributes dropped, absent ones null', async () => {
      const stored = { id: 'vs_1', name: 'kb', metadata: { a: 'b' }, gone_attribute: 1 };
      const r = await plugin.provider['UpgradeResourceState']!({
        type_name: tfType,
        version: 0,
        raw_state: { json: Buffer.from(JSON.stringify(stored)) },
      });
      expect(r['diagnostics']).toEqual([]);
      const v = decodeDynamic(r['upgraded_state'] as { msgpack: Buffer }, t) as CtyObject;
      expect(v).toMatchObject({ id: 'vs_1', name: 'kb', metadata: { a: 'b' }, status: null });
      expect(v).not.toHaveProperty('gone_attribute');
    });

    test('a state from a newer schema or the flatmap era is refused with the reason', async () => {
      const newer = await plugin.provider['UpgradeResourceState']!({ type_name: tfType, version: 3, raw_state: { json: Buffer.from('{}') } });
      expect((newer['diagnostics'] as Diag[])[0]!.detail).toContain('newer provider');
      const flat = await plugin.provider['UpgradeResourceState']!({ type_name: tfType, version: 0, raw_state: { flatmap: { id: 'vs_1' } } });
      expect((flat['diagnostics'] as Diag[])[0]!.detail).toContain('flatmap');
    });
  });

  test('a request that carries JSON instead of msgpack is understood', async () => {
    const type = 'project';
    const config = {
      id: null,
      name: 'json-project',
      external_key_id: null,
      residency: null,
      status: null,
      created_at: null,
      archived_at: null,
      api_key: null,
    };
    const r = await plugin.provider['PlanResourceChange']!({
      type_name: resourceNames(registry.get(type)).terraformType,
      prior_state: { json: Buffer.from('null') },
      proposed_new_state: { json: Buffer.from(JSON.stringify(config)) },
      config: { json: Buffer.from(JSON.stringify(config)) },
    });
    expect(r['diagnostics']).toEqual([]);
    expect((decodeDynamic(r['planned_state'] as { msgpack: Buffer }, blockType(tf.block(type))) as CtyObject)['name']).toBe('json-project');
  });

  test('a create that fails after the object exists returns the object with the error (Terraform saves it tainted)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-partial-'));
    writeFileSync(join(dir, 'a.txt'), 'a');
    const file = (await tf.converge('file', null, tf.config('file', { source: join(dir, 'a.txt'), purpose: 'assistants' })))!;
    const retrieve = vectorStoreRoutes.find((r) => r.method === 'get' && r.path === '/vector_stores/{vector_store_id}')!;
    const restore = overrideHandler(emulator, 'get', '/vector_stores/{vector_store_id}', (ctx) => {
      const v = retrieve.handler(ctx) as { file_counts: Record<string, number> };
      return { ...v, file_counts: { ...v.file_counts, in_progress: 0, failed: 1 } };
    });
    try {
      const config = tf.config('vector_store', { name: 'half', file_ids: [file['id'] as string] });
      const plan = await tf.plan('vector_store', null, config);
      const r = await tf.apply('vector_store', null, plan.planned, config);
      expect(r.diagnostics[0]).toMatchObject({ severity: 'ERROR', summary: 'Cannot create openai_vector_store' });
      expect(r.diagnostics[0]!.detail).toContain('failed to process');
      expect(r.state!['id']).toMatch(/^vs_/);
      expect(r.state!['name']).toBe('half');
      restore();
      await tf.apply('vector_store', r.state, null, null);
    } finally {
      restore();
      await tf.apply('file', file, null, null);
    }
  });

  test("a resource's own key is used for it, kept in state, and never shown", async () => {
    const { key } = await emulator.createProjectKey(emulator.defaultProjectId);
    emulator.requests.length = 0;
    const state = (await tf.converge('vector_store', null, tf.config('vector_store', { name: 'own-key', api_key: key })))!;
    expect(state['api_key']).toBe(key);
    const vectorStoreCalls = emulator.requests.filter((r) => r.path.startsWith('/v1/vector_stores'));
    expect(vectorStoreCalls.length).toBeGreaterThan(0);
    expect(vectorStoreCalls.map((r) => `${r.method} ${r.path} ${r.keyHint}`)).toEqual(
      vectorStoreCalls.map((r) => `${r.method} ${r.path} ${key.slice(-4)}`),
    );
    emulator.requests.length = 0;
    expect(await tf.read('vector_store', state)).toMatchObject({ state: { api_key: key } });
    await tf.apply('vector_store', state, null, null);
    expect(emulator.requests.every((r) => r.keyHint === key.slice(-4))).toBe(true);

    // A wrong own key fails the plan, at api_key, with one GET: nothing is planned that cannot be applied.
    const wrong = `sk-proj-wrong${'x'.repeat(36)}9999`;
    const before = emulator.requests.length;
    for (const name of ['bad-key', 'bad-key-again']) {
      const plan = await tf.plan('vector_store', null, tf.config('vector_store', { name, api_key: wrong }));
      expect(plan.diagnostics).toHaveLength(1);
      expect(plan.diagnostics[0]).toMatchObject({
        severity: 'ERROR',
        summary: 'Invalid api_key',
        detail: expect.stringContaining("the API key sk-proj-…9999 from the resource's `api_key` does not work"),
        attribute: { steps: [{ attribute_name: 'api_key' }] },
      });
      expect(JSON.stringify(plan.diagnostics)).not.toContain(wrong);
    }
    expect(emulator.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.keyHint}`)).toEqual(['GET /v1/models 9999']);
    expect(plugin.stderr.join('')).not.toContain(wrong);
  });

  test('a bad provider key fails the plan once per key, naming the key (redacted), its source and the fix; the key check is one GET', async () => {
    const bad = { OPENAI_API_KEY: `sk-proj-bad-provider${'y'.repeat(30)}4321`, OPENAI_ADMIN_KEY: `sk-admin-bad-provider${'z'.repeat(30)}8765` };
    const own = await start(bad);
    try {
      const t = new Terraform(own);
      expect(await t.configure({ base_url: emulator.url })).toEqual([]);
      const before = emulator.requests.length;
      for (const [type, values, hint, setting] of [
        ['vector_store', { name: 'a' }, '4321', 'OPENAI_API_KEY'],
        ['assistant', { model: 'gpt-4o' }, '4321', 'OPENAI_API_KEY'],
        ['project', { name: 'p' }, '8765', 'OPENAI_ADMIN_KEY'],
      ] as const) {
        const plan = await t.plan(type, null, t.config(type, values));
        expect(plan.diagnostics).toHaveLength(1);
        expect(plan.diagnostics[0]).toMatchObject({
          severity: 'ERROR',
          summary: 'Invalid OpenAI key',
          detail: expect.stringContaining(`…${hint} from ${setting} does not work`),
        });
        expect(plan.diagnostics[0]!.attribute ?? null).toBeNull(); // the provider's key: no attribute of the resource
        expect(plan.diagnostics[0]!.detail).toContain(`set it as \`${type === 'project' ? 'admin_api_key' : 'api_key'}\` (in the provider block)`);
        expect(plan.diagnostics[0]!.detail).not.toMatch(/pulumi|apiKey|⟦/i); // Terraform's words only
        expect(JSON.stringify(plan.diagnostics)).not.toMatch(new RegExp(`${bad.OPENAI_API_KEY}|${bad.OPENAI_ADMIN_KEY}`));
      }
      expect(emulator.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.keyHint}`)).toEqual([
        'GET /v1/models 4321',
        'GET /v1/organization/projects 8765',
      ]);
      // A resource with its own (good) key does not need the provider's.
      const good = await t.plan('vector_store', null, t.config('vector_store', { name: 'mine', api_key: emulator.projectKey }));
      expect(good.diagnostics).toEqual([]);
      expect(own.stderr.join('')).not.toMatch(new RegExp(`${bad.OPENAI_API_KEY}|${bad.OPENAI_ADMIN_KEY}`));
    } finally {
      await own.close();
    }
  });

  test('a deprecated resource type or argument in use is a warning at it (the engines show none of their own)', async () => {
    const assistant = await tf.validate('assistant', tf.config('assistant', { model: 'gpt-4o' }));
    expect(assistant).toHaveLength(1);
    expect(assistant[0]!.attribute ?? null).toBeNull(); // at the block, not at an attribute
    expect(assistant).toMatchObject([
      {
        severity: 'WARNING',
        summary: 'Deprecated resource',
        detail: expect.stringMatching(/^`openai_assistant` is deprecated: OpenAI shut the Assistants API down .*the provider's `base_url`/),
      },
    ]);
    const geography = await tf.validate('project', tf.config('project', { name: 'p', geography: 'GLOBAL' }));
    expect(geography).toHaveLength(1);
    expect(geography).toMatchObject([
      {
        severity: 'WARNING',
        summary: 'Argument is deprecated',
        detail: expect.stringMatching(/^`geography` is deprecated: use `residency`/),
        attribute: { steps: [{ attribute_name: 'geography' }] },
      },
    ]);
    expect(await tf.validate('project', tf.config('project', { name: 'p', residency: 'GLOBAL' }))).toEqual([]);
  });

  test("messages name attributes in Terraform's spelling", async () => {
    const diagnostics = await tf.validate('project', tf.config('project', { name: 'p', residency: 'GLOBAL', geography: 'GLOBAL' }));
    const [d, ...more] = diagnostics.filter((x) => x.severity === 'ERROR');
    expect(more).toEqual([]);
    expect(d).toMatchObject({
      severity: 'ERROR',
      summary: 'Invalid geography',
      detail: expect.stringContaining('set `residency` or `geography` (its older name), not both'),
      attribute: { steps: [{ attribute_name: 'geography' }] },
    });
    expect(JSON.stringify(d)).not.toMatch(/⟦|residency⟧/);
  });

  test('a value only the provider sees in the plan: derived from a local file, unknown until the path is known', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-derived-'));
    writeFileSync(join(dir, 'a.txt'), 'one');
    const config = tf.config('file', { source: join(dir, 'a.txt'), purpose: 'assistants' });
    const p = await tf.plan('file', null, config);
    expect(p.planned!['sha256']).toMatch(/^[0-9a-f]{64}$/);
    const state = (await tf.apply('file', null, p.planned, config)).state!;
    writeFileSync(join(dir, 'a.txt'), 'two');
    const changed = await tf.plan('file', state, config);
    expect(changed.requiresReplace).toContain('sha256');
    expect(changed.planned!['sha256']).not.toBe(state['sha256']);
    await tf.apply('file', state, null, null);
    const u = await tf.plan('file', null, { ...config, source: UNKNOWN });
    expect(u.diagnostics).toEqual([]);
    expect(isCtyUnknown(u.planned!['sha256'])).toBe(true);
  });
});

// Values the API returns once (a webhook's signing secret, a service account's key): sensitive wherever they
// appear in the schema, in state from the create on (refresh and update keep them), empty after an import, and
// never in the provider's output, with debug logging on.
describe.each(secretOutputs().map(([spec, names]) => [spec.name, names] as const))('%s: secret outputs stay secret', (type, secrets) => {
  let plugin: Plugin;
  let tf: Terraform;
  const s = scenarioOf(type);
  beforeAll(async () => {
    plugin = await startPlugin({ OPENAI_IAC_DEBUG: '1' });
    tf = new Terraform(plugin);
    expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
  });
  afterAll(async () => plugin?.close());

  test('sensitive in the resource, the data source and the list data source', async () => {
    const schema = (await plugin.provider['GetProviderSchema']!({})) as unknown as ProviderSchema;
    const names = resourceNames(registry.get(type));
    const attrs = (m: SchemaMessage | undefined) => m?.block.attributes ?? [];
    const flag = (list: AttributeMessage[], name: string) => list.find((a) => a.name === name)?.sensitive;
    for (const name of secrets) {
      expect([name, flag(attrs(schema.resource_schemas[names.terraformType]), name)]).toEqual([name, true]);
      expect([name, flag(attrs(schema.data_source_schemas[names.terraformType]), name)]).toEqual([name, true]);
      const items = attrs(schema.data_source_schemas[names.terraformListType]).find((a) => a.name === 'items');
      if (items) expect([name, flag(items.nested_type!.attributes, name)]).toEqual([name, true]);
    }
  });

  test('kept from the create through refresh and update, empty after import, never logged', async () => {
    const c: Clients = {
      project: new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 }),
      admin: new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 }),
    };
    const steps = stepInputs(s, s.setup ? await s.setup(c) : {});
    let state = (await tf.converge(type, null, tf.config(type, steps.create)))!;
    const values = secrets.map((name) => state[name]);
    for (const v of values) expect(v).toEqual(expect.any(String));
    state = (await tf.read(type, state)).state!;
    expect(secrets.map((name) => state[name])).toEqual(values);
    if (steps.update) {
      const plan = await tf.plan(type, state, tf.config(type, steps.update));
      for (const name of secrets) expect(isCtyUnknown(plan.planned![name])).toBe(true); // an output of an update
      state = (await tf.apply(type, state, plan.planned, tf.config(type, steps.update))).state!;
      expect(secrets.map((name) => state[name])).toEqual(values);
    }
    const imported = await tf.import(type, state['id'] as string);
    expect(secrets.map((name) => imported.states[0]![name])).toEqual(secrets.map(() => null));
    await tf.apply(type, state, null, null);
    const output = plugin.stderr.join('');
    expect(output).toContain('openai-iac:'); // debug lines were written
    for (const v of values) expect(output).not.toContain(v as string);
  });
});

function secretOutputs(): Array<[ResourceSpec, string[]]> {
  return registry.resources
    .map(
      (spec) =>
        [
          spec,
          Object.entries(spec.properties)
            .filter(([, p]) => p.secret && p.input === 'output')
            .map(([n]) => n),
        ] as [ResourceSpec, string[]],
    )
    .filter(([, names]) => names.length > 0);
}
