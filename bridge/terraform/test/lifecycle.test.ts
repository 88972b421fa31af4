// Every resource through the spawned provider, over tfplugin6, against the in-process emulator: validate,
// plan create (computed values unknown), apply, read (no drift), plan no-op, plan + apply an in-place update,
// plan a replace, drift and deletion behind Terraform's back, import, destroy. Terraform's own checks of plans
// and applies run on every step (see terraform.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtData } from '@msgpack/msgpack';
import OpenAI from 'openai';
import { registry, type JsonObject } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { bad } from '../../../provider-ts/test/bad-inputs';
import { isCtyObject, isCtyUnknown, type CtyObject } from '../src/msgpack';
import { isComputed } from '../src/schema';
import { MODES, type Plugin } from './harness';
import { renderPath, sendable, Terraform } from './terraform';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'tf-lifecycle-'));
const doc = join(dir, 'doc.md');
writeFileSync(doc, '# doc\nhello\n');

interface World {
  emulator: Emulator;
  sdk: OpenAI;
  admin: OpenAI;
}

interface Fixture {
  needs?: (w: World) => Promise<Record<string, string>>;
  create: (deps: Record<string, string>) => JsonObject;
  /** Adjusts the configuration as a user would write it (e.g. JSON text with its own spacing). */
  spell?: (config: CtyObject) => void;
  update: ((deps: Record<string, string>) => JsonObject) | null;
  replace: [(deps: Record<string, string>) => JsonObject, string] | null;
  outOfBand: ((w: World, id: string) => Promise<string>) | null;
  remove: (w: World, id: string) => Promise<unknown>;
  kind: string;
}

const uploaded = async (w: World) => ({ file: (await w.sdk.files.create({ file: new File(['dep'], 'dep.txt'), purpose: 'assistants' })).id });

const fixtures: Record<string, Fixture> = {
  file: {
    kind: 'files',
    create: () => ({ source: doc, purpose: 'assistants', expires_after: { anchor: 'created_at', seconds: 7200 } }),
    update: null,
    replace: [() => ({ content: 'inline', filename: 'inline.txt', purpose: 'assistants' }), 'source'],
    outOfBand: null,
    remove: (w, id) => w.sdk.files.delete(id),
  },
  vector_store: {
    kind: 'vector_stores',
    needs: uploaded,
    create: (d) => ({ name: 'docs', description: 'about', file_ids: [d['file']!], expires_after: { days: 7 }, metadata: { team: 'a' } }),
    update: (d) => ({ name: 'docs-2', description: 'about', file_ids: [d['file']!], expires_after: { days: 3 }, metadata: { team: 'b' } }),
    replace: [(d) => ({ name: 'docs-2', description: 'changed', file_ids: [d['file']!], expires_after: { days: 3 }, metadata: { team: 'b' } }), 'description'],
    outOfBand: async (w, id) => (await w.sdk.vectorStores.update(id, { name: 'renamed-by-hand' }), 'name'),
    remove: (w, id) => w.sdk.vectorStores.delete(id),
  },
  project: {
    kind: 'projects',
    create: () => ({ name: 'team-a' }),
    update: () => ({ name: 'team-b', external_key_id: 'ek_1' }),
    replace: [() => ({ name: 'team-b', external_key_id: 'ek_1', residency: 'EU_STORAGE_PROCESSING' }), 'residency'],
    outOfBand: async (w, id) => (await w.admin.admin.organization.projects.update(id, { name: 'by-hand' }), 'name'),
    remove: (w, id) => w.admin.admin.organization.projects.archive(id),
  },
  assistant: {
    kind: 'assistants',
    needs: uploaded,
    create: (d) => ({
      model: 'gpt-4o',
      name: 'Tutor',
      instructions: 'Teach.',
      reasoning_effort: 'low',
      tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      tool_resources: { code_interpreter: { file_ids: [d['file']!] } },
      metadata: { v: '1' },
      temperature: 0.1,
    }),
    // JSON as a person writes it in a heredoc: spacing and key order of their own.
    spell: (c) => {
      const fn = ((c['tools'] as CtyObject[])[1]!['function'] as CtyObject);
      fn['parameters'] = '{\n  "type": "object",\n  "properties": { "q": { "type": "string" } }\n}';
    },
    update: () => ({ model: 'gpt-4.1', name: 'Tutor 2', instructions: 'Teach more.', reasoning_effort: 'low', tools: [{ type: 'file_search', file_search: { max_num_results: 5 } }], metadata: { v: '2' }, temperature: 0.7 }),
    replace: null,
    outOfBand: async (w, id) => (await w.sdk.beta.assistants.update(id, { instructions: 'hacked' }), 'instructions'),
    remove: (w, id) => w.sdk.beta.assistants.delete(id),
  },
};

let w: World;

