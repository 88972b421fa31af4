// All emulator state: plain JSON-serialisable tables keyed by id (insertion order = creation order), with
// optional persistence to one JSON file written atomically after every mutation.
//
// Records are the API's objects plus internal fields whose names start with `_` (owning project, file bytes,
// ingestion deadlines …); `publicView` strips those, so nothing internal reaches a response.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { redact } from './ids';
import type { Kind, Tables } from './routes/index';

/** A JSON object as the API returns it. */
export type ApiObject = Record<string, unknown> & { id: string };

type Metadata = Record<string, string> | null;

export interface ProjectRec extends ApiObject {
  object: 'organization.project';
  name: string;
  created_at: number;
  archived_at: number | null;
  status: 'active' | 'archived';
  external_key_id?: string | null;
  residency?: string;
}

type KeyOwner = { type: 'user'; user_id: string } | { type: 'service_account'; service_account_id: string };

/** Every bearer key the emulator accepts. Admin keys have no project. */
export interface KeyRec {
  id: string;
  value: string;
  name: string;
  kind: 'admin' | 'project';
  project_id: string | null;
  owner: KeyOwner;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  scopes?: string[];
}

export interface ServiceAccountRec extends ApiObject {
  object: 'organization.project.service_account';
  name: string;
  role: 'owner' | 'member';
  created_at: number;
  _project: string;
}

export interface UserRec extends ApiObject {
  object: 'organization.user';
  name: string;
  email: string;
  role: 'owner' | 'reader';
  added_at: number;
  technical_level?: string | null;
  developer_persona?: string | null;
}

export interface ProjectUserRec {
  project_id: string;
  user_id: string;
  role: 'owner' | 'member';
  added_at: number;
}

/** A role (organization roles here; `_project` set for a project's roles). Timestamps are internal: `Role` has none. */
export interface RoleRec extends ApiObject {
  object: 'role';
  name: string;
  description: string | null;
  permissions: string[];
  resource_type: string;
  predefined_role: boolean;
  _project?: string;
  _created_at: number;
  _updated_at: number;
  _created_by: string | null;
}

export interface GroupRec extends ApiObject {
  name: string;
  created_at: number;
  is_scim_managed: boolean;
  group_type: 'group' | 'tenant_group';
}

/** A role assigned to a principal: a user (`user_roles`) or a group (`group_roles`), keyed `${principal}/${role_id}`. */
export interface RoleAssignmentRec {
  principal_id: string;
  role_id: string;
  created_at: number;
}

export interface GroupUserRec {
  group_id: string;
  user_id: string;
  added_at: number;
}

/** A project role assigned to a member of the project (project-user-roles.ts), keyed `${project}/${user}/${role}`. */
export interface ProjectUserRoleRec {
  project_id: string;
  user_id: string;
  role_id: string;
  created_at: number;
}

/** A group's access to a project (project-groups.ts), keyed `${project_id}/${group_id}`. */
export interface ProjectGroupRec {
  project_id: string;
  group_id: string;
  created_at: number;
}

/** A project role assigned to a group in a project (project-groups.ts), keyed `${project}/${group}/${role}`. */
export interface ProjectGroupRoleRec {
  project_id: string;
  group_id: string;
  role_id: string;
  created_at: number;
}

export interface FileRec extends ApiObject {
  object: 'file';
  bytes: number;
  created_at: number;
  /** Absent when the file does not expire (OpenAIFile.expires_at is a non-nullable integer). */
  expires_at?: number;
  filename: string;
  purpose: string;
  status: 'processed';
  _project: string;
  /** The uploaded bytes, base64. */
  _content: string;
}

export interface VectorStoreRec extends ApiObject {
  object: 'vector_store';
  name: string;
  description?: string | null;
  created_at: number;
  last_active_at: number;
  expires_after?: { anchor: 'last_active_at'; days: number };
  metadata: Metadata;
  _project: string;
}

export interface VectorStoreFileRec extends ApiObject {
  object: 'vector_store.file';
  vector_store_id: string;
  created_at: number;
  attributes: Record<string, string | number | boolean> | null;
  chunking_strategy: Record<string, unknown>;
  _project: string;
  /** When ingestion finishes (epoch ms); status is derived from it unless `_final` is set. */
  _ready_ms: number;
  _final?: 'cancelled' | 'failed';
  _batch?: string;
}

export interface FileBatchRec extends ApiObject {
  object: 'vector_store.files_batch';
  vector_store_id: string;
  created_at: number;
  _project: string;
  _files: string[];
  _cancelled: boolean;
}

/** A project-scoped object stored as the API returns it (assistants, threads, messages, runs, …). */
export interface ScopedRec extends ApiObject {
  _project: string;
}

