// Which resources an engine can list (Terraform's `list` blocks). The identity each listed object carries is
// spec/identity.ts's.
import type { ResourceSpec } from './types';
import { managed } from './lookup';

/** The managed resources whose objects can be listed: those with a list handler. */
export function listable(resources: readonly ResourceSpec[]): ResourceSpec[] {
  return managed(resources).filter((spec) => spec.handlers.list !== undefined);
}
