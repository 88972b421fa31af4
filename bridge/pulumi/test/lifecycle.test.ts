// Every resource of the registry through the plugin, against the emulator, driven from test/fixtures.ts:
// check → create → refresh → diff → update → replace → out-of-band change and deletion → import → delete,
// preview with unknowns, secrets, functions, and per-resource key isolation.
import OpenAI from 'openai';
import { isMeta, registry, resourceNames, type JsonObject, type ResourceSpec } from '@openai-iac/core';
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';
import { encode, propertyPath, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from '../src/marshal';
import { providerpb } from '../src/proto';
import { fixtures, resolve, type Clients, type LifecycleFixture } from './fixtures';
import { buildPlugin, removePlugin, Plugin, Session, type Wire } from './harness';

const { DIFF_NONE, DIFF_SOME } = providerpb.DiffResponse.DiffChanges;
const { UPDATE_REPLACE, ADD_REPLACE, DELETE_REPLACE } = providerpb.PropertyDiff.Kind;
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const isSecret = (v: unknown) => typeof v === 'object' && v !== null && (v as Wire)[SIG_KEY] === SECRET_SIG;

let launcher: string;
let emulator: Emulator;
const plugins: Plugin[] = [];

beforeAll(async () => {
  [launcher, emulator] = await Promise.all([buildPlugin(), startEmulator({ vectorStoreFileDelayMs: 100 })]);
}, 60_000);

afterEach(() => emulator.reset());

afterAll(async () => {
  await Promise.all(plugins.map((p) => p.close()));
  removePlugin(launcher);
  await emulator.close();
});

/** A fresh plugin process, configured like `pulumi config set` would. */
async function provider(config: Wire): Promise<Session> {
  const plugin = await Plugin.start(launcher);
  plugins.push(plugin);
  const s = new Session(plugin);
  await s.configure(config);
  return s;
}

const sdk = (key: string) => new OpenAI({ apiKey: key, adminAPIKey: key, baseURL: emulator.url, maxRetries: 0 });
const clients = (projectKey = emulator.projectKey): Clients => ({ project: sdk(projectKey), admin: sdk(emulator.adminKey) });
const defaults = (): Wire => ({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey });

/** Snake_case values → what the plugin sends on the wire (camelCase, secrets marked by the spec). */
const wire = (spec: ResourceSpec, values: JsonObject): Wire => encode(spec.properties, values).toJavaScript() as Wire;
const without = (props: Wire, ...names: string[]) => Object.fromEntries(Object.entries(props).filter(([k]) => !names.includes(k)));
const requestsSince = (n: number): RecordedRequest[] => emulator.requests.slice(n);

describe.each(fixtures)('$resource', (fx: LifecycleFixture) => {
  const spec = registry.get(fx.resource);
  const names = resourceNames(spec);
  const type = names.pulumiToken;

  async function prepared(c: Clients = clients()) {
    const vars = fx.setup ? await fx.setup(c) : {};
    return { vars, inputs: (extra: JsonObject = {}) => wire(spec, resolve({ ...fx.create, ...extra }, vars)) };
  }

  test('check names a bad input in camelCase, before any request', async () => {
    const s = await provider(defaults());
    const { inputs } = await prepared();
    const before = emulator.requests.length;
    const { failures } = await s.check(type, inputs(fx.invalid.inputs));
    expect(failures).toContainEqual({ property: propertyPath(spec.properties, fx.invalid.path), reason: expect.any(String) });
    expect(requestsSince(before)).toEqual([]);
  });

  test('preview: unknown inputs plan a create without a request', async () => {
    const s = await provider(defaults());
    const { inputs } = await prepared();
    const given = inputs();
    const unknownName = Object.keys(given).find((k) => typeof given[k] === 'string')!;
    const before = emulator.requests.length;
    const checked = await s.check(type, { ...given, [unknownName]: UNKNOWN_VALUE });
    expect(checked.failures).toEqual([]);
    const planned = await s.create(type, checked.inputs, true);
    expect(planned.id).toBe('');
    expect(planned.properties[unknownName]).toBe(UNKNOWN_VALUE);
    const outputs = Object.entries(spec.properties).filter(([, p]) => p.input === 'output' && !p.derive);
    for (const [name, prop] of outputs) expect(planned.properties[propertyPath(spec.properties, [name])]).toBe(prop.computed ? UNKNOWN_VALUE : undefined);
    const plannedUpdate = await s.update(type, 'id-from-state', { ...given, createdAt: 1 }, checked.inputs, true);
    expect(plannedUpdate[unknownName]).toBe(UNKNOWN_VALUE);
    expect(requestsSince(before)).toEqual([]);
  });

  test('lifecycle: create, refresh, update, replace, drift, import, delete', async () => {
    const s = await provider(defaults());
    const c = clients();
    const { vars, inputs } = await prepared(c);
    const baseline = emulator.counts();
    const expected = (state: JsonObject) => wire(spec, resolve(state, vars));

    // create
    let desired = inputs();
    let checked = (await s.check(type, desired)).inputs;
    const created = await s.create(type, checked);
    expect(created.properties).toMatchObject(expected(fx.created));
    let id = created.id;
    let state = created.properties;

    // refresh without drift, and a diff without changes
    const refreshed = await s.read(type, id, state, checked);
    expect(refreshed.id).toBe(id);
    expect(refreshed.properties).toEqual(state);
    expect(await s.diff(type, id, refreshed.properties, checked)).toMatchObject({ changes: DIFF_NONE, replaces: [] });

    // in-place update
    if (fx.update) {
      desired = inputs(fx.update.inputs);
      checked = (await s.check(type, desired)).inputs;
      const diff = await s.diff(type, id, state, checked);
      expect(diff).toMatchObject({ changes: DIFF_SOME, replaces: [] });
      for (const key of Object.keys(fx.update.inputs)) expect(diff.diffs).toContain(propertyPath(spec.properties, [key]));
      state = await s.update(type, id, state, checked);
      expect(state).toMatchObject(expected(fx.update.state));
      expect((await s.read(type, id, state, checked)).properties).toEqual(state);
      expect(await s.diff(type, id, state, checked)).toMatchObject({ changes: DIFF_NONE });
    }

    // a create-only change replaces: the engine creates the new object, then deletes the old one
    if (fx.replace) {
      desired = { ...desired, ...wire(spec, resolve(fx.replace.inputs, vars)) };
      checked = (await s.check(type, desired)).inputs;
      const diff = await s.diff(type, id, state, checked);
      const replaces = fx.replace.replaces.map((n) => propertyPath(spec.properties, [n]));
      expect(diff.changes).toBe(DIFF_SOME);
      expect([...diff.replaces].sort()).toEqual([...replaces].sort());
      for (const key of replaces) expect([UPDATE_REPLACE, ADD_REPLACE, DELETE_REPLACE]).toContain(diff.detailed[key]);
      const replacement = await s.create(type, checked);
      await s.delete(type, id, state);
      expect((await s.read(type, id, state)).id).toBe('');
      [id, state] = [replacement.id, replacement.properties];
    }

    // drift made behind the tool's back shows on refresh, and the next diff wants it undone
    if (fx.outOfBand) {
      await fx.outOfBand.change(c, id);
      const drifted = await s.read(type, id, state, checked);
      expect(drifted.properties).toMatchObject(expected(fx.outOfBand.drifted));
      const diff = await s.diff(type, id, drifted.properties, checked);
      expect(diff.changes).toBe(DIFF_SOME);
      for (const key of Object.keys(fx.outOfBand.drifted)) expect(diff.diffs).toContain(propertyPath(spec.properties, [key]));
      state = await s.update(type, id, drifted.properties, checked);
    }

    // import by id: the live state, and inputs that reproduce it
    const imported = await s.read(type, id);
    expect(imported.id).toBe(id);
    const settable = Object.entries(spec.properties).filter(([n, p]) => p.input !== 'output' && !p.writeOnly && !isMeta(n));
    for (const [name] of settable) expect(imported.properties[propertyPath(spec.properties, [name])]).toEqual(state[propertyPath(spec.properties, [name])]);
    for (const key of Object.keys(imported.inputs)) expect(settable.map(([n]) => propertyPath(spec.properties, [n]))).toContain(key);
    const reimported = await s.check(type, imported.inputs);
    if (reimported.failures.length === 0) expect((await s.diff(type, id, imported.properties, reimported.inputs)).changes).toBe(DIFF_NONE);

    // delete, and refresh after an out-of-band deletion drops the object; deleting it again is a no-op
    await s.delete(type, id, state);
    expect((await s.read(type, id, state)).id).toBe('');
    const again = await s.create(type, (await s.check(type, inputs())).inputs);
    await fx.remove(c, again.id);
    expect(await s.read(type, again.id, again.properties)).toEqual({ id: '', properties: {}, inputs: {} });
    await s.delete(type, again.id, again.properties);
    expect(emulator.counts()).toEqual(baseline);
  });

  test('secrets stay secret: the spec says so (apiKey), or the input was', async () => {
    const s = await provider(defaults());
    const { inputs } = await prepared();
    const key = spec.key === 'admin' ? emulator.adminKey : emulator.projectKey;
    const given = inputs();
    const hidden = Object.keys(given).find((k) => typeof given[k] === 'string')!;
    const checked = await s.check(type, { ...given, [hidden]: secret(given[hidden]), apiKey: key });
    expect(checked.inputs[hidden]).toEqual(secret(given[hidden]));
    expect(checked.inputs['apiKey']).toEqual(secret(key));
    const created = await s.create(type, checked.inputs);
    expect(isSecret(created.properties[hidden])).toBe(true);
    expect(created.properties['apiKey']).toEqual(secret(key));
    const refreshed = await s.read(type, created.id, created.properties, checked.inputs);
    expect(isSecret(refreshed.properties[hidden])).toBe(true);
    expect(refreshed.properties['apiKey']).toEqual(secret(key));
    expect(refreshed.inputs['apiKey']).toEqual(secret(key));
    await s.delete(type, created.id, created.properties);
    expect(s.plugin.stderr).not.toContain(key);
  });

  test('functions: get by id, and list', async () => {
    const s = await provider(defaults());
    const { vars, inputs } = await prepared();
    const created = await s.create(type, (await s.check(type, inputs())).inputs);
    const got = await s.invoke(names.pulumiGetToken, { id: created.id });
    expect(got.failures).toEqual([]);
    expect(got.result).toMatchObject({ id: created.id, ...wire(spec, resolve(fx.created, vars)) });
    expect(got.result).not.toHaveProperty('apiKey');
    if (spec.handlers.list) {
      const listed = await s.invoke(names.pulumiListToken, {});
      expect((listed.result['items'] as Wire[]).map((i) => i['id'])).toContain(created.id);
    }
    await s.delete(type, created.id, created.properties);
  });

  test('preview proves a resource key once per process, and a bad one fails the check', async () => {
    const s = await provider(defaults());
    const { inputs } = await prepared();
    const bad = spec.key === 'admin' ? 'sk-admin-not-a-real-key-000000000000' : 'sk-proj-not-a-real-key-000000000000';
    const before = emulator.requests.length;
    for (let i = 0; i < 2; i++) {
      const { failures } = await s.check(type, { ...inputs(), apiKey: bad });
      expect(failures).toEqual([{ property: 'apiKey', reason: expect.stringContaining('does not work') }]);
      expect(failures[0]!.reason).not.toContain(bad);
    }
    expect(requestsSince(before).filter((r) => r.keyHint === bad.slice(-4))).toHaveLength(1);
  });

  describe.each([
    ['another project', true],
    ['none', false],
  ])('a resource with its own key (provider key: %s)', (_label, providerHasKey) => {
    test('is created, read, updated and deleted with that key only', async () => {
      // The resource's key belongs elsewhere: a new project's key, or (admin resources) the admin key while the
      // provider holds a wrong one.
      let own: string;
      let scope: string;
      let providerConfig: Wire;
      if (spec.key === 'admin') {
        own = emulator.adminKey;
        scope = 'admin';
        providerConfig = { baseUrl: emulator.url, ...(providerHasKey ? { adminApiKey: 'sk-admin-wrong-key-00000000000000' } : {}) };
      } else {
        const project = await sdk(emulator.adminKey).admin.organization.projects.create({ name: 'elsewhere' });
        own = (await emulator.createProjectKey(project.id)).key;
        scope = project.id;
        providerConfig = { baseUrl: emulator.url, ...(providerHasKey ? { apiKey: emulator.projectKey } : {}) };
      }
      const s = await provider(providerConfig);
      const { vars, inputs } = await prepared(clients(own));
      const before = emulator.requests.length;
      const checked = (await s.check(type, { ...inputs(), apiKey: own })).inputs;
      const created = await s.create(type, checked);
      let state = (await s.read(type, created.id, created.properties, checked)).properties;
      if (fx.update) {
        const news = (await s.check(type, { ...inputs(fx.update.inputs), apiKey: own })).inputs;
        state = await s.update(type, created.id, state, news);
        expect(state).toMatchObject(wire(spec, resolve(fx.update.state, vars)));
      }
      await s.delete(type, created.id, state);
      const sent = requestsSince(before);
      expect(sent.length).toBeGreaterThan(2);
      for (const r of sent) expect({ path: r.path, key: r.keyHint, scope: r.projectId }).toEqual({ path: r.path, key: own.slice(-4), scope });
    });
  });
});

test('every resource of the registry has a lifecycle fixture', () => {
  expect(fixtures.map((f) => f.resource).sort()).toEqual(registry.resources.map((r) => r.name).sort());
});
