// The plugin over the real protocol, apart from per-resource lifecycles: start-up, plugin info, schema,
// provider configuration, functions, errors, cancellation and what reaches the engine's log.
import OpenAI from 'openai';
import { registry, resourceNames, resources } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import type * as pb from '@pulumi/pulumi/proto/provider_pb';
import { vectorStoreRoutes } from '../../../emulator/src/routes/vector-stores';
import { overrideHandler } from '../../../emulator/src/testing';
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from '../src/marshal';
import { emptypb, enginepb, grpc, pluginpb, providerpb } from '../src/proto';
import { schemaJson } from '../src/schema';
import { VERSION } from '../src/version';
import { buildPlugin, removePlugin, eventually, FakeEngine, initFailure, Plugin, Session, type RpcError, type Wire } from './harness';

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const { DIFF_NONE, DIFF_SOME } = providerpb.DiffResponse.DiffChanges;
const { UPDATE, ADD } = providerpb.PropertyDiff.Kind;

/** A project-key resource with a list function. */
const anyResource = resources.find((r) => r.key === 'project' && r.handlers.list)!;
const token = (name: string) => resourceNames(registry.get(name)).pulumiToken;

let launcher: string;
let emulator: Emulator;
let engine: FakeEngine;
const plugins: Plugin[] = [];

async function start(env: Record<string, string> = {}, withEngine = true): Promise<Session> {
  const plugin = await Plugin.start(launcher, { env, ...(withEngine ? { engine: engine.address } : {}) });
  plugins.push(plugin);
  return new Session(plugin);
}

const config = (): Wire => ({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey });

beforeAll(async () => {
  [launcher, emulator, engine] = await Promise.all([buildPlugin(), startEmulator({ vectorStoreFileDelayMs: 300 }), FakeEngine.start()]);
}, 60_000);

afterEach(() => emulator.reset());

afterAll(async () => {
  await Promise.all(plugins.map((p) => p.close()));
  removePlugin(launcher);
  engine.close();
  await emulator.close();
});

describe('start-up', () => {
  test('the first and only stdout line is the port; GetPluginInfo reports the package version', async () => {
    const s = await start();
    const info = await s.plugin.call<import('@pulumi/pulumi/proto/plugin_pb').PluginInfo>('getPluginInfo', new emptypb.Empty());
    expect(info.getVersion()).toBe(VERSION);
    expect(s.plugin.stdout.join('')).toBe(`${s.plugin.port}\n`);
  });

  test('Handshake accepts secrets and takes the engine address', async () => {
    const s = await start({}, false);
    const res = await s.plugin.call<pb.ProviderHandshakeResponse>(
      'handshake',
      new providerpb.ProviderHandshakeRequest().setEngineAddress(engine.address),
    );
    expect(res.getAcceptSecrets()).toBe(true);
    expect(res.getAcceptResources()).toBe(false);
    expect(res.getAcceptOutputs()).toBe(false);
  });

  test('GetSchema serves the generated schema; GetMapping(s) are empty; Parameterize is unimplemented', async () => {
    const s = await start();
    const schema = await s.plugin.call<pb.GetSchemaResponse>('getSchema', new providerpb.GetSchemaRequest().setVersion(0));
    expect(schema.getSchema()).toBe(schemaJson(resources));
    const mapping = await s.plugin.call<pb.GetMappingResponse>('getMapping', new providerpb.GetMappingRequest().setKey('terraform'));
    expect(mapping.getProvider()).toBe('');
    const mappings = await s.plugin.call<pb.GetMappingsResponse>('getMappings', new providerpb.GetMappingsRequest().setKey('terraform'));
    expect(mappings.getProvidersList()).toEqual([]);
    await expect(s.plugin.call('parameterize', new providerpb.ParameterizeRequest())).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });
});

