// Writes (or with --check, verifies) the files generated from the registry for Pulumi: schema/schema.json.
import { resources, writeGenerated } from '@openai-iac/core';
import { schemaJson } from '../schema';

export function generatedFiles(): Record<string, string> {
  return { 'schema/schema.json': schemaJson(resources) };
}

if (require.main === module) process.exit(writeGenerated(generatedFiles(), process.argv.slice(2), 'Pulumi'));
