// A member of a group (`group_…/user-…`): looked up directly after a lost create answer; every change replaces.
import { defineResource, p } from '../spec/define';
import { answerFor, GROUP_ID, importById, oneOrNone, splitId, unlessNotFound, USER_ID } from './common';

interface Member {
  id: string;
  name: string;
  email: string | null;
  is_service_account?: boolean | null;
  user_type?: string;
}

const memberState = (groupId: string, u: Member) => ({
  group_id: groupId,
  user_id: u.id,
  name: u.name,
  email: u.email ?? null,
  is_service_account: u.is_service_account ?? null,
  user_type: u.user_type ?? null,
});

export const groupUser = defineResource({
  name: 'group_user',
  description:
    "A member of the organization added to a group (Admin API: needs an organization admin key): they hold the group's " +
    'roles. Any change replaces the membership. Deleting removes the member from the group, not from the organization.',
  key: 'admin',
  properties: {
    group_id: p.string({ description: 'The group (`group_…`).', required: true, pattern: GROUP_ID }),
    user_id: p.string({ description: 'The organization member.', required: true, pattern: USER_ID }),
    name: p.string({ description: 'The name of the member.', output: true }),
    email: p.string({ description: 'The email address of the member.', output: true }),
    is_service_account: p.bool({ description: 'Whether the member is a service account.', output: true }),
    user_type: p.string({ description: 'The kind of member: `user` or `tenant_user`.', output: true }),
  },
  import: importById('group_', 'user-'),
  idParts: ['group_id', 'user_id'],
  dataSources: { listAttribute: 'users' },
  example: { group_id: '${group.id}', user_id: 'user-abc123' },
  handlers: {
    async create(ctx, inputs) {
      const users = ctx.openai.admin.organization.groups.users;
      const groupId = inputs.group_id;
      const userId = inputs.user_id;
      const id = `${groupId}/${userId}`;
      await ctx.createOnce(async (opts) => (await users.create(groupId, { user_id: userId }, opts), { id }), {
        find: async () => (await oneOrNone(unlessNotFound(users.retrieve(userId, { group_id: groupId })))).map(() => ({ id })),
      });
      // The create's answer names the two ids only: the member's details are read.
      return { id, state: memberState(groupId, answerFor('group_user', userId, await users.retrieve(userId, { group_id: groupId }))) };
    },
    async read(ctx, id) {
      const [groupId, userId] = splitId(id);
      const u = await ctx.openai.admin.organization.groups.users.retrieve(userId, { group_id: groupId });
      return memberState(groupId, answerFor('group_user', userId, u));
    },
    async delete(ctx, id) {
      const [groupId, userId] = splitId(id);
      await ctx.openai.admin.organization.groups.users.delete(userId, { group_id: groupId });
    },
    async list(ctx, args) {
      const groupId = args.group_id;
      const out = [];
      for await (const u of ctx.openai.admin.organization.groups.users.list(groupId, { limit: 1000 })) {
        out.push({ id: `${groupId}/${u.id}`, state: memberState(groupId, u) });
      }
      return out;
    },
  },
  listArgs: { group_id: p.string({ description: 'The group whose members to list.', required: true, pattern: GROUP_ID }) },
});
