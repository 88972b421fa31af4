import type { Group } from 'openai/resources/admin/organization/groups/groups';
import { defineResource, p } from '../spec/define';
import { findSince, importById } from './common';

const toState = (g: Group) => ({
  name: g.name,
  group_id: g.id,
  created_at: g.created_at,
  is_scim_managed: g.is_scim_managed,
  group_type: g.group_type,
});

export const group = defineResource({
  name: 'group',
  description:
    'A group of organization members (Admin API: needs an organization admin key). Members join with `group_user`; ' +
    'roles are given to the whole group with `group_role` (and, in projects, with `project_group`). Renaming happens ' +
    'in place. Deleting the group removes its memberships and role assignments, not the members. Groups synced from ' +
    'an identity provider (`is_scim_managed`) are managed there.',
  key: 'admin',
  properties: {
    name: p.string({ description: 'The name of the group.', required: true, minLength: 1, maxLength: 255 }),
    group_id: p.string({ description: 'The id of the group (`group_…`), the same as `id`.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the group was created.', output: true, stable: true }),
    is_scim_managed: p.bool({ description: 'Whether the group is managed through SCIM by an identity provider.', output: true }),
    group_type: p.string({ description: 'The kind of group: `group` or `tenant_group`.', output: true }),
  },
  import: importById('group_'),
  idParts: ['group_id'],
  dataSources: { listAttribute: 'groups' },
  example: { name: 'Support' },
  handlers: {
    async create(ctx, inputs) {
      const groups = ctx.openai.admin.organization.groups;
      const name = inputs.name;
      const g = await ctx.createOnce((opts) => groups.create({ name }, opts), {
        find: (since) => findSince(groups.list({ limit: 1000 }), since, (x) => x.name === name, 'any'),
      });
      return { id: g.id, state: toState(g) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.admin.organization.groups.retrieve(id));
    },
    async update(ctx, id, olds, news) {
      // The update's answer has no group_type: it is the group's, unchanged by a rename.
      const g = await ctx.openai.admin.organization.groups.update(id, { name: news.name });
      return toState({ ...g, group_type: olds.group_type === 'tenant_group' ? 'tenant_group' : 'group' });
    },
    async delete(ctx, id) {
      await ctx.openai.admin.organization.groups.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const g of ctx.openai.admin.organization.groups.list({ limit: 1000 })) out.push({ id: g.id, state: toState(g) });
      return out;
    },
  },
});
