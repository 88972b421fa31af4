// One lifecycle scenario per resource of the registry, adapter-neutral: snake_case inputs as the core takes them,
// the outcomes expected of every engine, and the changes made behind the tool's back with the official SDK.
// Three suites drive this one table — the core through the SDK (provider-ts/test/handlers/lifecycle.test.ts), the
// Pulumi provider (bridge/pulumi/test/lifecycle.test.ts) and the Terraform provider
// (bridge/terraform/test/lifecycle.test.ts) — and bridge/conformance/test runs each scenario through both
// adapters side by side. Adapter-specific spellings (Terraform's heredoc JSON …) stay in the adapter's test.
// bridge/conformance/test/registration.test.ts fails when a resource of the registry has no scenario here.
//
// A lifecycle: setup → create → refresh (no drift) → no-op plan → in-place update → replace → out-of-band
// change (drift shows, the next apply undoes it) → import → delete → create again → deleted behind the tool's
// back (a refresh drops it) → the emulator holds what it held before.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type OpenAI from 'openai';
import type { JsonObject, PathSegment } from '@openai-iac/core';
import { CERTIFICATE_A, CERTIFICATE_B } from './certificates';

/** SDK clients for setup and out-of-band work, bound to the keys the scenario runs with. */
export interface Clients {
  /** A project key (the project the scenario's project resources belong to). */
  project: OpenAI;
  /** The organization admin key. */
  admin: OpenAI;
}

/** Values made by `setup` (parent ids …), by name; `${name}` in any string of the scenario stands for one. */
export type Vars = Record<string, string>;

export interface Scenario {
  /** The resource's snake_case name in the registry. */
  resource: string;
  /** Makes the parent objects the inputs refer to, through the SDK with the scenario's keys. */
  setup?(c: Clients): Promise<Vars>;
  /** Inputs of the first create. */
  create: JsonObject;
  /** Part of the state expected after create. */
  created: JsonObject;
  /**
   * A change applied in place (merged over `create`) and part of the state it yields. Present exactly when the
   * resource has an update handler; absent: every change replaces.
   */
  update?: { inputs: JsonObject; state: JsonObject };
  /** A change that cannot be applied in place (merged over the current inputs), and exactly the properties forcing it. */
  replace?: { inputs: JsonObject; replaces: string[] };
  /** Inputs (merged over `create`) the core refuses before any request, and where the failure is. */
  invalid: { inputs: JsonObject; path: PathSegment[] };
  /** A change made behind the tool's back, and the part of the state a refresh then shows (its keys drift). */
  outOfBand?: { change(c: Clients, id: string, vars: Vars): Promise<void>; drifted: JsonObject };
  /**
   * Puts back, before the create again, what the delete took and the tool cannot make (an organization user: the
   * API adds members only through accepted invites). Present only for resources that adopt such objects.
   */
  recreate?(c: Clients, vars: Vars): Promise<void>;
  /**
   * Deletes the object behind the tool's back (or what it hangs on): a refresh then drops it. Absent only where
   * nothing can (an organization's own setting): the lifecycles then skip that round.
   */
  remove?(c: Clients, id: string, vars: Vars): Promise<void>;
  /** Counts of the emulator (`counts()`), besides the object's own, that `remove` lowers (a run goes with its thread). */
  removeTakes?: string[];
  /**
   * The API cannot delete the object: deleting only removes it from state (a run), or puts back what it found (a
   * rate limit), so it still reads back afterwards.
   */
  persists?: true;
  /** Counts of the emulator a delete leaves raised: records the API keeps (a batch's, a run's and its reply's). */
  deleteLeaves?: string[];
}

/** The child part (1) or parent part (0) of a composite id `parent/child`. */
const part = (id: string, i: 0 | 1): string => id.split('/')[i]!;

const EVAL_ITEM_SCHEMA = { type: 'object', properties: { text: { type: 'string' }, label: { type: 'string' } }, required: ['text', 'label'] };
const EVAL_LABEL_CHECK = {
  type: 'string_check',
  name: 'Match label',
  input: '{{sample.output_text}}',
  reference: '{{item.label}}',
  operation: 'eq',
} as const;

const upload = async (c: Clients, name: string) =>
  (await c.project.files.create({ file: new File([`content of ${name}`], name), purpose: 'assistants' })).id;
const newProject = async (c: Clients, name: string) => (await c.admin.admin.organization.projects.create({ name })).id;
const projects = (c: Clients) => c.admin.admin.organization.projects;
const org = (c: Clients) => c.admin.admin.organization;
/** A distinct name per run of a setup (the conformance suite runs each setup once per adapter, on one emulator). */
const unique = (base: string) => `${base}-${Math.random().toString(36).slice(2, 8)}`;
/**
 * Adds a member to the organization through the emulator's control route (the API adds members only through
 * accepted invites): the user's id.
 */
