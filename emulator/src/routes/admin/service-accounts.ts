// Admin API: the service accounts of a project, each created with an API key unless asked not to.

import { notFound } from '../../errors';
import { idMinter } from '../../ids';
import type { KeyRec, ServiceAccountRec, Store } from '../../store';
import { applyFields, paginate, remove, view } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { createServiceAccountKey, keyWithSecret } from './api-keys';
import { activeProjectOf, projectOf } from './projects';
import { audit } from './audit-logs';

const IDS = { service_account: { prefix: 'svc_acct_', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

/**
 * Creates a service account in a project, with an API key bound to that project unless `withKey` is false.
 * Shared by the route and the Emulator.createProjectKey test helper (with createServiceAccountKey).
 */
export function createServiceAccount(
  store: Store,
  projectId: string,
  name: string,
  now: number,
  withKey = true,
): { account: ServiceAccountRec; key: KeyRec | null } {
  const account: ServiceAccountRec = {
    id: newId('service_account'),
    object: 'organization.project.service_account',
    name,
    role: 'member',
    created_at: now,
    _project: projectId,
  };
  store.tables.service_accounts[account.id] = account;
  const key = withKey ? createServiceAccountKey(store, account, 'Secret Key', now) : null;
  store.markDirty();
  return { account, key };
}

function serviceAccountOf(ctx: Ctx): ServiceAccountRec {
  const project = projectOf(ctx);
  const id = ctx.params['service_account_id'] as string;
  const account = ctx.store.tables.service_accounts[id];
  if (!account || account._project !== project.id) throw notFound('service account', id);
  return account;
}

const ACCOUNTS = '/organization/projects/{project_id}/service_accounts';
const ACCOUNT = `${ACCOUNTS}/{service_account_id}`;

const routes: Route[] = [
  post(ACCOUNTS, (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { name: string; create_service_account_only?: boolean | null };
    const { account, key } = createServiceAccount(ctx.store, project.id, body.name, ctx.now, body.create_service_account_only !== true);
    audit(ctx, 'service_account.created', { id: account.id, data: { role: account.role } }, project.id);
    if (key) audit(ctx, 'api_key.created', { id: key.id, data: { scopes: [] } }, project.id);
    return { ...view(account), api_key: key && keyWithSecret(key) };
  }),
  get(ACCOUNTS, (ctx) => {
    const project = projectOf(ctx);
    const accounts = Object.values(ctx.store.tables.service_accounts).filter((a) => a._project === project.id);
    return paginate(ctx, accounts, (a) => a.id, view);
  }),
  get(ACCOUNT, (ctx) => view(serviceAccountOf(ctx))),
  post(ACCOUNT, (ctx) => {
    const account = applyFields(ctx, serviceAccountOf(ctx), ctx.body, ['name', 'role']);
    audit(ctx, 'service_account.updated', { id: account.id, changes_requested: { role: account.role } }, account._project);
    return view(account);
  }),
  del(ACCOUNT, (ctx) => {
    const account = serviceAccountOf(ctx);
    const keys = ctx.store.tables.keys;
    for (const key of Object.values(keys)) {
      if (key.owner.type === 'service_account' && key.owner.service_account_id === account.id) delete keys[key.id];
    }
    audit(ctx, 'service_account.deleted', { id: account.id }, account._project);
    return remove(ctx, ctx.store.tables.service_accounts, account.id, account.id, 'organization.project.service_account.deleted');
  }),
  post(`${ACCOUNT}/api_keys`, (ctx) => {
    activeProjectOf(ctx);
    const body = ctx.body as { name?: string; scopes?: string[] };
    const key = createServiceAccountKey(ctx.store, serviceAccountOf(ctx), body.name ?? 'Secret Key', ctx.now, body.scopes);
    audit(ctx, 'api_key.created', { id: key.id, data: { scopes: key.scopes ?? [] } }, key.project_id ?? undefined);
    return keyWithSecret(key);
  }),
];

const TABLES = { service_accounts: table<ServiceAccountRec>() };

export const serviceAccounts: EmulatorModule<typeof TABLES> = {
  name: 'admin/service-accounts',
  serves: {
    project_service_account: { path: ACCOUNTS, id: 'service_account' },
    // a key is made under its account (POST …/{service_account_id}/api_keys) and read among the project's keys
    project_service_account_api_key: { path: ACCOUNTS, id: 'api_key' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { service_accounts: (t) => rows(t.service_accounts) },
  routes,
};
