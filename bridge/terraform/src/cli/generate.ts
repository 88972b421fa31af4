// Writes (or with --check, verifies) the files generated from the registry through the Terraform adapter:
// the provider schema in the format of `terraform providers schema -json`, and the registry-layout docs.
//   node bridge/terraform/dist/cli/generate.js --out <repoRoot> [--check]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROVIDER_CONFIG, registry } from '@openai-iac/core';
import { docsFiles } from '../docs';
import { providerSchema, providerSchemaJson } from '../schema';

export function generatedFiles(): Record<string, string> {
  const schema = providerSchema(registry.resources, PROVIDER_CONFIG);
  return {
    'schema/terraform/provider-schema.json': `${JSON.stringify(providerSchemaJson(schema), null, 2)}\n`,
    ...docsFiles(registry.resources, schema),
  };
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? (argv[at + 1] ?? '.') : '.';
  const check = argv.includes('--check');
  const drifted: string[] = [];
  for (const [rel, text] of Object.entries(generatedFiles())) {
    const path = join(out, rel);
    if (read(path) === text) continue;
    if (check) {
      drifted.push(rel);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      process.stdout.write(`wrote ${rel}\n`);
    }
  }
  if (drifted.length > 0) {
    process.stderr.write(`generated Terraform files drifted from the registry: ${drifted.join(', ')}\nrun \`make generate-terraform\` and commit the result.\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
