// Admin API: invites to the organization (/organization/invites). Never accepted: the emulator has no mailbox.

import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import { DEFAULT_PROJECT_ID, type ApiObject } from '../../store';
import { insert, paginate, remove, view } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Route } from '../types';
import { audit } from './audit-logs';

const IDS = { invite: { prefix: 'invite-', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);
const INVITE_LIFETIME_SECONDS = 7 * 86_400;

const routes: Route[] = [
  post('/organization/invites', (ctx) => {
    const body = ctx.body as { email: string; role: 'reader' | 'owner'; projects?: { id: string; role: 'member' | 'owner' }[] };
    if (Object.values(ctx.store.tables.users).some((u) => u.email === body.email)) {
      throw badRequest(`User with email '${body.email}' is already a member of the organization.`, 'email');
    }
    for (const p of body.projects ?? []) if (!ctx.store.tables.projects[p.id]) throw notFound('project', p.id, 'projects');
    const invite = insert(ctx, ctx.store.tables.invites, {
      id: newId('invite'),
      object: 'organization.invite',
      email: body.email,
      role: body.role,
      status: 'pending',
      created_at: ctx.now,
      expires_at: ctx.now + INVITE_LIFETIME_SECONDS,
      accepted_at: null,
      // "If omitted, the user will be invited to the default project"; an empty list invites to none.
      projects: body.projects ?? [{ id: DEFAULT_PROJECT_ID, role: 'member' }],
    });
    audit(ctx, 'invite.sent', { id: invite.id, data: { email: body.email, role: body.role } });
    return view(invite);
  }),
  get('/organization/invites', (ctx) => paginate(ctx, Object.values(ctx.store.tables.invites), (i) => i.id, view)),
  get('/organization/invites/{invite_id}', (ctx) => {
    const id = ctx.params['invite_id'] as string;
    const invite = ctx.store.tables.invites[id];
    if (!invite) throw notFound('invite', id);
    return view(invite);
  }),
  del('/organization/invites/{invite_id}', (ctx) => {
    const id = ctx.params['invite_id'] as string;
    if (!ctx.store.tables.invites[id]) throw notFound('invite', id);
    audit(ctx, 'invite.deleted', { id });
    return remove(ctx, ctx.store.tables.invites, id, id, 'organization.invite.deleted');
  }),
];

const TABLES = { invites: table<ApiObject>() };

export const invites: EmulatorModule<typeof TABLES> = {
  name: 'admin/invites',
  serves: { invite: { path: '/organization/invites', id: 'invite' } },
  tables: TABLES,
  ids: IDS,
  counts: { invites: (t) => rows(t.invites) },
  routes,
};