describe('provider configuration', () => {
  test('CheckConfig wraps secrets, coerces stack-config strings and passes the engine keys through', async () => {
    const s = await start();
    const res = await s.checkConfig({ apiKey: 'sk-proj-abcdefghijklmnop', maxRetries: '3', requestTimeout: 30, version: '0.1.0' });
    expect(res.failures).toEqual([]);
    expect(res.inputs).toEqual({ apiKey: secret('sk-proj-abcdefghijklmnop'), maxRetries: 3, requestTimeout: 30, version: '0.1.0' });
  });

  test('CheckConfig names bad settings in camelCase', async () => {
    const s = await start();
    const res = await s.checkConfig({ baseUrl: 'ftp://example.com', maxRetries: 99, apiKeyy: 'x' });
    expect(res.failures.map((f) => f.property).sort()).toEqual(['apiKeyy', 'baseUrl', 'maxRetries']);
    expect(res.failures.find((f) => f.property === 'apiKeyy')!.reason).toMatch(/did you mean 'api_key'|not a known property/);
  });

  test('DiffConfig reports changed settings as updates, never replacements', async () => {
    const s = await start();
    const none = await s.diffConfig({ baseUrl: 'http://a/v1', version: '0.1.0' }, { baseUrl: 'http://a/v1', version: '0.2.0' });
    expect(none.changes).toBe(DIFF_NONE);
    const some = await s.diffConfig({ baseUrl: 'http://a/v1' }, { baseUrl: 'http://b/v1', maxRetries: '4' });
    expect(some).toMatchObject({ changes: DIFF_SOME, replaces: [], detailed: { baseUrl: UPDATE, maxRetries: ADD } });
  });

  test.each(['args', 'variables'] as const)('Configure with %s: the settings are used', async (mode) => {
    const s = await start();
    const res = await s.configure({ ...config(), maxRetries: 0 }, mode);
    expect(res.getAcceptsecrets()).toBe(true);
    expect(res.getSupportspreview()).toBe(true);
    const list = await s.invoke(resourceNames(anyResource).pulumiListToken, {});
    expect(list.failures).toEqual([]);
    expect(emulator.requests.at(-1)!.keyHint).toBe(emulator.projectKey.slice(-4));
  });

  test('Configure rejects invalid settings with the property named', async () => {
    const s = await start();
    await expect(s.configure({ baseUrl: 'not a url' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining('baseUrl: must be an http(s) URL'),
    });
  });

  test('without any key, an operation says which setting to make', async () => {
    const s = await start();
    await s.configure({ baseUrl: emulator.url });
    await expect(s.create(token('file'), { content: 'x', filename: 'x.txt', purpose: 'assistants' })).rejects.toMatchObject({
      details: expect.stringContaining('openai:apiKey'),
    });
  });
});

describe('errors', () => {
  test('an unknown resource type or function is INVALID_ARGUMENT and lists what exists', async () => {
    const s = await start();
    await s.configure(config());
    await expect(s.check('openai:index:Nope', {})).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining(anyResource.name),
    });
    await expect(s.invoke('openai:index:getNope', {})).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringContaining(resourceNames(anyResource).pulumiGetToken),
    });
  });

  test('a function with bad arguments answers failures; get of a missing id is NOT_FOUND', async () => {
    const s = await start();
    await s.configure(config());
    const get = resourceNames(registry.get('vector_store')).pulumiGetToken;
    expect((await s.invoke(get, {})).failures).toEqual([{ property: 'id', reason: expect.stringContaining('is required') }]);
    await expect(s.invoke(get, { id: 'vs_missing' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  test('listVectorStoreSearch: the results of a search with a filter; bad arguments are failures, before any request', async () => {
    const s = await start();
    await s.configure(config());
    const sdk = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 });
    const store = (await sdk.vectorStores.create({ name: 'searched' })).id;
    for (const [name, year] of [
      ['old.md', 2020],
      ['new.md', 2025],
    ] as const) {
      const f = await sdk.files.create({ file: new File([`the policy of ${year}`], name), purpose: 'assistants' });
      await sdk.vectorStores.files.create(store, { file_id: f.id, attributes: { year } });
    }
    const search = resourceNames(registry.get('vector_store_search')).pulumiListToken;
    expect(search).toBe('openai:index:listVectorStoreSearch');
    await new Promise((r) => setTimeout(r, 350)); // ingestion (vectorStoreFileDelayMs 300)
    const { result, failures } = await s.invoke(search, { vectorStoreId: store, query: 'policy', filters: { type: 'gt', key: 'year', value: 2024 } });
    expect(failures).toEqual([]);
    expect(result['items']).toEqual([
      expect.objectContaining({ filename: 'new.md', score: 1, attributes: { year: 2025 }, searchQuery: ['policy'], vectorStoreId: store }),
    ]);
    const before = emulator.requests.length;
    const bad = await s.invoke(search, { vectorStoreId: store, query: 'policy', maxNumResults: 99 });
    expect(bad.failures).toEqual([{ property: 'maxNumResults', reason: expect.stringContaining('at most 50') }]);
    expect(emulator.requests.slice(before).map((r) => r.path)).toEqual([]);
  });

  /** From now on, every file a vector store holds fails to process. */
  const failVectorStoreFiles = () => {
    const retrieve = vectorStoreRoutes.find((r) => r.method === 'get' && r.path === '/vector_stores/{vector_store_id}')!;
    return overrideHandler(emulator, 'get', '/vector_stores/{vector_store_id}', (ctx) => {
      for (const f of Object.values(ctx.store.tables.vector_store_files))
        if (f.vector_store_id === ctx.params['vector_store_id']) f._final = 'failed';
      return retrieve.handler(ctx);
    });
  };

  test('a partial create carries ErrorResourceInitFailed with the id and the state, for the engine to keep', async () => {
    const restore = failVectorStoreFiles();
    try {
      const s = await start();
      await s.configure(config());
      const sdk = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url });
      const file = await sdk.files.create({ file: new File(['x'], 'x.txt'), purpose: 'assistants' });
      const type = token('vector_store');
      const { inputs } = await s.check(type, { name: 'partial', fileIds: [file.id] });
      const e = (await s.create(type, inputs).catch((err: unknown) => err)) as RpcError;
      const detail = initFailure(e);
      expect(detail).toBeDefined();
      expect(detail!.getId()).toMatch(/^vs_/);
      expect(detail!.getProperties()!.toJavaScript()).toMatchObject({ name: 'partial', fileIds: [file.id], fileCounts: { failed: 1 } });
      expect(detail!.getReasonsList()[0]).toContain('failed to process');
    } finally {
      restore();
    }
  });

  test('a partial update keeps the configured values (its own apiKey, secret) in the state it hands back', async () => {
    const s = await start();
    await s.configure({ baseUrl: emulator.url });
    const sdk = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url });
    const [a, b] = await Promise.all(['a', 'b'].map((n) => sdk.files.create({ file: new File([n], `${n}.txt`), purpose: 'assistants' })));
    const type = token('vector_store');
    const olds = (await s.check(type, { fileIds: [a!.id], description: 'kept as configured', apiKey: emulator.projectKey })).inputs;
    const created = await s.create(type, olds);
    const news = (await s.check(type, { ...olds, fileIds: [a!.id, b!.id] })).inputs;
    const restore = failVectorStoreFiles();
    try {
      const e = (await s.update(type, created.id, created.properties, news).catch((err: unknown) => err)) as RpcError;
      const detail = initFailure(e);
      expect(detail?.getId()).toBe(created.id);
      expect(detail!.getProperties()!.toJavaScript()).toMatchObject({
        description: 'kept as configured',
        apiKey: secret(emulator.projectKey),
        fileCounts: { failed: 2 },
      });
    } finally {
      restore();
    }
  });

  test('Cancel stops waits in flight', async () => {
    const slow = await startEmulator({ vectorStoreFileDelayMs: 60_000 });
    try {
      const s = await start();
      await s.configure({ baseUrl: slow.url, apiKey: slow.projectKey });
      const sdk = new OpenAI({ apiKey: slow.projectKey, baseURL: slow.url });
      const file = await sdk.files.create({ file: new File(['x'], 'x.txt'), purpose: 'assistants' });
      const type = token('vector_store');
      const { inputs } = await s.check(type, { fileIds: [file.id] });
      const creating = s.create(type, inputs).catch((e: unknown) => e as RpcError);
      await new Promise((r) => setTimeout(r, 1500));
      await s.plugin.call('cancel', new emptypb.Empty());
      expect(await creating).toMatchObject({ details: expect.stringContaining('cancelled') });
    } finally {
      await slow.close();
    }
  });
});

