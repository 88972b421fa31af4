// Writes (or with --check, verifies) the files generated from the registry for Pulumi: schema/schema.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resources } from '@openai-iac/core';
import { schemaJson } from '../schema';

export function generatedFiles(): Record<string, string> {
  return { 'schema/schema.json': schemaJson(resources) };
}

function main(argv: string[]): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? (argv[at + 1] ?? '.') : '.';
  const check = argv.includes('--check');
  const drifted: string[] = [];
  for (const [rel, text] of Object.entries(generatedFiles())) {
    const path = join(out, rel);
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) drifted.push(rel);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      process.stdout.write(`wrote ${rel}\n`);
    }
  }
  if (drifted.length > 0) {
    process.stderr.write(`generated Pulumi files drifted from the registry: ${drifted.join(', ')}\nrun \`make generate-pulumi\` and commit the result.\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
