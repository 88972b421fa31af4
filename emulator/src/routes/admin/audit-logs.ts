// Admin API: the organization's audit log (GET /organization/audit_logs). The admin route modules record what they
// do with one call, `audit(ctx, 'project.created', { id, data: { name } })`, inside the handler that did it (a
// request that fails records nothing: the handler throws first). Events are listed newest first, with the API's
// filters and after/before cursors.

import { idMinter } from '../../ids';
import { OWNER_USER_ID, type AuditEventType, type AuditLogRec } from '../../store';
import { paginate } from '../common';
import { table, type EmulatorModule } from '../module';
import { get, type Ctx, type Route } from '../types';

const IDS = { audit_log: { prefix: 'audit_log-', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

/** A role assignment's audit payload: the assignment (`principal/role`), who got the role, and the role. */
export function assignmentEvent(principal: { id: string; type: 'user' | 'group' }, role: { id: string; resource_type: string }) {
  return {
    id: `${principal.id}/${role.id}`,
    principal_id: principal.id,
    principal_type: principal.type,
    resource_id: role.id,
    resource_type: role.resource_type,
  };
}

/** Who made the request, as the audit log shows it: the calling key (the admin key belongs to the owner). */
function actorOf(ctx: Ctx): Record<string, unknown> {
  const owner = ctx.store.tables.users[OWNER_USER_ID];
  const key = ctx.store.tables.keys[ctx.principal.keyId];
  const user = { id: OWNER_USER_ID, email: owner?.email ?? '' };
  if (key?.owner.type === 'service_account') {
    return { type: 'api_key', api_key: { id: key.id, type: 'service_account', service_account: { id: key.owner.service_account_id } } };
  }
  return { type: 'api_key', api_key: { id: ctx.principal.keyId, type: 'user', user } };
}

/**
 * Records an audit log event for what the current request did: `payload` is the event's own object (`{ id, data }`,
 * `{ id, changes_requested }` …, as the description types it for `type`); `projectId` the project it happened in.
 */
export function audit(ctx: Ctx, type: AuditEventType, payload: Record<string, unknown>, projectId?: string): void {
  const t = ctx.store.tables;
  const project = projectId ? t.projects[projectId] : undefined;
  const rec: AuditLogRec = {
    id: newId('audit_log'),
    type,
    effective_at: ctx.now,
    ...(project ? { project: { id: project.id, name: project.name } } : {}),
    actor: actorOf(ctx),
    [type]: payload,
    _seq: Object.keys(t.audit_logs).length,
  };
  t.audit_logs[rec.id] = rec;
  ctx.store.markDirty();
}

const list = <T>(v: unknown): T[] | undefined => (Array.isArray(v) && v.length > 0 ? (v as T[]) : undefined);

/** The event's actor ids (the key, its user or service account) and email, for the actor filters. */
function actorIds(e: AuditLogRec): { ids: string[]; email: string | undefined } {
  const k = (e.actor['api_key'] ?? {}) as { id?: string; user?: { id?: string; email?: string }; service_account?: { id?: string } };
  const ids = [k.id, k.user?.id, k.service_account?.id].filter((x): x is string => typeof x === 'string');
  return { ids, email: k.user?.email };
}

function matches(ctx: Ctx, e: AuditLogRec): boolean {
  const q = ctx.query;
  const at = (q['effective_at'] ?? {}) as { gt?: number; gte?: number; lt?: number; lte?: number };
  if (at.gt !== undefined && !(e.effective_at > at.gt)) return false;
  if (at.gte !== undefined && !(e.effective_at >= at.gte)) return false;
  if (at.lt !== undefined && !(e.effective_at < at.lt)) return false;
  if (at.lte !== undefined && !(e.effective_at <= at.lte)) return false;
  const projects = list<string>(q['project_ids']);
  if (projects && !(e.project && projects.includes(e.project.id))) return false;
  const types = list<string>(q['event_types']);
  if (types && !types.includes(e.type)) return false;
  const actor = actorIds(e);
  const actors = list<string>(q['actor_ids']);
  if (actors && !actor.ids.some((id) => actors.includes(id))) return false;
  const emails = list<string>(q['actor_emails']);
  if (emails && !(actor.email && emails.includes(actor.email))) return false;
  const resources = list<string>(q['resource_ids']);
  const resource = (e[e.type] as { id?: string } | undefined)?.id;
  if (resources && !(resource && resources.includes(resource))) return false;
  return true;
}

const present = (e: AuditLogRec): Record<string, unknown> => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('_')));

const routes: Route[] = [
  get('/organization/audit_logs', (ctx) => {
    // Newest first, as the API lists them (ties in the same second keep the order they were recorded in).
    const events = Object.values(ctx.store.tables.audit_logs)
      .filter((e) => matches(ctx, e))
      .sort((a, b) => b.effective_at - a.effective_at || b._seq - a._seq);
    return paginate(ctx, events, (e) => e.id, present);
  }),
];

const TABLES = { audit_logs: table<AuditLogRec>() };

export const auditLogs: EmulatorModule<typeof TABLES> = {
  name: 'admin/audit-logs',
  serves: { audit_logs: { path: '/organization/audit_logs', id: 'audit_log' } },
  tables: TABLES,
  ids: IDS,
  counts: {},
  routes,
};
