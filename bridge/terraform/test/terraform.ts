// A small stand-in for Terraform core on top of the harness: it encodes configurations and states as cty
// msgpack, calls the RPCs in Terraform's order, and enforces the promises Terraform checks on every plan and
// apply — a configured value is planned as configured, a planned known value is the applied value, an
// applied state is wholly known — so a broken promise fails the test the way it would fail a real run.
import { PROVIDER_CONFIG, registry, resourceNames, type PropertySpec, type ValueObject, type TypeSpec } from '@openai-iac/core';
import { decodeDynamic, decodeMsgpack, dynamic, encodeMsgpack, isCtyObject, isCtyUnknown, type CtyObject, type CtyValue } from '../src/msgpack';
import { blockType, ctyType, isComputed, resourceBlock, type Block } from '../src/schema';
import { fromCoreObject } from '../src/values';
import type { Plugin } from './harness';

export interface Diag {
  severity: string;
  summary: string;
  detail: string;
  attribute: { steps: Array<Record<string, string | number>> } | null;
}

/** `a.b[0].c`-style rendering of an attribute path, as the core's messages spell paths. */
export function renderPath(steps: Array<Record<string, string | number>>): string {
  return steps.reduce<string>((s, step) => {
    const selector = String(step['selector']);
    const v = String(step[selector]);
    return selector === 'element_key_int' ? `${s}[${v}]` : s ? `${s}.${v}` : v;
  }, '');
}

function same(t: TypeSpec, a: CtyValue, b: CtyValue): boolean {
  return Buffer.from(encodeMsgpack(a, ctyType(t))).equals(Buffer.from(encodeMsgpack(b, ctyType(t))));
}

function nestedBlock(t: TypeSpec): Block | undefined {
  const inner = t.kind === 'list' ? t.items : t.kind === 'map' ? t.values : t;
  return inner.kind === 'object' ? inner.properties : undefined;
}

/** Terraform's check of a planned value against the configuration (objchange.AssertPlanValid, in short). */
export function planProblems(block: Block, config: CtyObject, planned: CtyObject, path = ''): string[] {
  const out: string[] = [];
  for (const [name, prop] of Object.entries(block)) {
    out.push(...attributeProblems(prop, config[name] ?? null, planned[name] ?? null, path ? `${path}.${name}` : name));
  }
  return out;
}

function attributeProblems(prop: PropertySpec, c: CtyValue, p: CtyValue, at: string): string[] {
  // A write-only attribute must be planned null whatever its configuration (Terraform ≥ 1.11).
  if (prop.neverStored) return p === null ? [] : [`${at}: planned a value for a write-only attribute`];
  if (isCtyUnknown(c)) return isCtyUnknown(p) ? [] : [`${at}: planned a known value for an unknown configuration value`];
  if (c === null) return isComputed(prop) || p === null ? [] : [`${at}: planned ${JSON.stringify(p)} for an unset, non-computed attribute`];
  const nested = nestedBlock(prop.type);
  if (!nested) return same(prop.type, c, p) ? [] : [`${at}: planned ${JSON.stringify(p)}, configured ${JSON.stringify(c)}`];
  if (prop.type.kind === 'object') {
    return isCtyObject(c) && isCtyObject(p) ? planProblems(nested, c, p, at) : [`${at}: planned ${String(p)} for an object`];
  }
  if (Array.isArray(c)) {
    if (!Array.isArray(p) || p.length !== c.length) return [`${at}: planned list does not match the configured list`];
    return c.flatMap((item, i) => planProblems(nested, item as CtyObject, p[i] as CtyObject, `${at}[${i}]`));
  }
  const [co, po] = [c as CtyObject, p as CtyObject];
  if (!isCtyObject(po) || Object.keys(co).sort().join() !== Object.keys(po).sort().join()) return [`${at}: planned map keys differ`];
  return Object.keys(co).flatMap((k) => planProblems(nested, co[k] as CtyObject, po[k] as CtyObject, `${at}.${k}`));
}

