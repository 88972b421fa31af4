// The same scenario through both adapters side by side — the Pulumi plugin and the Terraform provider, both spawned
// as their engines start them, against one emulator — proving they cannot disagree. For every resource:
//   - a bad input fails at the same property path in both (Check failure, validation diagnostic);
//   - Check's inputs (defaults, derived values) are the plan's known values, and a preview is the plan;
//   - the states after create match property by property, except what the API generates (the spec's outputs,
//     whose presence must still agree), and the same properties are secret (Pulumi) / sensitive (Terraform);
//   - a no-op is a no-op in both; for the update, the replace and a drift, the changed properties and those forcing
//     a replacement are the same (Diff's diffs/replaces, the plan's changed attributes/requires_replace);
//   - the update's preview (Pulumi's Update with preview) is the plan (Terraform's planned state): the same values,
//     the same outputs unknown and the same kept;
//   - the states after the update and after a drift match;
//   - importing one object by id gives the same state in both, and the same inputs;
//   - deleting leaves the emulator as it was.
// Each adapter works on its own objects (its own run of the scenario's setup); values the setups made are written
// back as `${name}` before comparing, so two objects of the same configuration compare equal.
import OpenAI from 'openai';
import {
  formatPath,
  pulumiPropertyName,
  registry,
  resourceNames,
  type JsonObject,
  type PathSegment,
  type PropertySpec,
  type ResourceSpec,
  type TypeSpec,
} from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { buildPlugin, removePlugin, Plugin, Session, type Wire } from '../../pulumi/test/harness';
import { startPlugin, type Plugin as TerraformPlugin } from '../../terraform/test/harness';
import { renderPath, Terraform } from '../../terraform/test/terraform';
import { scenarios, stepInputs, tracked, type Clients, type Scenario, type Vars } from '../scenarios';
import { fromPulumi, fromTerraform, isNone, pick, placeholders, settled, toPulumi, UNKNOWN } from './normalise';

jest.setTimeout(60_000);

let emulator: Emulator;
let launcher: string;
let pulumiPlugin: Plugin;
let terraformPlugin: TerraformPlugin;
let pulumi: Session;
let tf: Terraform;
let clients: Clients;
/** Whether the served Terraform schema marks an attribute sensitive, by resource type and attribute. */
let sensitive: (type: string, name: string) => boolean;

beforeAll(async () => {
  [emulator, launcher] = await Promise.all([startEmulator({ port: 0, vectorStoreFileDelayMs: 0, runDelayMs: 0, quiet: true }), buildPlugin()]);
  [pulumiPlugin, terraformPlugin] = await Promise.all([Plugin.start(launcher), startPlugin()]);
  pulumi = new Session(pulumiPlugin);
  await pulumi.configure({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey });
  tf = new Terraform(terraformPlugin);
  expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
  const schema = (await terraformPlugin.provider['GetProviderSchema']!({})) as {
    resource_schemas: Record<string, { block: { attributes: Array<{ name: string; sensitive: boolean }> } }>;
  };
  sensitive = (type, name) => schema.resource_schemas[type]!.block.attributes.find((a) => a.name === name)?.sensitive === true;
  clients = {
    project: new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 }),
    admin: new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 }),
  };
}, 120_000);

afterAll(async () => {
  await Promise.all([pulumiPlugin?.close(), terraformPlugin?.close()]);
  if (launcher) removePlugin(launcher);
  await emulator?.close();
});

/** What changed in a Pulumi Diff and in a Terraform plan, in snake_case: [changed, replaced]. */
type Change = { changed: string[]; replaces: string[] };

