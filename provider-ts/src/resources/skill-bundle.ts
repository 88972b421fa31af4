// A skill bundle on disk: a folder (uploaded as one `files[]` part per file, named by its path inside the folder)
// or a `.zip` of one such folder (uploaded as it is). Both read as the same entries — `<folder>/<path>` and the
// bytes — and hash alike: sha256 over the entries sorted by path, so a folder and a zip of it have one hash, and
// the hash changes exactly when a file's path or bytes do.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Failure } from '../spec/types';

interface BundleEntry {
  /** `<top-level folder>/<path inside it>`, `/`-separated. */
  path: string;
  bytes: Buffer;
}

export interface Bundle {
  entries: BundleEntry[];
  /** The archive's bytes, for a `.zip` source (uploaded as one file). */
  zip?: Buffer;
  /** The manifest's front matter `name` (the API reads it from SKILL.md). */
  name: string;
}

/** The API's limits (Skills guide): 500 files a version, 25 MB a file, 50 MB a zip. */
const MAX_FILES = 500;
const MAX_FILE_BYTES = 25 * 1024 * 1024;
const MAX_ZIP_BYTES = 50 * 1024 * 1024;

function bad(message: string): Failure & Error {
  return Object.assign(new Error(message), { path: ['source'] });
}

/** Why the file system refused: its code (ENOENT …), whatever realm the error comes from. */
export function fsReason(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
}

function walk(dir: string, rel: string, out: BundleEntry[]): void {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(full).isDirectory()) walk(full, r, out);
    else out.push({ path: r, bytes: readFileSync(full) });
  }
}

/** The file entries of a zip archive (stored or deflated; directories left out). */
function readZip(buf: Buffer): BundleEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory record');
  let at = buf.readUInt32LE(eocd + 16);
  const out: BundleEntry[] = [];
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const path = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (path.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`corrupt entry ${path}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (method === 0) out.push({ path, bytes: Buffer.from(data) });
    else if (method === 8) out.push({ path, bytes: inflateRawSync(data) });
    else throw new Error(`unsupported compression method ${method} (${path})`);
  }
  return out;
}

/** The manifest's front matter `name`, checked as the API checks the bundle (before anything is sent). */
function manifestName(entries: readonly BundleEntry[], where: string): string {
  if (entries.length === 0) throw bad(`${where} holds no files`);
  if (entries.length > MAX_FILES) throw bad(`${where} holds ${entries.length} files; a skill version has at most ${MAX_FILES}`);
  const big = entries.find((e) => e.bytes.length > MAX_FILE_BYTES);
  if (big) throw bad(`'${big.path}' is larger than 25 MB, the API's limit for a skill file`);
  const tops = new Set(entries.map((e) => (e.path.includes('/') ? e.path.split('/')[0] : '')));
  if (tops.size !== 1 || tops.has(''))
    throw bad(`${where}: a skill zip must hold one top-level folder with the files inside it (zip -r my_skill.zip my_skill)`);
  const manifests = entries.filter((e) => /^skill\.md$/i.test(e.path.split('/').at(-1) ?? ''));
  const manifest = manifests.length === 1 && manifests[0]!.path.split('/').length === 2 ? manifests[0]! : undefined;
  if (!manifest) throw bad(`${where} must hold exactly one SKILL.md, directly in the skill's folder (found ${manifests.length})`);
  const fm = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(manifest.bytes.toString('utf8'))?.[1] ?? '';
  const field = (k: string) =>
    new RegExp(`^${k}:\\s*(.*)$`, 'm')
      .exec(fm)?.[1]
      ?.trim()
      .replace(/^(["'])(.*)\1$/, '$2') || undefined;
  const name = field('name');
  if (!name || !field('description'))
    throw bad(`${manifest.path} must start with front matter (between --- lines) giving \`name\` and \`description\``);
  return name;
}

/** Reads the bundle at `source` (a folder or a `.zip`), failing on `source` with what to fix. */
export function readBundle(source: string): Bundle {
  let isDir: boolean;
  try {
    isDir = statSync(source).isDirectory();
  } catch (e) {
    throw bad(`cannot read '${source}': ${fsReason(e)}`);
  }
  if (isDir) {
    const entries: BundleEntry[] = [];
    try {
      walk(source, '', entries);
    } catch (e) {
      throw bad(`cannot read the folder '${source}': ${fsReason(e)}`);
    }
    const folder = basename(source.replace(/[\\/]+$/, '')) || 'skill';
    const inFolder = entries.map((e) => ({ path: `${folder}/${e.path}`, bytes: e.bytes }));
    return { entries: inFolder, name: manifestName(inFolder, `the folder '${source}'`) };
  }
  if (!/\.zip$/i.test(source)) throw bad(`'${source}' is neither a folder nor a .zip archive of one`);
  let zip: Buffer;
  try {
    zip = readFileSync(source);
  } catch (e) {
    throw bad(`cannot read '${source}': ${fsReason(e)}`);
  }
  if (zip.length > MAX_ZIP_BYTES) throw bad(`'${source}' is larger than 50 MB, the API's limit for a skill zip`);
  let entries: BundleEntry[];
  try {
    entries = readZip(zip);
  } catch (e) {
    throw bad(`'${source}' is not a readable zip archive (${e instanceof Error ? e.message : String(e)})`);
  }
  return { entries, zip, name: manifestName(entries, `the zip '${source}'`) };
}

/** sha256 over the entries sorted by path: each path, a NUL, its length, a NUL, its bytes. */
export function bundleSha256(b: Bundle): string {
  const h = createHash('sha256');
  for (const e of [...b.entries].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))) {
    h.update(e.path).update('\0').update(String(e.bytes.length)).update('\0').update(e.bytes);
  }
  return h.digest('hex');
}
