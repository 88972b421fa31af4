// Resource identity (protocol 6.9+): a schema for every managed resource, the identity beside every state the
// provider answers with, and import by identity (an empty id and the identity's values), with a diagnostic
// naming the attribute when one is missing or malformed, before any request.
import OpenAI from 'openai';
import { idFromIdentity, identityFailures, identityFromId, identityOf, managed, registry, resourceNames, type ResourceSpec } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { scenarioOf, stepInputs, type Clients } from '../../conformance/scenarios';
import { decodeDynamic, dynamic, type CtyObject, type CtyType } from '../src/msgpack';
import { identityType } from '../src/identity';
import { blockType } from '../src/schema';
import { MODES, type Plugin } from './harness';
import { Terraform, type Diag } from './terraform';

jest.setTimeout(60_000);

let emulator: Emulator;
let plugin: Plugin;
let tf: Terraform;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, vectorStoreFileDelayMs: 20, quiet: true });
  plugin = await MODES[0]![1]();
  tf = new Terraform(plugin);
  expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
});

afterAll(async () => {
  await plugin?.close();
  await emulator?.close();
});

const resources = managed(registry.resources);
const spec = (name: string): ResourceSpec => registry.get(name);
const typeOf = (name: string): CtyType => identityType(spec(name));
const identityValue = (name: string, r: unknown) =>
  r ? (decodeDynamic((r as { identity_data: { msgpack: Buffer } }).identity_data, typeOf(name)) as Record<string, string>) : undefined;

async function rpc(name: string, req: Record<string, unknown>): Promise<Record<string, unknown>> {
  return plugin.provider[name]!(req);
}

async function importBy(type: string, identity: Record<string, string | null>) {
  const r = await rpc('ImportResourceState', {
    type_name: tf.tfType(type),
    id: '',
    identity: { identity_data: dynamic(identity, typeOf(type)) },
  });
  const imported = r['imported_resources'] as Array<{ state: unknown; identity: unknown }>;
  return { imported, diagnostics: r['diagnostics'] as Diag[] };
}

describe('the identity of each resource, decided in the core', () => {
  test.each(resources.map((s) => [s.name, s] as const))('%s: id ↔ identity round-trips its example id', (_name, s) => {
    const identity = identityFromId(s, s.import.example);
    expect(Object.keys(identity)).toEqual(identityOf(s).attributes.map((a) => a.name));
    expect(identityFailures(s, identity)).toEqual([]);
    expect(idFromIdentity(s, identity)).toBe(s.import.example);
  });

  test('composite ids have their parts as identity; a singleton may leave its id out', () => {
    const names = (n: string) => identityOf(spec(n)).attributes.map((a) => [a.name, a.requiredForImport]);
    expect(names('vector_store')).toEqual([['id', true]]);
    expect(names('vector_store_file')).toEqual([
      ['vector_store_id', true],
      ['file_id', true],
    ]);
    expect(names('project')).toEqual([['project_id', true]]);
    expect(names('project_user_role')).toEqual([
      ['project_id', true],
      ['user_id', true],
      ['role_id', true],
    ]);
    expect(names('organization_spend_limit')).toEqual([['id', false]]);
    expect(idFromIdentity(spec('organization_spend_limit'), {})).toBe('organization');
    expect(identityFromId(spec('vector_store_file'), 'vs_1/file-2')).toEqual({ vector_store_id: 'vs_1', file_id: 'file-2' });
  });
});

describe('GetResourceIdentitySchemas', () => {
  test('every managed resource, version 0, string attributes required or optional for import', async () => {
    const r = await rpc('GetResourceIdentitySchemas', {});
    expect(r['diagnostics']).toEqual([]);
    const schemas = r['identity_schemas'] as Record<string, { version: number; identity_attributes: Array<Record<string, unknown>> }>;
    expect(Object.keys(schemas).sort()).toEqual(resources.map((s) => resourceNames(s).terraformType).sort());
    for (const s of resources) {
      const schema = schemas[resourceNames(s).terraformType]!;
      expect(Number(schema.version)).toBe(0);
      expect(schema.identity_attributes.map((a) => a['name'])).toEqual(identityOf(s).attributes.map((a) => a.name));
      for (const a of schema.identity_attributes) {
        expect(JSON.parse(Buffer.from(a['type'] as Buffer).toString('utf8'))).toBe('string');
        expect(a['required_for_import']).toBe(!a['optional_for_import']);
        expect(a['description']).toEqual(expect.stringMatching(/\S/));
      }
    }
  });

  test('UpgradeResourceIdentity keeps a version-0 identity and refuses another version', async () => {
    const raw = { json: Buffer.from(JSON.stringify({ vector_store_id: 'vs_1', file_id: 'file-2' })) };
    const ok = await rpc('UpgradeResourceIdentity', { type_name: 'openai_vector_store_file', version: 0, raw_identity: raw });
    expect(ok['diagnostics']).toEqual([]);
    expect(identityValue('vector_store_file', ok['upgraded_identity'])).toEqual({ vector_store_id: 'vs_1', file_id: 'file-2' });
    const bad = await rpc('UpgradeResourceIdentity', { type_name: 'openai_vector_store_file', version: 3, raw_identity: raw });
    expect(bad['diagnostics']).toEqual([expect.objectContaining({ severity: 'ERROR', summary: 'Cannot upgrade resource identity' })]);
  });
});

