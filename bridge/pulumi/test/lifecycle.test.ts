// Every resource of the registry through the plugin, against the emulator, driven by the shared scenarios
// (bridge/conformance/scenarios.ts): check → create → refresh → diff → update → replace → out-of-band change and
// deletion → import → delete, preview with unknowns, secrets (inputs and secret outputs), functions, and
// per-resource key isolation. One plugin process per provider configuration serves the whole file.
import OpenAI from 'openai';
import { isMeta, pulumiPropertyName, registry, resourceNames, type JsonObject, type ResourceSpec } from '@openai-iac/core';
import { startEmulator, type Emulator, type RecordedRequest } from '@openai-iac/emulator';
import { CONSISTENT_AT_ONCE, scenarios, stepInputs, resolve, tracked, type Clients, type Scenario } from '../../conformance/scenarios';
import { encode, propertyPath, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from '../src/marshal';
import { providerpb } from '../src/proto';
import { buildPlugin, removePlugin, Plugin, Session, type Wire } from './harness';

const { DIFF_NONE, DIFF_SOME } = providerpb.DiffResponse.DiffChanges;
const { UPDATE_REPLACE, ADD_REPLACE, DELETE_REPLACE } = providerpb.PropertyDiff.Kind;
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });
const isSecret = (v: unknown) => typeof v === 'object' && v !== null && (v as Wire)[SIG_KEY] === SECRET_SIG;

let launcher: string;
let emulator: Emulator;
const sessions = new Map<string, Promise<Session>>();
const plugins: Plugin[] = [];

beforeAll(async () => {
  // No ingestion or run delay: the plugin polls once a second, and waiting is the handler tier's subject.
  [launcher, emulator] = await Promise.all([buildPlugin(), startEmulator({ vectorStoreFileDelayMs: 0, runDelayMs: 0 })]);
}, 60_000);

afterEach(() => emulator.reset());

afterAll(async () => {
  await Promise.all(plugins.map((p) => p.close()));
  removePlugin(launcher);
  await emulator.close();
});

/** A plugin process configured like `pulumi config set` would, one per distinct configuration and environment (shared by the file). */
function provider(config: Wire, env: Record<string, string> = {}): Promise<Session> {
  const key = JSON.stringify([config, env]);
  let s = sessions.get(key);
  if (!s) {
    s = Plugin.start(launcher, { env: { ...CONSISTENT_AT_ONCE, ...env } }).then(async (plugin) => {
      plugins.push(plugin);
      const session = new Session(plugin);
      await session.configure(config);
      return session;
    });
    sessions.set(key, s);
  }
  return s;
}

const sdk = (key: string) => new OpenAI({ apiKey: key, adminAPIKey: key, baseURL: emulator.url, maxRetries: 0 });
const clients = (projectKey = emulator.projectKey): Clients => ({ project: sdk(projectKey), admin: sdk(emulator.adminKey) });
const defaults = (): Wire => ({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey });

/** Snake_case values → what the plugin sends on the wire (camelCase, secrets marked by the spec). */
const wire = (props: ResourceSpec['properties'], values: JsonObject): Wire => encode(props, values).toJavaScript() as Wire;
const requestsSince = (n: number): RecordedRequest[] => emulator.requests.slice(n);