describe('engine log', () => {
  test('progress reaches the engine as ephemeral lines on the resource; debug lines carry no key', async () => {
    const s = await start({ PULUMI_OPENAI_DEBUG: '1' });
    await s.configure(config());
    const sdk = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url });
    const file = await sdk.files.create({ file: new File(['x'], 'x.txt'), purpose: 'assistants' });
    const type = token('vector_store');
    const { inputs } = await s.check(type, { name: 'progress', fileIds: [file.id] });
    const created = await s.create(type, inputs);
    await s.delete(type, created.id, created.properties);
    await eventually(() => engine.logs.some((l) => l.message.includes('DELETE /vector_stores')));
    const mine = engine.logs.filter((l) => l.urn.endsWith(`${type}::test`));
    expect(mine.some((l) => l.ephemeral && /files processed/.test(l.message))).toBe(true);
    expect(mine.some((l) => l.message.startsWith('debug: ') && l.message.includes('POST /vector_stores'))).toBe(true);
    const everything = engine.logs.map((l) => l.message).join('\n') + s.plugin.stderr;
    expect(everything).not.toContain(emulator.projectKey);
    expect(everything).not.toContain(emulator.adminKey);
  });

  test("a deprecated resource's notice is one warning on its URN per resource, in Pulumi's spelling", async () => {
    const s = await start();
    await s.configure(config());
    const type = token('assistant');
    for (const name of ['tutor', 'tutor', 'helper']) expect((await s.check(type, { model: 'gpt-4o' }, {}, name)).failures).toEqual([]);
    const warned = () => engine.logs.filter((l) => l.severity === enginepb.LogSeverity.WARNING && l.urn.includes(`${type}::`));
    await eventually(() => warned().length >= 2);
    await new Promise((r) => setTimeout(r, 200)); // a duplicate would arrive meanwhile
    expect(
      warned()
        .map((l) => l.urn.split('::').pop())
        .sort(),
    ).toEqual(['helper', 'tutor']);
    for (const { message } of warned()) {
      expect(message).toContain('Assistants API down');
      expect(message).toContain('`baseUrl`');
      expect(message).not.toMatch(/base_url|⟦/);
    }
  });

  test('a deprecated property in use is a warning on the resource, naming it and its replacement', async () => {
    const s = await start();
    await s.configure(config());
    const type = token('project');
    expect((await s.check(type, { name: 'p', geography: 'GLOBAL' }, {}, 'legacy')).failures).toEqual([]);
    expect((await s.check(type, { name: 'p', residency: 'GLOBAL' }, {}, 'current')).failures).toEqual([]);
    const warned = () => engine.logs.filter((l) => l.severity === enginepb.LogSeverity.WARNING && l.urn.includes(`${type}::`));
    await eventually(() => warned().length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(warned().map((l) => [l.urn.split('::').pop(), l.message])).toEqual([
      ['legacy', expect.stringMatching(/^`geography` is deprecated: use `residency`: `geography` is sent as/)],
    ]);
  });

  test("check failures name properties in Pulumi's spelling", async () => {
    const s = await start();
    await s.configure(config());
    const { failures } = await s.check(token('project'), { name: 'p', description: 'not an API field' });
    expect(failures).toEqual([
      { property: 'description', reason: expect.stringContaining('only `name`, `externalKeyId` and `residency`); remove `description`') },
    ]);
  });

  test('Attach points the log at the engine (PULUMI_DEBUG_PROVIDERS)', async () => {
    const s = await start({ PULUMI_OPENAI_DEBUG: '1' }, false);
    await s.plugin.call('attach', new pluginpb.PluginAttach().setAddress(engine.address));
    await s.configure(config());
    const before = engine.logs.length;
    await s.invoke(resourceNames(anyResource).pulumiListToken, {});
    await eventually(() => engine.logs.length > before);
    expect(engine.logs.length).toBeGreaterThan(before);
  });
});

