// Writes (or with --check, verifies) the generated files that come from the core registry.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resources } from '../resources';
import { exportRegistry } from '../spec/export';

export function generatedFiles(): Record<string, string> {
  return { 'schema/resources.json': `${JSON.stringify(exportRegistry(resources), null, 2)}\n` };
}

function main(argv: string[]): number {
  const out = argv[argv.indexOf('--out') + 1] ?? '.';
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
    process.stderr.write(`generated files drifted from the registry: ${drifted.join(', ')}\nrun \`make generate\` and commit the result.\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
