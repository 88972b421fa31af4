import type { Role } from 'openai/resources/admin/organization/roles';
import { defineResource, p } from '../spec/define';
import { importById, inConfiguredOrder, PROJECT_ID, PROJECT_ROLE_ID, splitId } from './common';

function toState(projectId: string, r: Role, configured?: string[] | null) {
  return {
    project_id: projectId,
    role_name: r.name,
    permissions: inConfiguredOrder(r.permissions, configured),
    description: r.description ?? null,
    role_id: r.id,
    name: r.name,
    predefined_role: r.predefined_role,
    resource_type: r.resource_type,
  };
}

export const projectRole = defineResource({
  name: 'project_role',
  description:
    'A custom role of a project: a named set of permissions (`api.project.read` …) that can be assigned to the ' +
    "project's users (`project_user_role`) and groups (`project_group_role`) (Admin API: needs an organization admin " +
    'key). The name is unique within the project. `role_name`, `permissions` and `description` change in place; a ' +
    'change of `project_id` replaces the role. Deleting the role removes its assignments. The predefined roles ' +
    '(`role-api-project-owner`, `-member`, `-viewer`) are listed by the data sources but cannot be managed.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project the role belongs to.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    role_name: p.string({ description: 'The name of the role, unique within the project.', required: true, minLength: 1 }),
    permissions: p.list(p.string({ description: 'A permission (`api.project.read` …).', minLength: 1 }), {
      description: 'The permissions the role grants.',
      required: true,
    }),
    description: p.string({ description: 'What the role is for.' }),
    role_id: p.string({ description: 'The id of the role (`role_…`).', output: true }),
    name: p.string({
      description: 'The name of the role, the same as `role_name` (the official `openai_project_roles` list names it so).',
      output: true,
    }),
    predefined_role: p.bool({ description: 'Whether the role is predefined and managed by OpenAI (always false for a managed role).', output: true }),
    resource_type: p.string({ description: 'The kind of resource the role applies to: `api.project`.', output: true }),
  },
  // A predefined role's id (`role-api-project-member`) is accepted too, so the get data source can read one.
  import: { ...importById('proj_', 'role_'), pattern: `${PROJECT_ID.regex}/${PROJECT_ROLE_ID.regex}` },
  idParts: ['project_id', 'role_id'],
  dataSources: { listAttribute: 'roles' },
  example: {
    project_id: '${project.id}',
    role_name: 'Key manager',
    permissions: ['api.organization.projects.api_keys.read', 'api.organization.projects.api_keys.write'],
  },
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const roleName = inputs.role_name;
      const roles = ctx.openai.admin.organization.projects.roles;
      const body = { role_name: roleName, permissions: [...inputs.permissions], ...(inputs.description ? { description: inputs.description } : {}) };
      // Role names are unique within a project: after a lost answer, the role of that name is the one made.
      const r = await ctx.createOnce((opts) => roles.create(projectId, body, opts), {
        find: async () => {
          for await (const found of roles.list(projectId, { limit: 100 })) if (!found.predefined_role && found.name === roleName) return [found];
          return [];
        },
      });
      return { id: `${projectId}/${r.id}`, state: toState(projectId, r, inputs.permissions) };
    },
    async read(ctx, id, prior) {
      const [projectId, roleId] = splitId(id);
      return toState(projectId, await ctx.openai.admin.organization.projects.roles.retrieve(roleId, { project_id: projectId }), prior?.permissions);
    },
    async update(ctx, id, _olds, news, changed) {
      const [projectId, roleId] = splitId(id);
      const r = await ctx.openai.admin.organization.projects.roles.update(roleId, {
        project_id: projectId,
        ...(changed.includes('role_name') ? { role_name: news.role_name } : {}),
        ...(changed.includes('permissions') ? { permissions: [...news.permissions] } : {}),
        ...(changed.includes('description') ? { description: news.description ?? null } : {}),
      });
      return toState(projectId, r, news.permissions);
    },
    async delete(ctx, id) {
      const [projectId, roleId] = splitId(id);
      await ctx.openai.admin.organization.projects.roles.delete(roleId, { project_id: projectId });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const r of ctx.openai.admin.organization.projects.roles.list(projectId, { limit: 100 })) {
        out.push({ id: `${projectId}/${r.id}`, state: toState(projectId, r) });
      }
      return out;
    },
  },
  listArgs: {
    project_id: p.string({ description: 'The project whose roles to list (predefined and custom).', required: true, pattern: PROJECT_ID }),
  },
});
