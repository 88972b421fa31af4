import type { ProjectAPIKey } from 'openai/resources/admin/organization/projects/api-keys';
import type { APIKeyCreateResponse } from 'openai/resources/admin/organization/projects/service-accounts/api-keys';
import { OpenAIIacError } from '../client/errors';
import { defineEphemeral, defineResource, KEEP, p } from '../spec/define';
import type { HandlerContext, JsonObject, ResourceSpec } from '../spec/types';
import { projectServiceAccount } from './project-service-account';
import { findSince, importById, keepIdOnFailure, openedSecret, PROJECT_ID } from './common';
import { listedBefore, mayBeNew } from './listed-before';

const SERVICE_ACCOUNT_ID = { regex: 'svc_acct_[A-Za-z0-9_-]+', says: 'a service account id (svc_acct_…)' };
const IMPORT = importById('proj_', 'svc_acct_', 'key_');

/** `proj_…/svc_acct_…/key_…` into its parts. */
function partsOf(id: string): [string, string, string] {
  const parts = id.split('/');
  const [projectId, accountId, keyId] = parts;
  if (parts.length !== 3 || !projectId || !accountId || !keyId) {
    throw new OpenAIIacError('validation', `'${id}' is not an id of the form ${IMPORT.format}`);
  }
  return [projectId, accountId, keyId];
}

/** The key as the project's key list shows it. Its value is KEEP (left unset): the API returns it only at creation. */
function toState(projectId: string, accountId: string, k: ProjectAPIKey) {
  return {
    project_id: projectId,
    service_account_id: accountId,
    name: k.name,
    api_key_id: k.id,
    value: KEEP,
    redacted_value: k.redacted_value,
    created_at: k.created_at,
    last_used_at: k.last_used_at ?? null,
  };
}

/** A key of the project that this service account owns; another owner's key is not this resource's. */
const ownedBy = (k: ProjectAPIKey, accountId: string) => k.owner.type === 'service_account' && k.owner.service_account?.id === accountId;

