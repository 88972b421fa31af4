// The registry names properties and resource types neutrally in its texts (`⟦external_key_id⟧`, spec/names.ts);
// each engine's artifacts spell them its own way. Only the neutral export, schema/resources.json, keeps the
// markers: a marker anywhere else is a text that reached a user unspelled.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const committed = execFileSync('git', ['ls-files', '-z', 'schema', 'docs', 'sdk', 'examples', 'README.md'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && f !== 'schema/resources.json');

test('the engine artifacts are among the files checked', () => {
  expect(committed).toEqual(
    expect.arrayContaining(['schema/schema.json', 'schema/terraform/provider-schema.json', 'docs/resources/assistant.md', 'sdk/nodejs/assistant.ts']),
  );
});

test('no committed artifact shows a neutral name', () => {
  const left = committed.flatMap((f) => {
    return readFileSync(join(ROOT, f), 'utf8').includes('⟦') ? [f] : [];
  });
  expect(left).toEqual([]);
});

test('the neutral export does carry them (the check above looks for the right thing)', () => {
  expect(readFileSync(join(ROOT, 'schema/resources.json'), 'utf8')).toMatch(/⟦external_key_id⟧/);
});
