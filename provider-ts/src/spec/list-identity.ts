// Which resources an engine can list (Terraform's `list` blocks), and the identity each listed object carries.
// Minimal on purpose: the identity of an object is its id (the import id, composite ids included), until the
// resource-identity work gives each resource its own identity attributes; merge this into that one then.
import type { ResourceSpec } from './types';
import { managed } from './lookup';

/** The managed resources whose objects can be listed: those with a list handler. */
export function listable(resources: readonly ResourceSpec[]): ResourceSpec[] {
  return managed(resources).filter((spec) => spec.handlers.list !== undefined);
}

/** The identity attributes of the object with this id. */
export function identityOf(_spec: ResourceSpec, id: string): { id: string } {
  return { id };
}
