// How a get data source or function names its object: by `id`, or by the properties the id is made of
// (`idParts`), as the official Terraform provider's data sources do (`project_id` and `user_id` for a project
// user). Decided here once; both adapters take the arguments, these failures and this id.
import { p } from './define';
import type { Failure, PropertySpec, ResourceSpec, ValueObject } from './types';
import { isUnknown } from './types';
import { named } from './names';

/** Managed resources: every spec but the data-only ones (define.ts `defineDataSource`). */
export function managed(resources: readonly ResourceSpec[]): ResourceSpec[] {
  return resources.filter((r) => !r.dataOnly);
}

/** Whether the spec has a get data source / function (every spec unless `dataSources.get` is false). */
export function hasGet(spec: ResourceSpec): boolean {
  return spec.dataSources?.get !== false;
}

/**
 * The arguments of the get: `id` (required unless the spec declares `idParts`), and each id part as an optional
 * string, described and constrained as the spec's property is.
 */
export function getArguments(spec: ResourceSpec): Record<string, PropertySpec> {
  const idParts = spec.idParts;
  const idDescription = `The id: ${spec.import.format}.`;
  if (!idParts) return { id: p.string({ description: idDescription, required: true }) };
  const out: Record<string, PropertySpec> = {};
  out['id'] = p.string({
    description:
      idParts.length > 0
        ? `${idDescription} Or set ${idParts.map((n) => `\`${n}\``).join(' and ')} instead.`
        : `${idDescription} Optional: there is only one.`,
  });
  for (const name of idParts) {
    const prop = spec.properties[name];
    if (!prop) throw new Error(`spec ${spec.name}: idParts names '${name}', which is not a property`);
    const pattern = prop.type.kind === 'string' ? prop.type.pattern : undefined;
    out[name] = { ...p.string({ description: prop.description }), ...(pattern ? { type: { kind: 'string', pattern } } : {}) };
  }
  return out;
}

const given = (v: unknown): boolean => v !== undefined && v !== null;

/** What is wrong with a get's arguments, before any request; unknown values are not judged yet. */
export function getFailures(spec: ResourceSpec, args: ValueObject): Failure[] {
  const id = args['id'];
  const idParts = spec.idParts ?? [];
  if (isUnknown(id) || idParts.some((n) => isUnknown(args[n]))) return [];
  if (typeof id === 'string') {
    if (!new RegExp(`^(?:${spec.import.pattern})$`).test(id)) {
      return [{ path: ['id'], message: `must be a ${spec.name} id: ${spec.import.format} (for example ${spec.import.example})` }];
    }
    const also = idParts.filter((n) => given(args[n]));
    return also.length > 0 ? [{ path: [also[0]!], message: `set either ${named('id')} or the id's parts, not both` }] : [];
  }
  if (!spec.idParts) return [{ path: ['id'], message: 'is required' }];
  if (idParts.length === 0) return []; // a singleton: nothing to name
  const missing = idParts.filter((n) => !given(args[n]));
  if (missing.length === 0) return [];
  const names = idParts.map((n) => named(n)).join(' and ');
  return missing.map((n) => ({ path: [n], message: `is required: set ${names}, or ${named('id')} (${spec.import.format})` }));
}

/** The id a get reads, from arguments `getFailures` passed. */
export function idFromArguments(spec: ResourceSpec, args: ValueObject): string {
  if (typeof args['id'] === 'string') return args['id'];
  const idParts = spec.idParts ?? [];
  if (spec.idParts?.length === 0) return spec.import.example; // a singleton
  return idParts.map((n) => String(args[n])).join('/');
}
