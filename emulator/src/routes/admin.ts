// The admin API (/organization/*, admin key only): projects (archived, never deleted), their service accounts,
// API keys, users and rate limits; organization users and invites.

import { badRequest, notFound } from '../errors';
import { newId, newSecret, redact } from '../ids';
import {
  DEFAULT_PROJECT_ID, OWNER_USER_ID,
  type KeyRec, type ProjectRec, type ProjectUserRec, type ServiceAccountRec, type Store, type UserRec,
} from '../store';
import { applyFields, insert, paginate, remove, view } from './common';
import { MODEL_CATALOGUE } from './models';
import { del, get, post, type Ctx, type Route } from './types';

const INVITE_LIFETIME_SECONDS = 7 * 86_400;
const PROJECT_ROLES = ['owner', 'member'];

function projectOf(ctx: Ctx): ProjectRec {
  const id = ctx.params['project_id'] as string;
  const project = ctx.store.tables.projects[id];
  if (!project) throw notFound('project', id);
  return project;
}

/** The project of the path, which must not be archived ("Archived projects cannot be used or updated"). */
function activeProjectOf(ctx: Ctx): ProjectRec {
  const project = projectOf(ctx);
  if (project.status === 'archived') throw badRequest(`Project '${project.id}' is archived and cannot be used or updated.`, 'project_id');
  return project;
}

/**
 * Creates a service account in a project, with an API key bound to that project unless `withKey` is false.
 * Shared by the route and the Emulator.createProjectKey test helper (with createServiceAccountKey).
 */
export function createServiceAccount(store: Store, projectId: string, name: string, now: number, withKey = true): { account: ServiceAccountRec; key: KeyRec | null } {
  const account: ServiceAccountRec = {
    id: newId('service_account'), object: 'organization.project.service_account', name, role: 'member', created_at: now, _project: projectId,
  };
  store.tables.service_accounts[account.id] = account;
  const key = withKey ? createServiceAccountKey(store, account, 'Secret Key', now) : null;
  store.markDirty();
  return { account, key };
}

export function createServiceAccountKey(store: Store, account: ServiceAccountRec, name: string, now: number): KeyRec {
  const key: KeyRec = {
    id: newId('api_key'), value: newSecret('sk-svcacct-'), name, kind: 'project', project_id: account._project,
    owner: { type: 'service_account', service_account_id: account.id }, created_at: now, last_used_at: null, expires_at: null,
  };
  store.tables.keys[key.id] = key;
  store.markDirty();
  return key;
}

/** The key with its secret: only ever returned when it is created. */
const keyWithSecret = (key: KeyRec) => ({
  object: 'organization.project.service_account.api_key', value: key.value, name: key.name, created_at: key.created_at, id: key.id,
});

function presentKey(ctx: Ctx, key: KeyRec) {
  const t = ctx.store.tables;
  let owner: Record<string, unknown>;
  if (key.owner.type === 'user') {
    const user = t.users[key.owner.user_id];
    const membership = t.project_users[`${key.project_id}/${key.owner.user_id}`];
    owner = {
      type: 'user',
      user: { id: key.owner.user_id, email: user?.email ?? '', name: user?.name ?? '', created_at: user?.added_at ?? key.created_at, role: membership?.role ?? 'member' },
    };
  } else {
    const account = t.service_accounts[key.owner.service_account_id];
    owner = {
      type: 'service_account',
      service_account: { id: key.owner.service_account_id, name: account?.name ?? '', created_at: account?.created_at ?? key.created_at, role: account?.role ?? 'member' },
    };
  }
  return {
    object: 'organization.project.api_key', redacted_value: redact(key.value), name: key.name, created_at: key.created_at,
    last_used_at: key.last_used_at, id: key.id, owner_project_access: 'active', owner,
    ...(key.expires_at !== null ? { expires_at: key.expires_at } : {}),
  };
}

