// Admin API: the API keys of a project (/organization/projects/{project_id}/api_keys) and the organization's admin
// keys (/organization/admin_api_keys). The `keys` table holds every bearer key the emulator accepts (the seeded admin
// and project keys too): a project key is minted with a service account or for one, an admin key by the admin key
// routes, and a deleted key stops authenticating at once.

import { badRequest, notFound } from '../../errors';
import { idMinter, newSecret, redact } from '../../ids';
import type { KeyRec, ServiceAccountRec, Store } from '../../store';
import { paginate, remove } from '../common';
import { table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { projectOf } from './projects';
import { audit } from './audit-logs';

const IDS = { api_key: { prefix: 'key_', alphabet: 'alnum', length: 16 } } as const;
const newId = idMinter(IDS);

/** A new key of a service account, bound to the account's project. */
export function createServiceAccountKey(store: Store, account: ServiceAccountRec, name: string, now: number, scopes?: string[]): KeyRec {
  const key: KeyRec = {
    id: newId('api_key'),
    value: newSecret('sk-svcacct-'),
    name,
    kind: 'project',
    project_id: account._project,
    owner: { type: 'service_account', service_account_id: account.id },
    created_at: now,
    last_used_at: null,
    expires_at: null,
    ...(scopes !== undefined ? { scopes } : {}),
  };
  store.tables.keys[key.id] = key;
  store.markDirty();
  return key;
}

/** The key with its secret: only ever returned when it is created. */
export const keyWithSecret = (key: KeyRec) => ({
  object: 'organization.project.service_account.api_key',
  value: key.value,
  name: key.name,
  created_at: key.created_at,
  id: key.id,
});

function presentKey(ctx: Ctx, key: KeyRec) {
  const t = ctx.store.tables;
  let owner: Record<string, unknown>;
  if (key.owner.type === 'user') {
    const user = t.users[key.owner.user_id];
    const membership = t.project_users[`${key.project_id}/${key.owner.user_id}`];
    owner = {
      type: 'user',
      user: {
        id: key.owner.user_id,
        email: user?.email ?? '',
        name: user?.name ?? '',
        created_at: user?.added_at ?? key.created_at,
        role: membership?.role ?? 'member',
      },
    };
  } else {
    const account = t.service_accounts[key.owner.service_account_id];
    owner = {
      type: 'service_account',
      service_account: {
        id: key.owner.service_account_id,
        name: account?.name ?? '',
        created_at: account?.created_at ?? key.created_at,
        role: account?.role ?? 'member',
      },
    };
  }
  return {
    object: 'organization.project.api_key',
    redacted_value: redact(key.value),
    name: key.name,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    id: key.id,
    owner_project_access: 'active',
    owner,
    ...(key.expires_at !== null ? { expires_at: key.expires_at } : {}),
  };
}

/** An admin key as the API shows it: its owner is the organization user who made it. */
function presentAdminKey(ctx: Ctx, key: KeyRec) {
  const userId = key.owner.type === 'user' ? key.owner.user_id : '';
  const user = ctx.store.tables.users[userId];
  return {
    object: 'organization.admin_api_key',
    id: key.id,
    name: key.name,
    redacted_value: redact(key.value),
    created_at: key.created_at,
    expires_at: key.expires_at,
    last_used_at: key.last_used_at,
    owner: {
      type: 'user',
      object: 'organization.user',
      id: userId,
      name: user?.name ?? '',
      created_at: user?.added_at ?? key.created_at,
      role: user?.role ?? 'owner',
    },
  };
}

function adminKeyOf(ctx: Ctx): KeyRec {
  const id = ctx.params['key_id'] as string;
  const key = ctx.store.tables.keys[id];
  if (!key || key.kind !== 'admin') throw notFound('API key', id);
  return key;
}

function projectKeyOf(ctx: Ctx): KeyRec {
  const project = projectOf(ctx);
  const id = ctx.params['api_key_id'] as string;
  const key = ctx.store.tables.keys[id];
  if (!key || key.project_id !== project.id) throw notFound('API key', id);
  return key;
}

const ADMIN_KEYS = '/organization/admin_api_keys';

const routes: Route[] = [
  post(ADMIN_KEYS, (ctx) => {
    const body = ctx.body as { name: string; expires_in_seconds?: number };
    // Made by the calling admin key's owner, as in the API.
    const caller = ctx.store.tables.keys[ctx.principal.keyId];
    const key: KeyRec = {
      id: newId('api_key'),
      value: newSecret('sk-admin-'),
      name: body.name,
      kind: 'admin',
      project_id: null,
      owner: caller?.owner.type === 'user' ? caller.owner : { type: 'user', user_id: '' },
      created_at: ctx.now,
      last_used_at: null,
      expires_at: body.expires_in_seconds !== undefined ? ctx.now + body.expires_in_seconds : null,
    };
    ctx.store.tables.keys[key.id] = key;
    ctx.store.markDirty();
    return { ...presentAdminKey(ctx, key), value: key.value };
  }),
  get(ADMIN_KEYS, (ctx) =>
    paginate(
      ctx,
      Object.values(ctx.store.tables.keys).filter((k) => k.kind === 'admin'),
      (k) => k.id,
      (k) => presentAdminKey(ctx, k),
    ),
  ),
  get(`${ADMIN_KEYS}/{key_id}`, (ctx) => presentAdminKey(ctx, adminKeyOf(ctx))),
  del(`${ADMIN_KEYS}/{key_id}`, (ctx) => {
    const key = adminKeyOf(ctx);
    return remove(ctx, ctx.store.tables.keys, key.id, key.id, 'organization.admin_api_key.deleted');
  }),
  get('/organization/projects/{project_id}/api_keys', (ctx) => {
    const project = projectOf(ctx);
    const keys = Object.values(ctx.store.tables.keys).filter((k) => k.project_id === project.id);
    return paginate(
      ctx,
      ctx.query['owner_project_access'] === 'inactive' ? [] : keys,
      (k) => k.id,
      (k) => presentKey(ctx, k),
    );
  }),
  get('/organization/projects/{project_id}/api_keys/{api_key_id}', (ctx) => presentKey(ctx, projectKeyOf(ctx))),
  post('/organization/projects/{project_id}/api_keys/{api_key_id}', (ctx) => {
    const key = projectKeyOf(ctx);
    const body = ctx.body as { expires_in_seconds?: number; scopes?: string[] };
    if (body.expires_in_seconds !== undefined) key.expires_at = ctx.now + body.expires_in_seconds;
    if (body.scopes !== undefined) key.scopes = body.scopes;
    ctx.store.markDirty();
    audit(
      ctx,
      'api_key.updated',
      { id: key.id, changes_requested: body.scopes !== undefined ? { scopes: body.scopes } : {} },
      key.project_id ?? undefined,
    );
    return presentKey(ctx, key);
  }),
  del('/organization/projects/{project_id}/api_keys/{api_key_id}', (ctx) => {
    const key = projectKeyOf(ctx);
    // The description: "Returns confirmation of the key deletion, or an error if the key belonged to a service account."
    if (key.owner.type === 'service_account') {
      throw badRequest('API keys of service accounts cannot be deleted with this endpoint; delete the service account instead.', 'api_key_id');
    }
    audit(ctx, 'api_key.deleted', { id: key.id }, key.project_id ?? undefined);
    return remove(ctx, ctx.store.tables.keys, key.id, key.id, 'organization.project.api_key.deleted');
  }),
];

const TABLES = { keys: table<KeyRec>() };

export const apiKeys: EmulatorModule<typeof TABLES> = {
  name: 'admin/api-keys',
  serves: {
    project_api_key: { path: '/organization/projects/{project_id}/api_keys', id: 'api_key' },
    admin_api_key: { path: ADMIN_KEYS, id: 'api_key' },
  },
  tables: TABLES,
  ids: IDS,
  counts: {
    api_keys: (t) => Object.values(t.keys).filter((k) => k.kind === 'project').length,
    admin_api_keys: (t) => Object.values(t.keys).filter((k) => k.kind === 'admin').length,
  },
  routes,
};
