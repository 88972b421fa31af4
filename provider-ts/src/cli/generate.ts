// Writes (or with --check, verifies) the generated files that come from the core registry.
import { resources } from '../resources';
import { exportRegistry } from '../spec/export';
import { writeGenerated } from './generated';

export function generatedFiles(): Record<string, string> {
  return { 'schema/resources.json': `${JSON.stringify(exportRegistry(resources), null, 2)}\n` };
}

if (require.main === module) process.exit(writeGenerated(generatedFiles(), process.argv.slice(2), 'core'));
