import type { Project } from 'openai/resources/admin/organization/projects/projects';
import { defineAction } from '../spec/action';
import { defineResource, p } from '../spec/define';
import { compact, findSince, importById, PROJECT_ID } from './common';
import { named } from '../spec/names';

const RESIDENCIES = [
  'GLOBAL',
  'US_STORAGE_PROCESSING',
  'EU_STORAGE_PROCESSING',
  'JP_STORAGE',
  'KR_STORAGE',
  'CA_STORAGE',
  'SG_STORAGE',
  'IN_STORAGE',
  'AU_STORAGE',
  'GB_STORAGE',
  'AE_STORAGE',
  'AE_STORAGE_PROCESSING',
] as const;

function toState(pr: Project) {
  return {
    project_id: pr.id,
    name: pr.name ?? null,
    external_key_id: pr.external_key_id ?? null,
    residency: pr.residency ?? null,
    status: pr.status ?? null,
    created_at: pr.created_at,
    archived_at: pr.archived_at ?? null,
  };
}

const NO_SUCH = (what: string) =>
  `is not part of the OpenAI Projects API (a project has only ${named('name')}, ${named('external_key_id')} and ${named('residency')}); remove ${named(what)}. ` +
  'Keep descriptions in your code comments or tags of your own.';

export const project = defineResource({
  name: 'project',
  description:
    'An OpenAI project (Admin API: needs an organization admin key with `api.management.write`). Deleting ' +
    'a project archives it: OpenAI has no project deletion, and an archived project cannot be restored, so ' +
    'an archived project reads as gone.',
  key: 'admin',
  properties: {
    name: p.string({ description: 'The friendly name of the project; it appears in reports.', required: true, minLength: 1, maxLength: 256 }),
    external_key_id: p.string({ description: 'External (customer-managed encryption) key id associated with the project.' }),
    residency: p.string({
      description: 'Data residency of the project, set at creation; a change replaces (archives and re-creates) the project.',
      enum: RESIDENCIES,
      computed: true,
      replaceOnChange: true,
    }),
    geography: p.string({
      description: `The name the official Terraform provider (and older API versions) gave ${named('residency')}; set one of them.`,
      enum: RESIDENCIES,
      replaceOnChange: true,
      writeOnly: true,
      deprecated: `use ${named('residency')}: ${named('geography')} is sent as the project's residency`,
    }),
    project_id: p.string({ description: 'The id of the project (the same as `id`).', output: true, stable: true }),
    status: p.string({ description: '`active` or `archived`.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the project was created.', output: true, stable: true }),
    archived_at: p.integer({ description: 'Unix time (seconds) the project was archived, if it was.', output: true }),
  },
  unsupported: { description: NO_SUCH('description'), metadata: NO_SUCH('metadata') },
  refine: (inputs) =>
    inputs['geography'] != null && inputs['residency'] != null
      ? [{ path: ['geography'], message: `set ${named('residency')} or ${named('geography')} (its older name), not both` }]
      : [],
  import: importById('proj_'),
  idParts: ['project_id'],
  dataSources: { listAttribute: 'projects' },
  example: { name: 'support-bot' },
  handlers: {
    async create(ctx, inputs) {
      const body = {
        name: inputs.name,
        ...compact({
          external_key_id: inputs.external_key_id,
          residency: inputs.residency ?? inputs.geography,
        }),
      };
      const pr = await ctx.createOnce((opts) => ctx.openai.admin.organization.projects.create(body, opts), {
        find: (since) =>
          findSince(
            ctx.openai.admin.organization.projects.list({ limit: 100 }),
            since,
            (x) => x.name === body.name && x.status !== 'archived',
            'any',
          ),
      });
      return { id: pr.id, state: toState(pr) };
    },
    async read(ctx, id) {
      const pr = await ctx.openai.admin.organization.projects.retrieve(id);
      if (pr.status === 'archived') {
        ctx.debug(`project ${id} is archived: treating it as gone`);
        return null;
      }
      return toState(pr);
    },
    async update(ctx, id, _olds, news) {
      const pr = await ctx.openai.admin.organization.projects.update(id, {
        name: news.name,
        external_key_id: news.external_key_id ?? null,
      });
      return toState(pr);
    },
    async delete(ctx, id) {
      await ctx.openai.admin.organization.projects.archive(id);
    },
    async list(ctx, args) {
      const out = [];
      const include_archived = args.include_archived === true;
      for await (const pr of ctx.openai.admin.organization.projects.list({ limit: 100, include_archived }))
        out.push({ id: pr.id, state: toState(pr) });
      return out;
    },
  },
  listArgs: { include_archived: p.bool({ description: 'Include archived projects.' }) },
});

/**
 * `action "openai_project_archive"`: archives a project (OpenAI has no project deletion; an archived project cannot
 * be restored). A project already archived stays so.
 */
export const projectArchive = defineAction({
  name: 'project_archive',
  description:
    'Archives a project (Admin API: needs an organization admin key). Archiving cannot be undone: the project and its ' +
    'keys stop working. A project already archived stays so. A project managed by an `openai_project` resource reads ' +
    'as gone afterwards.',
  resource: project,
  properties: { project_id: p.string({ description: 'The project to archive (`proj_…`).', required: true, pattern: PROJECT_ID }) },
  async invoke(ctx, inputs) {
    const pr = await ctx.openai.admin.organization.projects.archive(inputs.project_id);
    ctx.progress(`project ${pr.id} is ${pr.status}`);
  },
});