/** What the store holds, from the route modules' declarations (routes/index.ts): table names in order, and the counts. */
interface StoreLayout {
  kinds: readonly Kind[];
  counts: ReadonlyMap<string, (tables: Tables) => number>;
}

interface PersistedState {
  version: 1;
  tables: Tables;
}

interface Seed {
  adminKey: string;
  projectKey: string;
}

export const DEFAULT_PROJECT_ID = 'proj_emulatorDefault000000000';
export const OWNER_USER_ID = 'user-emulatorOwner0000000000';
/** The organization's predefined roles (ids in the API's `role_` + 26 Crockford base32 shape). */
const PREDEFINED_ORG_ROLES = [
  {
    id: 'role_01HZPREDEF0RG0WNER00000000',
    name: 'owner',
    description: 'Full access to the organization: members, billing, projects and settings.',
    permissions: ['api.organization.read', 'api.organization.write', 'api.groups.read', 'api.groups.write', 'api.roles.read', 'api.roles.write'],
  },
  {
    id: 'role_01HZPREDEF0RGREADER0000000',
    name: 'reader',
    description: 'Read access to the organization.',
    permissions: ['api.organization.read', 'api.groups.read', 'api.roles.read'],
  },
] as const;
const ADMIN_KEY_ID = 'key_emulatorAdmin000';
const PROJECT_KEY_ID = 'key_emulatorProject0';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Strips internal `_` fields: the object as the API shows it. */
export function publicView<T extends Record<string, unknown>>(rec: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rec).filter(([k]) => !k.startsWith('_')));
}

export class Store {
  tables: Tables;
  private dirty = false;

  constructor(
    private readonly layout: StoreLayout,
    private readonly seed: Seed,
    private readonly statePath?: string,
  ) {
    this.tables = this.emptyTables();
    if (statePath && existsSync(statePath)) {
      const persisted = JSON.parse(readFileSync(statePath, 'utf8')) as PersistedState;
      if (persisted.version !== 1) throw new Error(`${statePath}: unsupported emulator state version ${String(persisted.version)}`);
      this.tables = { ...this.emptyTables(), ...persisted.tables };
    }
    this.ensureSeed();
  }

  /** The default organization owner, default project and the configured keys always exist (idempotent). */
  private ensureSeed(): void {
    const t = this.tables;
    const at = nowSeconds();
    t.users[OWNER_USER_ID] ??= {
      id: OWNER_USER_ID,
      object: 'organization.user',
      name: 'Emulator Owner',
      email: 'owner@emulator.local',
      role: 'owner',
      added_at: at,
    };
    for (const role of PREDEFINED_ORG_ROLES) {
      t.roles[role.id] ??= {
        ...role,
        object: 'role',
        permissions: [...role.permissions],
        resource_type: 'api.organization',
        predefined_role: true,
        _created_at: at,
        _updated_at: at,
        _created_by: null,
      };
    }
    t.projects[DEFAULT_PROJECT_ID] ??= {
      id: DEFAULT_PROJECT_ID,
      object: 'organization.project',
      name: 'Default project',
      created_at: at,
      archived_at: null,
      status: 'active',
    };
    t.project_users[`${DEFAULT_PROJECT_ID}/${OWNER_USER_ID}`] ??= {
      project_id: DEFAULT_PROJECT_ID,
      user_id: OWNER_USER_ID,
      role: 'owner',
      added_at: at,
    };
    const owner: KeyOwner = { type: 'user', user_id: OWNER_USER_ID };
    const seedKey = (id: string, value: string, kind: KeyRec['kind'], name: string): void => {
      const existing = t.keys[id];
      t.keys[id] = existing
        ? { ...existing, value }
        : {
            id,
            value,
            name,
            kind,
            project_id: kind === 'admin' ? null : DEFAULT_PROJECT_ID,
            owner,
            created_at: at,
            last_used_at: null,
            expires_at: null,
          };
    };
    seedKey(ADMIN_KEY_ID, this.seed.adminKey, 'admin', 'Emulator admin key');
    seedKey(PROJECT_KEY_ID, this.seed.projectKey, 'project', 'Emulator project key');
    this.markDirty();
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** Writes the state file if anything changed since the last save (write to a temp file, then rename). */
  save(): void {
    if (!this.dirty || !this.statePath) return;
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    const persisted: PersistedState = { version: 1, tables: this.tables };
    writeFileSync(tmp, JSON.stringify(persisted));
    renameSync(tmp, this.statePath);
    this.dirty = false;
  }

  private emptyTables(): Tables {
    return Object.fromEntries(this.layout.kinds.map((k) => [k, {}])) as unknown as Tables;
  }

  reset(): void {
    this.tables = this.emptyTables();
    this.ensureSeed();
    this.save();
  }

  /** Live objects per kind, as each route module counts them (projects count only active ones, api_keys only project keys). */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.layout.counts].map(([name, count]) => [name, count(this.tables)]));
  }

  /** Every table as the API would show its objects; keys appear redacted, never with their value. */
  snapshot(): Record<string, unknown[]> {
    return Object.fromEntries(
      this.layout.kinds.map((kind) => {
        const rows = Object.values(this.tables[kind] as Record<string, Record<string, unknown>>);
        return [
          kind,
          kind === 'keys'
            ? (rows as unknown as KeyRec[]).map(({ value, ...key }) => ({ ...key, redacted_value: redact(value) }))
            : rows.map(publicView),
        ];
      }),
    );
  }

  keyByValue(value: string): KeyRec | undefined {
    return Object.values(this.tables.keys).find((k) => k.value === value);
  }
}

