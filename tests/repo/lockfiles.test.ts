// Every package-lock.json in the repository installs on a machine with an empty npm cache only if each of its
// package entries is complete. npm writes version-less stubs (`{"dev": true, "optional": true}`) for optional
// packages the registry did not serve at the moment the lock was written; once the registry serves them, `npm ci`
// fails everywhere with "Invalid Version:". Links (workspaces, `file:` folders) carry no version of their own.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
const SKIP = new Set(['node_modules', '.git', '.cache', '.demo', 'dist', 'bin', 'out', 'coverage']);

function lockFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : lockFiles(join(dir, entry.name));
    return entry.name === 'package-lock.json' ? [join(dir, entry.name)] : [];
  });
}

interface LockEntry {
  version?: string;
  link?: boolean;
}

/** The entries of a lock file's `packages` map that npm cannot install: no version and not a link. */
export function incompleteEntries(lock: { packages?: Record<string, LockEntry> }): string[] {
  return Object.entries(lock.packages ?? {})
    .filter(([key, entry]) => key !== '' && entry.link !== true && !entry.version)
    .map(([key]) => key);
}

const files = lockFiles(ROOT).map((f) => relative(ROOT, f));

test('the repository has its lock files', () => {
  expect(files).toEqual(expect.arrayContaining(['package-lock.json', 'examples/simple/package-lock.json']));
});

test.each(files)('%s: every package entry has a version', (file) => {
  const lock = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { lockfileVersion?: number; packages?: Record<string, LockEntry> };
  expect(lock.lockfileVersion).toBe(3);
  expect(incompleteEntries(lock).map((key) => `${file}: ${key} has no version`)).toEqual([]);
});

test('a version-less optional stub is caught, a link is not', () => {
  expect(
    incompleteEntries({
      packages: {
        '': {},
        'node_modules/a': { version: '1.0.0' },
        'node_modules/x/node_modules/@scope/binding-win32': { dev: true, optional: true } as LockEntry,
        'node_modules/ws-package': { link: true },
      },
    }),
  ).toEqual(['node_modules/x/node_modules/@scope/binding-win32']);
});