describe('preview with unknown values', () => {
  const sent = (from: number) => emulator.requests.slice(from).map((r) => `${r.method} ${r.path} ${r.keyHint}`);

  test("unknown inputs stay unknown; the only request is one check of the provider's key", async () => {
    const s = await start();
    await s.configure(config());
    const type = token('vector_store');
    const before = emulator.requests.length;
    const checked = await s.check(type, { name: UNKNOWN_VALUE, fileIds: [UNKNOWN_VALUE] });
    expect(checked.failures).toEqual([]);
    const preview = await s.create(type, checked.inputs, true);
    expect(preview.id).toBe('');
    expect(preview.properties).toMatchObject({ name: UNKNOWN_VALUE, fileIds: [UNKNOWN_VALUE], createdAt: UNKNOWN_VALUE });
    expect((await s.check(type, { name: 'again' })).failures).toEqual([]);
    expect(sent(before)).toEqual([`GET /v1/models ${emulator.projectKey.slice(-4)}`]);
  });

  test('unknown provider settings are treated as unset, and no key is checked against them', async () => {
    for (const unknown of [{ apiKey: UNKNOWN_VALUE }, { baseUrl: UNKNOWN_VALUE }]) {
      const s = await start({ OPENAI_API_KEY: 'sk-proj-would-fail-if-checked-00000000' });
      await s.configure({ ...config(), ...unknown });
      const before = emulator.requests.length;
      const checked = await s.check(token('vector_store'), { name: 'x' });
      expect([unknown, checked.failures]).toEqual([unknown, []]);
      expect((await s.create(token('vector_store'), checked.inputs, true)).id).toBe('');
      expect(sent(before)).toEqual([]);
    }
  });
});

