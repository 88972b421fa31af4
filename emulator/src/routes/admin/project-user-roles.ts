// Admin API: the project roles assigned to a member of a project (/projects/{project_id}/users/{user_id}/roles).
// An assignment is the triple (project, user, role); it goes when the user leaves the project or the organization,
// or when the (custom) role is deleted.

import { badRequest, notFound } from '../../errors';
import type { ProjectUserRoleRec, Store } from '../../store';
import { paginateNext } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { projectRoleOf } from './project-roles';
import { activeProjectOf, projectOf } from './projects';
import { presentAssignedRole, presentRole } from './roles';

const keyOf = (projectId: string, userId: string, roleId: string): string => `${projectId}/${userId}/${roleId}`;

/** Drops a user's role assignments: in one project (they left it), or in every project (they left the organization). */
export function dropUserRoles(store: Store, userId: string, projectId?: string): void {
  const t = store.tables.project_user_roles;
  for (const [key, a] of Object.entries(t)) if (a.user_id === userId && (projectId === undefined || a.project_id === projectId)) delete t[key];
  store.markDirty();
}

/** The path's user, who must be a member of the path's project (else the API's 404). */
function memberOf(ctx: Ctx): { projectId: string; userId: string } {
  const project = projectOf(ctx);
  const userId = ctx.params['user_id'] as string;
  if (!ctx.store.tables.project_users[`${project.id}/${userId}`]) throw notFound('user', userId);
  return { projectId: project.id, userId };
}

function assignmentOf(ctx: Ctx): ProjectUserRoleRec {
  const { projectId, userId } = memberOf(ctx);
  const roleId = ctx.params['role_id'] as string;
  const a = ctx.store.tables.project_user_roles[keyOf(projectId, userId, roleId)];
  if (!a) throw notFound('role assignment', roleId);
  return a;
}

const ASSIGNMENTS = '/projects/{project_id}/users/{user_id}/roles';
const ASSIGNMENT = `${ASSIGNMENTS}/{role_id}`;

const routes: Route[] = [
  post(ASSIGNMENTS, (ctx) => {
    activeProjectOf(ctx);
    const { projectId, userId } = memberOf(ctx);
    const role = projectRoleOf(ctx, ctx.body['role_id'] as string, 'role_id');
    const key = keyOf(projectId, userId, role.id);
    if (ctx.store.tables.project_user_roles[key]) {
      throw badRequest(`Role '${role.id}' is already assigned to user '${userId}' in project '${projectId}'.`, 'role_id');
    }
    ctx.store.tables.project_user_roles[key] = { project_id: projectId, user_id: userId, role_id: role.id, created_at: ctx.now };
    ctx.store.markDirty();
    const user = ctx.store.tables.users[userId]!;
    return {
      object: 'user.role',
      user: { object: 'organization.user', id: user.id, name: user.name, email: user.email, role: user.role, added_at: user.added_at },
      role: presentRole(role),
    };
  }),
  get(ASSIGNMENTS, (ctx) => {
    const { projectId, userId } = memberOf(ctx);
    const assigned = Object.values(ctx.store.tables.project_user_roles).filter((a) => a.project_id === projectId && a.user_id === userId);
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
    delete ctx.store.tables.project_user_roles[keyOf(a.project_id, a.user_id, a.role_id)];
    ctx.store.markDirty();
    return { object: 'user.role.deleted', deleted: true };
  }),
];

/** Keyed `${project_id}/${user_id}/${role_id}`. */
const TABLES = { project_user_roles: table<ProjectUserRoleRec>() };

export const projectUserRoles: EmulatorModule<typeof TABLES> = {
  name: 'admin/project-user-roles',
  // An assignment's id ends with the role's (roles.ts mints the custom ones).
  serves: { project_user_role: { path: ASSIGNMENTS, id: 'role' } },
  tables: TABLES,
  ids: {},
  counts: { project_user_roles: (t) => rows(t.project_user_roles) },
  routes,
};
