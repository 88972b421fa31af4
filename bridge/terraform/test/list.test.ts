// List resources over the real gRPC surface: `terraform query`'s ListResource stream (identity, display name,
// the resource object on request, `limit`) and ValidateListResourceConfig (bad config names the attribute).
import { registry, resourceNames } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { blockType, resourceBlock } from '../src/schema';
import { decodeDynamic, dynamic, type CtyObject } from '../src/msgpack';
import { MODES, type Plugin } from './harness';
import { Terraform, type Diag } from './terraform';

jest.setTimeout(60_000);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true });
});
afterAll(async () => emulator?.close());

interface Event {
  identity: { identity_data: { msgpack: Buffer } } | null;
  display_name: string;
  resource_object?: { msgpack: Buffer } | null;
  diagnostic: Diag[];
}

function listEvents(plugin: Plugin, req: object): Promise<Event[]> {
  return new Promise((resolve, reject) => {
    const out: Event[] = [];
    const stream = (plugin.providerClient as unknown as Record<string, (r: object) => NodeJS.EventEmitter>)['ListResource']!(req);
    stream.on('data', (e: Event) => out.push(e));
    stream.on('error', reject);
    stream.on('end', () => resolve(out));
  });
}

const IDENTITY = ['object', { id: 'string' }] as const;
const idOf = (e: Event) => (decodeDynamic(e.identity!.identity_data, IDENTITY) as CtyObject)['id'];

describe.each(MODES)('%s', (_mode, start) => {
  let plugin: Plugin;
  let tf: Terraform;
  const created: string[] = [];
  const vs = resourceNames(registry.get('vector_store')).terraformType;
  const vsf = resourceNames(registry.get('vector_store_file')).terraformType;
  const empty = { msgpack: dynamic({}, ['object', {}]).msgpack };

  beforeAll(async () => {
    plugin = await start();
    tf = new Terraform(plugin);
    expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
    for (const name of ['one', 'two', 'three']) {
      const state = (await tf.converge('vector_store', null, tf.config('vector_store', { name: `list-${name}` })))!;
      created.push(state['id'] as string);
    }
  });
  afterAll(async () => plugin?.close());

  test('metadata and schemas advertise the listable resources, with an identity schema each', async () => {
    const meta = await plugin.provider['GetMetadata']!({});
    expect((meta['list_resources'] as { type_name: string }[]).map((r) => r.type_name)).toEqual(expect.arrayContaining([vs, vsf]));
    const schema = await plugin.provider['GetProviderSchema']!({});
    const lists = schema['list_resource_schemas'] as Record<string, { block: { attributes: { name: string; required: boolean }[] } }>;
    expect(lists[vs]!.block.attributes).toEqual([]);
    expect(lists[vsf]!.block.attributes).toContainEqual(expect.objectContaining({ name: 'vector_store_id', required: true }));
    const ids = await plugin.provider['GetResourceIdentitySchemas']!({});
    expect(
      (ids['identity_schemas'] as Record<string, { identity_attributes: { name: string }[] }>)[vs]!.identity_attributes.map((a) => a.name),
    ).toEqual(['id']);
  });

  test('each object is one event with its identity and display name; no resource object unless asked', async () => {
    const events = await listEvents(plugin, { type_name: vs, config: empty, include_resource_object: false, limit: 100 });
    expect(events.every((e) => e.diagnostic.length === 0)).toBe(true);
    expect(events.map(idOf)).toEqual(expect.arrayContaining(created));
    const first = events.find((e) => idOf(e) === created[0])!;
    expect(first.display_name).toBe(`list-one (${created[0]})`);
    expect(first.resource_object ?? null).toBeNull();
  });

  test('limit stops the stream', async () => {
    const events = await listEvents(plugin, { type_name: vs, config: empty, include_resource_object: false, limit: 2 });
    expect(events).toHaveLength(2);
  });

  test('include_resource_object sends the state in the resource schema', async () => {
    const events = await listEvents(plugin, { type_name: vs, config: empty, include_resource_object: true, limit: 100 });
    const e = events.find((x) => idOf(x) === created[1])!;
    const state = decodeDynamic(e.resource_object!, blockType(resourceBlock(registry.get('vector_store')))) as CtyObject;
    expect(state).toMatchObject({ id: created[1], name: 'list-two' });
  });

  test('a config without a required list argument fails, naming it, before any request', async () => {
    const before = emulator.counts();
    const t = blockType(registry.get('vector_store_file').listArgs!);
    const config = { msgpack: dynamic({ vector_store_id: null, filter: null }, t).msgpack };
    const v = await plugin.provider['ValidateListResourceConfig']!({ type_name: vsf, config });
    expect(JSON.stringify(v['diagnostics'])).toContain('vector_store_id');
    const events = await listEvents(plugin, { type_name: vsf, config, include_resource_object: false, limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]!.diagnostic[0]).toMatchObject({ severity: 'ERROR' });
    expect(JSON.stringify(events[0]!.diagnostic)).toContain('vector_store_id');
    expect(emulator.counts()).toEqual(before);
  });

  test('an import by identity (what -generate-config-out writes) imports the object and answers its identity; reads carry it', async () => {
    const identity = { identity_data: dynamic({ id: created[2]! }, IDENTITY) };
    const r = await plugin.provider['ImportResourceState']!({ type_name: vs, id: '', identity });
    expect(r['diagnostics']).toEqual([]);
    const [imported] = r['imported_resources'] as { state: { msgpack: Buffer }; identity: Event['identity'] }[];
    expect(decodeDynamic(imported!.state, blockType(resourceBlock(registry.get('vector_store'))))).toMatchObject({
      id: created[2],
      name: 'list-three',
    });
    expect(decodeDynamic(imported!.identity!.identity_data, IDENTITY)).toEqual({ id: created[2] });
    const read = await plugin.provider['ReadResource']!({ type_name: vs, current_state: imported!.state });
    expect(decodeDynamic((read['new_identity'] as Event['identity'])!.identity_data, IDENTITY)).toEqual({ id: created[2] });
  });

  test('files of one vector store, by its id', async () => {
    const t = blockType(registry.get('vector_store_file').listArgs!);
    const config = { msgpack: dynamic({ vector_store_id: created[0]!, filter: null }, t).msgpack };
    expect((await plugin.provider['ValidateListResourceConfig']!({ type_name: vsf, config }))['diagnostics']).toEqual([]);
    expect(await listEvents(plugin, { type_name: vsf, config, include_resource_object: false, limit: 10 })).toEqual([]);
  });
});