async function seedUser(c: Clients, email: string): Promise<string> {
  const res = await fetch(`${c.admin.baseURL.replace(/\/v1\/?$/, '')}/__emulator/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, name: email.split('@')[0] }),
  });
  if (!res.ok) throw new Error(`seeding user ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
/** A predefined organization role's id, by name (`owner`, `reader`). */
const predefinedRole = async (c: Clients, name: string) => {
  for await (const r of org(c).roles.list()) if (r.predefined_role && r.name === name) return r.id;
  throw new Error(`no predefined role '${name}'`);
};
/** A spend alert's inputs (flattened, as the official provider names them) and the API's body for the same alert. */
const ALERT = {
  threshold_amount: 100_000,
  currency: 'USD',
  interval: 'month',
  notification_channel_type: 'email',
  notification_channel_recipients: ['finance@example.com'],
};
const ALERT_BODY = {
  threshold_amount: 100_000,
  currency: 'USD' as const,
  interval: 'month' as const,
  notification_channel: { type: 'email' as const, recipients: ['finance@example.com'] },
};
const QUESTION = 'I need to solve the equation `3x + 11 = 14`. Can you help me?';

export const scenarios: Scenario[] = [
  // ---- files and retrieval --------------------------------------------------------------------------------
  {
    resource: 'file',
    // 30 bytes in parts of 16: the Uploads API (the replacement's 16 bytes go in one request).
    create: {
      content: 'hello from the lifecycle test\n',
      filename: 'notes.md',
      purpose: 'assistants',
      expires_after: { seconds: 7200 },
      upload_part_bytes: 16,
    },
    created: { filename: 'notes.md', purpose: 'assistants', bytes: 30, expires_after: { anchor: 'created_at', seconds: 7200 } },
    update: { inputs: { upload_part_bytes: 8 }, state: { upload_part_bytes: 8, bytes: 30 } },
    replace: { inputs: { content: 'changed content\n' }, replaces: ['content', 'sha256'] },
    invalid: { inputs: { purpose: 'training' }, path: ['purpose'] },
    remove: async (c, id) => void (await c.project.files.delete(id)),
  },
  {
    resource: 'vector_store',
    setup: async (c) => ({ file_id: await upload(c, 'kb.txt') }),
    create: { name: 'handbook', description: 'the team handbook', file_ids: ['${file_id}'], metadata: { team: 'docs' } },
    created: { name: 'handbook', file_ids: ['${file_id}'], metadata: { team: 'docs' }, status: 'completed' },
    update: {
      inputs: { name: 'handbook v2', metadata: { team: 'support', 'owner email': 'a@example.com' }, expires_after: { days: 7 } },
      state: {
        name: 'handbook v2',
        metadata: { team: 'support', 'owner email': 'a@example.com' },
        expires_after: { anchor: 'last_active_at', days: 7 },
      },
    },
    replace: { inputs: { description: 'a new description' }, replaces: ['description'] },
    invalid: { inputs: { expires_after: { days: 400 } }, path: ['expires_after', 'days'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.vectorStores.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.project.vectorStores.delete(id)),
  },
  {
    resource: 'vector_store_file',
    setup: async (c) => ({
      store: (await c.project.vectorStores.create({ name: 'kb' })).id,
      file: await upload(c, 'a.md'),
      other: await upload(c, 'b.md'),
    }),
    create: {
      vector_store_id: '${store}',
      file_id: '${file}',
      attributes: { author: 'Jane', year: 2024, public: true },
      chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 400, chunk_overlap_tokens: 100 } },
    },
    created: { vector_store_id: '${store}', file_id: '${file}', attributes: { author: 'Jane', year: 2024, public: true }, status: 'completed' },
    update: { inputs: { attributes: { author: 'John', year: 2025 } }, state: { attributes: { author: 'John', year: 2025 } } },
    replace: { inputs: { file_id: '${other}' }, replaces: ['file_id'] },
    invalid: { inputs: { file_id: 'abc' }, path: ['file_id'] },
    outOfBand: {
      change: async (c, id) =>
        void (await c.project.vectorStores.files.update(part(id, 1), { vector_store_id: part(id, 0), attributes: { author: 'by hand' } })),
      drifted: { attributes: { author: 'by hand' } },
    },
    remove: async (c, id) => void (await c.project.vectorStores.files.delete(part(id, 1), { vector_store_id: part(id, 0) })),
  },
  {
    resource: 'vector_store_file_batch',
    setup: async (c) => {
      // sorted: an import (no configuration to take the order from) reads the ids sorted
      const [a, b] = [await upload(c, 'a.md'), await upload(c, 'b.md')].sort();
      const store = async (name: string) => (await c.project.vectorStores.create({ name })).id;
      return { store: await store('kb'), other_store: await store('kb-2'), a: a!, b: b! };
    },
    create: { vector_store_id: '${store}', file_ids: ['${a}', '${b}'], attributes: { source: 'handbook', rank: 1 } },
    created: { vector_store_id: '${store}', file_ids: ['${a}', '${b}'], status: 'completed', file_counts: { completed: 2, total: 2 } },
    replace: { inputs: { vector_store_id: '${other_store}' }, replaces: ['vector_store_id'] },
    invalid: { inputs: { file_ids: ['abc'] }, path: ['file_ids', 0] },
    outOfBand: {
      // a file of the batch detached by hand: the batch no longer holds it (and re-attaching means a new batch)
      change: async (c, id, v) => void (await c.project.vectorStores.files.delete(v['b']!, { vector_store_id: part(id, 0) })),
      drifted: { file_ids: ['${a}'] },
    },
    remove: async (c, id) => {
      for await (const f of c.project.vectorStores.fileBatches.listFiles(part(id, 1), { vector_store_id: part(id, 0) })) {
        await c.project.vectorStores.files.delete(f.id, { vector_store_id: part(id, 0) });
      }
    },
    deleteLeaves: ['vector_store_file_batches'], // the API cannot delete batches: deleting one detaches its files
  },

  // ---- the organization (admin key) ---------------------------------------------------------------------
  {
    resource: 'project',
    create: { name: 'lifecycle project' },
    created: { name: 'lifecycle project', status: 'active' },
    update: {
      inputs: { name: 'lifecycle project, renamed', external_key_id: 'ek_1' },
      state: { name: 'lifecycle project, renamed', external_key_id: 'ek_1' },
    },
    replace: { inputs: { residency: 'EU_STORAGE_PROCESSING' }, replaces: ['residency'] },
    invalid: { inputs: { name: '' }, path: ['name'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await projects(c).archive(id)),
  },
  {
    resource: 'project_service_account',
    setup: async (c) => ({ project: await newProject(c, 'svc'), other: await newProject(c, 'svc-2') }),
    create: { project_id: '${project}', name: 'ci' },
    created: { project_id: '${project}', name: 'ci', role: 'member' },
    update: { inputs: { name: 'ci-2', role: 'owner' }, state: { name: 'ci-2', role: 'owner' } },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { role: 'admin' }, path: ['role'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).serviceAccounts.update(part(id, 1), { project_id: part(id, 0), name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await projects(c).serviceAccounts.delete(part(id, 1), { project_id: part(id, 0) })),
  },
  {
    resource: 'project_user',
    setup: async (c) => ({
      project: await newProject(c, 'people'),
      other: await newProject(c, 'people-2'),
      user: (await c.admin.admin.organization.users.list()).data[0]!.id, // the organization's owner
    }),
    create: { project_id: '${project}', user_id: '${user}', role: 'member' },
    created: { project_id: '${project}', user_id: '${user}', role: 'member' },
    update: { inputs: { role: 'owner' }, state: { role: 'owner' } },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { user_id: 'bob' }, path: ['user_id'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).users.update(part(id, 1), { project_id: part(id, 0), role: 'member' })),
      drifted: { role: 'member' },
    },
    remove: async (c, id) => void (await projects(c).users.delete(part(id, 1), { project_id: part(id, 0) })),
  },
  {
    resource: 'project_role',
    setup: async (c) => ({ project: await newProject(c, 'roles'), other: await newProject(c, 'roles-2') }),
    create: { project_id: '${project}', role_name: 'Key reader', permissions: ['api.organization.projects.api_keys.read'] },
    created: {
      project_id: '${project}',
      role_name: 'Key reader',
      permissions: ['api.organization.projects.api_keys.read'],
      predefined_role: false,
      resource_type: 'api.project',
    },
    update: {
      inputs: {
        role_name: 'Key manager',
        permissions: ['api.organization.projects.api_keys.read', 'api.organization.projects.api_keys.write'],
        description: 'reads and writes keys',
      },
      state: {
        role_name: 'Key manager',
        permissions: ['api.organization.projects.api_keys.read', 'api.organization.projects.api_keys.write'],
        description: 'reads and writes keys',
      },
    },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { permissions: [''] }, path: ['permissions', 0] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).roles.update(part(id, 1), { project_id: part(id, 0), description: 'changed elsewhere' })),
      drifted: { description: 'changed elsewhere' },
    },
    remove: async (c, id) => void (await projects(c).roles.delete(part(id, 1), { project_id: part(id, 0) })),
  },
  {
    resource: 'project_user_role',
    setup: async (c) => {
      const project = await newProject(c, 'user-roles');
      const user = (await c.admin.admin.organization.users.list()).data[0]!.id; // the organization's owner
      await projects(c).users.create(project, { user_id: user, role: 'member' });
      return { project, user };
    },
    create: { project_id: '${project}', user_id: '${user}', role_id: 'role-api-project-viewer' },
    created: { project_id: '${project}', user_id: '${user}', role_id: 'role-api-project-viewer', name: 'viewer', predefined_role: true },
    replace: { inputs: { role_id: 'role-api-project-owner' }, replaces: ['role_id'] },
    invalid: { inputs: { role_id: 'viewer' }, path: ['role_id'] },
    // Behind the tool's back the user leaves the project: their assignments in it go too.
    remove: async (c, id, vars) => {
      const [project, user] = id.split('/');
      await projects(c).users.delete(user!, { project_id: project! });
      await projects(c).users.create(vars['project']!, { user_id: vars['user']!, role: 'member' }); // back, without the role
    },
  },
  {
    resource: 'project_group',
    setup: async (c) => ({
      project: await newProject(c, 'grouped'),
      group: (await c.admin.admin.organization.groups.create({ name: 'support' })).id,
    }),
    create: { project_id: '${project}', group_id: '${group}', role: 'role-api-project-member' },
    created: { project_id: '${project}', group_id: '${group}', role: 'role-api-project-member', group_name: 'support', group_type: 'group' },
    replace: { inputs: { role: 'role-api-project-viewer' }, replaces: ['role'] },
    invalid: { inputs: { group_id: 'grp_support' }, path: ['group_id'] },
    remove: async (c, id) => {
      const [project, group] = id.split('/');
      await projects(c).groups.delete(group!, { project_id: project! });
    },
  },
  {
    resource: 'project_group_role',
    setup: async (c) => {
      const project = await newProject(c, 'group-roles');
      const group = (await c.admin.admin.organization.groups.create({ name: 'auditors' })).id;
      await projects(c).groups.create(project, { group_id: group, role: 'role-api-project-member' });
      return { project, group };
    },
    create: { project_id: '${project}', group_id: '${group}', role_id: 'role-api-project-viewer' },
    created: { project_id: '${project}', group_id: '${group}', role_id: 'role-api-project-viewer', name: 'viewer', predefined_role: true },
    replace: { inputs: { role_id: 'role-api-project-owner' }, replaces: ['role_id'] },
    invalid: { inputs: { role_id: 'owner' }, path: ['role_id'] },
    // Behind the tool's back the group loses access to the project: its roles there go too.
    remove: async (c, id, vars) => {
      const [project, group] = id.split('/');
      await projects(c).groups.delete(group!, { project_id: project! });
      await projects(c).groups.create(vars['project']!, { group_id: vars['group']!, role: 'role-api-project-member' }); // back, without the role
    },
  },
  {
    resource: 'project_rate_limit',
    setup: async (c) => ({ project: await newProject(c, 'limited') }),
    create: { project_id: '${project}', model: 'gpt-4o', max_requests_per_1_minute: 100 },
    created: { project_id: '${project}', model: 'gpt-4o', max_requests_per_1_minute: 100 },
    update: {
      inputs: { max_requests_per_1_minute: 50, max_tokens_per_1_minute: 20_000 },
      state: { max_requests_per_1_minute: 50, max_tokens_per_1_minute: 20_000 },
    },
    replace: { inputs: { model: 'gpt-4o-mini' }, replaces: ['model'] },
    invalid: { inputs: { max_requests_per_1_minute: -1 }, path: ['max_requests_per_1_minute'] },
    outOfBand: {
      change: async (c, id) =>
        void (await projects(c).rateLimits.updateRateLimit(part(id, 1), { project_id: part(id, 0), max_requests_per_1_minute: 7 })),
      drifted: { max_requests_per_1_minute: 7 },
    },
    // a rate limit cannot be deleted; its project can be archived, and then it reads as gone
    remove: async (c, id) => void (await projects(c).archive(part(id, 0))),
    removeTakes: ['projects'],
    persists: true,
  },
  {
    resource: 'invite',
    setup: async (c) => ({ project: await newProject(c, 'invited') }),
    create: { email: 'jane@example.com', role: 'reader', projects: [{ id: '${project}', role: 'member' }] },
    created: { email: 'jane@example.com', role: 'reader', projects: [{ id: '${project}', role: 'member' }], status: 'pending' },
    replace: { inputs: { role: 'owner' }, replaces: ['role'] },
    invalid: { inputs: { email: 'jane at example.com' }, path: ['email'] },
    remove: async (c, id) => void (await c.admin.admin.organization.invites.delete(id)),
  },
  {
    resource: 'organization_user',
    setup: async (c) => {
      const [email, other] = [`${unique('ada')}@example.com`, `${unique('grace')}@example.com`];
      return { email, other, user: await seedUser(c, email), other_user: await seedUser(c, other) };
    },
    create: { email: '${email}', role: 'reader' },
    created: { email: '${email}', user_id: '${user}', role: 'reader', is_default: false },
    update: { inputs: { role: 'owner', technical_level: 'expert' }, state: { role: 'owner', technical_level: 'expert' } },
    replace: { inputs: { email: '${other}' }, replaces: ['email'] },
    invalid: { inputs: { role: 'admin' }, path: ['role'] },
    outOfBand: {
      change: async (c, id) => void (await org(c).users.update(id, { role: 'reader' })),
      drifted: { role: 'reader' },
    },
    remove: async (c, id) => void (await org(c).users.delete(id)),
    // the delete removed the member; the create again adopts a member with the same email
    recreate: async (c, v) => void (await seedUser(c, v['email']!)),
    removeTakes: ['users'],
  },
  {
    resource: 'role',
    setup: async () => ({ name: unique('Group Manager') }),
    create: { role_name: '${name}', permissions: ['api.groups.read'] },
    created: { role_name: '${name}', permissions: ['api.groups.read'], predefined_role: false, resource_type: 'api.organization' },
    update: {
      inputs: { role_name: '${name} v2', permissions: ['api.groups.read', 'api.groups.write'], description: 'manages the groups' },
      state: { role_name: '${name} v2', permissions: ['api.groups.read', 'api.groups.write'], description: 'manages the groups' },
    },
    invalid: { inputs: { permissions: ['Groups'] }, path: ['permissions', 0] },
    outOfBand: {
      change: async (c, id) => void (await org(c).roles.update(id, { description: 'changed elsewhere' })),
      drifted: { description: 'changed elsewhere' },
    },
    remove: async (c, id) => void (await org(c).roles.delete(id)),
  },
  {
    resource: 'user_role',
    setup: async (c) => ({
      user: await seedUser(c, `${unique('lin')}@example.com`),
      role: (await org(c).roles.create({ role_name: unique('Auditor'), permissions: ['api.organization.read'] })).id,
      other: await predefinedRole(c, 'reader'),
    }),
    create: { user_id: '${user}', role_id: '${role}' },
    created: { user_id: '${user}', role_id: '${role}', permissions: ['api.organization.read'], predefined_role: false },
    replace: { inputs: { role_id: '${other}' }, replaces: ['role_id'] },
    invalid: { inputs: { role_id: 'reader' }, path: ['role_id'] },
    remove: async (c, id) => void (await org(c).users.roles.delete(part(id, 1), { user_id: part(id, 0) })),
  },
  {
    resource: 'group',
    create: { name: 'lifecycle group' },
    created: { name: 'lifecycle group', is_scim_managed: false, group_type: 'group' },
    update: { inputs: { name: 'lifecycle group, renamed' }, state: { name: 'lifecycle group, renamed', group_type: 'group' } },
    invalid: { inputs: { name: '' }, path: ['name'] },
    outOfBand: {
      change: async (c, id) => void (await org(c).groups.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await org(c).groups.delete(id)),
  },
  {
    resource: 'group_user',
    setup: async (c) => ({
      group: (await org(c).groups.create({ name: 'members' })).id,
      other: (await org(c).groups.create({ name: 'members-2' })).id,
      user: await seedUser(c, `${unique('kay')}@example.com`),
    }),
    create: { group_id: '${group}', user_id: '${user}' },
    created: { group_id: '${group}', user_id: '${user}', user_type: 'user', is_service_account: false },
    replace: { inputs: { group_id: '${other}' }, replaces: ['group_id'] },
    invalid: { inputs: { user_id: 'bob' }, path: ['user_id'] },
    remove: async (c, id) => void (await org(c).groups.users.delete(part(id, 1), { group_id: part(id, 0) })),
  },
  {
    resource: 'group_role',
    setup: async (c) => ({
      group: (await org(c).groups.create({ name: 'reviewers' })).id,
      role: await predefinedRole(c, 'reader'),
      other: await predefinedRole(c, 'owner'),
    }),
    create: { group_id: '${group}', role_id: '${role}' },
    created: { group_id: '${group}', role_id: '${role}', name: 'reader', predefined_role: true },
    replace: { inputs: { role_id: '${other}' }, replaces: ['role_id'] },
    invalid: { inputs: { group_id: 'reviewers' }, path: ['group_id'] },
    remove: async (c, id) => void (await org(c).groups.roles.delete(part(id, 1), { group_id: part(id, 0) })),
  },
  {
    resource: 'admin_api_key',
    create: { name: 'lifecycle admin key' },
    created: { name: 'lifecycle admin key' },
    replace: { inputs: { name: 'lifecycle admin key 2' }, replaces: ['name'] },
    invalid: { inputs: { expires_in_seconds: 0 }, path: ['expires_in_seconds'] },
    remove: async (c, id) => void (await c.admin.admin.organization.adminAPIKeys.delete(id)),
  },
  {
    resource: 'project_service_account_api_key',
    setup: async (c) => {
      const project = await newProject(c, 'keys');
      return { project, account: (await projects(c).serviceAccounts.create(project, { name: 'ci' })).id };
    },
    create: { project_id: '${project}', service_account_id: '${account}', name: 'rotation 1' },
    created: { project_id: '${project}', service_account_id: '${account}', name: 'rotation 1' },
    replace: { inputs: { name: 'rotation 2' }, replaces: ['name'] },
    invalid: { inputs: { service_account_id: 'sa_123' }, path: ['service_account_id'] },
    // the API revokes a service account's keys only with the account
    remove: async (c, id) => void (await projects(c).serviceAccounts.delete(part(id, 1), { project_id: part(id, 0) })),
    removeTakes: ['service_accounts'],
    persists: true,
    deleteLeaves: ['api_keys'],
  },
  {
    resource: 'organization_spend_alert',
    create: { ...ALERT },
    created: ALERT,
    update: {
      inputs: {
        threshold_amount: 250_000,
        notification_channel_recipients: ['finance@example.com', 'cfo@example.com'],
        notification_channel_subject_prefix: '[spend]',
      },
      state: {
        threshold_amount: 250_000,
        notification_channel_recipients: ['finance@example.com', 'cfo@example.com'],
        notification_channel_subject_prefix: '[spend]',
      },
    },
    invalid: { inputs: { currency: 'EUR' }, path: ['currency'] },
    outOfBand: {
      change: async (c, id) => void (await c.admin.admin.organization.spendAlerts.update(id, { ...ALERT_BODY, threshold_amount: 7 })),
      drifted: { threshold_amount: 7 },
    },
    remove: async (c, id) => void (await c.admin.admin.organization.spendAlerts.delete(id)),
  },
  {
    resource: 'project_spend_alert',
    setup: async (c) => ({ project: await newProject(c, 'watched'), other: await newProject(c, 'watched-2') }),
    create: { project_id: '${project}', ...ALERT, notification_channel_subject_prefix: '[watched]' },
    created: { project_id: '${project}', ...ALERT, notification_channel_subject_prefix: '[watched]' },
    update: {
      inputs: { threshold_amount: 5_000, notification_channel_subject_prefix: null },
      state: { threshold_amount: 5_000 },
    },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { notification_channel_recipients: ['finance at example.com'] }, path: ['notification_channel_recipients', 0] },
    outOfBand: {
      change: async (c, id) =>
        void (await projects(c).spendAlerts.update(part(id, 1), {
          project_id: part(id, 0),
          ...ALERT_BODY,
          notification_channel: { type: 'email', recipients: ['someone@example.com'] },
        })),
      drifted: { notification_channel_recipients: ['someone@example.com'] },
    },
    remove: async (c, id) => void (await projects(c).spendAlerts.delete(part(id, 1), { project_id: part(id, 0) })),
  },
  // Settings: one object per scope, never created; delete restores what create found (see resources/setting.ts).
  {
    resource: 'organization_data_retention',
    create: { type: 'zero_data_retention' },
    created: { type: 'zero_data_retention', singleton_id: 'organization' },
    update: { inputs: { type: 'enhanced_zero_data_retention' }, state: { type: 'enhanced_zero_data_retention' } },
    invalid: { inputs: { type: 'thirty_days' }, path: ['type'] },
    outOfBand: {
      change: async (c) => void (await c.admin.admin.organization.dataRetention.update({ retention_type: 'enhanced_modified_abuse_monitoring' })),
      drifted: { type: 'enhanced_modified_abuse_monitoring' },
    },
    // the organization's setting cannot go away: no removal round
    persists: true,
  },
  {
    resource: 'project_data_retention',
    setup: async (c) => ({ project: await newProject(c, 'retained'), other: await newProject(c, 'retained elsewhere') }),
    create: { project_id: '${project}', type: 'zero_data_retention' },
    created: { project_id: '${project}', type: 'zero_data_retention' },
    update: { inputs: { type: 'none' }, state: { type: 'none' } },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { type: 'forever' }, path: ['type'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).dataRetention.update(id, { retention_type: 'modified_abuse_monitoring' })),
      drifted: { type: 'modified_abuse_monitoring' },
    },
    // a project's setting cannot be deleted; its project can be archived, and then it reads as gone
    remove: async (c, id) => void (await projects(c).archive(id)),
    removeTakes: ['projects'],
    persists: true,
  },
  {
    resource: 'organization_spend_limit',
    create: { threshold_amount: 10_000, currency: 'USD', interval: 'month' },
    created: { threshold_amount: 10_000, enforcement_status: 'inactive', singleton_id: 'organization' },
    update: { inputs: { threshold_amount: 25_000 }, state: { threshold_amount: 25_000 } },
    invalid: { inputs: { threshold_amount: 0 }, path: ['threshold_amount'] },
    outOfBand: {
      change: async (c) => void (await c.admin.admin.organization.spendLimit.update({ threshold_amount: 500, currency: 'USD', interval: 'month' })),
      drifted: { threshold_amount: 500 },
    },
    // a fresh organization has no limit: deleting removes it again, and a limit removed behind the back is gone
    remove: async (c) => void (await c.admin.admin.organization.spendLimit.delete()),
  },
  {
    resource: 'project_spend_limit',
    setup: async (c) => ({ project: await newProject(c, 'capped'), other: await newProject(c, 'capped elsewhere') }),
    create: { project_id: '${project}', threshold_amount: 5_000, currency: 'USD', interval: 'month' },
    created: { project_id: '${project}', threshold_amount: 5_000, enforcement_status: 'inactive' },
    update: { inputs: { threshold_amount: 7_500 }, state: { threshold_amount: 7_500 } },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { currency: 'EUR' }, path: ['currency'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).spendLimit.update(id, { threshold_amount: 100, currency: 'USD', interval: 'month' })),
      drifted: { threshold_amount: 100 },
    },
    remove: async (c, id) => void (await projects(c).spendLimit.delete(id)),
  },
  {
    resource: 'project_model_permissions',
    setup: async (c) => ({ project: await newProject(c, 'models'), other: await newProject(c, 'models elsewhere') }),
    create: { project_id: '${project}', mode: 'allow_list', model_ids: ['gpt-4o', 'gpt-4o-mini'] },
    created: { project_id: '${project}', mode: 'allow_list', model_ids: ['gpt-4o', 'gpt-4o-mini'] },
    update: { inputs: { mode: 'deny_list', model_ids: ['gpt-4o'] }, state: { mode: 'deny_list', model_ids: ['gpt-4o'] } },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { mode: 'allowlist' }, path: ['mode'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).modelPermissions.update(id, { mode: 'allow_list', model_ids: ['gpt-4o-mini'] })),
      drifted: { mode: 'allow_list', model_ids: ['gpt-4o-mini'] },
    },
    // deleting lifts the restriction (every model allowed again) and the permissions still read; an archived project's read as gone
    remove: async (c, id) => void (await projects(c).archive(id)),
    removeTakes: ['projects'],
    persists: true,
  },
  {
    resource: 'project_hosted_tool_permissions',
    setup: async (c) => ({ project: await newProject(c, 'tools'), other: await newProject(c, 'tools elsewhere') }),
    create: {
      project_id: '${project}',
      code_interpreter_enabled: true,
      file_search_enabled: true,
      image_generation_enabled: false,
      mcp_enabled: false,
      web_search_enabled: true,
    },
    created: { project_id: '${project}', image_generation_enabled: false, mcp_enabled: false, web_search_enabled: true },
    update: { inputs: { mcp_enabled: true, web_search_enabled: false }, state: { mcp_enabled: true, web_search_enabled: false } },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { project_id: 'tools' }, path: ['project_id'] },
    outOfBand: {
      change: async (c, id) => void (await projects(c).hostedToolPermissions.update(id, { file_search: { enabled: false } })),
      drifted: { file_search_enabled: false },
    },
    remove: async (c, id) => void (await projects(c).archive(id)),
    removeTakes: ['projects'],
    persists: true,
  },
  {
    resource: 'certificate',
    create: { certificate: CERTIFICATE_A, name: 'mtls-client' },
    created: { name: 'mtls-client', active: false },
    update: { inputs: { name: 'mtls-client-2', active: true }, state: { name: 'mtls-client-2', active: true } },
    replace: { inputs: { certificate: CERTIFICATE_B }, replaces: ['certificate'] },
    invalid: { inputs: { certificate: 'not a certificate' }, path: ['certificate'] },
    outOfBand: {
      change: async (c, id) => void (await c.admin.admin.organization.certificates.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.admin.admin.organization.certificates.delete(id)),
  },
  {
    resource: 'project_certificate',
    setup: async (c) => {
      const upload = async (certificate: string, name: string) => (await c.admin.admin.organization.certificates.create({ certificate, name })).id;
      return {
        project: await newProject(c, 'mtls'),
        cert: await upload(CERTIFICATE_A, 'project-a'),
        other: await upload(CERTIFICATE_B, 'project-b'),
      };
    },
    create: { project_id: '${project}', certificate_id: '${cert}' },
    created: { project_id: '${project}', certificate_id: '${cert}', name: 'project-a', active: true },
    replace: { inputs: { certificate_id: '${other}' }, replaces: ['certificate_id'] },
    invalid: { inputs: { certificate_id: 'certificate_123' }, path: ['certificate_id'] },
    remove: async (c, id) => void (await projects(c).certificates.deactivate(part(id, 0), { certificate_ids: [part(id, 1)] })),
  },

  // ---- Responses API state, tools and delivery --------------------------------------------------------------
  {
    resource: 'conversation',
    create: { items: [{ role: 'developer', content: 'Answer in French.' }, { content: 'Hello!' }], metadata: { topic: 'greetings' } },
    created: {
      items: [
        { role: 'developer', content: 'Answer in French.' },
        { role: 'user', content: 'Hello!' },
      ],
      metadata: { topic: 'greetings' },
    },
    update: { inputs: { metadata: { topic: 'greetings', lang: 'fr' } }, state: { metadata: { topic: 'greetings', lang: 'fr' } } },
    replace: { inputs: { items: [{ content: 'Bonjour !' }] }, replaces: ['items'] },
    invalid: { inputs: { items: [{ role: 'robot', content: 'beep' }] }, path: ['items', 0, 'role'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.conversations.update(id, { metadata: { topic: 'changed elsewhere' } })),
      drifted: { metadata: { topic: 'changed elsewhere' } },
    },
    remove: async (c, id) => void (await c.project.conversations.delete(id)),
  },
  {
    resource: 'container',
    setup: async (c) => ({ file: await upload(c, 'data.csv') }),
    create: {
      name: 'analysis',
      expires_after: { minutes: 30 },
      file_ids: ['${file}'],
      memory_limit: '4g',
      network_policy: { type: 'allowlist', allowed_domains: ['pypi.org'] },
    },
    created: { name: 'analysis', expires_after: { anchor: 'last_active_at', minutes: 30 }, memory_limit: '4g', status: 'running' },
    replace: { inputs: { name: 'analysis-2' }, replaces: ['name'] },
    invalid: { inputs: { memory_limit: '3g' }, path: ['memory_limit'] },
    remove: async (c, id) => void (await c.project.containers.delete(id)),
  },
  {
    resource: 'webhook_endpoint',
    create: { name: 'hooks', url: 'https://hooks.example.com/openai', event_types: ['batch.completed', 'batch.failed'] },
    created: { name: 'hooks', url: 'https://hooks.example.com/openai', event_types: ['batch.completed', 'batch.failed'] },
    update: {
      inputs: { name: 'hooks-2', url: 'https://hooks.example.com/v2', event_types: ['batch.completed', 'response.completed'] },
      state: { name: 'hooks-2', url: 'https://hooks.example.com/v2', event_types: ['batch.completed', 'response.completed'] },
    },
    invalid: { inputs: { url: 'http://hooks.example.com/plain' }, path: ['url'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.webhooks.update(id, { url: 'https://elsewhere.example.com/hook' })),
      drifted: { url: 'https://elsewhere.example.com/hook' },
    },
    remove: async (c, id) => void (await c.project.webhooks.delete(id)),
  },

  // ---- the legacy Assistants API ------------------------------------------------------------------------------
  {
    resource: 'assistant',
    setup: async (c) => ({ file: await upload(c, 'table.csv') }),
    create: {
      model: 'gpt-4o',
      name: 'Math Tutor',
      instructions: 'You are a personal math tutor.',
      tools: [
        { type: 'code_interpreter' },
        { type: 'function', function: { name: 'add', parameters: { type: 'object', properties: { a: { type: 'number' } } } } },
      ],
      tool_resources: { code_interpreter: { file_ids: ['${file}'] } },
      metadata: { team: 'edu' },
      temperature: 0.1,
    },
    created: { model: 'gpt-4o', name: 'Math Tutor', metadata: { team: 'edu' }, temperature: 0.1 },
    update: {
      inputs: { name: 'Algebra Tutor', temperature: 0.5, tools: [{ type: 'file_search', file_search: { max_num_results: 5 } }] },
      state: { name: 'Algebra Tutor', temperature: 0.5, tools: [{ type: 'file_search', file_search: { max_num_results: 5 } }] },
    },
    invalid: { inputs: { tools: [{ type: 'function', function: { name: 'not a valid name!' } }] }, path: ['tools', 0, 'function', 'name'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.beta.assistants.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.project.beta.assistants.delete(id)),
  },
  {
    resource: 'thread',
    create: { messages: [{ content: QUESTION }], metadata: { topic: 'algebra' } },
    created: { messages: [{ role: 'user', content: QUESTION }], metadata: { topic: 'algebra' } },
    update: { inputs: { metadata: { topic: 'equations' } }, state: { metadata: { topic: 'equations' } } },
    replace: { inputs: { messages: [{ content: 'Another question.' }] }, replaces: ['messages'] },
    invalid: { inputs: { messages: [{ role: 'system', content: 'x' }] }, path: ['messages', 0, 'role'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.beta.threads.update(id, { metadata: { topic: 'changed elsewhere' } })),
      drifted: { metadata: { topic: 'changed elsewhere' } },
    },
    remove: async (c, id) => void (await c.project.beta.threads.delete(id)),
  },
  {
    resource: 'message',
    setup: async (c) => ({ thread: (await c.project.beta.threads.create({})).id }),
    create: { thread_id: '${thread}', content: QUESTION },
    created: { thread_id: '${thread}', role: 'user', content: QUESTION },
    update: { inputs: { metadata: { v: '2' } }, state: { metadata: { v: '2' } } },
    replace: { inputs: { content: 'Another question.' }, replaces: ['content'] },
    invalid: { inputs: { content_parts: [{ type: 'text', text: 'both' }] }, path: ['content'] },
    outOfBand: {
      change: async (c, id) =>
        void (await c.project.beta.threads.messages.update(part(id, 1), { thread_id: part(id, 0), metadata: { v: 'by hand' } })),
      drifted: { metadata: { v: 'by hand' } },
    },
    remove: async (c, id) => void (await c.project.beta.threads.messages.delete(part(id, 1), { thread_id: part(id, 0) })),
  },
  {
    resource: 'run',
    setup: async (c) => ({
      assistant: (await c.project.beta.assistants.create({ model: 'gpt-4o', name: 'Math Tutor', instructions: 'You are a personal math tutor.' })).id,
      thread: (await c.project.beta.threads.create({ messages: [{ role: 'user', content: QUESTION }] })).id,
    }),
    create: { thread_id: '${thread}', assistant_id: '${assistant}', instructions: 'Please address the user as Jane Doe.', metadata: { v: '1' } },
    created: {
      thread_id: '${thread}',
      assistant_id: '${assistant}',
      instructions: 'Please address the user as Jane Doe.',
      status: 'completed',
      reply: 'Subtract 11 from both sides: 3x = 3. Divide both sides by 3: x = 1.',
      timeout_seconds: 600,
    },
    update: { inputs: { metadata: { v: '2' } }, state: { metadata: { v: '2' } } },
    replace: { inputs: { instructions: 'Please address the user as John Doe.' }, replaces: ['instructions'] },
    invalid: { inputs: { temperature: 3 }, path: ['temperature'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.beta.threads.runs.update(part(id, 1), { thread_id: part(id, 0), metadata: { v: 'by hand' } })),
      drifted: { metadata: { v: 'by hand' } },
    },
    // the API cannot delete a run; deleting its thread removes it
    remove: async (c, id) => void (await c.project.beta.threads.delete(part(id, 0))),
    removeTakes: ['threads', 'messages'],
    persists: true,
    deleteLeaves: ['runs', 'messages'],
  },
  {
    resource: 'container_file',
    setup: async (c) => ({ container: (await c.project.containers.create({ name: 'files' })).id }),
    create: { container_id: '${container}', content: 'city,visits\nParis,3\n', filename: 'visits.csv' },
    created: { container_id: '${container}', path: '/mnt/data/visits.csv', bytes: 20, origin: 'user' },
    replace: { inputs: { content: 'city,visits\nLyon,5\n' }, replaces: ['content', 'sha256'] },
    invalid: { inputs: { container_id: 'container_1' }, path: ['container_id'] },
    remove: async (c, id) => void (await c.project.containers.files.delete(part(id, 1), { container_id: part(id, 0) })),
  },
  {
    resource: 'conversation_item',
    setup: async (c) => ({
      conversation: (await c.project.conversations.create({ items: [{ type: 'message', role: 'developer', content: 'Answer in French.' }] })).id,
    }),
    create: { conversation_id: '${conversation}', role: 'user', content: 'What is the capital of France?' },
    created: { conversation_id: '${conversation}', type: 'message', role: 'user', content: 'What is the capital of France?', status: 'completed' },
    replace: { inputs: { role: 'assistant', content: 'Paris.' }, replaces: ['role', 'content'] },
    invalid: { inputs: { role: 'robot' }, path: ['role'] },
    remove: async (c, id) => void (await c.project.conversations.items.delete(part(id, 1), { conversation_id: part(id, 0) })),
  },

  // ---- fine-tuning and batches --------------------------------------------------------------------------
  {
    resource: 'fine_tuning_job',
    setup: async (c) => ({ training: await uploadJsonl(c, 'train.jsonl', 'fine-tune', TRAINING_LINES) }),
    create: {
      model: 'gpt-4o-mini-2024-07-18',
      training_file: '${training}',
      suffix: 'lifecycle',
      method: { type: 'supervised', hyperparameters: { n_epochs: 2 } },
    },
    created: { model: 'gpt-4o-mini-2024-07-18', training_file: '${training}', status: 'succeeded', timeout_seconds: 3600 },
    // nothing of a job changes in place: only how long an apply waits for it
    update: { inputs: { timeout_seconds: 7200 }, state: { timeout_seconds: 7200, status: 'succeeded' } },
    replace: { inputs: { suffix: 'lifecycle-2' }, replaces: ['suffix'] },
    invalid: { inputs: { training_file: 'train.jsonl' }, path: ['training_file'] },
    // the API cannot delete a job (a finished one is only forgotten); its checkpoint and results file stay
    persists: true,
    deleteLeaves: ['fine_tuning_jobs', 'fine_tuning_checkpoints', 'files'],
  },
  {
    resource: 'fine_tuning_checkpoint_permission',
    setup: async (c) => ({
      checkpoint: await fineTunedCheckpoint(c),
      project: await newProject(c, 'shared-model'),
      other: await newProject(c, 'shared-model-2'),
    }),
    create: { fine_tuned_model_checkpoint: '${checkpoint}', project_id: '${project}' },
    created: { fine_tuned_model_checkpoint: '${checkpoint}', project_id: '${project}' },
    replace: { inputs: { project_id: '${other}' }, replaces: ['project_id'] },
    invalid: { inputs: { project_id: 'shared-model' }, path: ['project_id'] },
    remove: async (c, id) => {
      const [checkpoint, permissionId] = [id.slice(0, id.lastIndexOf('/')), id.slice(id.lastIndexOf('/') + 1)];
      await c.admin.fineTuning.checkpoints.permissions.delete(permissionId, { fine_tuned_model_checkpoint: checkpoint });
    },
  },
  {
    resource: 'batch',
    setup: async (c) => ({ input: await uploadJsonl(c, 'requests.jsonl', 'batch', BATCH_LINES) }),
    create: { input_file_id: '${input}', endpoint: '/v1/chat/completions', metadata: { job: 'lifecycle' } },
    created: {
      input_file_id: '${input}',
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      status: 'completed',
      request_counts: { total: 2, completed: 2, failed: 0 },
    },
    update: { inputs: { timeout_seconds: 3600 }, state: { timeout_seconds: 3600, status: 'completed' } },
    replace: { inputs: { metadata: { job: 'lifecycle-2' } }, replaces: ['metadata'] },
    invalid: { inputs: { endpoint: '/v1/chat' }, path: ['endpoint'] },
    // the API cannot delete a batch (a finished one is only forgotten); its output file stays
    persists: true,
    deleteLeaves: ['batches', 'files'],
  },
  {
    resource: 'eval',
    create: {
      name: 'Sentiment',
      data_source_config: { type: 'custom', item_schema: EVAL_ITEM_SCHEMA, include_sample_schema: true },
      testing_criteria: [EVAL_LABEL_CHECK],
      metadata: { v: '1' },
    },
    created: {
      name: 'Sentiment',
      data_source_config: { type: 'custom', item_schema: EVAL_ITEM_SCHEMA, include_sample_schema: true },
      testing_criteria: [EVAL_LABEL_CHECK],
      metadata: { v: '1' },
    },
    update: { inputs: { name: 'Sentiment 2', metadata: { v: '2' } }, state: { name: 'Sentiment 2', metadata: { v: '2' } } },
    replace: { inputs: { testing_criteria: [{ ...EVAL_LABEL_CHECK, operation: 'ilike' }] }, replaces: ['testing_criteria'] },
    invalid: { inputs: { data_source_config: { type: 'custom' } }, path: ['data_source_config', 'item_schema'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.evals.update(id, { name: 'by hand' })),
      drifted: { name: 'by hand' },
    },
    remove: async (c, id) => void (await c.project.evals.delete(id)),
  },
  {
    resource: 'eval_run',
    setup: async (c) => ({
      eval: (
        await c.project.evals.create({
          name: unique('sentiment'),
          data_source_config: { type: 'custom', item_schema: EVAL_ITEM_SCHEMA, include_sample_schema: true },
          testing_criteria: [EVAL_LABEL_CHECK],
        })
      ).id,
    }),
    create: {
      eval_id: '${eval}',
      name: 'baseline',
      data_source: {
        type: 'jsonl',
        source: {
          type: 'file_content',
          content: [
            { item: { text: 'I love it', label: 'positive' }, sample: { output_text: 'positive' } },
            { item: { text: 'Not for me', label: 'negative' }, sample: { output_text: 'positive' } },
          ],
        },
      },
    },
    created: {
      eval_id: '${eval}',
      name: 'baseline',
      status: 'completed',
      result_counts: { total: 2, passed: 1, failed: 1, errored: 0 },
      per_testing_criteria_results: [{ testing_criteria: 'Match label', passed: 1, failed: 1 }],
      timeout_seconds: 1800,
    },
    update: { inputs: { timeout_seconds: 900 }, state: { timeout_seconds: 900 } },
    replace: { inputs: { name: 'baseline-2' }, replaces: ['name'] },
    invalid: { inputs: { timeout_seconds: 0 }, path: ['timeout_seconds'] },
    remove: async (c, id) => void (await c.project.evals.runs.delete(part(id, 1), { eval_id: part(id, 0) })),
    removeTakes: ['eval_output_items'],
  },

  // ---- skills ---------------------------------------------------------------------------------------------
  {
    resource: 'skill',
    // The same bundle in every setup (the conformance suite runs it once per adapter): the hashes compare equal.
    setup: async () => {
      const name = 'lifecycle-skill';
      return { name, bundle: skillFolder(name, 'Use it.'), changed: skillFolder(name, 'Use it, version two.') };
    },
    create: { source: '${bundle}', default_version: '1' },
    created: { name: '${name}', description: 'A lifecycle test skill.', default_version: '1', latest_version: '1' },
    // a changed bundle is a new version of the same skill
    update: { inputs: { source: '${changed}', default_version: '2' }, state: { default_version: '2', latest_version: '2' } },
    invalid: { inputs: { default_version: 'latest' }, path: ['default_version'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.skills.update(id, { default_version: '1' })),
      drifted: { default_version: '1' },
    },
    remove: async (c, id) => void (await c.project.skills.delete(id)),
    removeTakes: ['skill_versions'],
  },
  {
    resource: 'skill_version',
    setup: async (c) => {
      const name = 'versioned-skill';
      const first = await c.project.skills.create({ files: [new File([skillManifest(name, 'First.')], 'versioned/SKILL.md')] });
      return { skill: first.id, bundle: skillFolder(name, 'Second.'), changed: skillFolder(name, 'Third.') };
    },
    create: { skill_id: '${skill}', source: '${bundle}' },
    created: { skill_id: '${skill}', version: '2', default: false, is_default: false, description: 'A lifecycle test skill.' },
    update: { inputs: { default: true }, state: { default: true, is_default: true } },
    replace: { inputs: { source: '${changed}' }, replaces: ['content_sha256'] },
    invalid: { inputs: { skill_id: 'sk_123' }, path: ['skill_id'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.skills.update(part(id, 0), { default_version: '1' })),
      drifted: { default: false },
    },
    // the default version cannot be deleted: the first version becomes the default again first
    remove: async (c, id) => {
      await c.project.skills.update(part(id, 0), { default_version: '1' });
      await c.project.skills.versions.delete(part(id, 1), { skill_id: part(id, 0) });
    },
  },
  // ---- audio ----------------------------------------------------------------------------------------------
  {
    resource: 'voice_consent',
    setup: async () => ({ recording: recordingFile('I consent.'), other: recordingFile('I consent, again.') }),
    create: { name: 'John Doe', language: 'en-US', source: '${recording}' },
    created: { name: 'John Doe', language: 'en-US' },
    update: { inputs: { name: 'Jane Doe' }, state: { name: 'Jane Doe' } },
    replace: { inputs: { source: '${other}' }, replaces: ['recording_sha256'] },
    invalid: { inputs: { language: 'english!' }, path: ['language'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.audio.voiceConsents.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.project.audio.voiceConsents.delete(id)),
  },
];

/** Two chat examples, as a fine-tuning training file holds them. */
const TRAINING_LINES = [
  {
    messages: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello! How can I help?' },
    ],
  },
  {
    messages: [
      { role: 'user', content: 'Bye' },
      { role: 'assistant', content: 'Goodbye!' },
    ],
  },
];
/** Two chat completion requests, as a batch input file holds them. */
const BATCH_LINES = ['a', 'b'].map((q) => ({
  custom_id: `req-${q}`,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `question ${q}` }] },
}));

