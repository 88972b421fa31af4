// `make help` lists every target by group, and every `make <target>` that the README, the docs, the examples'
// READMEs or a message of the tools tells a user to run is one of them.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

const help = execFileSync('make', ['--no-print-directory', '-s', 'help'], { cwd: ROOT, encoding: 'utf8' });
/** target → the group heading it is listed under */
const listed = new Map<string, string>();
let heading = '';
for (const line of help.split('\n')) {
  const m = /^ {2}(\S+)\s/.exec(line);
  if (m) listed.set(m[1]!, heading);
  else if (line.trim()) heading = line;
}

const files = (dir: string, ext: RegExp): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f));

test('the groups come in order, and no target is left without one', () => {
  const headings = [...new Set(listed.values())].map((h) => h.split(/[:(]/)[0]!.trim());
  expect(headings).toEqual(['Demo', 'Tests and checks', 'Build and install', 'Generated files', 'Engines', 'Release artifacts', 'Benchmarks']);
  expect(listed.get('engines')).toMatch(/^Engines/);
  expect(listed.get('env')).toMatch(/^Demo/);
  expect(listed.get('demo')).toMatch(/^Demo/);
});

test('every make target a user is told to run is listed by make help', () => {
  const sources = [
    'README.md',
    ...files('docs', /\.md$/),
    ...readdirSync(join(ROOT, 'examples')).map((e) => join('examples', e, 'README.md')),
    'tools/engines/README.md',
    ...files('tools', /\.(sh|mts)$/),
    ...files('provider-ts/src', /\.ts$/),
    ...files('bridge/pulumi/src', /\.ts$/),
    ...files('bridge/terraform/src', /\.ts$/),
    ...files('emulator/src', /\.ts$/),
  ];
  const named = new Map<string, string>(); // target → a file naming it
  for (const file of sources) {
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      continue; // an example without a README
    }
    // `make X`, 'make X' and a code line starting with make X; "make a …" is English.
    for (const m of text.matchAll(/(?:[`'"]|^\s*)make ([a-z][\w-]*)/gm)) if (m[1] !== 'a') named.set(m[1]!, file);
  }
  expect(named.size).toBeGreaterThan(20);
  const missing = [...named].filter(([t]) => !listed.has(t)).map(([t, f]) => `${t} (named in ${f})`);
  expect(missing).toEqual([]);
});
