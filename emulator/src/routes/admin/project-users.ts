// Admin API: the members of a project (/organization/projects/{project_id}/users), organization users only.

import { badRequest, notFound } from '../../errors';
import type { ProjectUserRec } from '../../store';
import { applyFields, paginate, remove } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { dropUserRoles } from './project-user-roles';
import { activeProjectOf, projectOf } from './projects';
import { userOf } from './users';
import { audit } from './audit-logs';

const PROJECT_ROLES = ['owner', 'member'];

function presentProjectUser(ctx: Ctx, m: ProjectUserRec) {
  const user = ctx.store.tables.users[m.user_id];
  return {
    object: 'organization.project.user',
    id: m.user_id,
    name: user?.name ?? null,
    email: user?.email ?? null,
    role: m.role,
    added_at: m.added_at,
  };
}

function membershipOf(ctx: Ctx): ProjectUserRec {
  const project = projectOf(ctx);
  const userId = ctx.params['user_id'] as string;
  const m = ctx.store.tables.project_users[`${project.id}/${userId}`];
  if (!m) throw notFound('user', userId);
  return m;
}

function checkProjectRole(role: unknown): void {
  if (typeof role === 'string' && !PROJECT_ROLES.includes(role)) {
    throw badRequest(`Invalid value: '${role}'. Supported values are: 'owner' and 'member'.`, 'role', 'invalid_value');
  }
}

const MEMBERS = '/organization/projects/{project_id}/users';
const MEMBER = `${MEMBERS}/{user_id}`;

const routes: Route[] = [
  post(MEMBERS, (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { role: string; user_id?: string | null; email?: string | null };
    checkProjectRole(body.role);
    const user = body.user_id ? userOf(ctx, body.user_id, 'user_id') : Object.values(ctx.store.tables.users).find((u) => u.email === body.email);
    if (!user) throw badRequest('Users must already be members of the organization to be added to a project.', body.email ? 'email' : 'user_id');
    const key = `${project.id}/${user.id}`;
    if (ctx.store.tables.project_users[key]) throw badRequest(`User '${user.id}' is already a member of project '${project.id}'.`, 'user_id');
    const membership: ProjectUserRec = { project_id: project.id, user_id: user.id, role: body.role as ProjectUserRec['role'], added_at: ctx.now };
    ctx.store.tables.project_users[key] = membership;
    ctx.store.markDirty();
    audit(ctx, 'user.added', { id: user.id, data: { role: membership.role } }, project.id);
    return presentProjectUser(ctx, membership);
  }),
  get(MEMBERS, (ctx) => {
    const project = projectOf(ctx);
    const members = Object.values(ctx.store.tables.project_users).filter((m) => m.project_id === project.id);
    return paginate(
      ctx,
      members,
      (m) => m.user_id,
      (m) => presentProjectUser(ctx, m),
    );
  }),
  get(MEMBER, (ctx) => presentProjectUser(ctx, membershipOf(ctx))),
  post(MEMBER, (ctx) => {
    checkProjectRole(ctx.body['role']);
    const m = applyFields(ctx, membershipOf(ctx), ctx.body, ['role']);
    audit(ctx, 'user.updated', { id: m.user_id, changes_requested: { role: m.role } }, m.project_id);
    return presentProjectUser(ctx, m);
  }),
  del(MEMBER, (ctx) => {
    const m = membershipOf(ctx);
    audit(ctx, 'user.deleted', { id: m.user_id }, m.project_id);
    dropUserRoles(ctx.store, m.user_id, m.project_id); // the roles they held in the project go with them
    return remove(ctx, ctx.store.tables.project_users, `${m.project_id}/${m.user_id}`, m.user_id, 'organization.project.user.deleted');
  }),
];

/** Keyed `${project_id}/${user_id}`. */
const TABLES = { project_users: table<ProjectUserRec>() };

export const projectUsers: EmulatorModule<typeof TABLES> = {
  name: 'admin/project-users',
  // A membership's id is the user's (users.ts mints the shape).
  serves: { project_user: { path: MEMBERS, id: 'user' } },
  tables: TABLES,
  ids: {},
  counts: { project_users: (t) => rows(t.project_users) },
  routes,
};
