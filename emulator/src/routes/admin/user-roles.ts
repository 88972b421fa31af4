// Admin API: organization roles assigned to users (/organization/users/{user_id}/roles). Removing the user from the
// organization (users.ts) or deleting the role (roles.ts) drops the assignment.

import { badRequest, notFound } from '../../errors';
import type { RoleAssignmentRec } from '../../store';
import { paginateNext } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { orgRoleOf, presentAssignedRole, presentRole } from './roles';
import { userOf } from './users';
import { assignmentEvent, audit } from './audit-logs';

const ASSIGNMENTS = '/organization/users/{user_id}/roles';
const ASSIGNMENT = `${ASSIGNMENTS}/{role_id}`;

function assignmentOf(ctx: Ctx): RoleAssignmentRec {
  const user = userOf(ctx);
  const roleId = ctx.params['role_id'] as string;
  const a = ctx.store.tables.user_roles[`${user.id}/${roleId}`];
  if (!a || !ctx.store.tables.roles[roleId]) throw notFound('role', roleId);
  return a;
}

const routes: Route[] = [
  post(ASSIGNMENTS, (ctx) => {
    const user = userOf(ctx);
    const role = orgRoleOf(ctx, ctx.body['role_id'] as string, 'role_id');
    const key = `${user.id}/${role.id}`;
    if (ctx.store.tables.user_roles[key]) throw badRequest(`Role '${role.id}' is already assigned to user '${user.id}'.`, 'role_id');
    ctx.store.tables.user_roles[key] = { principal_id: user.id, role_id: role.id, created_at: ctx.now };
    ctx.store.markDirty();
    audit(ctx, 'role.assignment.created', assignmentEvent({ id: user.id, type: 'user' }, role));
    const { id, object, name, email, role: orgRole, added_at } = user;
    return { object: 'user.role', user: { object, id, name, email, role: orgRole, added_at }, role: presentRole(role) };
  }),
  get(ASSIGNMENTS, (ctx) => {
    const user = userOf(ctx);
    const assigned = Object.values(ctx.store.tables.user_roles).filter((a) => a.principal_id === user.id && ctx.store.tables.roles[a.role_id]);
    return paginateNext(
      ctx,
      assigned,
      (a) => a.role_id,
      (a) => presentAssignedRole(ctx.store.tables.roles[a.role_id]!),
    );
  }),
  get(ASSIGNMENT, (ctx) => presentAssignedRole(ctx.store.tables.roles[assignmentOf(ctx).role_id]!)),
  del(ASSIGNMENT, (ctx) => {
    const a = assignmentOf(ctx);
    delete ctx.store.tables.user_roles[`${a.principal_id}/${a.role_id}`];
    ctx.store.markDirty();
    const role = ctx.store.tables.roles[a.role_id];
    if (role) audit(ctx, 'role.assignment.deleted', assignmentEvent({ id: a.principal_id, type: 'user' }, role));
    return { object: 'user.role.deleted', deleted: true };
  }),
];

/** Keyed `${user_id}/${role_id}`. */
const TABLES = { user_roles: table<RoleAssignmentRec>() };

export const userRoles: EmulatorModule<typeof TABLES> = {
  name: 'admin/user-roles',
  // An assignment's id ends with the role's (roles.ts mints the shape).
  serves: { user_role: { path: ASSIGNMENTS, id: 'role' } },
  tables: TABLES,
  ids: {},
  counts: { user_roles: (t) => rows(t.user_roles) },
  routes,
};
