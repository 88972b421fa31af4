// Skills: bundles of files anchored by a SKILL.md manifest, uploaded as a directory (repeated `files[]` parts, each
// named by its path inside one top-level folder) or as one zip of that folder; immutable numbered versions, a
// default version pointer, and the bundle's download as a zip.
//
// What the description leaves to inference (the guide and the cookbook state the bundle rules): the manifest must
// be `SKILL.md` (any case) directly inside the single top-level folder, with front matter giving `name` (Agent
// Skills rules: lowercase letters, digits and single hyphens, at most 64) and `description` (at most 1024); the
// skill shows its default version's name and description; version numbers count up from 1 and are never reused;
// the default version cannot be deleted (set another default first); deleting a skill deletes its versions.

import { ApiError, badRequest } from '../errors';
import { idMinter } from '../ids';
import type { SkillRec, SkillVersionRec } from '../store';
import { readZip, writeZip, type ZipEntry } from '../zip';
import { insert, ownRecord, ownRecords, paginate, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { RawBody, del, get, post, type Ctx, type Route } from './types';

const IDS = {
  skill: { prefix: 'skill_', alphabet: 'hex', length: 48 },
  skill_version: { prefix: 'skillver_', alphabet: 'hex', length: 48 },
} as const;
const newId = idMinter(IDS);

/** The guide's limits: 500 files per version, 25 MB per file uncompressed, 50 MB per zip upload. */
const MAX_FILES = 500;
const MAX_FILE_BYTES = 25 * 1024 * 1024;
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const invalidBundle = (message: string): ApiError => badRequest(`Invalid skill bundle: ${message}`, 'files', 'invalid_skill_bundle');

/** The files of the upload: the `files[]` parts, or the entries of the one `files` zip. */
function uploadedEntries(ctx: Ctx): { entries: ZipEntry[]; zip?: Buffer } {
  const parts = ctx.fileLists['files'];
  if (parts?.length) return { entries: parts.map((f) => ({ path: f.filename, bytes: f.bytes })) };
  const zip = ctx.files['files'];
  if (!zip)
    throw badRequest(
      "Missing required parameter: 'files' (upload the skill's files as `files[]` parts, or one zip as `files`).",
      'files',
      'missing_required_parameter',
    );
  if (zip.bytes.length > MAX_ZIP_BYTES) throw invalidBundle(`the zip is larger than ${MAX_ZIP_BYTES} bytes`);
  try {
    return { entries: readZip(zip.bytes), zip: zip.bytes };
  } catch (e) {
    throw invalidBundle(`'${zip.filename}' is not a readable zip archive (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** `key: value` of the manifest's front matter (quotes stripped), or an error naming what is missing. */
function frontMatter(text: string): Record<string, string> {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  if (!m) throw invalidBundle('SKILL.md must start with front matter between `---` lines, giving `name` and `description`');
  const out: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (kv) out[kv[1]!] = kv[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/** Checks a bundle as the API does and reads its manifest: the name and description of the version. */
function checkBundle(entries: readonly ZipEntry[]): { name: string; description: string } {
  if (entries.length === 0) throw invalidBundle('no files');
  if (entries.length > MAX_FILES) throw invalidBundle(`${entries.length} files; a skill version has at most ${MAX_FILES}`);
  const tops = new Set<string>();
  for (const e of entries) {
    const segments = e.path.split('/');
    if (segments.length < 2 || segments.some((s) => s === '' || s === '.' || s === '..')) {
      throw invalidBundle(`'${e.path}' is not a path inside the bundle's top-level folder (e.g. my_skill/SKILL.md)`);
    }
    tops.add(segments[0]!);
    if (e.bytes.length > MAX_FILE_BYTES) throw invalidBundle(`'${e.path}' is larger than ${MAX_FILE_BYTES} bytes`);
  }
  if (tops.size !== 1) throw invalidBundle(`the files must be inside one top-level folder; found ${[...tops].sort().join(', ')}`);
  const manifests = entries.filter((e) => /^skill\.md$/i.test(e.path.split('/').at(-1)!));
  if (manifests.length !== 1) throw invalidBundle(`exactly one SKILL.md is required; found ${manifests.length}`);
  const manifest = manifests[0]!;
  if (manifest.path.split('/').length !== 2) throw invalidBundle(`SKILL.md must be directly inside the top-level folder, not at '${manifest.path}'`);
  const fm = frontMatter(manifest.bytes.toString('utf8'));
  const name = fm['name'];
  const description = fm['description'];
  if (!name || name.length > 64 || !NAME.test(name)) {
    throw invalidBundle('the front matter `name` is required: 1 to 64 lowercase letters, digits and single hyphens (e.g. csv-insights)');
  }
  if (!description || description.length > 1024) throw invalidBundle('the front matter `description` is required (at most 1024 characters)');
  return { name, description };
}

function ownSkill(ctx: Ctx): SkillRec {
  const id = ctx.params['skill_id'] as string;
  return ownRecord(ctx, ctx.store.tables.skills, id, () => new ApiError(404, `Skill '${id}' not found.`, 'invalid_request_error', 'skill_id'));
}

function versionsOf(ctx: Ctx, skillId: string): SkillVersionRec[] {
  return ownRecords(ctx, ctx.store.tables.skill_versions)
    .filter((v) => v.skill_id === skillId)
    .sort((a, b) => Number(a.version) - Number(b.version));
}

function ownVersion(ctx: Ctx, skill: SkillRec, version: string): SkillVersionRec {
  const v = ctx.store.tables.skill_versions[`${skill.id}/${version}`];
  if (!v) throw new ApiError(404, `Version '${version}' of skill '${skill.id}' not found.`, 'invalid_request_error', 'version');
  return v;
}

/** Stores the uploaded bundle as the skill's next version. */
function addVersion(ctx: Ctx, skill: SkillRec): SkillVersionRec {
  const { entries, zip } = uploadedEntries(ctx);
  const manifest = checkBundle(entries);
  const version = String(skill._next);
  skill._next += 1;
  skill.latest_version = version;
  return insert(
    ctx,
    ctx.store.tables.skill_versions,
    {
      id: newId('skill_version'),
      object: 'skill.version',
      skill_id: skill.id,
      version,
      created_at: ctx.now,
      ...manifest,
      _project: ctx.projectId,
      _zip: (zip ?? writeZip(entries)).toString('base64'),
    },
    `${skill.id}/${version}`,
  );
}

function makeDefault(skill: SkillRec, v: SkillVersionRec): void {
  skill.default_version = v.version;
  skill.name = v.name;
  skill.description = v.description;
}

const zipOf = (v: SkillVersionRec): RawBody => new RawBody(Buffer.from(v._zip, 'base64'), 'application/zip');

const SKILL = '/skills/{skill_id}';
const VERSION = `${SKILL}/versions/{version}`;

const skillRoutes: Route[] = [
  post('/skills', (ctx) => {
    const skill: SkillRec = {
      id: newId('skill'),
      object: 'skill',
      name: '',
      description: '',
      created_at: ctx.now,
      default_version: '1',
      latest_version: '1',
      _project: ctx.projectId,
      _next: 1,
    };
    const v = addVersion(ctx, skill); // checks the bundle before the skill exists
    makeDefault(skill, v);
    return view(insert(ctx, ctx.store.tables.skills, skill));
  }),
  get('/skills', (ctx) => paginate(ctx, ownRecords(ctx, ctx.store.tables.skills), (s) => s.id, view)),
  get(SKILL, (ctx) => view(ownSkill(ctx))),
  post(SKILL, (ctx) => {
    const skill = ownSkill(ctx);
    const wanted = String(ctx.body['default_version']);
    const v = ctx.store.tables.skill_versions[`${skill.id}/${wanted}`];
    if (!v) throw badRequest(`Skill '${skill.id}' has no version '${wanted}'.`, 'default_version', 'invalid_value');
    makeDefault(skill, v);
    ctx.store.markDirty();
    return view(skill);
  }),
  del(SKILL, (ctx) => {
    const skill = ownSkill(ctx);
    for (const v of versionsOf(ctx, skill.id)) delete ctx.store.tables.skill_versions[`${skill.id}/${v.version}`];
    delete ctx.store.tables.skills[skill.id];
    ctx.store.markDirty();
    return { id: skill.id, object: 'skill.deleted', deleted: true };
  }),
  get(`${SKILL}/content`, (ctx) => {
    const skill = ownSkill(ctx);
    return zipOf(ownVersion(ctx, skill, skill.default_version));
  }),

  post(`${SKILL}/versions`, (ctx) => {
    const skill = ownSkill(ctx);
    const v = addVersion(ctx, skill);
    if (ctx.body['default'] === true) makeDefault(skill, v);
    ctx.store.markDirty();
    return view(v);
  }),
  get(`${SKILL}/versions`, (ctx) => paginate(ctx, versionsOf(ctx, ownSkill(ctx).id), (v) => v.id, view)),
  get(VERSION, (ctx) => view(ownVersion(ctx, ownSkill(ctx), ctx.params['version'] as string))),
  del(VERSION, (ctx) => {
    const skill = ownSkill(ctx);
    const v = ownVersion(ctx, skill, ctx.params['version'] as string);
    if (v.version === skill.default_version) {
      throw badRequest(
        `Version '${v.version}' is the default version of skill '${skill.id}' and cannot be deleted: set another default version first.`,
        'version',
        'default_version',
      );
    }
    delete ctx.store.tables.skill_versions[`${skill.id}/${v.version}`];
    const left = versionsOf(ctx, skill.id);
    skill.latest_version = left.at(-1)!.version; // the default is left, at least
    ctx.store.markDirty();
    return { object: 'skill.version.deleted', deleted: true, id: v.id, version: v.version };
  }),
  get(`${VERSION}/content`, (ctx) => zipOf(ownVersion(ctx, ownSkill(ctx), ctx.params['version'] as string))),
];

const TABLES = { skills: table<SkillRec>(), skill_versions: table<SkillVersionRec>() };

export const skills: EmulatorModule<typeof TABLES> = {
  name: 'skills',
  serves: {
    skill: { path: '/skills', id: 'skill' },
    // A version's own id part is its number ("2"), not a minted id.
    skill_version: { path: '/skills/{skill_id}/versions' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { skills: (t) => rows(t.skills), skill_versions: (t) => rows(t.skill_versions) },
  routes: skillRoutes,
};