export const projectServiceAccountApiKey: ResourceSpec = defineResource({
  name: 'project_service_account_api_key',
  description:
    'An additional API key (`sk-svcacct-…`) of an existing project service account (Admin API: needs an ' +
    'organization admin key). The key (`value`, secret) is returned only when it is created: it is kept in state ' +
    'from then on, and is empty after an import (or when the answer of the create was lost). A key cannot be ' +
    'changed: any change makes a new key. The API cannot revoke the key of a service account on its own (it ' +
    'refuses to delete it and revokes it only with the account), so deleting this resource only removes it from ' +
    'state and the key keeps working until its service account is deleted: keep rotated-out keys few, or manage ' +
    'the account with `project_service_account` and replace it.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project of the service account.', required: true, pattern: PROJECT_ID }),
    service_account_id: p.string({ description: 'The service account the key is for.', required: true, pattern: SERVICE_ACCOUNT_ID }),
    name: p.string({ description: 'The name of the key. Unset: the API names it (`Secret Key`).', minLength: 1, computed: true }),
    scopes: p.list(p.string({ description: 'A scope, e.g. `api.model.read`.', minLength: 1 }), {
      description: 'The scopes the key is limited to. Unset: the permissions of the service account. The API does not show them afterwards.',
      writeOnly: true,
    }),
    api_key_id: p.string({ description: 'The id of the key (`key_…`).', output: true }),
    value: p.string({
      description: 'The key itself (`sk-svcacct-…`). Returned only at creation; empty after an import.',
      output: true,
      secret: true,
      returnedOnce: true,
    }),
    redacted_value: p.string({ description: 'The key as the API shows it after creation (its prefix and last characters).', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the key was created.', output: true, stable: true }),
    last_used_at: p.integer({ description: 'Unix time (seconds) the key was last used, if it was.', output: true }),
  },
  unsupported: {
    role: "is the service account's, not its key's: set it on the project_service_account",
  },
  import: IMPORT,
  idParts: ['project_id', 'service_account_id', 'api_key_id'],
  example: { project_id: '${project.id}', service_account_id: 'svc_acct_abc123', name: 'ci-rotation-2' },
  ephemeral: defineEphemeral({
    description:
      'A project API key for one run of the engine: its value (`value`) reaches the configuration (a provider ' +
      'block, a secret store) and never the state. Without `service_account_id`, a service account named `name` is ' +
      'made for the run and deleted when it ends, which revokes its key (unless `keep`). With `service_account_id`, ' +
      'an additional key of that existing account is made; the API cannot revoke such a key on its own (only with ' +
      'its account), so this form needs `keep = true`, said out loud.',
    properties: {
      project_id: p.string({ description: 'The project the key is for.', required: true, pattern: PROJECT_ID }),
      service_account_id: p.string({
        description: 'An existing service account to make an additional key of (needs `keep = true`). Unset: a service account is made for the run.',
        pattern: SERVICE_ACCOUNT_ID,
      }),
      name: p.string({
        description: "The name of the service account made for the run; with `service_account_id`, the key's name (unset: `Secret Key`).",
        minLength: 1,
      }),
      role: p.string({
        description: 'The project role of the service account made for the run: `member` (the default) or `owner`.',
        enum: ['member', 'owner'],
      }),
      scopes: p.list(p.string({ description: 'A scope, e.g. `api.model.read`.', minLength: 1 }), {
        description: 'With `service_account_id`: the scopes the key is limited to. Unset: the permissions of the service account.',
      }),
      api_key_id: p.string({ description: 'The id of the key (`key_…`).', output: true }),
      value: p.string({ description: 'The key itself (`sk-svcacct-…`).', output: true, secret: true }),
      created_service_account_id: p.string({
        description: 'The id of the service account made for the run (null with `service_account_id`).',
        output: true,
      }),
    },
    refine(inputs) {
      const existing = typeof inputs['service_account_id'] === 'string';
      if (!existing && typeof inputs['name'] !== 'string') {
        return [{ path: ['name'], message: 'is required without service_account_id: it names the service account made for this run' }];
      }
      if (existing && inputs['keep'] !== true) {
        return [
          {
            path: ['keep'],
            message:
              "must be true with service_account_id: the API cannot revoke an existing service account's key on its own, so " +
              'this key outlives the run; or leave service_account_id unset for a key of a service account made for this run and deleted when it ends',
          },
        ];
      }
      if (existing && inputs['role'] !== undefined) {
        return [{ path: ['role'], message: "is the existing service account's own: set it on its project_service_account" }];
      }
      if (!existing && inputs['scopes'] !== undefined) {
        return [{ path: ['scopes'], message: 'applies to a key of an existing account only (with service_account_id)' }];
      }
      return [];
    },
    example: { project_id: '${project.id}', name: 'ci-run' },
    async open(ctx, inputs) {
      const projectId = inputs.project_id;
      if (inputs.service_account_id !== undefined) {
        const { name, scopes } = inputs;
        const made = await projectServiceAccountApiKey.handlers.create(ctx, {
          project_id: projectId,
          service_account_id: inputs.service_account_id,
          ...(name !== undefined ? { name } : {}),
          ...(scopes !== undefined ? { scopes: [...scopes] } : {}),
        });
        // `keep` is required for this form (refine): there is nothing to close.
        const value = await openedSecret(ctx, made.state['value'], async () => undefined, `service account key ${made.id}`);
        return { result: { api_key_id: made.id.split('/')[2] ?? null, value, created_service_account_id: null }, close: null };
      }
      const { name, role } = inputs;
      const made = await projectServiceAccount.handlers.create(ctx, { project_id: projectId, name: name!, ...(role !== undefined ? { role } : {}) });
      const accountId = made.state['service_account_id'];
      const close = { project_id: projectId, service_account_id: typeof accountId === 'string' ? accountId : made.id.split('/')[1]! };
      const value = await openedSecret(ctx, made.state['api_key_value'], () => closeAccount(ctx, close), `service account ${made.id}`);
      const keyId = made.state['api_key_id'];
      return { result: { api_key_id: typeof keyId === 'string' ? keyId : null, value, created_service_account_id: close.service_account_id }, close };
    },
    close: (ctx, data) => closeAccount(ctx, data),
  }),
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const accountId = inputs.service_account_id;
      const projects = ctx.openai.admin.organization.projects;
      const body = {
        project_id: projectId,
        ...(inputs.name !== undefined ? { name: inputs.name } : {}),
        ...(Array.isArray(inputs.scopes) ? { scopes: inputs.scopes } : {}),
      };
      // The account's first key (named as an unnamed new one is) may be minutes old: keys listed before are not this one.
      const before = await listedBefore(projects.apiKeys.list(projectId, { limit: 100 }));
      const k = await ctx.createOnce<APIKeyCreateResponse | ProjectAPIKey>((opts) => projects.serviceAccounts.apiKeys.create(accountId, body, opts), {
        find: (since) =>
          findSince(
            projects.apiKeys.list(projectId, { limit: 100 }),
            since,
            (x) => ownedBy(x, accountId) && (body.name === undefined || x.name === body.name) && mayBeNew(before, since, x.id),
            'any',
          ),
      });
      const value = 'value' in k && typeof k.value === 'string' ? k.value : null;
      if (!value)
        ctx.progress(
          `service account key ${k.id}: its value was lost with the create's answer; replace the resource to get a key whose value is known`,
        );
      const id = `${projectId}/${accountId}/${k.id}`;
      // The create's answer lacks the redacted value and last use: the project's keys show them. Should that read
      // fail, the key is kept in state (with its value) all the same.
      const made = { project_id: projectId, service_account_id: accountId, name: k.name, api_key_id: k.id, value, created_at: k.created_at };
      return keepIdOnFailure(
        id,
        async () => ({ id, state: { ...toState(projectId, accountId, await projects.apiKeys.retrieve(k.id, { project_id: projectId })), value } }),
        async () => made,
      );
    },
    async read(ctx, id) {
      const [projectId, accountId, keyId] = partsOf(id);
      const k = await ctx.openai.admin.organization.projects.apiKeys.retrieve(keyId, { project_id: projectId });
      return ownedBy(k, accountId) ? toState(projectId, accountId, k) : null;
    },
    async delete(ctx, id) {
      const [projectId, accountId, keyId] = partsOf(id);
      try {
        await ctx.openai.admin.organization.projects.apiKeys.delete(keyId, { project_id: projectId });
      } catch (e) {
        // The API's documented answer for a service account's key: 400, the key stays.
        if (!(e instanceof Error && 'status' in e && e.status === 400)) throw e;
        ctx.progress(
          `service account key ${keyId}: the API cannot revoke a service account's key on its own; it is removed from state ` +
            `but keeps working until service account ${accountId} is deleted`,
        );
      }
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const k of ctx.openai.admin.organization.projects.apiKeys.list(projectId, { limit: 100 })) {
        const accountId = k.owner.type === 'service_account' ? k.owner.service_account?.id : undefined;
        if (accountId) out.push({ id: `${projectId}/${accountId}/${k.id}`, state: toState(projectId, accountId, k) });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose service account keys to list.', required: true, pattern: PROJECT_ID }) },
});

/** Deletes the service account made for a run, which revokes its key. */
async function closeAccount(ctx: HandlerContext, data: JsonObject): Promise<void> {
  const { project_id: projectId, service_account_id: accountId } = data;
  if (typeof projectId === 'string' && typeof accountId === 'string') {
    await ctx.openai.admin.organization.projects.serviceAccounts.delete(accountId, { project_id: projectId });
  }
}
