// The generated Terraform files match the registry, and the schema file is what the provider serves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasGet, PROVIDER_CONFIG, registry, resourceNames } from '@openai-iac/core';
import { generatedFiles } from '../src/cli/generate';
import { PROVIDER_ADDRESS, providerSchema, providerSchemaJson } from '../src/schema';
import { createProviderServer } from '../src/server';

const root = join(__dirname, '../../..');

describe('generated files match the registry', () => {
  test.each(Object.keys(generatedFiles()))('%s is up to date (run `make generate-terraform`)', (rel) => {
    expect(readFileSync(join(root, rel), 'utf8')).toBe(generatedFiles()[rel]);
  });
});

test('generation is deterministic', () => {
  expect(generatedFiles()).toEqual(generatedFiles());
});

test('the exported schema is the one GetProviderSchema serves', async () => {
  const served = await createProviderServer({}).GetProviderSchema();
  expect(providerSchemaJson(served)).toEqual(providerSchemaJson(providerSchema(registry.resources, PROVIDER_CONFIG)));
  const file = JSON.parse(readFileSync(join(root, 'schema/terraform/provider-schema.json'), 'utf8'));
  expect(file).toEqual(JSON.parse(JSON.stringify(providerSchemaJson(served))));
  expect(Object.keys(file.provider_schemas)).toEqual([PROVIDER_ADDRESS]);
});

test('every resource and data source has a page, each with an example and resources with an import section', () => {
  const files = generatedFiles();
  for (const spec of registry.resources) {
    const names = resourceNames(spec);
    const pages = [...(hasGet(spec) ? [names.terraformType] : []), ...(spec.handlers.list ? [names.terraformListType] : [])];
    for (const type of pages) expect(files[`docs/data-sources/${type.slice('openai_'.length)}.md`]).toContain('## Example Usage');
    // data-only specs (defineDataSource) have data source pages and no resource page
    if (spec.dataOnly) {
      expect(files[`docs/resources/${spec.name}.md`]).toBeUndefined();
      continue;
    }
    const page = files[`docs/resources/${spec.name}.md`]!;
    expect(page).toContain('## Example Usage');
    expect(page).toContain(`id = "${spec.import.example}"`);
  }
});
