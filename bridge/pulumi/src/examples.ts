// A resource's neutral example (snake_case property values; "${file.id}" refers to another resource of the
// example) rendered as TypeScript and Python programs for the schema's descriptions. A referenced resource of
// the registry is declared first, from its own example.
import { camelCase, pascalCase, pulumiPropertyName, type Json, type JsonObject, type ResourceSpec, type TypeSpec } from '@openai-iac/core';

export const NODEJS_PACKAGE = '@openai-iac/pulumi-openai';
export const PYTHON_PACKAGE = 'pulumi_openai_iac';

const REFERENCE = /^\$\{([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\}$/;

type Lang = 'ts' | 'py';

interface Declaration {
  spec: ResourceSpec;
  example: JsonObject;
}

/** The resources an example declares, dependencies first. */
function declarations(spec: ResourceSpec, byName: ReadonlyMap<string, ResourceSpec>, seen = new Set<string>()): Declaration[] {
  if (seen.has(spec.name)) return [];
  seen.add(spec.name);
  const out: Declaration[] = [];
  const visit = (v: Json): void => {
    if (typeof v === 'string') {
      const dep = byName.get(REFERENCE.exec(v)?.[1] ?? '');
      if (dep) out.push(...declarations(dep, byName, seen));
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(spec.example);
  out.push({ spec, example: spec.example });
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function literal(lang: Lang, t: TypeSpec | undefined, v: Json, indent: string): string {
  const inner = `${indent}    `;
  if (typeof v === 'string') {
    const ref = REFERENCE.exec(v);
    if (ref) return lang === 'ts' ? `${camelCase(ref[1]!)}.${camelCase(ref[2]!)}` : `${ref[1]}.${ref[2]}`;
    return JSON.stringify(v);
  }
  if (v === null) return lang === 'ts' ? 'null' : 'None';
  if (typeof v === 'boolean') return lang === 'ts' ? String(v) : v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const items = v.map((item) => literal(lang, t?.kind === 'list' ? t.items : undefined, item, indent));
    return `[${items.join(', ')}]`;
  }
  const entries = Object.entries(v).map(([k, item]) => {
    const prop = t?.kind === 'object' ? t.properties[k] : undefined;
    const valueType = prop?.type ?? (t?.kind === 'map' ? t.values : undefined);
    const name = prop ? (lang === 'ts' ? pulumiPropertyName(k, prop) : k) : k;
    const key = lang === 'ts' && IDENT.test(name) ? name : JSON.stringify(name);
    return `${inner}${key}: ${literal(lang, valueType, item, inner)},`;
  });
  return entries.length === 0 ? '{}' : `{\n${entries.join('\n')}\n${indent}}`;
}

function declare(lang: Lang, { spec, example }: Declaration): string {
  const logical = spec.name.replace(/_/g, '-');
  const cls = pascalCase(spec.name);
  const args = Object.entries(example).map(([k, v]) => {
    const prop = spec.properties[k];
    const t = prop?.type;
    return lang === 'ts'
      ? `    ${prop ? pulumiPropertyName(k, prop) : camelCase(k)}: ${literal(lang, t, v, '    ')},`
      : `    ${k}=${literal(lang, t, v, '    ')},`;
  });
  return lang === 'ts'
    ? `const ${camelCase(spec.name)} = new openai.${cls}("${logical}", {\n${args.join('\n')}\n});`
    : `${spec.name} = openai.${cls}("${logical}",\n${args.join('\n')}\n)`;
}

/** The `{{% examples %}}` block of a resource's description. */
export function examplesBlock(spec: ResourceSpec, resources: readonly ResourceSpec[]): string {
  const decls = declarations(spec, new Map(resources.map((r) => [r.name, r])));
  const ts = [`import * as openai from "${NODEJS_PACKAGE}";`, '', ...decls.map((d) => declare('ts', d))].join('\n');
  const py = [`import ${PYTHON_PACKAGE} as openai`, '', ...decls.map((d) => declare('py', d))].join('\n');
  return [
    '{{% examples %}}',
    '## Example Usage',
    '{{% example %}}',
    '',
    '```typescript',
    ts,
    '```',
    '```python',
    py,
    '```',
    '{{% /example %}}',
    '{{% /examples %}}',
  ].join('\n');
}
