import type { ProjectGroup } from 'openai/resources/admin/organization/projects/groups/groups';
import { OpenAIIacError } from '../client/errors';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { GROUP_ID, oneOrNone, PROJECT_ID, PROJECT_ROLE_ID, unlessNotFound } from './common';

/**
 * The id is `project/group/role`, as the official provider's: the API does not show the role a group was added
 * with, so the id carries it. The get data source reads `project/group`; its role is then the group's first
 * role in the project (see firstRole).
 */
function parts(id: string): [string, string, string | null] {
  const [projectId, groupId, roleId, ...rest] = id.split('/');
  if (!projectId || !groupId || roleId === '' || rest.length > 0) {
    throw new OpenAIIacError('validation', `'${id}' is not a project group id of the form proj_…/group_…/<role id>`);
  }
  return [projectId, groupId, roleId ?? null];
}

/**
 * The role a group was added to a project with, as far as the API shows it: the first of its roles there (the
 * assignments list oldest first), or null when it holds none. For listings and reads by `project/group`.
 */
async function firstRole(ctx: HandlerContext, projectId: string, groupId: string): Promise<string | null> {
  const page = await ctx.openai.admin.organization.projects.groups.roles.list(groupId, { project_id: projectId, limit: 1, order: 'asc' });
  return page.data[0]?.id ?? null;
}

const idOf = (g: ProjectGroup, role: string | null): string => [g.project_id, g.group_id, ...(role ? [role] : [])].join('/');

function toState(g: ProjectGroup, role: string | null) {
  return {
    project_id: g.project_id,
    group_id: g.group_id,
    role,
    group_name: g.group_name,
    group_type: g.group_type,
    created_at: g.created_at,
  };
}

export const projectGroup = defineResource({
  name: 'project_group',
  description:
    'An organization group given access to a project, with a project role (Admin API: needs an organization admin key). ' +
    'The role is a predefined one (`role-api-project-member`, `role-api-project-owner`, `role-api-project-viewer`) or a ' +
    'custom role of the project (`project_role`); more roles can be assigned with `project_group_role`. The API has no ' +
    'update: any change replaces the access. Removing it drops the roles the group holds in the project.',
  key: 'admin',
  // A group has access to a project once: a new role means removing the access first.
  deleteBeforeReplace: true,
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    group_id: p.string({ description: 'The group (`group_…`).', required: true, replaceOnChange: true, pattern: GROUP_ID }),
    role: p.string({ description: 'The project role the group is given.', required: true, replaceOnChange: true, pattern: PROJECT_ROLE_ID }),
    group_name: p.string({ description: 'The name of the group.', output: true }),
    group_type: p.string({ description: 'The kind of group: `group` or `tenant_group`.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the group was given access to the project.', output: true, stable: true }),
  },
  import: {
    format: 'proj_<id>/group_<id>/<role id>',
    example: 'proj_abc123/group_01J1F8ABCDXYZ/role-api-project-member',
    pattern: `${PROJECT_ID.regex}/${GROUP_ID.regex}/${PROJECT_ROLE_ID.regex}`,
  },
  // The official data source reads a project group by project and group only (the role is not part of its answer).
  idParts: ['project_id', 'group_id'],
  dataSources: { listAttribute: 'groups' },
  example: { project_id: '${project.id}', group_id: '${group.id}', role: 'role-api-project-member' },
  handlers: {
    async create(ctx, inputs) {
      const { project_id: projectId, group_id: groupId, role } = inputs;
      const groups = ctx.openai.admin.organization.projects.groups;
      // A group has access to a project at most once: after a lost answer it is simply looked up.
      const g = await ctx.createOnce(async (opts) => ({ ...(await groups.create(projectId, { group_id: groupId, role }, opts)), id: groupId }), {
        find: async () => (await oneOrNone(unlessNotFound(groups.retrieve(groupId, { project_id: projectId })))).map((x) => ({ ...x, id: groupId })),
      });
      return { id: `${projectId}/${groupId}/${role}`, state: toState(g, role) };
    },
    async read(ctx, id) {
      const [projectId, groupId, role] = parts(id);
      const groups = ctx.openai.admin.organization.projects.groups;
      const g = await groups.retrieve(groupId, { project_id: projectId });
      if (role === null) return toState(g, await firstRole(ctx, projectId, groupId));
      // The access with this role is gone once the group no longer holds the role there (a replacement gave the
      // group the project again with another role).
      const held = await unlessNotFound(groups.roles.retrieve(role, { project_id: projectId, group_id: groupId }));
      return held ? toState(g, role) : null;
    },
    async delete(ctx, id) {
      const [projectId, groupId] = parts(id);
      await ctx.openai.admin.organization.projects.groups.delete(groupId, { project_id: projectId });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const g of ctx.openai.admin.organization.projects.groups.list(projectId, { limit: 100 })) {
        const role = await firstRole(ctx, projectId, g.group_id);
        out.push({ id: idOf(g, role), state: toState(g, role) });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose groups to list.', required: true, pattern: PROJECT_ID }) },
});
