// The fault suite's stack (tests/reliability/stack.ts), as a Pulumi program: the resources described in stack.json
// (written beside this file by the suite), each through the generated SDK's class of its type. A `{"$ref": name}`
// is that resource's id, a `{"$secret": name}` a secret of the stack's configuration, a `{"$json": value}` a JSON-typed
// property's value (as it is); property names are the
// registry's snake_case, turned into the SDK's camelCase (metadata keys have no underscore, so they stay).
import { readFileSync } from 'node:fs';
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

interface Decl {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

const config = new pulumi.Config();
const decls = JSON.parse(readFileSync('stack.json', 'utf8')) as Decl[];
const made = new Map<string, pulumi.CustomResource>();
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (s: string) => camel(s).replace(/^[a-z]/, (c) => c.toUpperCase());

function value(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(value);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o['$ref'] === 'string') return made.get(o['$ref'])!.id;
  if (typeof o['$secret'] === 'string') return config.requireSecret(o['$secret']);
  if ('$json' in o) return o['$json']; // a JSON-typed property: as it is, its keys not renamed
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [camel(k), value(x)]));
}

type Constructor = new (name: string, args: unknown) => pulumi.CustomResource;
const classes = openai as unknown as Record<string, Constructor>;
for (const d of decls) {
  const Class = classes[pascal(d.type)];
  if (!Class) throw new Error(`no SDK class for ${d.type}`);
  made.set(d.name, new Class(d.name, value(d.props)));
}

export const count = made.size;
