import type { AuditLogListParams, AuditLogListResponse } from 'openai/resources/admin/organization/audit-logs';
import { defineDataSource, p } from '../spec/define';

/** The actor of an event, flattened: a session (a person in the dashboard) or an API key (a user's or a service account's). */
function actorState(a: AuditLogListResponse['actor']) {
  const key = a?.api_key;
  const user = a?.session?.user ?? key?.user;
  return {
    type: a?.type ?? null,
    api_key_id: key?.id ?? null,
    user_id: user?.id ?? null,
    user_email: user?.email ?? null,
    service_account_id: key?.service_account?.id ?? null,
    ip_address: a?.session?.ip_address ?? null,
  };
}

function toState(e: AuditLogListResponse) {
  // The event's own details sit under the key its type names (`project.created: { id, data }`).
  const details: unknown = new Map<string, unknown>(Object.entries(e)).get(e.type);
  const detail = details && typeof details === 'object' ? new Map<string, unknown>(Object.entries(details)) : null;
  const id = detail?.get('id');
  return {
    audit_log_id: e.id,
    type: e.type,
    effective_at: e.effective_at,
    project_id: e.project?.id ?? null,
    project_name: e.project?.name ?? null,
    actor: actorState(e.actor),
    resource_id: typeof id === 'string' ? id : null,
    details: detail ? Object.fromEntries(detail) : null,
  };
}

const out = { output: true } as const;
const str = (description: string) => p.string({ description, ...out });
const strings = (description: string) => p.list(p.string({ description: 'a value', minLength: 1 }), { description });
const at = (description: string) => p.integer({ description, min: 0 });

export const auditLogs = defineDataSource({
  name: 'audit_logs',
  description:
    "The organization's audit log (Admin API: needs an organization admin key; audit logging must be turned on " +
    'in the organization settings): who did what, when, to which object. Events are listed newest first, every ' +
    'page of them, narrowed by the filters given.',
  key: 'admin',
  properties: {
    audit_log_id: str('The id of the event.'),
    type: str('The event type (`project.created`, `api_key.deleted` …).'),
    effective_at: p.integer({ description: 'Unix time (seconds) the event happened.', ...out }),
    project_id: str('The project the event happened in, if any.'),
    project_name: str('Its name at the time.'),
    actor: p.object(
      {
        type: str('`session` (someone in the dashboard) or `api_key`.'),
        api_key_id: str('The API key used, for an `api_key` actor.'),
        user_id: str('The user who acted (or whose key did).'),
        user_email: str("That user's email."),
        service_account_id: str('The service account whose key acted.'),
        ip_address: str('Where the session came from.'),
      },
      { description: 'Who did it.', ...out },
    ),
    resource_id: str('The id of the object the event is about.'),
    details: p.json({ description: "The event's own details, as the API gives them for its type (`{ id, data }` …).", ...out }),
  },
  idParts: ['audit_log_id'],
  dataSources: { get: false, listName: 'audit_logs', listAttribute: 'audit_logs' },
  import: { format: 'audit_log-<id>', example: 'audit_log-abc123', pattern: 'audit_log-[A-Za-z0-9_-]+' },
  example: { event_types: ['project.created'], effective_at: { gte: 1730419200 } },
  handlers: {
    async read(): Promise<null> {
      return null; // the API has no look-up of one event by id: events come from the list only
    },
    async list(ctx, args) {
      const { limit, effective_at, ...filters } = args;
      const query = {
        ...filters,
        ...(effective_at ? { effective_at } : {}),
        limit: limit ?? 100,
      };
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- event_types: the spec checks their shape, the API their names (the SDK types them as its own list)
      const params = query as AuditLogListParams;
      const events = [];
      for await (const e of ctx.openai.admin.organization.auditLogs.list(params)) events.push({ id: e.id, state: toState(e) });
      return events;
    },
  },
  listArgs: {
    effective_at: p.object(
      {
        gt: at('Only events after this time (Unix seconds).'),
        gte: at('Only events at or after this time (Unix seconds).'),
        lt: at('Only events before this time (Unix seconds).'),
        lte: at('Only events at or before this time (Unix seconds).'),
      },
      { description: 'Only events whose time is in this range.' },
    ),
    project_ids: strings('Only events in these projects.'),
    event_types: p.list(
      p.string({ description: 'an event type', pattern: { regex: '[a-z_]+(\\.[a-z_]+)+', says: 'an event type such as `project.created`' } }),
      { description: 'Only events of these types (`project.created`, `api_key.deleted` …).' },
    ),
    actor_ids: strings('Only events by these actors: user ids, service account ids or API key ids.'),
    actor_emails: strings('Only events by the users with these emails.'),
    resource_ids: strings('Only events about these objects (their ids).'),
    limit: p.integer({ description: 'Events fetched a request (every page is read whatever it is); 1 to 100.', min: 1, max: 100 }),
  },
});
