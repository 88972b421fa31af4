// Every resource through the spawned provider, over tfplugin6, against the in-process emulator, driven by the
// shared scenarios (bridge/conformance/scenarios.ts): validate, plan create (computed values unknown), apply, read
// (no drift), plan no-op, plan + apply an in-place update, plan a replace, drift behind Terraform's back (planned
// back, applied in place or by a replacement), import, destroy, deletion behind Terraform's back. Terraform's own
// checks of plans and applies run on every step (see terraform.ts).
import { ExtData } from '@msgpack/msgpack';
import OpenAI from 'openai';
import { formatPath, registry, type JsonObject } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { bad } from '../../../provider-ts/test/bad-inputs';
import { CONSISTENT_AT_ONCE, resolve, scenarios, stepInputs, tracked, type Clients, type Scenario, type Vars } from '../../conformance/scenarios';
import { isCtyObject, isCtyUnknown, type CtyObject } from '../src/msgpack';
import { isComputed } from '../src/schema';
import { toCoreObject } from '../src/values';
import { MODES, type Plugin } from './harness';
import { renderPath, sendable, Terraform } from './terraform';

jest.setTimeout(60_000);

/** A reversed key order and an indentation of the writer's own: JSON as a person writes it in a heredoc. */
function handWritten(text: string): string {
  const reorder = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reorder)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reorder(x)]),
          )
        : v;
  return JSON.stringify(reorder(JSON.parse(text)), null, 2);
}

/** Configurations as users spell them, where Terraform's spelling differs from the neutral values (by resource). */
const spell: Record<string, (config: CtyObject) => void> = {
  assistant: (c) => {
    for (const tool of (c['tools'] as CtyObject[] | null) ?? []) {
      const fn = tool['function'] as CtyObject | null;
      if (fn && typeof fn['parameters'] === 'string') fn['parameters'] = handWritten(fn['parameters']);
    }
  },
};

/** What validating a valid configuration answers: nothing, or only its deprecated type's one warning. */
const valid = (type: string) =>
  registry.get(type).deprecated ? [expect.objectContaining({ severity: 'WARNING', summary: 'Deprecated resource' })] : [];

let emulator: Emulator;
let clients: Clients;

beforeAll(async () => {
  // No ingestion or run delay: the provider polls once a second, and waiting is the handler tier's subject.
  emulator = await startEmulator({ port: 0, vectorStoreFileDelayMs: 0, runDelayMs: 0, quiet: true });
  clients = {
    project: new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 }),
    admin: new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 }),
  };
});

afterAll(async () => {
  await emulator?.close();
});

