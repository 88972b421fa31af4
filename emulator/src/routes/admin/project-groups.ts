// Admin API: the organization's groups given access to a project (/organization/projects/{project_id}/groups), and
// the project roles assigned to them there (/projects/{project_id}/groups/{group_id}/roles). A group is added with a
// project role, which becomes its first role assignment in the project. Removing the group from the project, or
// deleting it from the organization (groups.ts), drops its assignments there; deleting a custom project role
// (project-roles.ts) drops its assignments.

import { badRequest, notFound } from '../../errors';
import type { GroupRec, ProjectGroupRec, ProjectGroupRoleRec } from '../../store';
import { paginateNext } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { groupOf, presentGroupRef } from './groups';
import { projectRoleOf } from './project-roles';
import { activeProjectOf, projectOf } from './projects';
import { presentAssignedRole, presentRole } from './roles';

const roleKey = (projectId: string, groupId: string, roleId: string): string => `${projectId}/${groupId}/${roleId}`;

/** `ProjectGroup`: the group's access to the project. */
function presentProjectGroup(ctx: Ctx, pg: ProjectGroupRec) {
  const group = ctx.store.tables.groups[pg.group_id];
  return {
    object: 'project.group',
    project_id: pg.project_id,
    group_id: pg.group_id,
    group_name: group?.name ?? '',
    group_type: group?.group_type ?? 'group',
    created_at: pg.created_at,
  };
}

/** The path's group (`group_id`), which must have access to the path's project (else the API's 404). */
function projectGroupOf(ctx: Ctx): { pg: ProjectGroupRec; group: GroupRec } {
  const project = projectOf(ctx);
  const groupId = ctx.params['group_id'] as string;
  const pg = ctx.store.tables.project_groups[`${project.id}/${groupId}`];
  const group = ctx.store.tables.groups[groupId];
  if (!pg || !group) throw notFound('group', groupId);
  return { pg, group };
}

function assign(ctx: Ctx, projectId: string, groupId: string, roleId: string): void {
  ctx.store.tables.project_group_roles[roleKey(projectId, groupId, roleId)] = {
    project_id: projectId,
    group_id: groupId,
    role_id: roleId,
    created_at: ctx.now,
  };
  ctx.store.markDirty();
}

function assignmentOf(ctx: Ctx): ProjectGroupRoleRec {
  const { pg } = projectGroupOf(ctx);
  const roleId = ctx.params['role_id'] as string;
  const a = ctx.store.tables.project_group_roles[roleKey(pg.project_id, pg.group_id, roleId)];
  if (!a) throw notFound('role assignment', roleId);
  return a;
}

const GROUPS = '/organization/projects/{project_id}/groups';
const GROUP = `${GROUPS}/{group_id}`;
const ASSIGNMENTS = '/projects/{project_id}/groups/{group_id}/roles';
const ASSIGNMENT = `${ASSIGNMENTS}/{role_id}`;

const routes: Route[] = [
  post(GROUPS, (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { group_id: string; role: string };
    const group = groupOf(ctx, body.group_id, 'group_id');
    const role = projectRoleOf(ctx, body.role, 'role');
    const key = `${project.id}/${group.id}`;
    if (ctx.store.tables.project_groups[key]) throw badRequest(`Group '${group.id}' already has access to project '${project.id}'.`, 'group_id');
    const pg: ProjectGroupRec = { project_id: project.id, group_id: group.id, created_at: ctx.now };
    ctx.store.tables.project_groups[key] = pg;
    assign(ctx, project.id, group.id, role.id);
    return presentProjectGroup(ctx, pg);
  }),
  get(GROUPS, (ctx) => {
    const project = projectOf(ctx);
    const groups = Object.values(ctx.store.tables.project_groups).filter((pg) => pg.project_id === project.id);
    return paginateNext(
      ctx,
      groups,
      (pg) => pg.group_id,
      (pg) => presentProjectGroup(ctx, pg),
    );
  }),
  get(GROUP, (ctx) => {
    const { pg, group } = projectGroupOf(ctx);
    const type = ctx.query['group_type'] ?? 'group';
    if (group.group_type !== type) throw notFound('group', group.id);
    return presentProjectGroup(ctx, pg);
  }),
  del(GROUP, (ctx) => {
    const { pg } = projectGroupOf(ctx);
    dropProjectGroups(ctx, pg.group_id, pg.project_id);
    return { object: 'project.group.deleted', deleted: true };
  }),

  post(ASSIGNMENTS, (ctx) => {
    activeProjectOf(ctx);
    const { pg, group } = projectGroupOf(ctx);
    const role = projectRoleOf(ctx, ctx.body['role_id'] as string, 'role_id');
    if (ctx.store.tables.project_group_roles[roleKey(pg.project_id, group.id, role.id)]) {
      throw badRequest(`Role '${role.id}' is already assigned to group '${group.id}' in project '${pg.project_id}'.`, 'role_id');
    }
    assign(ctx, pg.project_id, group.id, role.id);
    return { object: 'group.role', group: presentGroupRef(group), role: presentRole(role) };
  }),
  get(ASSIGNMENTS, (ctx) => {
    const { pg } = projectGroupOf(ctx);
    const assigned = Object.values(ctx.store.tables.project_group_roles).filter((a) => a.project_id === pg.project_id && a.group_id === pg.group_id);
    return paginateNext(
      ctx,
      assigned,
      (a) => a.role_id,
      (a) => presentAssignedRole(projectRoleOf(ctx, a.role_id)),
    );
  }),
  get(ASSIGNMENT, (ctx) => presentAssignedRole(projectRoleOf(ctx, assignmentOf(ctx).role_id))),
  del(ASSIGNMENT, (ctx) => {
    const a = assignmentOf(ctx);
    delete ctx.store.tables.project_group_roles[roleKey(a.project_id, a.group_id, a.role_id)];
    ctx.store.markDirty();
    return { object: 'group.role.deleted', deleted: true };
  }),
];

/** Drops a group's access and role assignments: in one project, or in every project (the group was deleted). */
function dropProjectGroups(ctx: Ctx, groupId: string, projectId?: string): void {
  const { project_groups: groups, project_group_roles: roles } = ctx.store.tables;
  for (const t of [groups, roles] as Record<string, { group_id: string; project_id: string }>[]) {
    for (const [key, r] of Object.entries(t)) if (r.group_id === groupId && (projectId === undefined || r.project_id === projectId)) delete t[key];
  }
  ctx.store.markDirty();
}

/** `project_groups` keyed `${project_id}/${group_id}`, `project_group_roles` `${project_id}/${group_id}/${role_id}`. */
const TABLES = { project_groups: table<ProjectGroupRec>(), project_group_roles: table<ProjectGroupRoleRec>() };

export const projectGroups: EmulatorModule<typeof TABLES> = {
  name: 'admin/project-groups',
  // A project group's id ends with its role's, as does an assignment's (roles.ts mints the custom ones).
  serves: { project_group: { path: GROUPS, id: 'role' }, project_group_role: { path: ASSIGNMENTS, id: 'role' } },
  tables: TABLES,
  ids: {},
  counts: { project_groups: (t) => rows(t.project_groups), project_group_roles: (t) => rows(t.project_group_roles) },
  routes,
};