describe.each(scenarios.map((s, i) => [s.resource, s, i] as const))('%s', (_name, fx: Scenario, index) => {
  const spec = registry.get(fx.resource);
  const names = resourceNames(spec);
  const type = names.pulumiToken;
  const path = (name: string) => propertyPath(spec.properties, [name]);
  const secretOutputs = Object.entries(spec.properties)
    .filter(([, p]) => p.secret && p.input === 'output')
    .map(([n]) => path(n));

  /** An input to make unknown or secret: the first string one, else the first one. */
  const pick = (given: Wire) => Object.keys(given).find((k) => typeof given[k] === 'string') ?? Object.keys(given)[0]!;
  /** What a read can show of a state: the API never returns write-only values. */
  const observable = (state: JsonObject) => Object.fromEntries(Object.entries(state).filter(([k]) => !spec.properties[k]?.writeOnly));

  async function prepared(c: Clients = clients()) {
    const vars = fx.setup ? await fx.setup(c) : {};
    const steps = stepInputs(fx, vars);
    return { vars, steps, inputs: (values: JsonObject = steps.create) => wire(spec.properties, values) };
  }

  /** Checked inputs, failing on any check failure. */
  async function checked(s: Session, given: Wire): Promise<Wire> {
    const res = await s.check(type, given);
    expect(res.failures).toEqual([]);
    return res.inputs;
  }

  /** The engine's replacement: a new object, and the old one deleted — first when the provider asks for it. */
  async function replaceObject(s: Session, id: string, state: Wire, news: Wire, deleteFirst: boolean): Promise<{ id: string; state: Wire }> {
    if (deleteFirst) await s.delete(type, id, state);
    const replacement = await s.create(type, news);
    if (!deleteFirst) await s.delete(type, id, state);
    return { id: replacement.id, state: replacement.properties };
  }

  test('check names a bad input in camelCase, before any request', async () => {
    const s = await provider(defaults());
    const { steps, inputs } = await prepared();
    const before = emulator.requests.length;
    const { failures } = await s.check(type, inputs(steps.invalid));
    expect(failures).toContainEqual({ property: propertyPath(spec.properties, fx.invalid.path), reason: expect.any(String) });
    expect(requestsSince(before)).toEqual([]);
  });

  test("preview: unknown inputs plan a create; the only request is one check of the provider's key of its kind", async () => {
    // A plugin of its own: the provider's key is proven once per process, so only a fresh one sends that GET.
    const s = await provider(defaults(), { OPENAI_IAC_TEST_PROCESS: fx.resource });
    const { inputs } = await prepared();
    const given = inputs();
    const unknownName = pick(given);
    const before = emulator.requests.length;
    const check = await s.check(type, { ...given, [unknownName]: UNKNOWN_VALUE });
    expect(check.failures).toEqual([]);
    const planned = await s.create(type, check.inputs, true);
    expect(planned.id).toBe('');
    expect(planned.properties[unknownName]).toBe(UNKNOWN_VALUE);
    const outputs = Object.entries(spec.properties).filter(([, p]) => p.input === 'output' && !p.derive);
    for (const [name, prop] of outputs) {
      const unknown = prop.secret ? secret(UNKNOWN_VALUE) : UNKNOWN_VALUE; // a secret output is a secret unknown
      expect([name, planned.properties[path(name)]]).toEqual([name, prop.computed ? unknown : undefined]);
    }
    const plannedUpdate = await s.update(type, 'id-from-state', { ...given, createdAt: 1 }, check.inputs, true);
    expect(plannedUpdate[unknownName]).toBe(UNKNOWN_VALUE);
    expect(await s.check(type, given)).toMatchObject({ failures: [] });
    const probe =
      spec.key === 'admin' ? `GET /v1/organization/projects ${emulator.adminKey.slice(-4)}` : `GET /v1/models ${emulator.projectKey.slice(-4)}`;
    expect(requestsSince(before).map((r) => `${r.method} ${r.path} ${r.keyHint}`)).toEqual([probe]);
  });

  test('lifecycle: create, refresh, update, replace, drift, import, delete', async () => {
    const s = await provider(defaults());
    const c = clients();
    const { vars, steps, inputs } = await prepared(c);
    const baseline = emulator.counts();
    const expected = (state: JsonObject) => wire(spec.properties, resolve(state, vars));

    // create
    let news = await checked(s, inputs());
    const created = await s.create(type, news);
    expect(created.properties).toMatchObject(expected(fx.created));
    let id = created.id;
    let state = created.properties;

    // refresh without drift, and a diff without changes
    const refreshed = await s.read(type, id, state, news);
    expect(refreshed.id).toBe(id);
    expect(refreshed.properties).toEqual(state);
    expect(await s.diff(type, id, refreshed.properties, news)).toMatchObject({ changes: DIFF_NONE, replaces: [] });

    // in-place update
    if (fx.update) {
      news = await checked(s, inputs(steps.update));
      const diff = await s.diff(type, id, state, news);
      expect(diff).toMatchObject({ changes: DIFF_SOME, replaces: [] });
      for (const key of Object.keys(fx.update.inputs)) expect(diff.diffs).toContain(path(key));
      // the preview of an in-place update: the new inputs, outputs fixed at creation kept, every other output
      // (one the update may change) unknown — never the stale prior value
      const preview = await s.update(type, id, state, news, true);
      for (const [name, prop] of Object.entries(spec.properties)) {
        if (prop.input !== 'output' || prop.derive) continue;
        const want = prop.stable ? state[path(name)] : prop.secret ? secret(UNKNOWN_VALUE) : UNKNOWN_VALUE;
        expect([name, preview[path(name)]]).toEqual([name, want]);
      }
      for (const key of Object.keys(fx.update.inputs)) {
        // configured as given; a nested member the API fills in may be planned unknown (rankingOptions of a tool)
        const given = news[path(key)];
        if (typeof given === 'object' && given !== null) expect(preview[path(key)]).toMatchObject(given);
        else expect(preview[path(key)]).toEqual(given);
      }
      state = await s.update(type, id, state, news);
      expect(state).toMatchObject(expected(fx.update.state));
      expect((await s.read(type, id, state, news)).properties).toEqual(state);
      expect(await s.diff(type, id, state, news)).toMatchObject({ changes: DIFF_NONE });
    }

    // a create-only change replaces: the engine creates the new object, then deletes the old one (or the reverse)
    if (fx.replace) {
      news = await checked(s, inputs(steps.replace));
      const diff = await s.diff(type, id, state, news);
      const replaces = fx.replace.replaces.map(path);
      expect(diff.changes).toBe(DIFF_SOME);
      expect([...diff.replaces].sort()).toEqual([...replaces].sort());
      expect(diff.deleteBeforeReplace).toBe(Boolean(spec.deleteBeforeReplace));
      for (const key of replaces) expect([UPDATE_REPLACE, ADD_REPLACE, DELETE_REPLACE]).toContain(diff.detailed[key]);
      const old = { id, state };
      ({ id, state } = await replaceObject(s, id, state, news, diff.deleteBeforeReplace));
      expect((await s.read(type, old.id, old.state)).id).toBe(fx.persists ? old.id : '');
    }

    // drift made behind the tool's back shows on refresh, and the next apply undoes it (in place, or by a replace)
    if (fx.outOfBand) {
      await fx.outOfBand.change(c, id, vars);
      const drifted = await s.read(type, id, state, news);
      expect(drifted.properties).toMatchObject(expected(fx.outOfBand.drifted));
      const diff = await s.diff(type, id, drifted.properties, news);
      expect(diff.changes).toBe(DIFF_SOME);
      for (const key of Object.keys(fx.outOfBand.drifted)) expect(diff.diffs).toContain(path(key));
      if (diff.replaces.length === 0) state = await s.update(type, id, drifted.properties, news);
      else ({ id, state } = await replaceObject(s, id, drifted.properties, news, diff.deleteBeforeReplace));
      expect(await s.diff(type, id, (await s.read(type, id, state, news)).properties, news)).toMatchObject({ changes: DIFF_NONE });
    }

    // import by id: the live state, and inputs that reproduce it
    const imported = await s.read(type, id);
    expect(imported.id).toBe(id);
    const settable = Object.entries(spec.properties).filter(([n, p]) => p.input !== 'output' && !p.writeOnly && !isMeta(n));
    for (const [name] of settable) expect(imported.properties[path(name)]).toEqual(state[path(name)]);
    for (const key of Object.keys(imported.inputs)) expect(settable.map(([n]) => path(n))).toContain(key);
    const reimported = await s.check(type, imported.inputs);
    if (reimported.failures.length === 0) expect((await s.diff(type, id, imported.properties, reimported.inputs)).changes).toBe(DIFF_NONE);

    // delete (where the API cannot delete, the object stays); again, deleted behind the tool's back: a refresh drops
    // it and deleting it is a no-op; the emulator holds what it held before
    await s.delete(type, id, state);
    expect((await s.read(type, id, state)).id).toBe(fx.persists ? id : '');
    await fx.recreate?.(c, vars);
    const again = await s.create(type, await checked(s, inputs()));
    if (fx.remove) {
      await fx.remove(c, again.id, vars);
      expect(await s.read(type, again.id, again.properties)).toEqual({ id: '', properties: {}, inputs: {} });
    }
    await s.delete(type, again.id, again.properties);
    expect(tracked(fx, emulator.counts())).toEqual(tracked(fx, baseline));
  });

  test('secrets stay secret: the spec says so (apiKey and secret outputs), or the input was; never logged', async () => {
    const s = await provider(defaults(), { PULUMI_OPENAI_DEBUG: '1' });
    const { inputs, steps } = await prepared();
    const key = spec.key === 'admin' ? emulator.adminKey : emulator.projectKey;
    const given = inputs();
    const hidden = pick(given);
    const news = await checked(s, { ...given, [hidden]: secret(given[hidden]), apiKey: key });
    if (typeof given[hidden] === 'string') expect(news[hidden]).toEqual(secret(given[hidden]));
    else expect(isSecret(news[hidden])).toBe(true); // (with the defaults inside applied)
    expect(news['apiKey']).toEqual(secret(key));
    const created = await s.create(type, news);
    const secretsIn = (props: Wire) => {
      expect(isSecret(props[hidden])).toBe(true);
      expect(props['apiKey']).toEqual(secret(key));
      for (const out of secretOutputs) expect([out, isSecret(props[out])]).toEqual([out, true]);
    };
    secretsIn(created.properties);
    const values = secretOutputs.map((out) => (created.properties[out] as { value: string }).value);
    for (const v of values) expect(v).toEqual(expect.any(String));
    const refreshed = await s.read(type, created.id, created.properties, news);
    secretsIn(refreshed.properties);
    expect(refreshed.inputs['apiKey']).toEqual(secret(key));
    let state = refreshed.properties;
    if (fx.update) {
      const next = await checked(s, { ...inputs(steps.update), [hidden]: secret(inputs(steps.update)[hidden]), apiKey: key });
      secretsIn(await s.update(type, created.id, state, next, true)); // the preview of the update
      state = await s.update(type, created.id, state, next);
      secretsIn(state);
      for (const [i, out] of secretOutputs.entries()) expect((state[out] as { value: string }).value).toBe(values[i]); // kept from the create
    }
    const got = await s.invoke(names.pulumiGetToken, { id: created.id });
    for (const out of secretOutputs) if (got.result[out] !== undefined) expect(isSecret(got.result[out])).toBe(true);
    const before = s.plugin.stderr.length;
    await s.delete(type, created.id, state);
    // debug lines were written by the delete (its request, or why it sends none)
    expect(await s.plugin.stderrSince(before, 'openai-iac: debug: ')).toContain('openai-iac: debug: ');
    for (const v of [key, ...values]) expect(s.plugin.stderr).not.toContain(v);
  });

  test('functions: get by id, and list', async () => {
    const s = await provider(defaults());
    const { vars, steps, inputs } = await prepared();
    const created = await s.create(type, await checked(s, inputs()));
    const got = await s.invoke(names.pulumiGetToken, { id: created.id });
    expect(got.failures).toEqual([]);
    expect(got.result).toMatchObject({ id: created.id, ...wire(spec.properties, observable(resolve(fx.created, vars))) });
    expect(got.result).not.toHaveProperty('apiKey');
    if (spec.idParts && spec.idParts.length > 0) {
      // the official provider's form: the id's parts instead of the id
      const parts = Object.fromEntries(spec.idParts.map((n) => [n, (got.result[pulumiPropertyName(n, spec.properties[n]!)] as string) ?? null]));
      const byParts = await s.invoke(names.pulumiGetToken, wire(spec.properties, parts));
      expect(byParts.failures).toEqual([]);
      // the id the parts make: the whole id, or (a project group, whose role the official form leaves out) its start
      expect(`${created.id}/`.startsWith(`${String(byParts.result['id'])}/`)).toBe(true);
      expect({ ...byParts.result, id: created.id }).toEqual(got.result);
      if (spec.idParts.length > 1) {
        // a part missing is refused before any request, naming it in Pulumi's spelling
        const last = spec.idParts.at(-1)!;
        const missing = await s.invoke(names.pulumiGetToken, wire(spec.properties, { ...parts, [last]: null }));
        expect(missing.failures).toEqual([
          { property: pulumiPropertyName(last, spec.properties[last]!), reason: expect.stringContaining('is required: set') },
        ]);
      }
    }
    if (spec.handlers.list) {
      // the required list arguments (the parent) are the create's
      const required = Object.entries(spec.listArgs ?? {}).filter(([, p]) => p.input === 'required');
      const args = Object.fromEntries(required.map(([n]) => [n, steps.create[n]!]));
      const listed = await s.invoke(names.pulumiListToken, wire(spec.listArgs ?? {}, args));
      expect(listed.failures).toEqual([]);
      expect((listed.result['items'] as Wire[]).map((i) => i['id'])).toContain(created.id);
    }
    await s.delete(type, created.id, created.properties);
  });

  test('preview proves a resource key once per process, and a bad one fails the check', async () => {
    const s = await provider(defaults());
    const { inputs } = await prepared();
    const bad = `${spec.key === 'admin' ? 'sk-admin' : 'sk-proj'}-not-a-real-key-${String(index).padStart(8, '0')}`;
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
      const { vars, steps, inputs } = await prepared(clients(own));
      const before = emulator.requests.length;
      const news = await checked(s, { ...inputs(), apiKey: own });
      const created = await s.create(type, news);
      let state = (await s.read(type, created.id, created.properties, news)).properties;
      if (fx.update) {
        const next = await checked(s, { ...inputs(steps.update), apiKey: own });
        state = await s.update(type, created.id, state, next);
        expect(state).toMatchObject(wire(spec.properties, resolve(fx.update.state, vars)));
      }
      await s.delete(type, created.id, state);
      const sent = requestsSince(before);
      expect(sent.length).toBeGreaterThan(2);
      for (const r of sent) expect({ path: r.path, key: r.keyHint, scope: r.projectId }).toEqual({ path: r.path, key: own.slice(-4), scope });
    });
  });
});
