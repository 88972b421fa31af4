// Every resource through the real SDK against the emulator: create → read equals state → import reproduces
// the inputs → no-op diff → in-place update → replace on a create-only change → out-of-band change and
// delete detected → delete leaves nothing behind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registry, type JsonObject, type ValueObject } from '@openai-iac/core';
import { bad } from '../bad-inputs';
import { world, type World } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
const doc = join(dir, 'doc.md');
writeFileSync(doc, '# doc\nhello\n');

interface Fixture {
  /** Objects this one needs, created first through the SDK; their ids are passed to the builders. */
  needs?: (w: World) => Promise<Record<string, string>>;
  create: (deps: Record<string, string>) => JsonObject;
  /** An in-place change and the property it changes; null where every change replaces. */
  update: ((deps: Record<string, string>) => JsonObject) | null;
  /** A create-only change and the property that forces the replace. */
  replace: [(deps: Record<string, string>) => JsonObject, string] | null;
  /** Changes the object behind our back; returns the property that must show drift. */
  outOfBand: ((sdk: World, id: string) => Promise<string>) | null;
  /** Deletes the object behind our back. */
  remove: (w: World, id: string) => Promise<unknown>;
  /** What `counts()` calls this kind. */
  kind: string;
}

const uploaded = async (w: World) => ({
  file: (await w.sdk.files.create({ file: new File(['dep'], 'dep.txt'), purpose: 'assistants' })).id,
});

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
    create: (d) => ({ name: 'docs', description: 'about', file_ids: [d['file']!], expires_after: { anchor: 'last_active_at', days: 7 }, metadata: { team: 'a' } }),
    update: (d) => ({ name: 'docs-2', description: 'about', file_ids: [d['file']!], expires_after: { anchor: 'last_active_at', days: 3 }, metadata: { team: 'b' } }),
    replace: [(d) => ({ name: 'docs-2', description: 'changed', file_ids: [d['file']!], expires_after: { anchor: 'last_active_at', days: 3 }, metadata: { team: 'b' } }), 'description'],
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
      model: 'gpt-4o', name: 'Tutor', instructions: 'Teach.', reasoning_effort: 'low',
      tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      tool_resources: { code_interpreter: { file_ids: [d['file']!] } }, metadata: { v: '1' }, temperature: 0.5,
    }),
    update: () => ({ model: 'gpt-4.1', name: 'Tutor 2', instructions: 'Teach more.', reasoning_effort: 'low', tools: [{ type: 'file_search', file_search: { max_num_results: 5 } }], metadata: { v: '2' }, temperature: 0.7 }),
    replace: null,
    outOfBand: async (w, id) => (await w.sdk.beta.assistants.update(id, { instructions: 'hacked' }), 'instructions'),
    remove: (w, id) => w.sdk.beta.assistants.delete(id),
  },
};

describe.each(Object.entries(fixtures))('%s lifecycle through the SDK', (type, fx) => {
  let w: World;
  let deps: Record<string, string> = {};
  let baseline = 0;
  beforeAll(async () => {
    w = await world();
    deps = fx.needs ? await fx.needs(w) : {};
    baseline = w.emulator.counts()[fx.kind] ?? 0; // the emulator's default project counts as one
  });
  afterAll(async () => w.emulator.close());

  const check = (raw: JsonObject): ValueObject => {
    const { inputs, failures } = w.provider.check(type, raw);
    expect(failures).toEqual([]);
    return inputs;
  };

  test('create, read, import, no-op diff, update, replace plan, drift, delete', async () => {
    const inputs = check(fx.create(deps));
    const created = await w.provider.create(type, inputs as JsonObject);
    expect(created.id).toMatch(new RegExp(`^(?:${registry.get(type).import.pattern})$`));

    // read equals state
    const read = await w.provider.read(type, created.id, created.state);
    expect(read?.state).toEqual(created.state);
    expect(w.provider.diff(type, read!.state, inputs)).toEqual({ changed: [], replaces: [], deleteBeforeReplace: false });

    // import (no prior state) reproduces every input the API returns; write-only ones are adopted from config
    const imported = await w.provider.import(type, created.id, undefined);
    for (const [k, v] of Object.entries(imported.inputs)) {
      // a value the configuration leaves to the API (computed) may come back; anything else must match
      if (inputs[k] === undefined) expect([k, registry.get(type).properties[k]!.computed]).toEqual([k, true]);
      else expect([k, v]).toEqual([k, inputs[k]]);
    }
    expect(w.provider.diff(type, imported.state, inputs).changed).toEqual([]);

    let state = created.state;
    if (fx.update) {
      const next = check(fx.update(deps));
      const d = w.provider.diff(type, state, next);
      expect(d.changed.length).toBeGreaterThan(0);
      expect(d.replaces).toEqual([]);
      state = await w.provider.update(type, created.id, state, next as JsonObject);
      const after = await w.provider.read(type, created.id, state);
      expect(w.provider.diff(type, after!.state, next).changed).toEqual([]);
    }
    if (fx.replace) {
      const [build, prop] = fx.replace;
      expect(w.provider.diff(type, state, check(build(deps))).replaces).toContain(prop);
    }
    if (fx.outOfBand) {
      const prop = await fx.outOfBand(w, created.id);
      const drifted = await w.provider.read(type, created.id, state);
      expect(w.provider.diff(type, drifted!.state, check((fx.update ?? fx.create)(deps))).changed).toContain(prop);
    }

    await fx.remove(w, created.id);
    expect(await w.provider.read(type, created.id, state)).toBeNull();
    // deleting what is already gone succeeds
    await w.provider.delete(type, created.id, state);

    const again = await w.provider.create(type, inputs as JsonObject);
    await w.provider.delete(type, again.id, again.state);
    expect(await w.provider.read(type, again.id, again.state)).toBeNull();
    expect(w.emulator.counts()[fx.kind] ?? 0).toBe(baseline);
  });

  test('bad input is refused before any request', async () => {
    const before = w.emulator.requests.length;
    const bad = { ...fx.create(deps), api_key: 7 } as JsonObject;
    await expect(w.provider.create(type, bad)).rejects.toThrow(/api_key: must be a string/);
    expect(w.emulator.requests.length).toBe(before);
  });
});

// Keeps the fixture table honest: every registered resource has a lifecycle here.
test('every resource in the registry has a lifecycle fixture', () => {
  expect(Object.keys(fixtures).sort()).toEqual(registry.resources.map((r) => r.name).sort());
});

describe('every refused input is refused before any request', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());
  test.each(bad)('%s %j → %s', async (type, inputs, path) => {
    const before = w.emulator.requests.length;
    const err = await w.provider.create(type, inputs as JsonObject).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`${path}: `);
    expect(w.emulator.requests.length).toBe(before);
  });
});