/** Terraform's check of an applied value against the plan: known planned values stand; nothing is unknown. */
export function applyProblems(t: TypeSpec, planned: CtyValue, applied: CtyValue, at = ''): string[] {
  if (isCtyUnknown(applied)) return [`${at}: unknown after apply`];
  if (isCtyUnknown(planned)) return containsUnknown(applied) ? [`${at}: unknown after apply`] : [];
  if (planned === null || applied === null)
    return planned === applied ? [] : [`${at}: was ${JSON.stringify(planned)}, now ${JSON.stringify(applied)}`];
  switch (t.kind) {
    case 'object':
      return Object.entries(t.properties).flatMap(([k, p]) =>
        applyProblems(p.type, (planned as CtyObject)[k] ?? null, (applied as CtyObject)[k] ?? null, at ? `${at}.${k}` : k),
      );
    case 'list': {
      const [a, b] = [planned as CtyValue[], applied as CtyValue[]];
      if (a.length !== b.length) return [`${at}: ${a.length} items planned, ${b.length} applied`];
      return a.flatMap((item, i) => applyProblems(t.items, item, b[i]!, `${at}[${i}]`));
    }
    case 'map': {
      const [a, b] = [planned as CtyObject, applied as CtyObject];
      if (Object.keys(a).sort().join() !== Object.keys(b).sort().join()) return [`${at}: map keys differ`];
      return Object.keys(a).flatMap((k) => applyProblems(t.values, a[k]!, b[k]!, `${at}.${k}`));
    }
    default:
      return same(t, planned, applied) ? [] : [`${at}: was ${JSON.stringify(planned)}, now ${JSON.stringify(applied)}`];
  }
}

