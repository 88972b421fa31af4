// schema/schema.json: up to date with the registry, and shaped the way the SDK generators need.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasGet, isMeta, registry, resourceNames, resources, spellNames, withoutWriteOnly, type JsonObject } from '@openai-iac/core';
import { generatedFiles } from '../src/cli/generate';
import { propertyPath } from '../src/marshal';
import { enumMemberName, pulumiSchema } from '../src/schema';

const schema = pulumiSchema(resources) as Record<string, JsonObject>;
const section = (name: string) => schema[name] as Record<string, JsonObject>;

describe('generated files match the registry', () => {
  test.each(Object.entries(generatedFiles()))('%s is up to date (run `make generate-pulumi`)', (rel, text) => {
    expect(readFileSync(join(__dirname, '../../..', rel), 'utf8')).toBe(text);
  });
});

describe('schema', () => {
  test('package metadata and the language sections', () => {
    expect(schema).toMatchObject({ name: 'openai', license: 'MIT', displayName: expect.any(String), publisher: expect.any(String) });
    const language = section('language');
    expect(language['nodejs']).toMatchObject({ packageName: expect.stringMatching(/^@/), respectSchemaVersion: true });
    expect(language['python']).toMatchObject({ packageName: expect.any(String), requires: { pulumi: expect.any(String) } });
    expect(language['go']).toMatchObject({ importBasePath: expect.stringContaining('/sdk/go/openai'), generateResourceContainerTypes: true });
    expect(language['csharp']).toMatchObject({ rootNamespace: expect.any(String), packageReferences: { Pulumi: expect.any(String) } });
  });

  test('keys are sorted at every level (a stable file)', () => {
    const unsorted: string[] = [];
    JSON.stringify(schema, (k, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.join() !== [...keys].sort().join()) unsorted.push(k);
      }
      return v;
    });
    expect(unsorted).toEqual([]);
  });

  test('provider configuration: every setting, secrets marked', () => {
    const vars = (section('config')['variables'] ?? {}) as Record<string, JsonObject>;
    expect(Object.keys(vars).sort()).toEqual(
      ['adminApiKey', 'adminRequestsPerMinute', 'apiKey', 'baseUrl', 'maxRetries', 'organization', 'project', 'requestTimeout'].sort(),
    );
    expect(vars['apiKey']!['secret']).toBe(true);
    expect(vars['adminApiKey']!['secret']).toBe(true);
    expect(section('provider')['inputProperties']).toEqual(vars);
  });

  test.each(resources.filter((r) => r.dataOnly).map((r) => [r.name, r] as const))('data only %s: functions, no resource', (_name, spec) => {
    const names = resourceNames(spec);
    expect(section('resources')[names.pulumiToken]).toBeUndefined();
    const fns = section('functions');
    expect(Object.keys(fns).filter((t) => t === names.pulumiGetToken || t === names.pulumiListToken)).toEqual([
      ...(hasGet(spec) ? [names.pulumiGetToken] : []),
      ...(spec.handlers.list ? [names.pulumiListToken] : []),
    ]);
  });

  // As Pulumi sees them: without Terraform's write-only attributes (api_key_wo), which the schema leaves out.
  test.each(resources.filter((r) => !r.dataOnly).map((r) => [r.name, withoutWriteOnly(r)] as const))('resource %s', (_name, spec) => {
    const names = resourceNames(spec);
    const res = section('resources')[names.pulumiToken] as Record<string, JsonObject & Record<string, JsonObject>>;
    expect(res).toBeDefined();
    expect(res['description']).toContain('{{% examples %}}');
    expect(res['description']).toContain(`new openai.${names.className}(`);
    expect(res['deprecationMessage']).toBeUndefined(); // the provider warns on the resource (server.ts check)
    if (spec.deprecated) expect(res['description']).toContain(spellNames(spec.deprecated, 'pulumi'));
    const inputs = res['inputProperties']!;
    const outputs = res['properties']!;
    for (const [name, prop] of Object.entries(spec.properties)) {
      const key = propertyPath(spec.properties, [name]);
      expect(outputs[key]).toBeDefined();
      if (prop.input === 'output') expect(inputs[key]).toBeUndefined();
      else expect(inputs[key]).toMatchObject({ description: expect.any(String) });
      if (prop.secret) expect(outputs[key]).toMatchObject({ secret: true });
      if (prop.replaceOnChange) expect((prop.input === 'output' ? outputs : inputs)[key]).toMatchObject({ replaceOnChanges: true });
    }
    expect(inputs['apiKey']).toMatchObject({ secret: true, type: 'string' });
    const required = Object.entries(spec.properties)
      .filter(([, p]) => p.input === 'required')
      .map(([n]) => propertyPath(spec.properties, [n]));
    expect(res['requiredInputs'] ?? []).toEqual(required);
    const fns = section('functions');
    // By id; with idParts by the id's parts instead, so nothing is required (the core says which are missing).
    const get = fns[names.pulumiGetToken] as { inputs: { required?: string[]; properties: Record<string, unknown> } };
    expect(get).toMatchObject({ outputs: { required: expect.arrayContaining(['id']) } });
    expect(get.inputs.required).toEqual(spec.idParts ? undefined : ['id']);
    for (const part of spec.idParts ?? []) expect(Object.keys(get.inputs.properties)).toContain(propertyPath(spec.properties, [part]));
    const getOutputs = (fns[names.pulumiGetToken] as Record<string, Record<string, JsonObject>>)['outputs']!['properties']!;
    expect(Object.keys(getOutputs).filter((k) => isMeta(k) || k === 'apiKey')).toEqual([]);
    if (spec.handlers.list) expect(fns[names.pulumiListToken]).toMatchObject({ outputs: { required: ['items'] } });
    else expect(fns[names.pulumiListToken]).toBeUndefined();
  });

  test('every $ref names a type of the schema (or pulumi.json#/Any)', () => {
    const refs: string[] = [];
    JSON.stringify(schema, (k, v: unknown) => (k === '$ref' && typeof v === 'string' && refs.push(v), v));
    const types = section('types');
    for (const ref of refs) {
      if (ref === 'pulumi.json#/Any') continue;
      expect(ref).toMatch(/^#\/types\/openai:index:/);
      expect(types[ref.slice('#/types/'.length)]).toBeDefined();
    }
    expect(refs).toContain('pulumi.json#/Any');
  });

  test('nested types are named <Resource><Property>, with map keys left as user data', () => {
    const types = section('types');
    const vs = resourceNames(registry.get('vector_store')).className;
    expect(types[`openai:index:${vs}ExpiresAfter`]).toMatchObject({ type: 'object', required: ['days'] });
    const metadata = (section('resources')[`openai:index:${vs}`] as Record<string, Record<string, JsonObject>>)['inputProperties']!['metadata'];
    expect(metadata).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
  });

  test('an enum input is a $ref to a Pulumi enum type; the same output stays a string', () => {
    const assistant = section('resources')['openai:index:Assistant'] as Record<string, Record<string, JsonObject>>;
    expect(assistant['inputProperties']!['reasoningEffort']).toEqual({
      $ref: '#/types/openai:index:AssistantReasoningEffort',
      description: expect.not.stringContaining('One of'),
    });
    // State keeps any string (define.ts): an SDK never has to decode a value a newer API added.
    expect(assistant['properties']!['reasoningEffort']).toMatchObject({ type: 'string', description: expect.stringContaining('One of `none`') });
    expect(assistant['properties']!['reasoningEffort']!['$ref']).toBeUndefined();
    const types = section('types');
    expect(types['openai:index:AssistantReasoningEffort']).toMatchObject({
      type: 'string',
      description: expect.any(String),
      enum: [
        { name: 'None', value: 'none' },
        { name: 'Minimal', value: 'minimal' },
        { name: 'Low', value: 'low' },
        { name: 'Medium', value: 'medium' },
        { name: 'High', value: 'high' },
        { name: 'Xhigh', value: 'xhigh' },
        { name: 'Max', value: 'max' },
      ],
    });
    // Nested: Assistant.tools[].type, an object type's member.
    expect(types['openai:index:AssistantTools']!['properties']).toMatchObject({ type: { $ref: '#/types/openai:index:AssistantToolsType' } });
    expect(types['openai:index:AssistantToolsType']!['enum']).toEqual([
      { name: 'CodeInterpreter', value: 'code_interpreter' },
      { name: 'FileSearch', value: 'file_search' },
      { name: 'Function', value: 'function' },
    ]);
    // A function's argument is an input too; a list of enum strings has enum items.
    const usage = Object.entries(section('functions')).find(([tok]) => /OrganizationUsage$/i.test(tok))?.[1] as
      Record<string, Record<string, JsonObject>> | undefined;
    expect(usage?.['inputs']!['properties']!['sizes']).toMatchObject({ type: 'array', items: { $ref: expect.stringMatching(/Sizes$/) } });
  });

  test('enum members have names valid in TypeScript, Python, Go and C#, distinct within their enum', () => {
    expect(['gpt-4o', '24h', 'file_search', '', 'AE_STORAGE', 'image.generation', 'default-2024-11-15'].map(enumMemberName)).toEqual([
      'Gpt4o',
      'Value24h',
      'FileSearch',
      'Empty',
      'AeStorage',
      'ImageGeneration',
      'Default20241115',
    ]);
    const enums = Object.values(section('types')).filter((t) => t['enum']);
    expect(enums.length).toBeGreaterThan(10);
    for (const t of enums) {
      const names = (t['enum'] as { name: string }[]).map((m) => m.name);
      for (const n of names) expect(n).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
