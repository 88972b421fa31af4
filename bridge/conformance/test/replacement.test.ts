// One source of truth for "replace": a property's `replaceOnChange` flag (set by the spec, or by defineResource for
// every input and derived value of a resource without an update handler). For every input of every resource, a change of that input
// alone is planned as a replacement exactly when the flag says so, and the Pulumi schema (replaceOnChanges, which
// the generated SDKs pass to the engine) says the same. Neither can drift from the other.
import { diffInputs, isMeta, managed, registry, resourceNames, type State, type TypeSpec, type Value, type ValueObject } from '@openai-iac/core';
import { propertyPath } from '../../pulumi/src/marshal';
import { pulumiSchema } from '../../pulumi/src/schema';

/** Two different, non-empty values of a type (`which` 0 or 1). */
function sample(t: TypeSpec, which: 0 | 1): Value {
  switch (t.kind) {
    case 'string':
      return t.enum ? (t.enum[which % t.enum.length] as string) + (t.enum.length > 1 ? '' : String(which)) : `v${which}`;
    case 'integer':
    case 'number':
      return which + 1;
    case 'bool':
      return which === 1;
    case 'list':
      return [sample(t.items, which)];
    case 'map':
      return { k: sample(t.values, which) };
    case 'object':
      return Object.fromEntries(
        Object.entries(t.properties)
          .filter(([, p]) => p.input !== 'output')
          .map(([k, p]) => [k, sample(p.type, which)]),
      );
    case 'json':
      return { v: which };
  }
}

type SchemaProperties = Record<string, { replaceOnChanges?: boolean }>;
const schema = pulumiSchema(registry.resources) as { resources: Record<string, { properties: SchemaProperties; inputProperties: SchemaProperties }> };

const cases = registry.resources.flatMap((spec) =>
  Object.entries(spec.properties)
    .filter(([name, prop]) => (prop.input !== 'output' || prop.derive) && !isMeta(name))
    .map(([name, prop]) => ({ spec, name, prop, label: `${spec.name}.${name}` })),
);

test('every resource has inputs to check (data-only specs have none)', () => {
  expect(new Set(cases.map((c) => c.spec.name)).size).toBe(managed(registry.resources).length);
});

test.each(cases)('$label: the diff replaces on a change exactly when the flag says so, and so does the Pulumi schema', ({ spec, name, prop }) => {
  const olds = { [name]: sample(prop.type, 0) } as State;
  const news: ValueObject = { [name]: sample(prop.type, 1) };
  const diff = diffInputs(spec, olds, news);
  expect(diff.changed).toContain(name);
  const flagged = prop.replaceOnChange;
  expect({ replaces: diff.replaces.includes(name) }).toEqual({ replaces: flagged });
  if (!spec.handlers.update) expect(flagged).toBe(true);
  const resource = schema.resources[resourceNames(spec).pulumiToken];
  const input = (prop.input === 'output' ? resource?.properties : resource?.inputProperties)?.[propertyPath(spec.properties, [name])];
  expect(input).toBeDefined();
  expect({ replaceOnChanges: Boolean(input?.replaceOnChanges) }).toEqual({ replaceOnChanges: flagged });
});
