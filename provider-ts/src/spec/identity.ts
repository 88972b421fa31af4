// The identity of a managed object (Terraform's resource identity, protocol 6.9+): the values that name it, as
// an object, decided once here from what the spec says of its id. An id made of parts (`idParts`, one per
// `/`-separated piece of `import.format`) has those parts as its identity (`project_id`, `user_id`); any other
// id, and a singleton's, is its identity as `id`; `import.parts` names the pieces of a composite id without
// `idParts` (`vector_store_id` and `file_id` for `vs_…/file-…`). Adapters map these attributes to their engine's messages.
import type { Failure, ResourceSpec } from './types';

export interface IdentityAttribute {
  name: string;
  description: string;
  /** Must be given to import by identity (false: the provider can supply it, as a singleton's id). */
  requiredForImport: boolean;
}

export interface Identity {
  /** Bumped whenever the attributes or their meaning change (then an upgrade is owed to saved identities). */
  version: number;
  attributes: IdentityAttribute[];
}

export type IdentityValues = Record<string, string>;

const isSingleton = (spec: ResourceSpec): boolean => spec.idParts?.length === 0;

/** The names of the id's parts: `import.parts`, else `idParts` when each `/`-separated piece is one of them. */
function parts(spec: ResourceSpec): readonly string[] | undefined {
  if (spec.import.parts) return spec.import.parts;
  const idParts = spec.idParts;
  if (!idParts || idParts.length === 0) return undefined;
  return spec.import.format.split('/').length === idParts.length ? idParts : undefined;
}

/** The identity attributes of a managed spec, in the id's order. */
export function identityOf(spec: ResourceSpec): Identity {
  const names = parts(spec);
  if (!names) {
    const description = isSingleton(spec)
      ? `The id: always \`${spec.import.example}\` (there is only one; may be left out).`
      : `The id: ${spec.import.format}.`;
    return { version: 0, attributes: [{ name: 'id', description, requiredForImport: !isSingleton(spec) }] };
  }
  return {
    version: 0,
    attributes: names.map((name, i) => ({
      name,
      description: spec.properties[name]?.description ?? `Piece ${i + 1} of the id (${spec.import.format}).`,
      requiredForImport: true,
    })),
  };
}

/** The identity of the object with this id. */
export function identityFromId(spec: ResourceSpec, id: string): IdentityValues {
  const names = parts(spec);
  if (!names) return { id };
  const pieces = id.split('/');
  if (pieces.length !== names.length) throw new Error(`${spec.name} id '${id}' is not ${spec.import.format}`);
  return Object.fromEntries(names.map((n, i) => [n, pieces[i]!]));
}

/** What is wrong with an identity given to import, before any request: each failure names its attribute. */
export function identityFailures(spec: ResourceSpec, identity: Record<string, unknown>): Failure[] {
  const failures: Failure[] = [];
  const { attributes } = identityOf(spec);
  for (const a of attributes) {
    const v = identity[a.name];
    if (v === undefined || v === null || v === '') {
      if (a.requiredForImport) failures.push({ path: [a.name], message: `is required to import by identity (${spec.import.format})` });
    } else if (typeof v !== 'string') failures.push({ path: [a.name], message: 'must be a string' });
    else if (v.includes('/') && attributes.length > 1) failures.push({ path: [a.name], message: 'must not contain `/`' });
  }
  if (failures.length > 0) return failures;
  const id = idFromIdentity(spec, identity as IdentityValues);
  if (!new RegExp(`^(?:${spec.import.pattern})$`).test(id)) {
    const path = attributes.length === 1 ? attributes[0]!.name : firstBadPart(spec, identity as IdentityValues);
    return [{ path: [path], message: `does not name a ${spec.name}: the id is ${spec.import.format} (for example ${spec.import.example})` }];
  }
  return [];
}

/** The part whose own property pattern it does not match (else the first part). */
function firstBadPart(spec: ResourceSpec, identity: IdentityValues): string {
  const names = parts(spec) ?? ['id'];
  for (const n of names) {
    const t = spec.properties[n]?.type;
    const pattern = t?.kind === 'string' ? t.pattern : undefined;
    if (pattern && !new RegExp(`^(?:${pattern.regex})$`).test(identity[n] ?? '')) return n;
  }
  return names[0]!;
}

/** The id an identity names (identityFailures passed). */
export function idFromIdentity(spec: ResourceSpec, identity: IdentityValues): string {
  const names = parts(spec);
  if (!names) return identity['id'] || (isSingleton(spec) ? spec.import.example : '');
  return names.map((n) => identity[n]).join('/');
}
