// An organization role assigned to a user. The link's id is made of the two ids (`user-…/role_…`): a lost create
// answer is found again by looking the assignment up. No update in the API: every change replaces.
import { defineResource, p } from '../spec/define';
import { answerFor, importById, oneOrNone, ROLE_ID, splitId, unlessNotFound, USER_ID } from './common';
import { roleOutputs, roleState, type RoleLike } from './role-assignment';

export const userRole = defineResource({
  name: 'user_role',
  description:
    'An organization role assigned to a member of the organization (Admin API: needs an organization admin key): a ' +
    'predefined role or a custom one (`role`). Any change replaces the assignment. Deleting unassigns the role; the ' +
    'member and the role stay.',
  key: 'admin',
  properties: {
    user_id: p.string({ description: 'The organization member.', required: true, pattern: USER_ID }),
    role_id: p.string({ description: 'The organization role (`role_…`).', required: true, pattern: ROLE_ID }),
    ...roleOutputs,
  },
  import: importById('user-', 'role_'),
  idParts: ['user_id', 'role_id'],
  dataSources: { listAttribute: 'roles' },
  example: { user_id: 'user-abc123', role_id: '${role.id}' },
  handlers: {
    async create(ctx, inputs) {
      const roles = ctx.openai.admin.organization.users.roles;
      const userId = inputs.user_id;
      const id = `${userId}/${inputs.role_id}`;
      const a = await ctx.createOnce<{ id: string; role: RoleLike }>(
        async (opts) => ({ id, role: (await roles.create(userId, { role_id: inputs.role_id }, opts)).role }),
        {
          find: async () => (await oneOrNone(unlessNotFound(roles.retrieve(inputs.role_id, { user_id: userId })))).map((role) => ({ id, role })),
        },
      );
      return { id, state: { user_id: userId, ...roleState(a.role) } };
    },
    async read(ctx, id) {
      const [userId, roleId] = splitId(id);
      const r = await ctx.openai.admin.organization.users.roles.retrieve(roleId, { user_id: userId });
      return { user_id: userId, ...roleState(answerFor('user_role', roleId, r)) };
    },
    async delete(ctx, id) {
      const [userId, roleId] = splitId(id);
      await ctx.openai.admin.organization.users.roles.delete(roleId, { user_id: userId });
    },
    async list(ctx, args) {
      const userId = args.user_id;
      const out = [];
      for await (const r of ctx.openai.admin.organization.users.roles.list(userId, { limit: 1000 })) {
        out.push({ id: `${userId}/${r.id}`, state: { user_id: userId, ...roleState(r) } });
      }
      return out;
    },
  },
  listArgs: { user_id: p.string({ description: 'The member whose roles to list.', required: true, pattern: USER_ID }) },
});
