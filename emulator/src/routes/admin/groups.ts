// Admin API: the organization's groups (/organization/groups), their members (…/users) and the organization roles
// assigned to them (…/roles). Deleting a group drops its memberships and role assignments; removing a user from the
// organization drops the user's memberships (users.ts).

import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import type { GroupRec, GroupUserRec, RoleAssignmentRec, UserRec } from '../../store';
import { insert, paginateNext, remove } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { orgRoleOf, presentAssignedRole, presentRole } from './roles';
import { userOf } from './users';
import { assignmentEvent, audit } from './audit-logs';

/** Group ids as the API mints them: `group_` and a ULID (26 characters of Crockford's base32). */
const IDS = { group: { prefix: 'group_', alphabet: 'crockford', length: 26 } } as const;
const newId = idMinter(IDS);

/** The group of the path (by default `group_id`), or the API's 404. */
export function groupOf(ctx: Ctx, id = ctx.params['group_id'] as string, param: string | null = null): GroupRec {
  const group = ctx.store.tables.groups[id];
  if (!group) throw notFound('group', id, param);
  return group;
}

/** A group as `GroupResponse` shows it. */
const presentGroup = (g: GroupRec) => ({
  id: g.id,
  name: g.name,
  created_at: g.created_at,
  is_scim_managed: g.is_scim_managed,
  group_type: g.group_type,
});

/** A group as an assignment embeds it (`Group`). */
export const presentGroupRef = (g: GroupRec) => ({
  object: 'group' as const,
  id: g.id,
  name: g.name,
  created_at: g.created_at,
  scim_managed: g.is_scim_managed,
});

function checkUnmanaged(g: GroupRec): void {
  if (g.is_scim_managed) throw badRequest(`Group '${g.id}' is managed through SCIM and cannot be changed here.`, 'group_id');
}

const GROUPS = '/organization/groups';
const GROUP = `${GROUPS}/{group_id}`;
const MEMBERS = `${GROUP}/users`;
const MEMBER = `${MEMBERS}/{user_id}`;
const ROLES = `${GROUP}/roles`;
const ROLE = `${ROLES}/{role_id}`;

function memberOf(ctx: Ctx): { group: GroupRec; user: UserRec; m: GroupUserRec } {
  const group = groupOf(ctx);
  const userId = ctx.params['user_id'] as string;
  const m = ctx.store.tables.group_users[`${group.id}/${userId}`];
  const user = ctx.store.tables.users[userId];
  if (!m || !user) throw notFound('user', userId);
  return { group, user, m };
}

function groupRoleOf(ctx: Ctx): { group: GroupRec; a: RoleAssignmentRec } {
  const group = groupOf(ctx);
  const roleId = ctx.params['role_id'] as string;
  const a = ctx.store.tables.group_roles[`${group.id}/${roleId}`];
  if (!a || !ctx.store.tables.roles[roleId]) throw notFound('role', roleId);
  return { group, a };
}

/** Deletes what hangs off a group: its memberships and role assignments. */
function dropGroupLinks(ctx: Ctx, groupId: string): void {
  for (const t of [ctx.store.tables.group_users, ctx.store.tables.group_roles]) {
    for (const key of Object.keys(t)) if (key.startsWith(`${groupId}/`)) delete t[key];
  }
  // And its access to projects, with its roles there (project-groups.ts).
  for (const t of [ctx.store.tables.project_groups, ctx.store.tables.project_group_roles]) {
    for (const [key, r] of Object.entries(t)) if (r.group_id === groupId) delete t[key];
  }
}

