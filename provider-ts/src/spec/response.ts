// What the API answered, against what the spec declares: the one check of responses, for every resource. Only the
// kinds are judged (a string where a string is declared, a whole number where an integer is …); the API's own
// values are never held to the input limits, and an enum in state is any string (the API may add values).
import type { Failure, PathSegment, State, TypeSpec } from './types';
import { formatPath } from './validate';

/** What a value is, in words; never the value itself (it may be a secret). */
function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a fractional number';
  return typeof v === 'object' ? 'an object' : typeof v === 'boolean' ? 'true or false' : `a ${typeof v}`;
}

function problems(t: TypeSpec, v: unknown, path: PathSegment[], out: Failure[]): void {
  if (v === null || v === undefined) return;
  const fail = (wanted: string) => out.push({ path, message: `is ${kindOf(v)}, not ${wanted}` });
  switch (t.kind) {
    case 'string':
      if (typeof v !== 'string') fail('a string');
      return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail('a whole number');
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail('a number');
      return;
    case 'bool':
      if (typeof v !== 'boolean') fail('true or false');
      return;
    case 'json':
      return;
    case 'list':
      if (!Array.isArray(v)) {
        fail('a list');
        return;
      }
      // "None" is the list's own null; an item that is null is not a value of the item's type.
      v.forEach((item, i) =>
        item === null || item === undefined ? out.push({ path: [...path, i], message: 'is null' }) : problems(t.items, item, [...path, i], out),
      );
      return;
    case 'map':
    case 'object':
      if (typeof v !== 'object' || Array.isArray(v)) {
        fail(t.kind === 'map' ? 'a map' : 'an object');
        return;
      }
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        const inner = t.kind === 'map' ? t.values : t.properties[k]?.type;
        if (inner) problems(inner, item, [...path, k], out);
      }
      return;
  }
}

/**
 * The properties of a state (as a handler built it from the API's answer) whose values are not of their declared
 * type. With `whole`, the answer describes the object as it is (a create, a read, a listing): an output fixed when
 * the object is made (`stable`, such as `created_at`) must be in it, since every object has one.
 */
export function responseProblems(properties: Record<string, { type: TypeSpec; stable?: boolean }>, state: State, whole = false): Failure[] {
  const out: Failure[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    const v = state[name];
    if (whole && prop.stable && (v === null || v === undefined)) out.push({ path: [name], message: 'is missing' });
    else problems(prop.type, v, [name], out);
  }
  return out;
}

/** The problems in words, for an error message: `name is number 42, not a string; …`. */
export function describeProblems(failures: readonly Failure[]): string {
  return failures.map((f) => `${formatPath(f.path)} ${f.message}`).join('; ');
}
