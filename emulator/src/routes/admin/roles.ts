// Admin API: the organization's roles (/organization/roles). The predefined roles are seeded (store.ts) and cannot be
// changed or deleted; custom roles are created, renamed, re-permissioned and deleted, and deleting one drops its
// assignments to users and groups.

import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import type { RoleRec } from '../../store';
import { insert, paginateNext, remove } from '../common';
import { audit } from './audit-logs';
import { table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';

/** Role ids as the API mints them: `role_` and a ULID (26 characters of Crockford's base32). */
const IDS = { role: { prefix: 'role_', alphabet: 'crockford', length: 26 } } as const;
const newId = idMinter(IDS);

/** A role of any scope (organization or project) by id, or the API's 404. */
function roleOf(ctx: Ctx, id = ctx.params['role_id'] as string, param: string | null = null): RoleRec {
  const role = ctx.store.tables.roles[id];
  if (!role) throw notFound('role', id, param);
  return role;
}

/** An organization role (not a project's) by id, or the API's 404. */
export function orgRoleOf(ctx: Ctx, id = ctx.params['role_id'] as string, param: string | null = null): RoleRec {
  const role = roleOf(ctx, id, param);
  if (role._project !== undefined) throw notFound('role', id, param);
  return role;
}

/** The organization's roles, oldest first (the predefined ones are seeded first). */
const orgRoles = (ctx: Ctx): RoleRec[] => Object.values(ctx.store.tables.roles).filter((r) => r._project === undefined);

/** A role as `Role` shows it. */
export function presentRole(role: RoleRec) {
  return {
    object: 'role' as const,
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    resource_type: role.resource_type,
    predefined_role: role.predefined_role,
  };
}

/** A role as an assignment lists it (`AssignedRoleDetails`). */
export function presentAssignedRole(role: RoleRec) {
  return {
    id: role.id,
    name: role.name,
    permissions: role.permissions,
    resource_type: role.resource_type,
    predefined_role: role.predefined_role,
    description: role.description,
    created_at: role._created_at,
    updated_at: role._updated_at,
    created_by: role._created_by,
    created_by_user_obj: null,
    metadata: {},
    assignment_sources: null,
  };
}

/** The user who owns the calling key (`created_by`), when a user does. */
function creator(ctx: Ctx): string | null {
  const owner = ctx.store.tables.keys[ctx.principal.keyId]?.owner;
  return owner?.type === 'user' ? owner.user_id : null;
}

/** Names are unique among the roles of one scope. */
function checkName(ctx: Ctx, name: string, scope: (r: RoleRec) => boolean, except?: string): void {
  if (name.trim() === '') throw badRequest('Role name must not be empty.', 'role_name');
  const taken = Object.values(ctx.store.tables.roles).some((r) => scope(r) && r.id !== except && r.name === name);
  if (taken) throw badRequest(`A role named '${name}' already exists.`, 'role_name');
}

/** Refuses changes to an OpenAI-managed role. */
export function checkCustom(role: RoleRec): void {
  if (role.predefined_role) throw badRequest(`Role '${role.id}' is predefined and cannot be modified or deleted.`, 'role_id');
}

/** Creates a role in a scope (`project` undefined: the organization's); ids are minted here for both scopes. */
export function createRole(
  ctx: Ctx,
  body: { role_name: string; permissions: string[]; description?: string | null },
  resourceType: string,
  project?: string,
): RoleRec {
  checkName(ctx, body.role_name, (r) => r._project === project);
  const role: RoleRec = insert(ctx, ctx.store.tables.roles, {
    id: newId('role'),
    object: 'role',
    name: body.role_name,
    description: body.description ?? null,
    permissions: [...new Set(body.permissions)],
    resource_type: resourceType,
    predefined_role: false,
    ...(project === undefined ? {} : { _project: project }),
    _created_at: ctx.now,
    _updated_at: ctx.now,
    _created_by: creator(ctx),
  });
  audit(
    ctx,
    'role.created',
    { id: role.id, role_name: role.name, permissions: role.permissions, resource_type: resourceType, ...(project ? { resource_id: project } : {}) },
    project,
  );
  return role;
}

/** Applies `PublicUpdate…RoleBody` (null: unchanged, except `description`, which null clears). */
export function updateRole(
  ctx: Ctx,
  role: RoleRec,
  body: { role_name?: string | null; permissions?: string[] | null; description?: string | null },
): RoleRec {
  checkCustom(role);
  if (typeof body.role_name === 'string') {
    checkName(ctx, body.role_name, (r) => r._project === role._project, role.id);
    role.name = body.role_name;
  }
  const before = role.permissions;
  if (Array.isArray(body.permissions)) role.permissions = [...new Set(body.permissions)];
  if ('description' in body) role.description = body.description ?? null;
  role._updated_at = ctx.now;
  ctx.store.markDirty();
  const changes = {
    ...(typeof body.role_name === 'string' ? { role_name: body.role_name } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    permissions_added: role.permissions.filter((x) => !before.includes(x)),
    permissions_removed: before.filter((x) => !role.permissions.includes(x)),
  };
  audit(ctx, 'role.updated', { id: role.id, changes_requested: changes }, role._project);
  return role;
}

/** Deletes a custom role and every assignment of it. */
export function deleteRole(ctx: Ctx, role: RoleRec): { id: string; object: 'role.deleted'; deleted: true } {
  checkCustom(role);
  for (const t of [ctx.store.tables.user_roles, ctx.store.tables.group_roles]) {
    for (const [key, a] of Object.entries(t)) if (a.role_id === role.id) delete t[key];
  }
  audit(ctx, 'role.deleted', { id: role.id }, role._project);
  return remove(ctx, ctx.store.tables.roles, role.id, role.id, 'role.deleted') as { id: string; object: 'role.deleted'; deleted: true };
}

const routes: Route[] = [
  post('/organization/roles', (ctx) =>
    presentRole(createRole(ctx, ctx.body as { role_name: string; permissions: string[]; description?: string | null }, 'api.organization')),
  ),
  get('/organization/roles', (ctx) => paginateNext(ctx, orgRoles(ctx), (r) => r.id, presentRole)),
  get('/organization/roles/{role_id}', (ctx) => presentRole(orgRoleOf(ctx))),
  post('/organization/roles/{role_id}', (ctx) => presentRole(updateRole(ctx, orgRoleOf(ctx), ctx.body))),
  del('/organization/roles/{role_id}', (ctx) => deleteRole(ctx, orgRoleOf(ctx))),
];

const TABLES = { roles: table<RoleRec>() };

export const roles: EmulatorModule<typeof TABLES> = {
  name: 'admin/roles',
  serves: { role: { path: '/organization/roles', id: 'role' } },
  tables: TABLES,
  ids: IDS,
  // Custom roles only: the predefined ones are always there.
  counts: { roles: (t) => Object.values(t.roles).filter((r) => !r.predefined_role).length },
  routes,
};