function projectKeyOf(ctx: Ctx): KeyRec {
  const project = projectOf(ctx);
  const id = ctx.params['api_key_id'] as string;
  const key = ctx.store.tables.keys[id];
  if (!key || key.project_id !== project.id) throw notFound('API key', id);
  return key;
}

function serviceAccountOf(ctx: Ctx): ServiceAccountRec {
  const project = projectOf(ctx);
  const id = ctx.params['service_account_id'] as string;
  const account = ctx.store.tables.service_accounts[id];
  if (!account || account._project !== project.id) throw notFound('service account', id);
  return account;
}

function userOf(ctx: Ctx, id = ctx.params['user_id'] as string, param: string | null = null): UserRec {
  const user = ctx.store.tables.users[id];
  if (!user) throw notFound('user', id, param);
  return user;
}

function presentProjectUser(ctx: Ctx, m: ProjectUserRec) {
  const user = ctx.store.tables.users[m.user_id];
  return { object: 'organization.project.user', id: m.user_id, name: user?.name ?? null, email: user?.email ?? null, role: m.role, added_at: m.added_at };
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

// ---- rate limits: organization defaults per model, overridden (lowered) per project -------------------------

type Limits = Record<string, number>;
const RATE_LIMIT_FIELDS = [
  'max_requests_per_1_minute', 'max_tokens_per_1_minute', 'max_images_per_1_minute',
  'max_audio_megabytes_per_1_minute', 'max_requests_per_1_day', 'batch_1_day_max_input_tokens',
];

function organizationLimits(model: string): Limits {
  return model.startsWith('text-embedding')
    ? { max_requests_per_1_minute: 3000, max_tokens_per_1_minute: 1_000_000, max_requests_per_1_day: 200_000, batch_1_day_max_input_tokens: 3_000_000 }
    : { max_requests_per_1_minute: 500, max_tokens_per_1_minute: 30_000, max_requests_per_1_day: 10_000, batch_1_day_max_input_tokens: 90_000 };
}

function rateLimits(ctx: Ctx, projectId: string) {
  const overrides = ctx.store.tables.rate_limits[projectId] ?? {};
  return Object.keys(MODEL_CATALOGUE).map((model) => {
    const id = `rl-${model}`;
    return { object: 'project.rate_limit', id, model, ...organizationLimits(model), ...overrides[id] };
  });
}

export const adminRoutes: Route[] = [
  // Projects
  post('/organization/projects', (ctx) => {
    const body = ctx.body as { name: string; residency?: string | null; external_key_id?: string | null };
    const project = insert(ctx, ctx.store.tables.projects, {
      id: newId('project'), object: 'organization.project', name: body.name, created_at: ctx.now, archived_at: null, status: 'active',
      ...(body.external_key_id ? { external_key_id: body.external_key_id } : {}),
      ...(body.residency ? { residency: body.residency } : {}),
    });
    return view(project);
  }),
  get('/organization/projects', (ctx) => {
    const projects = Object.values(ctx.store.tables.projects).filter((p) => ctx.query['include_archived'] === true || p.status === 'active');
    return paginate(ctx, projects, (p) => p.id, view);
  }),
  get('/organization/projects/{project_id}', (ctx) => view(projectOf(ctx))),
  post('/organization/projects/{project_id}', (ctx) => view(applyFields(ctx, activeProjectOf(ctx), ctx.body, ['name', 'external_key_id']))),
  post('/organization/projects/{project_id}/archive', (ctx) => {
    const project = projectOf(ctx);
    if (project.id === DEFAULT_PROJECT_ID) throw badRequest('The default project cannot be archived.', 'project_id');
    if (project.status !== 'archived') {
      project.status = 'archived';
      project.archived_at = ctx.now;
      ctx.store.markDirty();
    }
    return view(project);
  }),

  // Service accounts
  post('/organization/projects/{project_id}/service_accounts', (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { name: string; create_service_account_only?: boolean | null };
    const { account, key } = createServiceAccount(ctx.store, project.id, body.name, ctx.now, body.create_service_account_only !== true);
    return { ...view(account), api_key: key && keyWithSecret(key) };
  }),
  get('/organization/projects/{project_id}/service_accounts', (ctx) => {
    const project = projectOf(ctx);
    const accounts = Object.values(ctx.store.tables.service_accounts).filter((a) => a._project === project.id);
    return paginate(ctx, accounts, (a) => a.id, view);
  }),
  get('/organization/projects/{project_id}/service_accounts/{service_account_id}', (ctx) => view(serviceAccountOf(ctx))),
  post('/organization/projects/{project_id}/service_accounts/{service_account_id}', (ctx) =>
    view(applyFields(ctx, serviceAccountOf(ctx), ctx.body, ['name', 'role']))),
  del('/organization/projects/{project_id}/service_accounts/{service_account_id}', (ctx) => {
    const account = serviceAccountOf(ctx);
    const keys = ctx.store.tables.keys;
    for (const key of Object.values(keys)) {
      if (key.owner.type === 'service_account' && key.owner.service_account_id === account.id) delete keys[key.id];
    }
    return remove(ctx, ctx.store.tables.service_accounts, account.id, account.id, 'organization.project.service_account.deleted');
  }),
  post('/organization/projects/{project_id}/service_accounts/{service_account_id}/api_keys', (ctx) => {
    activeProjectOf(ctx);
    const name = (ctx.body['name'] as string | undefined) ?? 'Secret Key';
    return keyWithSecret(createServiceAccountKey(ctx.store, serviceAccountOf(ctx), name, ctx.now));
  }),

  // Project API keys
  get('/organization/projects/{project_id}/api_keys', (ctx) => {
    const project = projectOf(ctx);
    const keys = Object.values(ctx.store.tables.keys).filter((k) => k.project_id === project.id);
    return paginate(ctx, ctx.query['owner_project_access'] === 'inactive' ? [] : keys, (k) => k.id, (k) => presentKey(ctx, k));
  }),
  get('/organization/projects/{project_id}/api_keys/{api_key_id}', (ctx) => presentKey(ctx, projectKeyOf(ctx))),
  post('/organization/projects/{project_id}/api_keys/{api_key_id}', (ctx) => {
    const key = projectKeyOf(ctx);
    const body = ctx.body as { expires_in_seconds?: number; scopes?: string[] };
    if (body.expires_in_seconds !== undefined) key.expires_at = ctx.now + body.expires_in_seconds;
    if (body.scopes !== undefined) key.scopes = body.scopes;
    ctx.store.markDirty();
    return presentKey(ctx, key);
  }),
  del('/organization/projects/{project_id}/api_keys/{api_key_id}', (ctx) => {
    const key = projectKeyOf(ctx);
    if (key.owner.type === 'service_account') {
      throw badRequest('API keys of service accounts cannot be deleted with this endpoint; delete the service account instead.', 'api_key_id');
    }
    return remove(ctx, ctx.store.tables.keys, key.id, key.id, 'organization.project.api_key.deleted');
  }),

  // Project users
  post('/organization/projects/{project_id}/users', (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as { role: string; user_id?: string | null; email?: string | null };
    checkProjectRole(body.role);
    const user = body.user_id
      ? userOf(ctx, body.user_id, 'user_id')
      : Object.values(ctx.store.tables.users).find((u) => u.email === body.email);
    if (!user) throw badRequest('Users must already be members of the organization to be added to a project.', body.email ? 'email' : 'user_id');
    const key = `${project.id}/${user.id}`;
    if (ctx.store.tables.project_users[key]) throw badRequest(`User '${user.id}' is already a member of project '${project.id}'.`, 'user_id');
    const membership: ProjectUserRec = { project_id: project.id, user_id: user.id, role: body.role as ProjectUserRec['role'], added_at: ctx.now };
    ctx.store.tables.project_users[key] = membership;
    ctx.store.markDirty();
    return presentProjectUser(ctx, membership);
  }),
  get('/organization/projects/{project_id}/users', (ctx) => {
    const project = projectOf(ctx);
    const members = Object.values(ctx.store.tables.project_users).filter((m) => m.project_id === project.id);
    return paginate(ctx, members, (m) => m.user_id, (m) => presentProjectUser(ctx, m));
  }),
  get('/organization/projects/{project_id}/users/{user_id}', (ctx) => presentProjectUser(ctx, membershipOf(ctx))),
  post('/organization/projects/{project_id}/users/{user_id}', (ctx) => {
    checkProjectRole(ctx.body['role']);
    return presentProjectUser(ctx, applyFields(ctx, membershipOf(ctx), ctx.body, ['role']));
  }),
  del('/organization/projects/{project_id}/users/{user_id}', (ctx) => {
    const m = membershipOf(ctx);
    return remove(ctx, ctx.store.tables.project_users, `${m.project_id}/${m.user_id}`, m.user_id, 'organization.project.user.deleted');
  }),

  // Project rate limits
  get('/organization/projects/{project_id}/rate_limits', (ctx) => {
    const project = projectOf(ctx);
    return paginate(ctx, rateLimits(ctx, project.id), (l) => l.id, (l) => l);
  }),
  post('/organization/projects/{project_id}/rate_limits/{rate_limit_id}', (ctx) => {
    const project = activeProjectOf(ctx);
    const id = ctx.params['rate_limit_id'] as string;
    const current = rateLimits(ctx, project.id).find((l) => l.id === id);
    if (!current) throw notFound('rate limit', id);
    const ceiling = organizationLimits(current.model);
    const changes: Limits = {};
    for (const field of RATE_LIMIT_FIELDS) {
      const value = ctx.body[field];
      if (typeof value !== 'number') continue;
      const max = ceiling[field];
      if (max === undefined || value > max) {
        throw badRequest(`Invalid '${field}': the project limit cannot exceed the organization limit${max === undefined ? '' : ` of ${max}`}.`, field);
      }
      changes[field] = value;
    }
    const overrides = (ctx.store.tables.rate_limits[project.id] ??= {});
    overrides[id] = { ...overrides[id], ...changes };
    ctx.store.markDirty();
    return { ...current, ...overrides[id] };
  }),

  // Organization users
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
    return view(applyFields(ctx, userOf(ctx), role === undefined || role === null ? {} : { role }, ['role']));
  }),
  del('/organization/users/{user_id}', (ctx) => {
    const user = userOf(ctx);
    if (user.id === OWNER_USER_ID) throw badRequest('The organization owner cannot be removed.', 'user_id');
    const memberships = ctx.store.tables.project_users;
    for (const [key, m] of Object.entries(memberships)) if (m.user_id === user.id) delete memberships[key];
    return remove(ctx, ctx.store.tables.users, user.id, user.id, 'organization.user.deleted');
  }),

  // Invites
  post('/organization/invites', (ctx) => {
    const body = ctx.body as { email: string; role: 'reader' | 'owner'; projects?: { id: string; role: 'member' | 'owner' }[] };
    if (Object.values(ctx.store.tables.users).some((u) => u.email === body.email)) {
      throw badRequest(`User with email '${body.email}' is already a member of the organization.`, 'email');
    }
    for (const p of body.projects ?? []) if (!ctx.store.tables.projects[p.id]) throw notFound('project', p.id, 'projects');
    const invite = insert(ctx, ctx.store.tables.invites, {
      id: newId('invite'), object: 'organization.invite', email: body.email, role: body.role, status: 'pending',
      created_at: ctx.now, expires_at: ctx.now + INVITE_LIFETIME_SECONDS, accepted_at: null,
      // "If omitted, the user will be invited to the default project"; an empty list invites to none.
      projects: body.projects ?? [{ id: DEFAULT_PROJECT_ID, role: 'member' }],
    });
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
    return remove(ctx, ctx.store.tables.invites, id, id, 'organization.invite.deleted');
  }),
];
