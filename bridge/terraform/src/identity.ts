// Resource identity (protocol 6.9+) over the core's `identityOf`: the schemas, the identity data beside each
// state ReadResource, PlanResourceChange, ApplyResourceChange and ImportResourceState answer, and the id an
// import by identity names. Which attributes a resource's identity has is the core's decision (spec/identity.ts).
import { idFromIdentity, identityFailures, identityFromId, identityOf, type ResourceSpec } from '@openai-iac/core';
import type { Diagnostic } from './diagnostics';
import { decodeDynamic, dynamic, isCtyObject, type CtyType, type CtyValue, type DynamicValue } from './msgpack';

export interface IdentityData {
  identity_data: { msgpack: Buffer };
}

/** The cty object type of a spec's identity (every attribute a string). */
export function identityType(spec: ResourceSpec): CtyType {
  return ['object', Object.fromEntries(identityOf(spec).attributes.map((a) => [a.name, 'string' as CtyType]))];
}

/** GetResourceIdentitySchemas' entry for a spec. */
export function identitySchema(spec: ResourceSpec) {
  const { version, attributes } = identityOf(spec);
  return {
    version,
    identity_attributes: attributes.map((a) => ({
      name: a.name,
      type: Buffer.from(JSON.stringify('string')),
      required_for_import: a.requiredForImport,
      optional_for_import: !a.requiredForImport,
      description: a.description,
    })),
  };
}

/** The identity data of the object a state names (none for a state without an id: a deleted object). */
export function identityData(spec: ResourceSpec, state: CtyValue): IdentityData | undefined {
  const id = isCtyObject(state) ? state['id'] : undefined;
  if (typeof id !== 'string' || id === '') return undefined;
  return { identity_data: dynamic(identityFromId(spec, id), identityType(spec)) };
}

/**
 * The id an ImportResourceState names: its `id`, or else the id built from its `identity`. Failures (a missing
 * or malformed identity attribute) come back as diagnostics naming the attribute, before any request.
 */
export function importId(
  spec: ResourceSpec,
  id: string,
  identity: { identity_data?: DynamicValue | null | undefined } | null | undefined,
): { id: string } | { diagnostics: Diagnostic[] } {
  if (id !== '' || !identity?.identity_data) return { id };
  const raw = decodeDynamic(identity.identity_data, identityType(spec));
  const values = isCtyObject(raw) ? raw : {};
  const failures = identityFailures(spec, values);
  if (failures.length > 0) {
    return {
      diagnostics: failures.map((f) => ({
        severity: 'ERROR' as const,
        summary: `Invalid identity attribute ${String(f.path[0])}`,
        detail: `Identity attribute \`${String(f.path[0])}\` ${f.message}.`,
      })),
    };
  }
  return { id: idFromIdentity(spec, values as Record<string, string>) };
}

/** UpgradeResourceIdentity: version 0 is the only version, so a stored identity is decoded as it is. */
export function upgradeIdentity(spec: ResourceSpec, version: number, json: Buffer | undefined) {
  if (version !== identityOf(spec).version) {
    const detail = `This provider knows identity version ${identityOf(spec).version} only; the state has version ${version}.`;
    return { diagnostics: [{ severity: 'ERROR' as const, summary: 'Cannot upgrade resource identity', detail }] };
  }
  const type = identityType(spec);
  const value = json && json.length > 0 ? JSON.parse(json.toString('utf8')) : null;
  return { upgraded_identity: { identity_data: dynamic(decodeDynamic({ json: Buffer.from(JSON.stringify(value)) }, type), type) }, diagnostics: [] };
}
