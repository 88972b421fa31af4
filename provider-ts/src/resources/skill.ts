import { basename } from 'node:path';
import type { Uploadable } from 'openai/uploads';
import type { Skill } from 'openai/resources/skills/skills';
import { defineResource, p } from '../spec/define';
import type { HandlerContext, Value } from '../spec/types';
import { UNKNOWN, isUnknown } from '../spec/types';
import { sdk } from '../client/sdk';
import { findSince, importById, keepIdOnFailure, unlessNotFound } from './common';
import { bundleSha256, readBundle, type Bundle } from './skill-bundle';

/** A skill version number as the API writes it ("1", "2" …). */
export const VERSION_NUMBER = { regex: '[1-9][0-9]*', says: 'a version number (1, 2 …)' };
export const SKILL_ID = { regex: 'skill_[A-Za-z0-9_-]+', says: 'a skill id (skill_…)' };

/** A bundle as the upload's `files`: one zip as it is, or one part per file named by its path in the folder. */
export async function filesOf(b: Bundle, source: string): Promise<Uploadable | Uploadable[]> {
  const { toFile } = sdk();
  if (b.zip) return toFile(b.zip, basename(source), { type: 'application/zip' });
  return Promise.all(b.entries.map((e) => toFile(e.bytes, e.path)));
}

/** The `source` property of a skill or a skill version. */
export const sourceProperty = (what: string) =>
  p.string({
    description:
      `Path of the ${what}'s bundle: a local folder holding SKILL.md (its files are uploaded with their paths inside ` +
      'the folder) or a `.zip` of one such folder. SKILL.md must start with front matter giving `name` and `description`.',
    required: true,
    minLength: 1,
    writeOnly: true,
  });

export const SHA256_DESCRIPTION =
  'SHA-256 over the bundle, computed locally: the files sorted by path, each path and its bytes (a folder and a zip of it hash alike).';

/** `content_sha256`, derived from `source` at plan time. */
export function sha256Of(inputs: { [k: string]: Value }): Value | undefined {
  const source = inputs['source'];
  if (isUnknown(source)) return UNKNOWN;
  return typeof source === 'string' ? bundleSha256(readBundle(source)) : undefined;
}

function toState(s: Skill) {
  return {
    default_version: s.default_version,
    latest_version: s.latest_version,
    name: s.name,
    description: s.description,
    created_at: s.created_at,
  };
}

async function pin(ctx: HandlerContext, id: string, version: string | undefined, s: Skill): Promise<Skill> {
  return version === undefined || s.default_version === version ? s : ctx.openai.skills.update(id, { default_version: version });
}

export const skill = defineResource({
  name: 'skill',
  description:
    'A skill: a versioned bundle of files anchored by a SKILL.md manifest, mounted into shell environments. Created ' +
    "from a local folder or a `.zip` of one; the API reads the skill's `name` and `description` from SKILL.md. A " +
    'change of the bundle (tracked by `content_sha256`) uploads a new version of the same skill, which becomes the ' +
    'default unless `default_version` pins one; versions are immutable and the skill id stays. Deleting the skill ' +
    'deletes it with all its versions.',
  key: 'project',
  properties: {
    source: sourceProperty('skill'),
    content_sha256: p.string({
      description: `${SHA256_DESCRIPTION} A change uploads a new version.`,
      output: true,
      derive: sha256Of,
    }),
    default_version: p.string({
      description:
        'The version used when a request names none. Unset: the API keeps its own (the first version, then each version ' +
        'uploaded by a change of the bundle). Set: pinned to that version (changed in place).',
      computed: true,
      pattern: VERSION_NUMBER,
    }),
    latest_version: p.string({ description: 'The newest version.', output: true }),
    name: p.string({ description: "The skill's name, from the front matter of its default version's SKILL.md.", output: true }),
    description: p.string({ description: "The skill's description, from the front matter of its default version's SKILL.md.", output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the skill was created.', output: true, stable: true }),
  },
  import: importById('skill_'),
  example: { source: './skills/csv_insights', default_version: '1' },
  handlers: {
    async create(ctx, inputs) {
      const bundle = readBundle(inputs.source);
      const files = await filesOf(bundle, inputs.source);
      // The API stores no marker: a lost answer is found by the manifest's name among the skills made since.
      const s = await ctx.createOnce((opts) => ctx.openai.skills.create({ files }, opts), {
        find: (since) => findSince(ctx.openai.skills.list({ order: 'desc', limit: 100 }), since, (x) => x.name === bundle.name),
        // an earlier run's create whose answer arrived: by its id
        retrieve: (id) => unlessNotFound(ctx.openai.skills.retrieve(id)),
      });
      const pinned = await keepIdOnFailure(
        s.id,
        () => pin(ctx, s.id, inputs.default_version, s),
        async () => toState(await ctx.openai.skills.retrieve(s.id)),
      );
      return { id: s.id, state: toState(pinned) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.skills.retrieve(id));
    },
    async update(ctx, id, _olds, news, changed) {
      let s = await ctx.openai.skills.retrieve(id);
      if (changed.includes('content_sha256')) {
        const bundle = readBundle(news.source);
        // A new immutable version; it becomes the default unless the configuration pins one.
        const v = await ctx.openai.skills.versions.create(id, {
          files: await filesOf(bundle, news.source),
          ...(news.default_version === undefined ? { default: true } : {}),
        });
        ctx.debug(`skill ${id}: the bundle changed; uploaded version ${v.version}`);
        s = await ctx.openai.skills.retrieve(id);
      }
      return toState(await pin(ctx, id, news.default_version, s));
    },
    async delete(ctx, id) {
      await ctx.openai.skills.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const s of ctx.openai.skills.list({ order: 'asc', limit: 100 })) out.push({ id: s.id, state: toState(s) });
      return out;
    },
  },
});
