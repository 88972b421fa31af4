import type { ProjectUser } from 'openai/resources/admin/organization/projects/users/users';
import { defineResource, p } from '../spec/define';
import { EMAIL, importById, oneOrNone, PROJECT_ID, splitId, unlessNotFound, USER_ID } from './common';
import { named } from '../spec/names';

const ROLES = ['member', 'owner'] as const;

function toState(projectId: string, u: ProjectUser) {
  return { project_id: projectId, user_id: u.id, role: u.role, name: u.name ?? null, email: u.email ?? null, added_at: u.added_at };
}

export const projectUser = defineResource({
  name: 'project_user',
  description:
    'A member of the organization added to a project, with a project role (Admin API: needs an organization admin ' +
    'key). The user must already belong to the organization (invite them with the `invite` resource). `role` changes ' +
    'in place; a change of `project_id` or `user_id` replaces the membership. Deleting removes the user from the ' +
    'project, not from the organization.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    user_id: p.string({
      description: 'The user (an organization member). Set `user_id` or `email`.',
      computed: true,
      replaceOnChange: true,
      pattern: USER_ID,
    }),
    role: p.string({ description: 'The role of the user in the project: `member` or `owner`.', required: true, enum: ROLES }),
    name: p.string({ description: 'The name of the user.', output: true }),
    email: p.string({
      description: 'The email address of the user: another way to name them (as the official provider allows). Set `user_id` or `email`.',
      computed: true,
      replaceOnChange: true,
      pattern: EMAIL,
    }),
    added_at: p.integer({ description: 'Unix time (seconds) the user was added to the project.', output: true, stable: true }),
  },
  refine: (inputs) =>
    inputs['user_id'] == null && inputs['email'] == null
      ? [{ path: ['user_id'], message: `is required: set ${named('user_id')} or ${named('email')}` }]
      : [],
  import: importById('proj_', 'user-'),
  idParts: ['project_id', 'user_id'],
  dataSources: { listAttribute: 'users' },
  example: { project_id: '${project.id}', user_id: 'user-abc123', role: 'member' },
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const users = ctx.openai.admin.organization.projects.users;
      const who = inputs.user_id != null ? { user_id: inputs.user_id } : { email: inputs.email ?? null };
      // The membership's id is the user's: after a lost answer it is simply looked up (by email, in the list).
      const find = async () => {
        if (who.user_id != null) return oneOrNone(unlessNotFound(users.retrieve(who.user_id, { project_id: projectId })));
        const out = [];
        for await (const m of users.list(projectId, { limit: 100 })) if (m.email === who.email) out.push(m);
        return out;
      };
      const u = await ctx.createOnce((opts) => users.create(projectId, { ...who, role: inputs.role }, opts), { find });
      return { id: `${projectId}/${u.id}`, state: toState(projectId, u) };
    },
    async read(ctx, id) {
      const [projectId, userId] = splitId(id);
      return toState(projectId, await ctx.openai.admin.organization.projects.users.retrieve(userId, { project_id: projectId }));
    },
    async update(ctx, id, _olds, news) {
      const [projectId, userId] = splitId(id);
      return toState(projectId, await ctx.openai.admin.organization.projects.users.update(userId, { project_id: projectId, role: news.role }));
    },
    async delete(ctx, id) {
      const [projectId, userId] = splitId(id);
      await ctx.openai.admin.organization.projects.users.delete(userId, { project_id: projectId });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const u of ctx.openai.admin.organization.projects.users.list(projectId, { limit: 100 })) {
        out.push({ id: `${projectId}/${u.id}`, state: toState(projectId, u) });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose users to list.', required: true, pattern: PROJECT_ID }) },
});
