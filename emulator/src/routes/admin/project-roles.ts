// Admin API: the roles of a project (/projects/{project_id}/roles — no /organization prefix in the description).
// Every project has the predefined roles (owner, member, viewer: `role-api-project-…`, managed by OpenAI, neither
// changed nor deleted); custom roles are made per project, with a name unique within it.

import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import { paginateNext } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { activeProjectOf, projectOf } from './projects';

/** Custom role ids are ULIDs after `role_` (the description's examples: `role_01J1F8PROJ…`). */
const IDS = { project_role: { prefix: 'role_', alphabet: 'ulid', length: 26 } } as const;
const newId = idMinter(IDS);

export const PROJECT_RESOURCE_TYPE = 'api.project';

/** A role as the API shows it (`Role`), plus the times its assignments show (`AssignedRoleDetails`). */
export interface ProjectRoleRec {
  id: string;
  object: 'role';
  name: string;
  description: string | null;
  permissions: string[];
  resource_type: typeof PROJECT_RESOURCE_TYPE;
  predefined_role: boolean;
  _project: string;
  _created_at: number;
  _updated_at: number;
}

const PROJECT_READ = ['api.project.read'];
const MEMBER_PERMISSIONS = [...PROJECT_READ, 'api.responses.write', 'api.model.request', 'api.organization.projects.api_keys.read'];
const OWNER_PERMISSIONS = [...MEMBER_PERMISSIONS, 'api.organization.projects.api_keys.write', 'api.project.write'];

/** The roles every project has, by id (the same ids in every project). */
const PREDEFINED: readonly Omit<ProjectRoleRec, '_project' | '_created_at' | '_updated_at'>[] = [
  ['owner', 'Manage the project, its members and its keys.', OWNER_PERMISSIONS],
  ['member', 'Use the project and its API keys.', MEMBER_PERMISSIONS],
  ['viewer', 'Read the project.', PROJECT_READ],
].map(([name, description, permissions]) => ({
  id: `role-api-project-${name as string}`,
  object: 'role' as const,
  name: name as string,
  description: description as string,
  permissions: permissions as string[],
  resource_type: PROJECT_RESOURCE_TYPE,
  predefined_role: true,
}));

/** The project's roles, predefined first, then its custom roles oldest first. */
export function rolesOfProject(ctx: Ctx, projectId: string): ProjectRoleRec[] {
  const project = ctx.store.tables.projects[projectId];
  const at = project?.created_at ?? 0;
  const custom = Object.values(ctx.store.tables.project_roles).filter((r) => r._project === projectId);
  return [...PREDEFINED.map((r) => ({ ...r, _project: projectId, _created_at: at, _updated_at: at })), ...custom];
}

/** A role of the path's project (`role_id` of the path, or the given id), or the API's 404. */
export function projectRoleOf(ctx: Ctx, id = ctx.params['role_id'] as string, param: string | null = null): ProjectRoleRec {
  const project = projectOf(ctx);
  const role = rolesOfProject(ctx, project.id).find((r) => r.id === id);
  if (!role) throw notFound('role', id, param);
  return role;
}

/** `Role`: the role itself. */
export const presentRole = (r: ProjectRoleRec) => ({
  object: r.object,
  id: r.id,
  name: r.name,
  description: r.description,
  permissions: r.permissions,
  resource_type: r.resource_type,
  predefined_role: r.predefined_role,
});

/** `AssignedRoleDetails`: a role as a principal's assignment lists show it. */
export const presentAssignedRole = (r: ProjectRoleRec) => ({
  id: r.id,
  name: r.name,
  permissions: r.permissions,
  resource_type: r.resource_type,
  predefined_role: r.predefined_role,
  description: r.description,
  created_at: r._created_at,
  updated_at: r._updated_at,
  created_by: null,
  created_by_user_obj: null,
  metadata: {},
  assignment_sources: null,
});

function checkRole(ctx: Ctx, projectId: string, body: { role_name?: string | null; permissions?: string[] | null }, self?: string): void {
  const name = body.role_name;
  if (typeof name === 'string') {
    if (name.trim() === '') throw badRequest('Role name must not be empty.', 'role_name');
    if (rolesOfProject(ctx, projectId).some((r) => r.name === name && r.id !== self)) {
      throw badRequest(`A role named '${name}' already exists in project '${projectId}'.`, 'role_name');
    }
  }
  for (const permission of body.permissions ?? []) {
    if (!/^api(\.[a-z_]+)+$/.test(permission)) throw badRequest(`Invalid permission: '${permission}'.`, 'permissions', 'invalid_value');
  }
}

function customRoleOf(ctx: Ctx): ProjectRoleRec {
  const role = projectRoleOf(ctx);
  if (role.predefined_role) throw badRequest(`Role '${role.id}' is predefined and cannot be changed or deleted.`, 'role_id');
  return role;
}

const ROLES = '/projects/{project_id}/roles';
const ROLE = `${ROLES}/{role_id}`;

const routes: Route[] = [
  post(ROLES, (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { role_name: string; permissions: string[]; description?: string | null };
    checkRole(ctx, project.id, body);
    const role: ProjectRoleRec = {
      id: newId('project_role'),
      object: 'role',
      name: body.role_name,
      description: body.description ?? null,
      permissions: [...new Set(body.permissions)],
      resource_type: PROJECT_RESOURCE_TYPE,
      predefined_role: false,
      _project: project.id,
      _created_at: ctx.now,
      _updated_at: ctx.now,
    };
    ctx.store.tables.project_roles[role.id] = role;
    ctx.store.markDirty();
    return presentRole(role);
  }),
  get(ROLES, (ctx) => paginateNext(ctx, rolesOfProject(ctx, projectOf(ctx).id), (r) => r.id, presentRole)),
  get(ROLE, (ctx) => presentRole(projectRoleOf(ctx))),
  post(ROLE, (ctx) => {
    const project = activeProjectOf(ctx);
    const role = customRoleOf(ctx);
    const body = ctx.body as { role_name?: string | null; permissions?: string[] | null; description?: string | null };
    checkRole(ctx, project.id, body, role.id);
    if (typeof body.role_name === 'string') role.name = body.role_name;
    if (Array.isArray(body.permissions)) role.permissions = [...new Set(body.permissions)];
    if ('description' in body) role.description = body.description ?? null;
    role._updated_at = ctx.now;
    ctx.store.markDirty();
    return presentRole(role);
  }),
  del(ROLE, (ctx) => {
    const role = customRoleOf(ctx);
    // Its assignments go with it.
    for (const t of [ctx.store.tables.project_user_roles]) {
      for (const [key, a] of Object.entries(t)) if (a.project_id === role._project && a.role_id === role.id) delete t[key];
    }
    delete ctx.store.tables.project_roles[role.id];
    ctx.store.markDirty();
    return { object: 'role.deleted', id: role.id, deleted: true };
  }),
];

const TABLES = { project_roles: table<ProjectRoleRec>() };

export const projectRoles: EmulatorModule<typeof TABLES> = {
  name: 'admin/project-roles',
  serves: { project_role: { path: ROLES, id: 'project_role' } },
  tables: TABLES,
  ids: IDS,
  counts: { project_roles: (t) => rows(t.project_roles) },
  routes,
};
