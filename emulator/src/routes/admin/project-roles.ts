// Admin API: the roles of a project (/projects/{project_id}/roles — no /organization prefix in the description).
// Every project has the predefined roles (owner, member, viewer: `role-api-project-…`, the same ids in every
// project, managed by OpenAI, neither changed nor deleted); custom roles live in the `roles` table (roles.ts) with
// their project in `_project`, names unique within it. Deleting one drops its assignments to users and groups.

import { badRequest, notFound } from '../../errors';
import type { RoleRec } from '../../store';
import { paginateNext } from '../common';
import { type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { checkCustom, createRole, deleteRole, presentRole, updateRole } from './roles';
import { activeProjectOf, projectOf } from './projects';

const PROJECT_RESOURCE_TYPE = 'api.project';

const PROJECT_READ = ['api.project.read'];
const MEMBER_PERMISSIONS = [...PROJECT_READ, 'api.responses.write', 'api.model.request', 'api.organization.projects.api_keys.read'];
const OWNER_PERMISSIONS = [...MEMBER_PERMISSIONS, 'api.organization.projects.api_keys.write', 'api.project.write'];

/** The roles every project has. */
const PREDEFINED: readonly [name: string, description: string, permissions: string[]][] = [
  ['owner', 'Manage the project, its members and its keys.', OWNER_PERMISSIONS],
  ['member', 'Use the project and its API keys.', MEMBER_PERMISSIONS],
  ['viewer', 'Read the project.', PROJECT_READ],
];

/** The project's roles: its predefined ones first, then its custom roles oldest first. */
function rolesOfProject(ctx: Ctx, projectId: string): RoleRec[] {
  const at = ctx.store.tables.projects[projectId]?.created_at ?? 0;
  const predefined = PREDEFINED.map(([name, description, permissions]): RoleRec => ({
    id: `role-api-project-${name}`,
    object: 'role',
    name,
    description,
    permissions,
    resource_type: PROJECT_RESOURCE_TYPE,
    predefined_role: true,
    _project: projectId,
    _created_at: at,
    _updated_at: at,
    _created_by: null,
  }));
  return [...predefined, ...Object.values(ctx.store.tables.roles).filter((r) => r._project === projectId)];
}

/** A role of the path's project (`role_id` of the path, or the given id), or the API's 404. */
export function projectRoleOf(ctx: Ctx, id = ctx.params['role_id'] as string, param: string | null = null): RoleRec {
  const project = projectOf(ctx);
  const role = rolesOfProject(ctx, project.id).find((r) => r.id === id);
  if (!role) throw notFound('role', id, param);
  return role;
}

const ROLES = '/projects/{project_id}/roles';
const ROLE = `${ROLES}/{role_id}`;

const routes: Route[] = [
  post(ROLES, (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { role_name: string; permissions: string[]; description?: string | null };
    // The predefined roles' names are taken too.
    if (PREDEFINED.some(([name]) => name === body.role_name)) throw badRequest(`A role named '${body.role_name}' already exists.`, 'role_name');
    return presentRole(createRole(ctx, body, PROJECT_RESOURCE_TYPE, project.id));
  }),
  get(ROLES, (ctx) => paginateNext(ctx, rolesOfProject(ctx, projectOf(ctx).id), (r) => r.id, presentRole)),
  get(ROLE, (ctx) => presentRole(projectRoleOf(ctx))),
  post(ROLE, (ctx) => {
    activeProjectOf(ctx);
    return presentRole(updateRole(ctx, projectRoleOf(ctx), ctx.body));
  }),
  del(ROLE, (ctx) => {
    const role = projectRoleOf(ctx);
    checkCustom(role);
    // Its assignments in the project go with it (deleteRole drops the organization-level ones).
    for (const t of [ctx.store.tables.project_user_roles, ctx.store.tables.project_group_roles]) {
      for (const [key, a] of Object.entries(t)) if (a.role_id === role.id) delete t[key];
    }
    return deleteRole(ctx, role);
  }),
];

export const projectRoles: EmulatorModule<Record<never, never>> = {
  name: 'admin/project-roles',
  // Custom roles are minted by roles.ts (`role_…`), and counted there.
  serves: { project_role: { path: ROLES, id: 'role' } },
  tables: {},
  ids: {},
  counts: {},
  routes,
};
