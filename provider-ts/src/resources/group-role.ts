// An organization role assigned to a group (`group_…/role_…`): looked up directly after a lost create answer;
// every change replaces.
import { defineResource, p } from '../spec/define';
import { answerFor, GROUP_ID, importById, oneOrNone, ROLE_ID, splitId, unlessNotFound } from './common';
import { roleOutputs, roleState, type RoleLike } from './role-assignment';

export const groupRole = defineResource({
  name: 'group_role',
  description:
    'An organization role assigned to a group (Admin API: needs an organization admin key): every member of the group ' +
    'holds it. Any change replaces the assignment. Deleting unassigns the role; the group and the role stay.',
  key: 'admin',
  properties: {
    group_id: p.string({ description: 'The group (`group_…`).', required: true, pattern: GROUP_ID }),
    role_id: p.string({ description: 'The organization role (`role_…`).', required: true, pattern: ROLE_ID }),
    ...roleOutputs,
  },
  import: importById('group_', 'role_'),
  idParts: ['group_id', 'role_id'],
  dataSources: { listAttribute: 'roles' },
  example: { group_id: '${group.id}', role_id: '${role.id}' },
  handlers: {
    async create(ctx, inputs) {
      const roles = ctx.openai.admin.organization.groups.roles;
      const groupId = inputs.group_id;
      const id = `${groupId}/${inputs.role_id}`;
      const a = await ctx.createOnce<{ id: string; role: RoleLike }>(
        async (opts) => ({ id, role: (await roles.create(groupId, { role_id: inputs.role_id }, opts)).role }),
        {
          find: async () => (await oneOrNone(unlessNotFound(roles.retrieve(inputs.role_id, { group_id: groupId })))).map((role) => ({ id, role })),
        },
      );
      return { id, state: { group_id: groupId, ...roleState(a.role) } };
    },
    async read(ctx, id) {
      const [groupId, roleId] = splitId(id);
      const r = await ctx.openai.admin.organization.groups.roles.retrieve(roleId, { group_id: groupId });
      return { group_id: groupId, ...roleState(answerFor('group_role', roleId, r)) };
    },
    async delete(ctx, id) {
      const [groupId, roleId] = splitId(id);
      await ctx.openai.admin.organization.groups.roles.delete(roleId, { group_id: groupId });
    },
    async list(ctx, args) {
      const groupId = args.group_id;
      const out = [];
      for await (const r of ctx.openai.admin.organization.groups.roles.list(groupId, { limit: 1000 })) {
        out.push({ id: `${groupId}/${r.id}`, state: { group_id: groupId, ...roleState(r) } });
      }
      return out;
    },
  },
  listArgs: { group_id: p.string({ description: 'The group whose roles to list.', required: true, pattern: GROUP_ID }) },
});
