// Admin API: the organization's users (/organization/users). Users join through invites (not emulated) or the
// seed (the organization owner, who cannot be removed).

import { badRequest, notFound } from '../../errors';
import { OWNER_USER_ID, type UserRec } from '../../store';
import { applyFields, paginate, remove, view } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { audit } from './audit-logs';

/** User ids the API mints (`user-…`); the emulator's only user is seeded with a fixed id of this shape. */
const IDS = { user: { prefix: 'user-', alphabet: 'alnum', length: 24 } } as const;

/** A user of the organization (by default the path's `user_id`), or the API's 404. */
export function userOf(ctx: Ctx, id = ctx.params['user_id'] as string, param: string | null = null): UserRec {
  const user = ctx.store.tables.users[id];
  if (!user) throw notFound('user', id, param);
  return user;
}

const routes: Route[] = [
  get('/organization/users', (ctx) => {
    const emails = ctx.query['emails'] as string[] | undefined;
    const users = Object.values(ctx.store.tables.users).filter((u) => !emails || emails.includes(u.email));
    return paginate(ctx, users, (u) => u.id, view);
  }),
  get('/organization/users/{user_id}', (ctx) => view(userOf(ctx))),
  post('/organization/users/{user_id}', (ctx) => {
    const role = ctx.body['role'];
    if (role !== undefined && role !== null && role !== 'owner' && role !== 'reader') {
      throw badRequest(`Invalid value: '${String(role)}'. Supported values are: 'owner' and 'reader'.`, 'role', 'invalid_value');
    }
    const user = applyFields(ctx, userOf(ctx), role === undefined || role === null ? {} : { role }, ['role']);
    audit(ctx, 'user.updated', { id: user.id, changes_requested: { role: user.role } });
    return view(user);
  }),
  del('/organization/users/{user_id}', (ctx) => {
    const user = userOf(ctx);
    if (user.id === OWNER_USER_ID) throw badRequest('The organization owner cannot be removed.', 'user_id');
    const memberships = ctx.store.tables.project_users;
    for (const [key, m] of Object.entries(memberships)) if (m.user_id === user.id) delete memberships[key];
    audit(ctx, 'user.deleted', { id: user.id });
    return remove(ctx, ctx.store.tables.users, user.id, user.id, 'organization.user.deleted');
  }),
];

const TABLES = { users: table<UserRec>() };

export const users: EmulatorModule<typeof TABLES> = {
  name: 'admin/users',
  serves: {},
  tables: TABLES,
  ids: IDS,
  counts: { users: (t) => rows(t.users) },
  routes,
};
