import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles } from '../../src/cli/generate';

describe('generated files match the registry', () => {
  test.each(Object.entries(generatedFiles(join(__dirname, '../../..'))))('%s is up to date (run `make generate`)', (rel, text) => {
    expect(readFileSync(join(__dirname, '../../..', rel), 'utf8')).toBe(text);
  });
});