async function uploadJsonl(c: Clients, name: string, purpose: 'fine-tune' | 'batch', lines: object[]): Promise<string> {
  const text = lines.map((l) => JSON.stringify(l)).join('\n');
  return (await c.project.files.create({ file: new File([text], name), purpose })).id;
}

/**
 * A fine-tuned model checkpoint of a job made (and waited for) through the SDK, in a project of its own: with the
 * key of a service account made there by the admin client (an admin scenario may run with no project key).
 */
async function fineTunedCheckpoint(c: Clients): Promise<string> {
  const owner = await newProject(c, unique('fine-tuning'));
  const key = (await projects(c).serviceAccounts.create(owner, { name: 'trainer' })).api_key?.value;
  if (!key) throw new Error('setup: the service account came without a key');
  const trainer: Clients = { project: c.admin.withOptions({ apiKey: key, adminAPIKey: null }), admin: c.admin };
  const training = await uploadJsonl(trainer, 'ckpt.jsonl', 'fine-tune', TRAINING_LINES);
  const job = await trainer.project.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: training, suffix: 'shared' });
  for (let i = 0; i < 600; i++) {
    const j = await trainer.project.fineTuning.jobs.retrieve(job.id);
    if (j.status === 'succeeded') break;
    if (j.status === 'failed' || j.status === 'cancelled') throw new Error(`setup: fine-tuning job ${j.id} ended ${j.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const checkpoints = await trainer.project.fineTuning.jobs.checkpoints.list(job.id);
  const checkpoint = checkpoints.data[0]?.fine_tuned_model_checkpoint;
  if (!checkpoint) throw new Error(`setup: fine-tuning job ${job.id} has no checkpoint`);
  return checkpoint;
}

/** A (pretend) WAV recording in a fresh temporary directory: its path. */
function recordingFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'consent-')), 'consent.wav');
  writeFileSync(path, Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), Buffer.from(text)]));
  return path;
}

/** A SKILL.md naming `name`, with `body` as its instructions. */
function skillManifest(name: string, body: string): string {
  return `---\nname: ${name}\ndescription: A lifecycle test skill.\n---\n\n${body}\n`;
}

/** A skill folder on disk (SKILL.md and a script) in a fresh temporary directory: its path. */
function skillFolder(name: string, body: string): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'skill-')), 'lifecycle_skill');
  mkdirSync(join(folder, 'scripts'), { recursive: true });
  writeFileSync(join(folder, 'SKILL.md'), skillManifest(name, body));
  writeFileSync(join(folder, 'scripts', 'run.py'), 'print("ok")\n');
  return folder;
}

// ---- reading a scenario ---------------------------------------------------------------------------------

/** Replaces `${name}` placeholders in every string of a value. */
export function resolve<T>(value: T, vars: Vars): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === 'string' ? v.replace(/\$\{([a-z_]+)\}/g, (m, name: string) => vars[name] ?? m) : v,
  ) as T;
}

/** The inputs of each step, placeholders resolved: create; after the update; the replacing change; with an invalid value. */
export function stepInputs(s: Scenario, vars: Vars) {
  const create = resolve(s.create, vars);
  const current = s.update ? { ...create, ...resolve(s.update.inputs, vars) } : create;
  return {
    create,
    update: s.update ? current : undefined,
    /** What the configuration says once the update is applied (the create's inputs without an update). */
    current,
    replace: s.replace ? { ...current, ...resolve(s.replace.inputs, vars) } : undefined,
    invalid: { ...create, ...resolve(s.invalid.inputs, vars) },
  };
}

/** The emulator counts a lifecycle may leave changed: what the scenario's delete leaves and its removal takes. */
function untracked(s: Scenario): string[] {
  return [...(s.deleteLeaves ?? []), ...(s.removeTakes ?? [])];
}

/** `counts()` without the kinds a scenario may leave changed. */
export function tracked(s: Scenario, counts: Record<string, number>): Record<string, number> {
  const skip = untracked(s);
  return Object.fromEntries(Object.entries(counts).filter(([k]) => !skip.includes(k)));
}

/** The scenario of a resource. */
export function scenarioOf(resource: string): Scenario {
  const s = scenarios.find((x) => x.resource === resource);
  if (!s) throw new Error(`no conformance scenario for ${resource}`);
  return s;
}

/**
 * The environment that tells the provider its endpoint is consistent at once, as the emulator is: a 404 right after
 * a create is believed instead of being asked again for five seconds (client/consistency.ts, tested on its own in
 * provider-ts/test/unit/client.test.ts). The lifecycle suites delete objects behind the engine's back moments after
 * making them, dozens of times.
 */
export const CONSISTENT_AT_ONCE: Record<string, string> = { OPENAI_CONSISTENCY_GRACE: '0' };
