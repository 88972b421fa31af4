import type { Role } from 'openai/resources/admin/organization/roles';
import { defineResource, p } from '../spec/define';
import { oneOrNone, PROJECT_ID, PROJECT_ROLE_ID, splitId3, theAssignment, unlessNotFound, USER_ID } from './common';

/** What the state shows of the assigned role: the fields both the assignment's answer and its details carry. */
type AssignedRole = Pick<Role, 'id' | 'name' | 'description' | 'permissions' | 'predefined_role' | 'resource_type'>;

function toState(projectId: string, userId: string, r: AssignedRole) {
  return {
    project_id: projectId,
    user_id: userId,
    role_id: r.id,
    name: r.name,
    description: r.description ?? null,
    permissions: r.permissions,
    predefined_role: r.predefined_role,
    resource_type: r.resource_type,
  };
}

export const projectUserRole = defineResource({
  name: 'project_user_role',
  description:
    'A project role assigned to a member of the project (Admin API: needs an organization admin key). The user must ' +
    'already be a member of the project (`project_user`). The role is a predefined one (`role-api-project-member`, ' +
    '`role-api-project-owner`, `role-api-project-viewer`) or a custom role of the project (`project_role`); the ' +
    '`project_roles` data source lists them. Any change replaces the assignment. It goes when the user leaves the ' +
    'project or the organization, or when its custom role is deleted.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    user_id: p.string({ description: 'The user (a member of the project).', required: true, replaceOnChange: true, pattern: USER_ID }),
    role_id: p.string({
      description: 'The project role: `role-api-project-member`, `role-api-project-owner`, `role-api-project-viewer` or a custom role id.',
      required: true,
      replaceOnChange: true,
      pattern: PROJECT_ROLE_ID,
    }),
    name: p.string({ description: 'The name of the role.', output: true }),
    description: p.string({ description: 'The description of the role.', output: true }),
    permissions: p.list(p.string({ description: 'A permission.' }), { description: 'The permissions the role grants.', output: true }),
    predefined_role: p.bool({ description: 'Whether the role is predefined and managed by OpenAI.', output: true }),
    resource_type: p.string({ description: 'The kind of resource the role applies to: `api.project`.', output: true }),
  },
  import: {
    format: 'proj_<id>/user-<id>/<role id>',
    example: 'proj_abc123/user-def456/role-api-project-member',
    pattern: `${PROJECT_ID.regex}/${USER_ID.regex}/${PROJECT_ROLE_ID.regex}`,
  },
  idParts: ['project_id', 'user_id', 'role_id'],
  dataSources: { listAttribute: 'roles' },
  example: { project_id: '${project.id}', user_id: 'user-abc123', role_id: 'role-api-project-viewer' },
  handlers: {
    async create(ctx, inputs) {
      const { project_id: projectId, user_id: userId, role_id: roleId } = inputs;
      const roles = ctx.openai.admin.organization.projects.users.roles;
      // The assignment is the triple (project, user, role): after a lost answer it is simply looked up.
      const r = await ctx.createOnce<AssignedRole>(
        async (opts) => (await roles.create(userId, { project_id: projectId, role_id: roleId }, opts)).role,
        {
          find: () => oneOrNone(unlessNotFound(roles.retrieve(roleId, { project_id: projectId, user_id: userId }))),
        },
      );
      return { id: `${projectId}/${userId}/${r.id}`, state: toState(projectId, userId, r) };
    },
    async read(ctx, id) {
      const [projectId, userId, roleId] = splitId3(id);
      const r = await ctx.openai.admin.organization.projects.users.roles.retrieve(roleId, { project_id: projectId, user_id: userId });
      return toState(projectId, userId, theAssignment('read project_user_role', roleId, r));
    },
    async delete(ctx, id) {
      const [projectId, userId, roleId] = splitId3(id);
      await ctx.openai.admin.organization.projects.users.roles.delete(roleId, { project_id: projectId, user_id: userId });
    },
    async list(ctx, args) {
      const { project_id: projectId, user_id: userId } = args;
      const out = [];
      for await (const r of ctx.openai.admin.organization.projects.users.roles.list(userId, { project_id: projectId, limit: 100 })) {
        out.push({ id: `${projectId}/${userId}/${r.id}`, state: toState(projectId, userId, r) });
      }
      return out;
    },
  },
  listArgs: {
    project_id: p.string({ description: 'The project.', required: true, pattern: PROJECT_ID }),
    user_id: p.string({ description: 'The user whose roles in the project to list.', required: true, pattern: USER_ID }),
  },
});