function containsUnknown(v: CtyValue): boolean {
  if (isCtyUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  return isCtyObject(v) && Object.values(v).some(containsUnknown);
}

export interface Planned {
  planned: CtyObject | null;
  requiresReplace: string[];
  diagnostics: Diag[];
}

export function blockOf(type: string): Block {
  return resourceBlock(registry.get(type));
}

/** A configuration as Terraform sends it: every attribute, null where unset; `json` values as JSON text. */
export function configOf(type: string, values: ValueObject): CtyObject {
  return fromCoreObject(blockOf(type), values);
}

/** Whether Terraform could send these values: attributes that exist, values of their types. */
export function sendable(type: string, values: ValueObject): boolean {
  const t = blockType(blockOf(type));
  if (!Object.keys(values).every((k) => k in blockOf(type))) return false;
  try {
    // What the wire cannot carry unchanged (a lone surrogate in a long string) is not what Terraform sends either.
    const config = configOf(type, values);
    return JSON.stringify(decodeMsgpack(encodeMsgpack(config, t), t)) === JSON.stringify(config);
  } catch {
    return false;
  }
}

export class Terraform {
  constructor(readonly plugin: Plugin) {}

  block(type: string): Block {
    return blockOf(type);
  }

  tfType(type: string): string {
    return resourceNames(registry.get(type)).terraformType;
  }

  config(type: string, values: ValueObject): CtyObject {
    return configOf(type, values);
  }

  private dv(type: string, v: CtyValue) {
    return dynamic(v, blockType(this.block(type)));
  }

  private decode(type: string, dv: unknown): CtyObject | null {
    return decodeDynamic(dv as { msgpack: Uint8Array }, blockType(this.block(type))) as CtyObject | null;
  }

  /** Values may be UNKNOWN: a provider block fed by a value known only at apply. */
  async configure(config: ValueObject): Promise<Diag[]> {
    const c = fromCoreObject(PROVIDER_CONFIG, config);
    const v = await this.plugin.provider['ValidateProviderConfig']!({ config: dynamic(c, blockType(PROVIDER_CONFIG)) });
    const r = await this.plugin.provider['ConfigureProvider']!({ terraform_version: '1.9.0', config: dynamic(c, blockType(PROVIDER_CONFIG)) });
    return [...(v['diagnostics'] as Diag[]), ...(r['diagnostics'] as Diag[])];
  }

  async validate(type: string, config: CtyObject): Promise<Diag[]> {
    const r = await this.plugin.provider['ValidateResourceConfig']!({ type_name: this.tfType(type), config: this.dv(type, config) });
    return r['diagnostics'] as Diag[];
  }

  /** PlanResourceChange, with Terraform's validity check of the answer. `config` null plans a destroy. */
  async plan(type: string, prior: CtyObject | null, config: CtyObject | null): Promise<Planned> {
    const r = await this.plugin.provider['PlanResourceChange']!({
      type_name: this.tfType(type),
      prior_state: this.dv(type, prior),
      proposed_new_state: this.dv(type, config),
      config: this.dv(type, config),
    });
    const diagnostics = r['diagnostics'] as Diag[];
    const planned = this.decode(type, r['planned_state']);
    if (config && diagnostics.length === 0) {
      if (!planned) throw new Error('planned null for a configuration');
      const problems = planProblems(this.block(type), config, planned);
      if (problems.length > 0) throw new Error(`Provider produced invalid plan:\n${problems.join('\n')}`);
    }
    const requiresReplace = ((r['requires_replace'] as Array<{ steps: Array<Record<string, string | number>> }>) ?? []).map((p) =>
      renderPath(p.steps),
    );
    return { planned, requiresReplace, diagnostics };
  }

  /** ApplyResourceChange, with Terraform's consistency check of the new state against the plan. */
  async apply(
    type: string,
    prior: CtyObject | null,
    planned: CtyObject | null,
    config: CtyObject | null,
  ): Promise<{ state: CtyObject | null; diagnostics: Diag[] }> {
    const r = await this.plugin.provider['ApplyResourceChange']!({
      type_name: this.tfType(type),
      prior_state: this.dv(type, prior),
      planned_state: this.dv(type, planned),
      config: this.dv(type, config),
    });
    const diagnostics = r['diagnostics'] as Diag[];
    const state = this.decode(type, r['new_state']);
    if (diagnostics.length === 0 && planned) {
      const problems = applyProblems({ kind: 'object', properties: { ...this.block(type) } }, planned, state);
      if (problems.length > 0) throw new Error(`Provider produced inconsistent result after apply:\n${problems.join('\n')}`);
    }
    return { state, diagnostics };
  }

  async read(type: string, state: CtyObject): Promise<{ state: CtyObject | null; diagnostics: Diag[] }> {
    const r = await this.plugin.provider['ReadResource']!({ type_name: this.tfType(type), current_state: this.dv(type, state) });
    return { state: this.decode(type, r['new_state']), diagnostics: r['diagnostics'] as Diag[] };
  }

  async import(type: string, id: string): Promise<{ states: CtyObject[]; diagnostics: Diag[] }> {
    const r = await this.plugin.provider['ImportResourceState']!({ type_name: this.tfType(type), id });
    const imported = r['imported_resources'] as Array<{ type_name: string; state: unknown }>;
    return { states: imported.map((i) => this.decode(type, i.state)!), diagnostics: r['diagnostics'] as Diag[] };
  }

  /**
   * plan + apply, failing on any diagnostic. A plan that requires replacement is carried out as Terraform does by
   * default: the prior object is destroyed, then the new one planned from nothing and created.
   */
  async converge(type: string, prior: CtyObject | null, config: CtyObject | null): Promise<CtyObject | null> {
    const p = await this.plan(type, prior, config);
    if (p.diagnostics.length > 0) throw new Error(`plan: ${JSON.stringify(p.diagnostics)}`);
    if (prior && config && p.requiresReplace.length > 0) {
      const destroyed = await this.apply(type, prior, null, null);
      if (destroyed.diagnostics.length > 0) throw new Error(`destroy: ${JSON.stringify(destroyed.diagnostics)}`);
      return this.converge(type, null, config);
    }
    const a = await this.apply(type, prior, p.planned, config);
    if (a.diagnostics.length > 0) throw new Error(`apply: ${JSON.stringify(a.diagnostics)}`);
    return a.state;
  }

  /** Two states are the same when their msgpack encodings are. */
  same(type: string, a: CtyObject | null, b: CtyObject | null): boolean {
    return Buffer.from(this.dv(type, a).msgpack).equals(Buffer.from(this.dv(type, b).msgpack));
  }
}