const routes: Route[] = [
  post(GROUPS, (ctx) => {
    const group = insert(ctx, ctx.store.tables.groups, {
      id: newId('group'),
      name: ctx.body['name'] as string,
      created_at: ctx.now,
      is_scim_managed: false,
      group_type: 'group' as const,
    });
    audit(ctx, 'group.created', { id: group.id, data: { group_name: group.name } });
    return presentGroup(group);
  }),
  get(GROUPS, (ctx) => paginateNext(ctx, Object.values(ctx.store.tables.groups), (g) => g.id, presentGroup)),
  get(GROUP, (ctx) => presentGroup(groupOf(ctx))),
  post(GROUP, (ctx) => {
    const group = groupOf(ctx);
    checkUnmanaged(group);
    group.name = ctx.body['name'] as string;
    ctx.store.markDirty();
    audit(ctx, 'group.updated', { id: group.id, changes_requested: { group_name: group.name } });
    return { id: group.id, name: group.name, created_at: group.created_at, is_scim_managed: group.is_scim_managed };
  }),
  del(GROUP, (ctx) => {
    const group = groupOf(ctx);
    checkUnmanaged(group);
    audit(ctx, 'group.deleted', { id: group.id });
    dropGroupLinks(ctx, group.id);
    return remove(ctx, ctx.store.tables.groups, group.id, group.id, 'group.deleted');
  }),

  post(MEMBERS, (ctx) => {
    const group = groupOf(ctx);
    const user = userOf(ctx, ctx.body['user_id'] as string, 'user_id');
    const key = `${group.id}/${user.id}`;
    if (ctx.store.tables.group_users[key]) throw badRequest(`User '${user.id}' is already a member of group '${group.id}'.`, 'user_id');
    ctx.store.tables.group_users[key] = { group_id: group.id, user_id: user.id, added_at: ctx.now };
    ctx.store.markDirty();
    return { object: 'group.user', user_id: user.id, group_id: group.id };
  }),
  get(MEMBERS, (ctx) => {
    const group = groupOf(ctx);
    const members = Object.values(ctx.store.tables.group_users).filter((m) => m.group_id === group.id && ctx.store.tables.users[m.user_id]);
    return paginateNext(
      ctx,
      members,
      (m) => m.user_id,
      (m) => {
        const u = ctx.store.tables.users[m.user_id]!;
        return { id: u.id, name: u.name, email: u.email };
      },
    );
  }),
  get(MEMBER, (ctx) => {
    const { user } = memberOf(ctx);
    return { id: user.id, name: user.name, email: user.email, picture: null, is_service_account: false, user_type: 'user' };
  }),
  del(MEMBER, (ctx) => {
    const { group, user } = memberOf(ctx);
    delete ctx.store.tables.group_users[`${group.id}/${user.id}`];
    ctx.store.markDirty();
    return { object: 'group.user.deleted', deleted: true };
  }),

  post(ROLES, (ctx) => {
    const group = groupOf(ctx);
    const role = orgRoleOf(ctx, ctx.body['role_id'] as string, 'role_id');
    const key = `${group.id}/${role.id}`;
    if (ctx.store.tables.group_roles[key]) throw badRequest(`Role '${role.id}' is already assigned to group '${group.id}'.`, 'role_id');
    ctx.store.tables.group_roles[key] = { principal_id: group.id, role_id: role.id, created_at: ctx.now };
    ctx.store.markDirty();
    audit(ctx, 'role.assignment.created', assignmentEvent({ id: group.id, type: 'group' }, role));
    return { object: 'group.role', group: presentGroupRef(group), role: presentRole(role) };
  }),
  get(ROLES, (ctx) => {
    const group = groupOf(ctx);
    const assigned = Object.values(ctx.store.tables.group_roles).filter((a) => a.principal_id === group.id && ctx.store.tables.roles[a.role_id]);
    return paginateNext(
      ctx,
      assigned,
      (a) => a.role_id,
      (a) => presentAssignedRole(ctx.store.tables.roles[a.role_id]!),
    );
  }),
  get(ROLE, (ctx) => presentAssignedRole(ctx.store.tables.roles[groupRoleOf(ctx).a.role_id]!)),
  del(ROLE, (ctx) => {
    const { group, a } = groupRoleOf(ctx);
    delete ctx.store.tables.group_roles[`${group.id}/${a.role_id}`];
    ctx.store.markDirty();
    const role = ctx.store.tables.roles[a.role_id];
    if (role) audit(ctx, 'role.assignment.deleted', assignmentEvent({ id: group.id, type: 'group' }, role));
    return { object: 'group.role.deleted', deleted: true };
  }),
];

/** `group_users` and `group_roles` are keyed `${group_id}/${user_id}` and `${group_id}/${role_id}`. */
const TABLES = { groups: table<GroupRec>(), group_users: table<GroupUserRec>(), group_roles: table<RoleAssignmentRec>() };

export const groups: EmulatorModule<typeof TABLES> = {
  name: 'admin/groups',
  serves: {
    group: { path: GROUPS, id: 'group' },
    group_user: { path: MEMBERS, id: 'user' },
    group_role: { path: ROLES, id: 'role' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { groups: (t) => rows(t.groups), group_users: (t) => rows(t.group_users), group_roles: (t) => rows(t.group_roles) },
  routes,
};
