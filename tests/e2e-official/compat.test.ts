// Drop-in compatibility with the official OpenAI Terraform provider, attribute by attribute: every resource and
// data source it has exists here under the same type name, with every attribute it documents, its arguments
// settable, nothing required here that it does not require, and import ids of the same shape. The official
// provider's names come from its public documentation (official-schema.json); this file's table of differences is
// the only place a name may differ, each with its reason (the README repeats them).
// The configurations in official style (cases/, run by official.test.ts on OpenTofu) check the behaviour.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDER_CONFIG, registry } from '@openai-iac/core';
import { providerSchema, type SchemaMessage } from '../../bridge/terraform/src/schema';

interface Official {
  required: string[];
  optional: string[];
  read_only: string[];
  import_example?: string;
}
const OFFICIAL = JSON.parse(readFileSync(join(__dirname, 'official-schema.json'), 'utf8')) as {
  provider: Official;
  resources: Record<string, Official>;
  data_sources: Record<string, Official>;
};

/**
 * Official attributes this provider does not have, by `type.attribute`, and why. Only attributes the OpenAI API
 * description does not define may be here: there is nothing true to put in them.
 */
export const DIFFERENCES: Record<string, string> = {};

const schema = providerSchema(registry.resources, PROVIDER_CONFIG);

function attributes(block: SchemaMessage): Map<string, { required: boolean; optional: boolean; computed: boolean }> {
  return new Map(block.block.attributes.map((a) => [a.name, { required: a.required, optional: a.optional, computed: a.computed }]));
}

function problems(kind: 'provider' | 'resource' | 'data source', type: string, official: Official, ours: SchemaMessage | undefined): string[] {
  if (!ours) return [`${type}: no such ${kind} here`];
  const attrs = attributes(ours);
  const out: string[] = [];
  const known = (name: string) => attrs.has(name) || `${type}.${name}` in DIFFERENCES;
  for (const name of [...official.required, ...official.optional, ...official.read_only]) {
    if (!known(name)) out.push(`${type}.${name}: the official ${kind} has it, this one does not`);
  }
  for (const name of [...official.required, ...official.optional]) {
    const a = attrs.get(name);
    if (a && !a.required && !a.optional) out.push(`${type}.${name}: an argument of the official ${kind}, read-only here`);
  }
  for (const [name, a] of attrs) {
    if (a.required && !official.required.includes(name)) {
      out.push(`${type}.${name}: required here, ${official.optional.includes(name) ? 'optional' : 'absent'} in the official ${kind}`);
    }
  }
  return out;
}

test("the provider block takes the official provider's settings", () => {
  expect(problems('provider', 'provider', OFFICIAL.provider, schema.provider)).toEqual([]);
});

describe('every resource of the official provider, under its name and attributes', () => {
  test.each(Object.keys(OFFICIAL.resources))('%s', (type) => {
    expect(problems('resource', type, OFFICIAL.resources[type]!, schema.resource_schemas[type])).toEqual([]);
  });
});

describe('every data source of the official provider, under its name and attributes', () => {
  test.each(Object.keys(OFFICIAL.data_sources))('%s', (type) => {
    expect(problems('data source', type, OFFICIAL.data_sources[type]!, schema.data_source_schemas[type])).toEqual([]);
  });
});

test("import ids have the official provider's shape (the same parts, in the same order)", () => {
  const wrong: string[] = [];
  for (const [type, official] of Object.entries(OFFICIAL.resources)) {
    if (!official.import_example) continue;
    const spec = registry.resources.find((r) => `openai_${r.name}` === type);
    if (!spec) continue; // reported above
    const theirs = official.import_example.split('/').length;
    const ours = spec.import.example.split('/').length;
    if (theirs !== ours) wrong.push(`${type}: official ids look like ${official.import_example}, ours like ${spec.import.example}`);
  }
  expect(wrong).toEqual([]);
});

test('the table of differences names only official attributes this provider lacks', () => {
  const stale = Object.keys(DIFFERENCES).filter((key) => {
    const [type, name] = key.split('.') as [string, string];
    const official = OFFICIAL.resources[type] ?? OFFICIAL.data_sources[type];
    const ours = schema.resource_schemas[type] ?? schema.data_source_schemas[type];
    const listed = official && [...official.required, ...official.optional, ...official.read_only].includes(name);
    return !listed || (ours && attributes(ours).has(name));
  });
  expect(stale).toEqual([]);
});
