// Writes (or with --check, verifies) the generated files that come from the core registry: the neutral export
// and the README's catalogue (between its markers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resources } from '../resources';
import { withCatalogue } from '../spec/catalogue';
import { exportRegistry } from '../spec/export';
import { writeGenerated } from './generated';

export function generatedFiles(root: string): Record<string, string> {
  return {
    'schema/resources.json': `${JSON.stringify(exportRegistry(resources), null, 2)}\n`,
    'README.md': withCatalogue(readFileSync(join(root, 'README.md'), 'utf8'), resources),
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--out');
  process.exit(writeGenerated(generatedFiles(at >= 0 ? (argv[at + 1] ?? '.') : '.'), argv, 'core'));
}
