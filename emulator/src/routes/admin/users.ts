// Admin API: the organization's users (/organization/users). Users join through invites (not emulated) or the
// seed (the organization owner, who cannot be removed).

import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import { OWNER_USER_ID, type Store, type UserRec } from '../../store';
import { applyFields, paginate, remove, view } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { audit } from './audit-logs';
import { dropUserRoles } from './project-user-roles';

/** User ids the API mints (`user-…`); the emulator's only user is seeded with a fixed id of this shape. */
const IDS = { user: { prefix: 'user-', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

/**
 * Adds a user to the organization, as an accepted invite would (the emulator's control route `POST /__emulator/users`;
 * the API itself has no such operation). Emails are unique in an organization.
 */
export function addUser(store: Store, input: { email: string; name?: string; role?: 'owner' | 'reader' }, now: number): UserRec {
  if (Object.values(store.tables.users).some((u) => u.email === input.email)) throw new Error(`a user with email '${input.email}' already exists`);
  const user: UserRec = {
    id: newId('user'),
    object: 'organization.user',
    name: input.name ?? input.email.split('@')[0]!,
    email: input.email,
    role: input.role ?? 'reader',
    added_at: now,
  };
  store.tables.users[user.id] = user;
  store.markDirty();
  return user;
}

/** A user of the organization (by default the path's `user_id`), or the API's 404. */
export function userOf(ctx: Ctx, id = ctx.params['user_id'] as string, param: string | null = null): UserRec {
  const user = ctx.store.tables.users[id];
  if (!user) throw notFound('user', id, param);
  return user;
}

/** A user as `User` shows it: the record, and what the API tells of members the emulator does not model. */
export function presentUser(u: UserRec) {
  return {
    ...view(u),
    technical_level: u.technical_level ?? null,
    developer_persona: u.developer_persona ?? null,
    created: u.added_at,
    is_default: u.id === OWNER_USER_ID,
    is_service_account: false,
    is_scale_tier_authorized_purchaser: null,
    is_scim_managed: false,
    api_key_last_used_at: null,
  };
}

const routes: Route[] = [
  get('/organization/users', (ctx) => {
    const emails = ctx.query['emails'] as string[] | undefined;
    const users = Object.values(ctx.store.tables.users).filter((u) => !emails || emails.includes(u.email));
    return paginate(ctx, users, (u) => u.id, presentUser);
  }),
  get('/organization/users/{user_id}', (ctx) => presentUser(userOf(ctx))),
  post('/organization/users/{user_id}', (ctx) => {
    const role = ctx.body['role'];
    if (role !== undefined && role !== null && role !== 'owner' && role !== 'reader') {
      throw badRequest(`Invalid value: '${String(role)}'. Supported values are: 'owner' and 'reader'.`, 'role', 'invalid_value');
    }
    const user = userOf(ctx);
    // Unset and null leave a field as it is.
    const fields = Object.fromEntries(
      (['role', 'technical_level', 'developer_persona'] as const)
        .filter((k) => ctx.body[k] !== undefined && ctx.body[k] !== null)
        .map((k) => [k, ctx.body[k]]),
    );
    applyFields(ctx, user, fields, ['role', 'technical_level', 'developer_persona']);
    audit(ctx, 'user.updated', { id: user.id, changes_requested: { role: user.role } });
    return presentUser(user);
  }),
  del('/organization/users/{user_id}', (ctx) => {
    const user = userOf(ctx);
    if (user.id === OWNER_USER_ID) throw badRequest('The organization owner cannot be removed.', 'user_id');
    const memberships = ctx.store.tables.project_users;
    for (const [key, m] of Object.entries(memberships)) if (m.user_id === user.id) delete memberships[key];
    audit(ctx, 'user.deleted', { id: user.id });
    // Its organization role assignments and group memberships go with it.
    const { user_roles: userRoles, group_users: groupUsers } = ctx.store.tables;
    for (const [key, a] of Object.entries(userRoles)) if (a.principal_id === user.id) delete userRoles[key];
    for (const [key, m] of Object.entries(groupUsers)) if (m.user_id === user.id) delete groupUsers[key];
    dropUserRoles(ctx.store, user.id); // and its roles in projects
    return remove(ctx, ctx.store.tables.users, user.id, user.id, 'organization.user.deleted');
  }),
];

const TABLES = { users: table<UserRec>() };

export const users: EmulatorModule<typeof TABLES> = {
  name: 'admin/users',
  // Adopted, not created: the API's only POST under the collection is the modify route.
  serves: { organization_user: { path: '/organization/users', id: 'user' } },
  tables: TABLES,
  ids: IDS,
  counts: { users: (t) => rows(t.users) },
  routes,
};
