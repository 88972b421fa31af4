// The one write-or-check loop behind every generator (`make generate` / `make check-generated`):
//   node <package>/dist/cli/generate.js --out <repoRoot> [--check]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes the files that changed, or with `--check` lists the drifted ones and returns 1. */
export function writeGenerated(files: Record<string, string>, argv: readonly string[], what: string): number {
  const at = argv.indexOf('--out');
  const out = at >= 0 ? (argv[at + 1] ?? '.') : '.';
  const check = argv.includes('--check');
  const drifted: string[] = [];
  for (const [rel, text] of Object.entries(files)) {
    const path = join(out, rel);
    if (read(path) === text) continue;
    if (check) drifted.push(rel);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      process.stdout.write(`wrote ${rel}\n`);
    }
  }
  if (drifted.length > 0) {
    process.stderr.write(`generated ${what} files drifted from their source: ${drifted.join(', ')}\nrun \`make generate\` and commit the result.\n`);
    return 1;
  }
  return 0;
}