/** A spend alert's notification channel (emulator/src/routes/admin/spend-alerts.ts). */
export interface NotificationChannel {
  type: 'email';
  recipients: string[];
  subject_prefix?: string | null;
}

/** The body of a create and of an update (the description's CreateSpendAlertBody: every field, every time). */
export interface AlertBody {
  threshold_amount: number;
  currency: 'USD';
  interval: 'month';
  notification_channel: NotificationChannel;
}

export interface SpendAlertRec extends ApiObject, AlertBody {
  object: 'organization.spend_alert' | 'project.spend_alert';
  /** The project it watches, or null for the organization's alerts. */
  _project: string | null;
}

// ---- the audit log (emulator/src/routes/admin/audit-logs.ts) ----

/** The event types the emulator records (AuditLogEventType of the description, for what its admin routes do). */
export type AuditEventType =
  | 'api_key.created'
  | 'api_key.updated'
  | 'api_key.deleted'
  | 'certificate.created'
  | 'certificate.updated'
  | 'certificate.deleted'
  | 'certificates.activated'
  | 'certificates.deactivated'
  | 'group.created'
  | 'group.updated'
  | 'group.deleted'
  | 'invite.sent'
  | 'invite.deleted'
  | 'project.created'
  | 'project.updated'
  | 'project.archived'
  | 'rate_limit.updated'
  | 'role.created'
  | 'role.updated'
  | 'role.deleted'
  | 'role.assignment.created'
  | 'role.assignment.deleted'
  | 'service_account.created'
  | 'service_account.updated'
  | 'service_account.deleted'
  | 'user.added'
  | 'user.updated'
  | 'user.deleted';

/** One event: the API's AuditLog (its payload under the key named by its type), plus the order it was recorded in. */
export interface AuditLogRec {
  id: string;
  type: AuditEventType;
  effective_at: number;
  project?: { id: string; name: string };
  actor: Record<string, unknown>;
  [payload: string]: unknown;
  _seq: number;
}

// ---- uploads (emulator/src/routes/uploads.ts) ----

/** An Upload: a file sent in parts. `expired` is derived from `_expires_ms` while it is pending. */
export interface UploadRec extends ApiObject {
  object: 'upload';
  bytes: number;
  created_at: number;
  expires_at: number;
  filename: string;
  purpose: string;
  status: 'pending' | 'completed' | 'cancelled';
  _project: string;
  _mime_type: string;
  /** The expiry policy of the File it will make. */
  _file_expires_after?: { anchor: 'created_at'; seconds: number };
  /** When it expires (epoch ms; `expires_at` is its second). */
  _expires_ms: number;
  /** The File a completion made. */
  _file?: string;
}

/** One part of an Upload, with its bytes (base64). */
export interface UploadPartRec extends ApiObject {
  object: 'upload.part';
  created_at: number;
  upload_id: string;
  _project: string;
  _data: string;
}

/** A skill (skills.ts): its name and description are its default version's, read from that version's SKILL.md. */
export interface SkillRec extends ApiObject {
  object: 'skill';
  name: string;
  description: string;
  created_at: number;
  default_version: string;
  latest_version: string;
  _project: string;
  /** The number the next version gets (numbers are never reused, even after a version is deleted). */
  _next: number;
}

/** An immutable version of a skill, keyed `${skill_id}/${version}`. */
export interface SkillVersionRec extends ApiObject {
  object: 'skill.version';
  skill_id: string;
  version: string;
  created_at: number;
  name: string;
  description: string;
  _project: string;
  /** The bundle as a zip archive, base64: the uploaded zip, or the uploaded directory's files zipped. */
  _zip: string;
}

/** A consent recording for custom voices (audio.ts): the API object plus the recording's bytes. */
export interface VoiceConsentRec extends ApiObject {
  object: 'audio.voice_consent';
  name: string;
  language: string;
  created_at: number;
  _project: string;
  /** The uploaded recording, base64, and its MIME type. */
  _recording: string;
  _type: string;
}