describe.each(scenarios.map((s) => [s.resource, s] as const))('%s: Pulumi and Terraform agree', (name, s: Scenario) => {
  const spec: ResourceSpec = registry.get(name);
  const props = spec.properties;
  const token = resourceNames(spec).pulumiToken;
  const tfType = resourceNames(spec).terraformType;
  const snake = (wireName: string) => Object.keys(props).find((n) => pulumiPropertyName(n, props[n]!) === wireName) ?? wireName;

  // Each adapter's objects, values and their normalised forms.
  let vp: Vars;
  let vt: Vars;
  const P = (wire: Wire, vars = vp) => placeholders(fromPulumi(props, wire).values, vars);
  const T = (cty: unknown, vars = vt) => placeholders(fromTerraform(tf.block(name), cty), vars);
  const withoutId = ({ id: _id, ...rest }: JsonObject) => rest;
  /** A state as far as both adapters must agree on it: what the configuration determines, and which generated values are set. */
  const comparable = (state: JsonObject) => ({
    configured: settled(pick(props, state, 'configured')),
    generated: Object.keys(settled(pick(props, state, 'generated'))).sort(),
  });

  /** A preview as far as both adapters must agree on it: the configured values (unknowns kept), and for each value the
   * API generates whether it is planned unknown or kept as known. */
  const previewed = (state: JsonObject) => {
    const generated = Object.entries(pick(props, state, 'generated')).filter(([, v]) => !isNone(v));
    return {
      configured: settled(pick(props, state, 'configured'), true),
      generated: Object.fromEntries(generated.map(([k, v]) => [k, v === UNKNOWN ? UNKNOWN : 'known'])),
    };
  };

  const pulumiChange = async (id: string, olds: Wire, news: Wire): Promise<Change> => {
    const d = await pulumi.diff(token, id, olds, news);
    return { changed: d.diffs.map(snake).sort(), replaces: d.replaces.map(snake).sort() };
  };
  /** A plan's changes: configured (input or derived) attributes planned unknown or other than before; and requires_replace. */
  const terraformChange = async (prior: Record<string, unknown>, values: JsonObject): Promise<Change> => {
    const p = await tf.plan(name, prior as never, tf.config(name, values));
    expect(p.diagnostics).toEqual([]);
    const before = fromTerraform(tf.block(name), prior);
    const planned = fromTerraform(tf.block(name), p.planned);
    const changed = Object.keys(props).filter(
      (k) =>
        k in pick(props, { [k]: null }, 'configured') &&
        (planned[k] === UNKNOWN || JSON.stringify(planned[k] ?? null) !== JSON.stringify(before[k] ?? null)),
    );
    return { changed: changed.sort(), replaces: [...p.requiresReplace].sort() };
  };

  test('check, plan, create, update, replace, drift, import and delete say the same in both', async () => {
    vp = s.setup ? await s.setup(clients) : {};
    vt = s.setup ? await s.setup(clients) : {};
    const [sp, st] = [stepInputs(s, vp), stepInputs(s, vt)];
    const baseline = emulator.counts();

    // a bad input fails at the same place, before any request
    const before = emulator.requests.length;
    const failures = (await pulumi.check(token, toPulumi(props, sp.invalid))).failures.map((f) => f.property);
    const diags = (await tf.validate(name, tf.config(name, st.invalid)))
      .filter((d) => d.severity === 'ERROR' && d.attribute)
      .map((d) => renderPath(d.attribute!.steps));
    expect(failures).toContain(pulumiPath(s.invalid.path));
    expect(diags).toContain(formatPath(s.invalid.path));
    expect(emulator.requests.length).toBe(before);

    // Check (defaults, derived values) = the plan's known input values; the preview = the plan
    const checked = await pulumi.check(token, toPulumi(props, sp.create));
    expect(checked.failures).toEqual([]);
    const c1 = tf.config(name, st.create);
    const plan = await tf.plan(name, null, c1);
    expect(plan.diagnostics).toEqual([]);
    const planned = withoutId(T(plan.planned));
    const configured = pick(props, planned, 'configured');
    const known = Object.fromEntries(Object.entries(configured).filter(([, v]) => v !== UNKNOWN));
    expect(settled(P(checked.inputs))).toEqual(settled(known));
    for (const [k, v] of Object.entries(configured)) if (v === UNKNOWN) expect([k, props[k]!.computed]).toEqual([k, true]);
    const preview = await pulumi.create(token, checked.inputs, true);
    expect(settled(P(preview.properties))).toEqual(settled(planned));

    // create: the same state, but for what the API generates; the same secrets
    const createdP = await pulumi.create(token, checked.inputs);
    const appliedT = await tf.apply(name, null, plan.planned, c1);
    expect(appliedT.diagnostics).toEqual([]);
    let stateP = createdP.properties;
    let stateT = appliedT.state!;
    const idP = createdP.id;
    const idT = stateT['id'] as string;
    expect(placeholders(idT, vt).replace(/[^/]+$/, '')).toBe(placeholders(idP, vp).replace(/[^/]+$/, '')); // the same parent
    expect(comparable(P(stateP))).toEqual(comparable(T(stateT)));
    const secretsP = fromPulumi(props, stateP).secrets;
    const sensitiveT = Object.keys(T(stateT))
      .filter((k) => sensitive(tfType, k))
      .sort();
    expect(secretsP).toEqual(sensitiveT);

    // a no-op is a no-op
    expect(await pulumiChange(idP, stateP, checked.inputs)).toEqual({ changed: [], replaces: [] });
    expect(await terraformChange(stateT, st.create)).toEqual({ changed: [], replaces: [] });

    // the update: the same changes, nothing replaced, the same state after
    let newsP = checked.inputs;
    if (s.update) {
      newsP = (await pulumi.check(token, toPulumi(props, sp.update!))).inputs;
      const change = await pulumiChange(idP, stateP, newsP);
      expect(change.replaces).toEqual([]);
      expect(change.changed.length).toBeGreaterThan(0);
      expect(await terraformChange(stateT, st.update!)).toEqual(change);
      // the update's preview = the plan: the same values planned, the same outputs unknown
      const updatePlan = await tf.plan(name, stateT, tf.config(name, st.update!));
      const previewP = await pulumi.update(token, idP, stateP, newsP, true);
      expect(previewed(P(previewP))).toEqual(previewed(withoutId(T(updatePlan.planned))));
      stateP = await pulumi.update(token, idP, stateP, newsP);
      stateT = (await tf.converge(name, stateT, tf.config(name, st.update!)))!;
      expect(comparable(P(stateP))).toEqual(comparable(T(stateT)));
    }

    // the replace: the same changes, the same ones forcing it
    if (s.replace) {
      const change = await pulumiChange(idP, stateP, (await pulumi.check(token, toPulumi(props, sp.replace!))).inputs);
      expect(change.replaces).toEqual([...s.replace.replaces].sort());
      expect(await terraformChange(stateT, st.replace!)).toEqual(change);
    }

    // a drift: refreshed alike, planned back alike
    if (s.outOfBand) {
      await s.outOfBand.change(clients, idP, vp);
      await s.outOfBand.change(clients, idT, vt);
      stateP = (await pulumi.read(token, idP, stateP, newsP)).properties;
      stateT = (await tf.read(name, stateT)).state!;
      expect(comparable(P(stateP))).toEqual(comparable(T(stateT)));
      expect(await terraformChange(stateT, st.current)).toEqual(await pulumiChange(idP, stateP, newsP));
    }

    // import by id: one object, the same state and inputs through both
    for (const [id, vars] of [
      [idP, vp],
      [idT, vt],
    ] as const) {
      const importedP = await pulumi.read(token, id);
      const importedT = await tf.import(name, id);
      expect(importedT.diagnostics).toEqual([]);
      const readT = (await tf.read(name, importedT.states[0]!)).state!;
      expect(readT['id']).toBe(importedP.id);
      expect(settled(P(importedP.properties, vars))).toEqual(settled(withoutId(T(readT, vars))));
      expect(settled(P(importedP.inputs, vars))).toEqual(settled(pick(props, T(readT, vars), 'settable')));
    }

    // delete, the last created first (an organization's setting, taken over by both in turn, unwinds to what was
    // there before): the emulator holds what it held before
    const destroyed = await tf.apply(name, stateT, null, null);
    expect(destroyed.diagnostics).toEqual([]);
    await pulumi.delete(token, idP, stateP);
    expect(tracked(s, emulator.counts())).toEqual(tracked(s, baseline));
  });

  /** A property path in Pulumi's spelling, as its Check failures name it: `tools[0].function.name`, names camelCase. */
  function pulumiPath(path: readonly PathSegment[]): string {
    let out = '';
    let level: Readonly<Record<string, PropertySpec>> | undefined = props;
    for (const seg of path) {
      if (typeof seg === 'number') {
        out += `[${seg}]`;
        continue;
      }
      const prop: PropertySpec | undefined = level?.[seg];
      out += `${out ? '.' : ''}${prop ? pulumiPropertyName(seg, prop) : seg}`;
      let t: TypeSpec | undefined = prop?.type;
      while (t?.kind === 'list') t = t.items;
      level = t?.kind === 'object' ? t.properties : undefined;
    }
    return out;
  }
});