describe.each(MODES)('%s', (_mode, start) => {
  let plugin: Plugin;
  let tf: Terraform;
  beforeAll(async () => {
    plugin = await start(CONSISTENT_AT_ONCE);
    tf = new Terraform(plugin);
    expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
  });
  afterAll(async () => plugin?.close());

  describe.each(scenarios.map((s) => [s.resource, s] as const))('%s over tfplugin6', (type, s: Scenario) => {
    let vars: Vars = {};
    let steps: ReturnType<typeof stepInputs>;
    const config = (values: JsonObject) => {
      const c = tf.config(type, values);
      spell[type]?.(c);
      return c;
    };
    /** The state as the core's values (nulls left out, JSON parsed), to match the scenario's expectations. */
    const core = (state: CtyObject | null) => toCoreObject(tf.block(type), state);
    beforeAll(async () => {
      vars = s.setup ? await s.setup(clients) : {};
      steps = stepInputs(s, vars);
    });

    test('create, read, no-op, update, replace, drift, import, delete', async () => {
      const baseline = emulator.counts();
      const block = tf.block(type);
      const c1 = config(steps.create);
      expect(await tf.validate(type, c1)).toEqual(valid(type));

      // plan create: configured values as configured, the id and unconfigured computed values unknown
      const p1 = await tf.plan(type, null, c1);
      expect(p1.diagnostics).toEqual([]);
      expect(p1.requiresReplace).toEqual([]);
      expect(isCtyUnknown(p1.planned!['id'])).toBe(true);
      for (const [name, prop] of Object.entries(block)) {
        if (prop.input === 'output' && !prop.derive) expect([name, isCtyUnknown(p1.planned![name])]).toEqual([name, true]);
      }

      const created = await tf.apply(type, null, p1.planned, c1);
      expect(created.diagnostics).toEqual([]);
      let state = created.state!;
      expect(state['id']).toMatch(new RegExp(`^(?:${registry.get(type).import.pattern})$`));
      expect(core(state)).toMatchObject(resolve(s.created, vars));

      // refresh changes nothing; the same configuration plans nothing
      const refreshed = await tf.read(type, state);
      expect(refreshed.diagnostics).toEqual([]);
      expect(refreshed.state).toEqual(state);
      const noop = await tf.plan(type, state, c1);
      expect(noop.requiresReplace).toEqual([]);
      expect(tf.same(type, noop.planned, state)).toBe(true);

      const current = config(steps.current);
      if (s.update) {
        const p2 = await tf.plan(type, state, current);
        expect(p2.diagnostics).toEqual([]);
        expect(p2.requiresReplace).toEqual([]);
        expect(tf.same(type, p2.planned, state)).toBe(false);
        expect(p2.planned!['id']).toBe(state['id']);
        // outputs fixed at creation are planned as they were, not "(known after apply)": created_at always is one,
        // whatever the spec's flags say (with `stable` ignored this fails), and so is every output flagged stable
        const props = registry.get(type).properties;
        const fixed = Object.keys(props).filter((name) => name === 'created_at' || props[name]!.stable);
        if ('created_at' in props) expect(fixed).toContain('created_at');
        for (const name of fixed) expect([name, p2.planned![name]]).toEqual([name, state[name]]);
        const updated = await tf.apply(type, state, p2.planned, current);
        expect(updated.diagnostics).toEqual([]);
        state = updated.state!;
        expect(core(state)).toMatchObject(resolve(s.update.state, vars));
        expect((await tf.read(type, state)).state).toEqual(state);
        expect(tf.same(type, (await tf.plan(type, state, current)).planned, state)).toBe(true);
      }

      if (s.replace) {
        const p3 = await tf.plan(type, state, config(steps.replace!));
        expect(p3.diagnostics).toEqual([]);
        expect([...p3.requiresReplace].sort()).toEqual([...s.replace.replaces].sort());
      }

      // drift shows on refresh; the plan puts the configured values back (in place, or by a replacement)
      if (s.outOfBand) {
        await s.outOfBand.change(clients, state['id'] as string, vars);
        const drifted = (await tf.read(type, state)).state!;
        expect(core(drifted)).toMatchObject(resolve(s.outOfBand.drifted, vars));
        const p4 = await tf.plan(type, drifted, current);
        for (const prop of Object.keys(s.outOfBand.drifted)) {
          expect(drifted[prop]).not.toEqual(state[prop]);
          expect(p4.planned![prop]).toEqual(state[prop]);
        }
        state = (await tf.converge(type, drifted, current))!;
        expect(tf.same(type, (await tf.plan(type, state, current)).planned, state)).toBe(true);
      }

      // import: the imported object reads back and plans without a replacement
      const imported = await tf.import(type, state['id'] as string);
      expect(imported.diagnostics).toEqual([]);
      expect(imported.states).toHaveLength(1);
      const read = (await tf.read(type, imported.states[0]!)).state!;
      expect(read['id']).toBe(state['id']);
      const p5 = await tf.plan(type, read, current);
      expect(p5.diagnostics).toEqual([]);
      expect(p5.requiresReplace).toEqual([]);

      // destroy through plan (proposed null) and apply (planned null); where the API cannot delete, it stays
      const destroy = await tf.plan(type, state, null);
      expect(destroy.planned).toBeNull();
      const destroyed = await tf.apply(type, state, null, null);
      expect(destroyed.diagnostics).toEqual([]);
      expect(destroyed.state).toBeNull();
      expect((await tf.read(type, state)).state?.['id'] ?? null).toBe(s.persists ? state['id'] : null);

      // created again, then gone behind Terraform's back: read answers null (Terraform drops it from state)
      await s.recreate?.(clients, vars);
      const again = (await tf.converge(type, null, config(steps.create)))!;
      if (s.remove) {
        await s.remove(clients, again['id'] as string, vars);
        const gone = await tf.read(type, again);
        expect(gone.diagnostics).toEqual([]);
        expect(gone.state).toBeNull();
      } else {
        // nothing can delete it behind Terraform's back (an organization's setting): destroyed by Terraform instead
        expect((await tf.apply(type, again, null, null)).diagnostics).toEqual([]);
      }
      expect(tracked(s, emulator.counts())).toEqual(tracked(s, baseline));
    });

    test('the invalid input has a diagnostic at its attribute', async () => {
      if (!sendable(type, steps.invalid)) return; // Terraform itself would refuse the value's type
      const diags = await tf.validate(type, tf.config(type, steps.invalid));
      expect(diags.find((d) => d.attribute && renderPath(d.attribute.steps) === formatPath(s.invalid.path))?.severity).toBe('ERROR');
    });

    test('an unknown value from another resource plans as unknown, and validation skips it', async () => {
      const c = config(steps.create);
      const input = Object.entries(tf.block(type)).find(([, p]) => p.input === 'required' && p.type.kind === 'string');
      if (!input) return;
      c[input[0]] = new ExtData(12, new Uint8Array([0x81, 0x01, 0xc3])); // refined: not null
      expect(await tf.validate(type, c)).toEqual(valid(type));
      const p = await tf.plan(type, null, c);
      expect(p.diagnostics).toEqual([]);
      expect(isCtyUnknown(p.planned![input[0]])).toBe(true);
    });
  });

  describe('refused configuration has a diagnostic at the attribute', () => {
    // Only what Terraform itself would send: values of each attribute's type, to attributes that exist.
    const cases = bad
      .filter(([type, inputs]) => sendable(type, inputs))
      .map(([type, inputs, path, message]) => [type, path, inputs, message] as const);

    test('the shared table of refused inputs has sendable cases', () => expect(cases.length).toBeGreaterThan(25));

    test.each(cases)('%s at %s', async (type, path, inputs, message) => {
      const diags = await tf.validate(type, tf.config(type, inputs));
      const at = diags.find((d) => d.attribute && renderPath(d.attribute.steps) === path);
      expect(at?.severity).toBe('ERROR');
      if (typeof message === 'string') expect(at!.detail).toContain(message);
      else expect(at!.detail).toMatch(message);
    });
  });

  test('a computed attribute keeps its prior value when nothing changes it', async () => {
    const block = tf.block('vector_store');
    expect(isComputed(block['name']!)).toBe(true);
    const state = (await tf.converge('vector_store', null, tf.config('vector_store', { metadata: { a: 'b' } })))!;
    expect(typeof state['name']).toBe('string');
    const p = await tf.plan('vector_store', state, tf.config('vector_store', { metadata: { a: 'c' } }));
    expect(p.planned!['name']).toBe(state['name']);
    expect(isCtyUnknown(p.planned!['status'])).toBe(true);
    expect(isCtyObject(p.planned!['metadata'])).toBe(true);
    await tf.apply('vector_store', state, null, null);
  });
});
