import type { SkillVersion } from 'openai/resources/skills/versions/versions';
import type { Skill } from 'openai/resources/skills/skills';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { findSince, splitId } from './common';
import { filesOf, SHA256_DESCRIPTION, sha256Of, SKILL_ID, sourceProperty, VERSION_NUMBER } from './skill';
import { readBundle } from './skill-bundle';

function toState(v: SkillVersion, s: Skill, prior: { readonly default?: boolean | null } | undefined) {
  const isDefault = s.default_version === v.version;
  return {
    skill_id: v.skill_id,
    // Asked for: whether it still is (a default moved away out of band is a change); not asked for: nothing to keep.
    default: prior === undefined ? isDefault : prior.default === true ? isDefault : false,
    is_default: isDefault,
    version: v.version,
    version_id: v.id,
    name: v.name,
    description: v.description,
    created_at: v.created_at,
  };
}

async function makeDefault(ctx: HandlerContext, skillId: string, version: string): Promise<Skill> {
  return ctx.openai.skills.update(skillId, { default_version: version });
}

export const skillVersion = defineResource({
  name: 'skill_version',
  description:
    'An immutable version of a skill, uploaded from a local folder or a `.zip` of one. Any change of the bundle ' +
    '(tracked by `content_sha256`) replaces the version: a new version number is uploaded and the old version ' +
    "deleted. `default = true` makes it the skill's default version (in place; setting it back to false leaves the " +
    "default where it is). Deleting the default version first moves the skill's default to its newest other version.",
  key: 'project',
  properties: {
    skill_id: p.string({ description: 'The skill (`skill_…`) this version belongs to.', required: true, pattern: SKILL_ID, replaceOnChange: true }),
    source: sourceProperty('version'),
    content_sha256: p.string({
      description: `${SHA256_DESCRIPTION} A change replaces the version.`,
      output: true,
      derive: sha256Of,
      replaceOnChange: true,
    }),
    default: p.bool({ description: "Make this version the skill's default version.", default: false }),
    is_default: p.bool({ description: "Whether this version is the skill's default version now.", output: true }),
    version: p.string({ description: 'The version number ("2" …), given by the API.', output: true, stable: true }),
    version_id: p.string({ description: 'The version object id (`skillver_…`).', output: true, stable: true }),
    name: p.string({ description: "The name from this version's SKILL.md front matter.", output: true }),
    description: p.string({ description: "The description from this version's SKILL.md front matter.", output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the version was created.', output: true, stable: true }),
  },
  import: { format: 'skill_<id>/<version>', example: 'skill_abc123/2', pattern: `${SKILL_ID.regex}/${VERSION_NUMBER.regex}` },
  idParts: ['skill_id', 'version'],
  dataSources: { listAttribute: 'versions' },
  example: { skill_id: '${skill.id}', source: './skills/csv_insights_v2.zip', default: true },
  handlers: {
    async create(ctx, inputs) {
      const skillId = inputs.skill_id;
      const bundle = readBundle(inputs.source);
      const files = await filesOf(bundle, inputs.source);
      // No marker is stored: a lost answer is found by the manifest's name among the versions made since.
      const v = await ctx.createOnce(
        (opts) => ctx.openai.skills.versions.create(skillId, { files, ...(inputs.default ? { default: true } : {}) }, opts),
        {
          find: (since) => findSince(ctx.openai.skills.versions.list(skillId, { order: 'desc', limit: 100 }), since, (x) => x.name === bundle.name),
        },
      );
      // An adopted version (found after a lost answer) may not be the default yet.
      const s = inputs.default ? await makeDefault(ctx, skillId, v.version) : await ctx.openai.skills.retrieve(skillId);
      return { id: `${skillId}/${v.version}`, state: toState(v, s, inputs) };
    },
    async read(ctx, id, prior) {
      const [skillId, version] = splitId(id);
      const v = await ctx.openai.skills.versions.retrieve(version, { skill_id: skillId });
      return toState(v, await ctx.openai.skills.retrieve(skillId), prior);
    },
    async update(ctx, id, _olds, news) {
      const [skillId, version] = splitId(id);
      let s = await ctx.openai.skills.retrieve(skillId);
      if (news.default && s.default_version !== version) s = await makeDefault(ctx, skillId, version);
      return toState(await ctx.openai.skills.versions.retrieve(version, { skill_id: skillId }), s, news);
    },
    async delete(ctx, id) {
      const [skillId, version] = splitId(id);
      const s = await ctx.openai.skills.retrieve(skillId);
      if (s.default_version === version) {
        // The default version cannot be deleted: the newest other version becomes the default first.
        const others: string[] = [];
        for await (const v of ctx.openai.skills.versions.list(skillId, { order: 'desc', limit: 100 }))
          if (v.version !== version) others.push(v.version);
        const next = others.sort((a, b) => Number(b) - Number(a))[0];
        if (next === undefined) {
          throw new Error(`skill_version ${id} is the only version of skill ${skillId}: delete the skill instead`);
        }
        ctx.debug(`skill_version ${id} is the default: making version ${next} the default before deleting it`);
        await makeDefault(ctx, skillId, next);
      }
      await ctx.openai.skills.versions.delete(version, { skill_id: skillId });
    },
    async list(ctx, args) {
      const skillId = args.skill_id;
      const s = await ctx.openai.skills.retrieve(skillId);
      const out = [];
      for await (const v of ctx.openai.skills.versions.list(skillId, { order: 'asc', limit: 100 })) {
        out.push({ id: `${skillId}/${v.version}`, state: toState(v, s, undefined) });
      }
      return out;
    },
  },
  listArgs: { skill_id: p.string({ description: 'The skill whose versions to list.', required: true, pattern: SKILL_ID }) },
});
