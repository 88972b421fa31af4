// Writes (or with --check, verifies) the files generated from the registry through the Terraform adapter:
// the provider schema in the format of `terraform providers schema -json`, and the registry-layout docs.
//   node bridge/terraform/dist/cli/generate.js --out <repoRoot> [--check]
import { PROVIDER_CONFIG, registry, writeGenerated } from '@openai-iac/core';
import { docsFiles } from '../docs';
import { providerSchema, providerSchemaJson } from '../schema';

export function generatedFiles(): Record<string, string> {
  const schema = providerSchema(registry.resources, PROVIDER_CONFIG);
  return {
    'schema/terraform/provider-schema.json': `${JSON.stringify(providerSchemaJson(schema), null, 2)}\n`,
    ...docsFiles(registry.resources, schema),
  };
}

if (require.main === module) process.exit(writeGenerated(generatedFiles(), process.argv.slice(2), 'Terraform'));