describe.each([
  ['vector_store', (s: CtyObject) => ({ id: s['id'] as string })],
  ['vector_store_file', (s: CtyObject) => ({ vector_store_id: s['vector_store_id'] as string, file_id: s['file_id'] as string })],
] as const)('%s: identity beside every state', (type, expected) => {
  let state: CtyObject;
  let config: CtyObject;

  beforeAll(async () => {
    const c: Clients = {
      project: new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 }),
      admin: new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 }),
    };
    const s = scenarioOf(type);
    const steps = stepInputs(s, s.setup ? await s.setup(c) : {});
    config = tf.config(type, steps.create);
    const t = blockType(tf.block(type));
    const plan = await rpc('PlanResourceChange', {
      type_name: tf.tfType(type),
      prior_state: dynamic(null, t),
      proposed_new_state: dynamic(config, t),
      config: dynamic(config, t),
    });
    expect(plan['diagnostics']).toEqual([]);
    expect(plan['planned_identity']).toBeFalsy(); // a create: the identity is known once the object is
    const planned = decodeDynamic(plan['planned_state'] as { msgpack: Buffer }, t);
    const applied = await rpc('ApplyResourceChange', {
      type_name: tf.tfType(type),
      prior_state: dynamic(null, t),
      planned_state: dynamic(planned, t),
      config: dynamic(config, t),
    });
    expect(applied['diagnostics']).toEqual([]);
    state = decodeDynamic(applied['new_state'] as { msgpack: Buffer }, t) as CtyObject;
    expect(identityValue(type, applied['new_identity'])).toEqual(expected(state));
  });

  test('ReadResource and an in-place PlanResourceChange answer the same identity', async () => {
    const t = blockType(tf.block(type));
    const read = await rpc('ReadResource', { type_name: tf.tfType(type), current_state: dynamic(state, t) });
    expect(read['diagnostics']).toEqual([]);
    expect(identityValue(type, read['new_identity'])).toEqual(expected(state));
    const r = await rpc('PlanResourceChange', {
      type_name: tf.tfType(type),
      prior_state: dynamic(state, t),
      proposed_new_state: dynamic(config, t),
      config: dynamic(config, t),
    });
    expect(r['diagnostics']).toEqual([]);
    expect(r['requires_replace']).toEqual([]);
    expect(identityValue(type, r['planned_identity'])).toEqual(expected(state));
  });

  test('import by identity: an empty id, the object found from the identity, its identity answered', async () => {
    const byId = await tf.import(type, state['id'] as string);
    const r = await importBy(type, expected(state));
    expect(r.diagnostics).toEqual([]);
    expect(r.imported).toHaveLength(1);
    const t = blockType(tf.block(type));
    expect(decodeDynamic(r.imported[0]!.state as { msgpack: Buffer }, t)).toEqual(byId.states[0]);
    expect(identityValue(type, r.imported[0]!.identity)).toEqual(expected(state));
  });
});

describe('a bad identity fails before any request, naming the attribute', () => {
  test.each([
    ['vector_store_file', { vector_store_id: 'vs_abc', file_id: null }, 'file_id', /is required to import by identity/],
    ['vector_store_file', { vector_store_id: 'vs_abc', file_id: 'nope' }, 'file_id', /does not name a vector_store_file/],
    ['vector_store_file', { vector_store_id: 'vs_a/b', file_id: 'file-1' }, 'vector_store_id', /must not contain/],
    ['project_user_role', { project_id: 'proj_1', user_id: 'user-1', role_id: null }, 'role_id', /is required/],
    ['vector_store', { id: 'asst_1' }, 'id', /does not name a vector_store/],
  ] as const)('%s %j → %s', async (type, identity, attribute, message) => {
    const before = emulator.requests.length;
    const r = await importBy(type, identity);
    expect(r.imported).toEqual([]);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', summary: `Invalid identity attribute ${attribute}`, detail: expect.stringMatching(message) }),
    ]);
    expect(r.diagnostics[0]!.detail).toContain(`\`${attribute}\``);
    expect(emulator.requests.length).toBe(before); // nothing was asked of the API
  });
});