describe("the provider's own key, proven at preview", () => {
  test.each([
    ['apiKey', 'project', 'file', 'provider configuration'],
    ['adminApiKey', 'admin', 'project', 'provider configuration'],
    ['OPENAI_API_KEY', 'project', 'vector_store', 'OPENAI_API_KEY'],
  ])('a bad %s fails Check (no property: the provider is at fault) and the create preview, once per key', async (setting, kind, resource, source) => {
    const bad = `${kind === 'admin' ? 'sk-admin' : 'sk-proj'}-bad-provider-key-for-preview-${resource.length}7654`;
    const fromEnv = setting.startsWith('OPENAI_');
    const s = await start(fromEnv ? { [setting]: bad } : {});
    await s.configure(fromEnv ? { baseUrl: emulator.url } : { ...config(), [setting]: bad });
    const type = token(resource);
    const inputs = resource === 'file' ? { content: 'x', filename: 'x.txt', purpose: 'assistants' } : { name: 'x' };
    const before = emulator.requests.length;
    const { failures } = await s.check(type, inputs);
    const pulumiName = kind === 'admin' ? 'openai:adminApiKey' : 'openai:apiKey';
    expect(failures).toEqual([{ property: '', reason: expect.stringContaining(`${kind === 'admin' ? 'admin key' : 'API key'} `) }]);
    expect(failures[0]!.reason).toContain(
      `${kind === 'admin' ? 'sk-admin' : 'sk-proj'}-…${bad.slice(-4)} from ${source} does not work against ${emulator.url}`,
    );
    expect(failures[0]!.reason).toContain(`pulumi config set --secret ${pulumiName}`);
    await expect(s.create(type, inputs, true)).rejects.toMatchObject({ details: expect.stringContaining('does not work') });
    expect(emulator.requests.slice(before).map((r) => `${r.method} ${r.keyHint}`)).toEqual([`GET ${bad.slice(-4)}`]);
    const everything = JSON.stringify(failures) + s.plugin.stderr;
    expect(everything).not.toContain(bad);
  });
});
