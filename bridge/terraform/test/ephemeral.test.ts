// Ephemeral resources over tfplugin6: what GetMetadata and GetProviderSchema list, validation that names the
// argument before any request, Open handing out a working key with only ids in `private`, Close revoking it,
// `keep`, and errors without the secret in them.
import OpenAI from 'openai';
import { registry, resourceNames, type Value } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { ephemerals, blockType, type ProviderSchema } from '../src/schema';
import { decodeDynamic, dynamic, type CtyObject } from '../src/msgpack';
import { fromCoreObject } from '../src/values';
import { MODES, type Plugin } from './harness';
import { Terraform, renderPath, type Diag } from './terraform';

jest.setTimeout(60_000);

let emulator: Emulator;
let admin: OpenAI;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true });
  admin = new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 });
});

afterAll(async () => emulator?.close());

const all = ephemerals(registry.resources);
const ADMIN_KEY = resourceNames(registry.get('admin_api_key')).terraformType;
const ACCOUNT_KEY = resourceNames(registry.get('project_service_account_api_key')).terraformType;

describe.each(MODES)('%s', (_mode, start) => {
  let plugin: Plugin;
  let project: string;

  beforeAll(async () => {
    plugin = await start();
    expect(await new Terraform(plugin).configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual(
      [],
    );
    project = (await admin.admin.organization.projects.create({ name: `ephemeral-${_mode}` })).id;
  });

  afterAll(async () => plugin?.close());

  const config = (type: string, values: Record<string, Value>) => {
    const e = all.get(type)!;
    return dynamic(fromCoreObject(e.block, values), blockType(e.block));
  };
  const decode = (type: string, dv: unknown) => decodeDynamic(dv as { msgpack: Buffer }, blockType(all.get(type)!.block)) as CtyObject;
  const requests = () => emulator.requests.length;

  async function open(type: string, values: Record<string, Value>) {
    const r = await plugin.provider['OpenEphemeralResource']!({ type_name: type, config: config(type, values), client_capabilities: {} });
    const diagnostics = r['diagnostics'] as Diag[];
    return { diagnostics, result: diagnostics.length ? null : decode(type, r['result']), private: r['private'] as Buffer | null | undefined };
  }
  const close = async (type: string, priv: Buffer | null | undefined) =>
    (await plugin.provider['CloseEphemeralResource']!({ type_name: type, private: priv }))['diagnostics'] as Diag[];
  const validate = async (type: string, values: Record<string, Value>) =>
    (await plugin.provider['ValidateEphemeralResourceConfig']!({ type_name: type, config: config(type, values) }))['diagnostics'] as Diag[];
  const works = async (key: string, kind: 'admin' | 'project') => {
    const c = new OpenAI(
      kind === 'admin'
        ? { apiKey: null, adminAPIKey: key, baseURL: emulator.url, maxRetries: 0 }
        : { apiKey: key, baseURL: emulator.url, maxRetries: 0 },
    );
    try {
      await (kind === 'admin' ? c.admin.organization.projects.list({ limit: 1 }) : c.vectorStores.list({ limit: 1 }));
      return true;
    } catch {
      return false;
    }
  };

  test('metadata and schema list every ephemeral resource; the key value is sensitive', async () => {
    const meta = await plugin.provider['GetMetadata']!({});
    // The two mints, and the hand-overs of the resources whose secret may be kept out of state (store_secret).
    const handovers = ['project_service_account', 'webhook_endpoint'].map((n) => resourceNames(registry.get(n)).terraformType);
    expect((meta['ephemeral_resources'] as Array<{ type_name: string }>).map((e) => e.type_name).sort()).toEqual(
      [ACCOUNT_KEY, ADMIN_KEY, ...handovers].sort(),
    );
    const schema = (await plugin.provider['GetProviderSchema']!({})) as unknown as ProviderSchema;
    const attrs = schema.ephemeral_resource_schemas[ADMIN_KEY]!.block.attributes;
    expect(attrs.find((a) => a.name === 'value')).toMatchObject({ computed: true, sensitive: true });
    expect(attrs.find((a) => a.name === 'keep')).toMatchObject({ optional: true, computed: false });
    expect(attrs.find((a) => a.name === 'name')).toMatchObject({ required: true });
  });

  test('admin key: Open hands out a working key, private holds only its id, Close revokes it', async () => {
    const before = (await admin.admin.organization.adminAPIKeys.list({ limit: 100 })).data.length;
    const o = await open(ADMIN_KEY, { name: 'run-admin' });
    expect(o.diagnostics).toEqual([]);
    const value = o.result!['value'] as string;
    expect(value).toMatch(/^sk-admin-/);
    expect(o.result).toMatchObject({ name: 'run-admin', key_id: expect.stringMatching(/^key_/), keep: null });
    expect(JSON.parse(o.private!.toString('utf8'))).toEqual({ key_id: o.result!['key_id'] });
    expect(o.private!.toString('utf8')).not.toContain(value);
    expect(await works(value, 'admin')).toBe(true);
    expect(await close(ADMIN_KEY, o.private)).toEqual([]);
    expect(await works(value, 'admin')).toBe(false);
    expect((await admin.admin.organization.adminAPIKeys.list({ limit: 100 })).data.length).toBe(before);
    // Closing again (the engine retrying) finds it gone: still closed, no error.
    expect(await close(ADMIN_KEY, o.private)).toEqual([]);
  });

  test('service account key: a service account made for the run, deleted (key revoked) at close', async () => {
    const o = await open(ACCOUNT_KEY, { project_id: project, name: 'ci-run', role: 'owner' });
    expect(o.diagnostics).toEqual([]);
    const value = o.result!['value'] as string;
    const account = o.result!['created_service_account_id'] as string;
    expect(account).toMatch(/^svc_acct_/);
    expect(await works(value, 'project')).toBe(true);
    const accounts = admin.admin.organization.projects.serviceAccounts;
    expect((await accounts.retrieve(account, { project_id: project })).role).toBe('owner');
    expect(await close(ACCOUNT_KEY, o.private)).toEqual([]);
    expect(await works(value, 'project')).toBe(false);
    expect((await accounts.list(project, { limit: 100 })).data.map((a) => a.id)).not.toContain(account);
  });

  test('keep: nothing to close, the key outlives the run', async () => {
    const o = await open(ADMIN_KEY, { name: 'kept', keep: true });
    expect(o.diagnostics).toEqual([]);
    expect(o.private ?? Buffer.alloc(0)).toHaveLength(0);
    expect(await close(ADMIN_KEY, o.private)).toEqual([]);
    expect(await works(o.result!['value'] as string, 'admin')).toBe(true);
    await admin.admin.organization.adminAPIKeys.delete(o.result!['key_id'] as string);
  });

  test('an additional key of an existing account needs keep = true, said before any request', async () => {
    const made = await admin.admin.organization.projects.serviceAccounts.create(project, { name: 'existing' });
    const n = requests();
    const diags = await validate(ACCOUNT_KEY, { project_id: project, service_account_id: made.id });
    expect(diags.map((d) => [renderPath(d.attribute!.steps), d.detail])).toEqual([['keep', expect.stringContaining('cannot revoke')]]);
    expect((await open(ACCOUNT_KEY, { project_id: project, service_account_id: made.id })).diagnostics).toHaveLength(1);
    expect(requests()).toBe(n);
    const o = await open(ACCOUNT_KEY, { project_id: project, service_account_id: made.id, name: 'extra', keep: true });
    expect(o.diagnostics).toEqual([]);
    expect(o.result).toMatchObject({ created_service_account_id: null, api_key_id: expect.stringMatching(/^key_/) });
    expect(await works(o.result!['value'] as string, 'project')).toBe(true);
  });

  test('bad arguments name the attribute, before any request', async () => {
    const n = requests();
    const cases: Array<[string, Record<string, Value>, string]> = [
      [ACCOUNT_KEY, { project_id: project }, 'name'],
      [ACCOUNT_KEY, { project_id: 'nope', name: 'x' }, 'project_id'],
      [ACCOUNT_KEY, { project_id: project, name: 'x', scopes: ['api.model.read'] }, 'scopes'],
      [ADMIN_KEY, { name: 'x', expires_in_seconds: 0 }, 'expires_in_seconds'],
    ];
    for (const [type, values, at] of cases) {
      const diags = await validate(type, values);
      expect([type, values, diags.map((d) => d.attribute && renderPath(d.attribute.steps))]).toEqual([type, values, [at]]);
    }
    expect(requests()).toBe(n);
  });

  test('an API failure is an error diagnostic without the key in it', async () => {
    const o = await open(ACCOUNT_KEY, { project_id: 'proj_doesNotExist000', name: 'nowhere' });
    expect(o.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        summary: expect.stringContaining(`Cannot open ephemeral ${ACCOUNT_KEY}`),
        detail: expect.stringContaining("No project found with id 'proj_doesNotExist000'"),
      }),
    ]);
    expect(JSON.stringify(o.diagnostics)).not.toContain(emulator.adminKey);
  });
});