beforeAll(async () => {
  const emulator = await startEmulator({ port: 0, vectorStoreFileDelayMs: 20, quiet: true });
  w = {
    emulator,
    sdk: new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 }),
    admin: new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 }),
  };
});

afterAll(async () => {
  await w?.emulator.close();
});

test('every resource in the registry has a lifecycle fixture', () => {
  expect(Object.keys(fixtures).sort()).toEqual(registry.resources.map((r) => r.name).sort());
});

describe.each(MODES)('%s', (_mode, start) => {
  let plugin: Plugin;
  let tf: Terraform;
  beforeAll(async () => {
    plugin = await start();
    tf = new Terraform(plugin);
    expect(await tf.configure({ base_url: w.emulator.url, api_key: w.emulator.projectKey, admin_api_key: w.emulator.adminKey })).toEqual([]);
  });
  afterAll(async () => plugin?.close());

  describe.each(Object.entries(fixtures))('%s over tfplugin6', (type, fx) => {
    let deps: Record<string, string> = {};
    const config = (build: (d: Record<string, string>) => JsonObject) => tf.config(type, build(deps));
    const first = () => {
      const c = config(fx.create);
      fx.spell?.(c);
      return c;
    };
    beforeAll(async () => {
      deps = fx.needs ? await fx.needs(w) : {};
    });

    test('create, read, no-op, update, replace, drift, import, delete', async () => {
      const before = w.emulator.counts()[fx.kind] ?? 0;
      const block = tf.block(type);
      const c1 = first();
      expect(await tf.validate(type, c1)).toEqual([]);

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

      // refresh changes nothing; the same configuration plans nothing
      const refreshed = await tf.read(type, state);
      expect(refreshed.diagnostics).toEqual([]);
      expect(refreshed.state).toEqual(state);
      const noop = await tf.plan(type, state, c1);
      expect(noop.requiresReplace).toEqual([]);
      expect(tf.same(type, noop.planned, state)).toBe(true);

      if (fx.update) {
        const c2 = config(fx.update);
        const p2 = await tf.plan(type, state, c2);
        expect(p2.diagnostics).toEqual([]);
        expect(p2.requiresReplace).toEqual([]);
        expect(tf.same(type, p2.planned, state)).toBe(false);
        expect(p2.planned!['id']).toBe(state['id']);
        const updated = await tf.apply(type, state, p2.planned, c2);
        expect(updated.diagnostics).toEqual([]);
        state = updated.state!;
        expect((await tf.read(type, state)).state).toEqual(state);
        expect(tf.same(type, (await tf.plan(type, state, c2)).planned, state)).toBe(true);
      }
      const current = fx.update ? config(fx.update) : first();

      if (fx.replace) {
        const [build, prop] = fx.replace;
        const p3 = await tf.plan(type, state, config(build));
        expect(p3.diagnostics).toEqual([]);
        expect(p3.requiresReplace).toContain(prop);
      }

      if (fx.outOfBand) {
        const prop = await fx.outOfBand(w, state['id'] as string);
        const drifted = (await tf.read(type, state)).state!;
        expect(drifted[prop]).not.toEqual(state[prop]);
        const p4 = await tf.plan(type, drifted, current);
        expect(p4.planned![prop]).toEqual(state[prop]);
        state = (await tf.apply(type, drifted, p4.planned, current)).state!;
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

      // gone behind Terraform's back: read answers null (Terraform drops it from state)
      await fx.remove(w, state['id'] as string);
      const gone = await tf.read(type, state);
      expect(gone.diagnostics).toEqual([]);
      expect(gone.state).toBeNull();

      // create again, then destroy through plan (proposed null) and apply (planned null)
      const again = (await tf.converge(type, null, first()))!;
      const destroy = await tf.plan(type, again, null);
      expect(destroy.planned).toBeNull();
      const destroyed = await tf.apply(type, again, null, null);
      expect(destroyed.diagnostics).toEqual([]);
      expect(destroyed.state).toBeNull();
      expect(w.emulator.counts()[fx.kind] ?? 0).toBe(before);
    });

    test('an unknown value from another resource plans as unknown, and validation skips it', async () => {
      const c = first();
      const input = Object.entries(tf.block(type)).find(([, p]) => p.input === 'required' && p.type.kind === 'string');
      if (!input) return;
      c[input[0]] = new ExtData(12, new Uint8Array([0x81, 0x01, 0xc3])); // refined: not null
      expect(await tf.validate(type, c)).toEqual([]);
      const p = await tf.plan(type, null, c);
      expect(p.diagnostics).toEqual([]);
      expect(isCtyUnknown(p.planned![input[0]])).toBe(true);
    });
  });

  describe('refused configuration has a diagnostic at the attribute', () => {
    // Only what Terraform itself would send: values of each attribute's type, to attributes that exist.
    const cases = bad.filter(([type, inputs]) => sendable(type, inputs)).map(([type, inputs, path, message]) => [type, path, inputs, message] as const);

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
