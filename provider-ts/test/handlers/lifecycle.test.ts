// Every resource through the real SDK against the emulator, driven by the shared scenarios
// (bridge/conformance/scenarios.ts): create → read equals state → import reproduces the inputs → no-op diff →
// in-place update → replace on a create-only change → out-of-band change shows as drift → delete → create again
// → deleted behind our back reads as gone → the emulator holds what it held before.
import { formatPath, registry, sameValue, spellNames, type JsonObject, type ValueObject } from '@openai-iac/core';
import {
  CONSISTENT_AT_ONCE,
  resolve,
  scenarios,
  stepInputs,
  tracked,
  type Clients,
  type Scenario,
  type Vars,
} from '../../../bridge/conformance/scenarios';
import { bad } from '../bad-inputs';
import { world, type World } from './harness';

let w: World;
let c: Clients;
beforeAll(async () => {
  w = await world({ extraEnv: CONSISTENT_AT_ONCE });
  c = { project: w.sdk, admin: w.admin };
});
afterAll(async () => w.emulator.close());

// A refresh reads each object with one request, except where the API spreads what the state holds over two (what
// docs/BENCHMARKS.md counts as reads per resource): the number and why.
const ARCHIVED_PROJECT = 'the project first: the settings of an archived project read as gone';
const READS: Record<string, [number, string]> = {
  vector_store: [2, 'the store, then its files (the scenario attaches some; a store with none is read in one request)'],
  vector_store_file_batch: [2, 'the batch, then its files (a batch none of whose files is attached reads as gone)'],
  skill_version: [2, 'the version, then its skill (whether it is the default version)'],
  run: [2, "the run, then its thread's messages (the run's answer)"],
  project_spend_limit: [2, ARCHIVED_PROJECT],
  project_rate_limit: [2, ARCHIVED_PROJECT],
  project_model_permissions: [2, ARCHIVED_PROJECT],
  project_hosted_tool_permissions: [2, ARCHIVED_PROJECT],
  project_data_retention: [2, ARCHIVED_PROJECT],
  project_group: [2, 'the group in the project, then its role there'],
  container_file: [2, "the container first: an expired container's files read as gone"],
  certificate: [2, 'the certificate, then the active list (whether it is active)'],
};

const check = (type: string, raw: JsonObject): ValueObject => {
  const { inputs, failures } = w.provider.check(type, raw);
  expect(failures).toEqual([]);
  return inputs;
};

describe.each(scenarios.map((s) => [s.resource, s] as const))('%s lifecycle through the SDK', (type, s: Scenario) => {
  const spec = registry.get(type);
  let vars: Vars = {};
  let steps: ReturnType<typeof stepInputs>;
  beforeAll(async () => {
    vars = s.setup ? await s.setup(c) : {};
    steps = stepInputs(s, vars);
  });

  test('create, read, import, no-op diff, update, replace plan, drift, delete, removal', async () => {
    const baseline = w.emulator.counts();
    const inputs = check(type, steps.create);
    const created = await w.provider.create(type, inputs as JsonObject);
    expect(created.id).toMatch(new RegExp(`^(?:${spec.import.pattern})$`));
    expect(created.state).toMatchObject(resolve(s.created, vars));

    // read equals state
    const sent = w.emulator.requests.length;
    const read = await w.provider.read(type, created.id, created.state);
    const reads = w.emulator.requests.slice(sent).map((r) => `${r.method} ${r.path}`);
    expect([type, reads.length, reads]).toEqual([type, READS[type]?.[0] ?? 1, reads]);
    expect(read?.state).toEqual(created.state);
    expect(w.provider.diff(type, read!.state, inputs)).toEqual({ changed: [], replaces: [], deleteBeforeReplace: false });

    // import (no prior state) reproduces every input the API returns; write-only ones are adopted from config
    const imported = await w.provider.import(type, created.id, undefined);
    for (const [k, v] of Object.entries(imported.inputs)) {
      // a value the configuration leaves to the API (computed) may come back, as may "none" ({}); anything else must match
      if (inputs[k] === undefined) expect([k, spec.properties[k]!.computed || sameValue(spec.properties[k]!.type, v, null)]).toEqual([k, true]);
      else expect([k, v]).toEqual([k, inputs[k]]);
    }
    expect(w.provider.diff(type, imported.state, inputs).changed).toEqual([]);

    let state = created.state;
    const current = check(type, steps.current);
    expect(Boolean(s.update)).toBe(Boolean(spec.handlers.update)); // no update in the API: every change replaces
    if (s.update) {
      const d = w.provider.diff(type, state, current);
      expect(d.changed).toEqual(expect.arrayContaining(Object.keys(s.update.inputs)));
      expect(d.replaces).toEqual([]);
      state = await w.provider.update(type, created.id, state, current as JsonObject);
      expect(state).toMatchObject(resolve(s.update.state, vars));
      const after = await w.provider.read(type, created.id, state);
      expect(w.provider.diff(type, after!.state, current).changed).toEqual([]);
    }
    if (s.replace) {
      const d = w.provider.diff(type, state, check(type, steps.replace!));
      expect([...d.replaces].sort()).toEqual([...s.replace.replaces].sort());
      expect(d.deleteBeforeReplace).toBe(Boolean(spec.deleteBeforeReplace));
    }
    if (s.outOfBand) {
      await s.outOfBand.change(c, created.id, vars);
      const drifted = await w.provider.read(type, created.id, state);
      expect(drifted!.state).toMatchObject(resolve(s.outOfBand.drifted, vars));
      expect(w.provider.diff(type, drifted!.state, current).changed).toEqual(expect.arrayContaining(Object.keys(s.outOfBand.drifted)));
    }

    // delete: gone (or, where the API cannot delete, still there but out of state)
    await w.provider.delete(type, created.id, state);
    const afterDelete = await w.provider.read(type, created.id, state);
    if (s.persists) expect(afterDelete?.id).toBe(created.id);
    else expect(afterDelete).toBeNull();

    // created again, then deleted behind our back: read says gone, and deleting what is gone succeeds
    await s.recreate?.(c, vars);
    // (where nothing can delete it — an organization's setting — only created again and deleted)
    const again = await w.provider.create(type, inputs as JsonObject);
    if (s.remove) {
      await s.remove(c, again.id, vars);
      expect(await w.provider.read(type, again.id, again.state)).toBeNull();
    }
    await w.provider.delete(type, again.id, again.state);
    expect(tracked(s, w.emulator.counts())).toEqual(tracked(s, baseline));
  });

  test('bad input is refused before any request', async () => {
    const before = w.emulator.requests.length;
    const refused = (inputs: JsonObject) =>
      w.provider.create(type, inputs).then(
        () => '',
        (e: Error) => spellNames(e.message, 'terraform'),
      );
    expect(await refused({ ...steps.create, api_key: 7 } as JsonObject)).toMatch(/`api_key`: must be a string/);
    expect(await refused(steps.invalid)).toContain(`\`${formatPath(s.invalid.path)}\`: `);
    expect(w.emulator.requests.length).toBe(before);
  });
});

describe('every refused input is refused before any request', () => {
  test.each(bad.map(([type, inputs, path, message]) => [type, path, inputs, message] as const))('%s refuses %s', async (type, path, inputs) => {
    const before = w.emulator.requests.length;
    const err = await w.provider.create(type, inputs as JsonObject).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(spellNames((err as Error).message, 'terraform')).toContain(`\`${path}\`: `);
    expect(w.emulator.requests.length).toBe(before);
  });
});
