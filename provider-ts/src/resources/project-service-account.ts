import type {
  ProjectServiceAccount,
  ServiceAccountCreateResponse,
} from 'openai/resources/admin/organization/projects/service-accounts/service-accounts';
import { defineResource, KEEP, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { findSince, importById, keepIdOnFailure, PROJECT_ID, splitId } from './common';
import { named } from '../spec/names';

const ROLES = ['member', 'owner'] as const;
/** What a create yields: the API's answer, or the account adopted after a lost answer (its key unknown). */
type Created = ServiceAccountCreateResponse | (ProjectServiceAccount & { api_key: null });

/** The account as the API shows it. The key's value and id are KEEP (left unset): the API returns them only on create. */
function toState(projectId: string, a: ProjectServiceAccount | ServiceAccountCreateResponse) {
  return {
    project_id: projectId,
    service_account_id: a.id,
    name: a.name,
    role: a.role,
    api_key_value: KEEP,
    api_key_id: KEEP,
    created_at: a.created_at,
  };
}

/** The id of the account's API key, from the project's key list (on import, where the create's answer is long gone). */
async function keyIdOf(ctx: HandlerContext, projectId: string, accountId: string): Promise<string | null> {
  for await (const k of ctx.openai.admin.organization.projects.apiKeys.list(projectId, { limit: 100 })) {
    if (k.owner.type === 'service_account' && k.owner.service_account?.id === accountId) return k.id;
  }
  return null;
}

export const projectServiceAccount = defineResource({
  name: 'project_service_account',
  description:
    'A service account of a project, with its API key (Admin API: needs an organization admin key). The key ' +
    '(`api_key_value`, secret) is returned only when the account is created: it is kept in state from then on, and ' +
    'is empty after an import. `name` and `role` change in place; a change of `project_id` replaces the account (and ' +
    'its key). Deleting the account deletes its key.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project the service account belongs to.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    name: p.string({ description: 'The name of the service account.', required: true, minLength: 1 }),
    role: p.string({
      description: 'The role of the service account in the project: `member` (the default at creation) or `owner`.',
      enum: ROLES,
      computed: true,
    }),
    api_key_value: p.string({
      description: "The service account's API key (`sk-svcacct-…`). Returned only at creation; empty after an import.",
      output: true,
      secret: true,
      returnedOnce: true,
    }),
    api_key_id: p.string({ description: "The id of the service account's API key.", output: true }),
    service_account_id: p.string({ description: 'The id of the service account (`svc_acct_…`, the last part of `id`).', output: true, stable: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the service account was created.', output: true, stable: true }),
  },
  unsupported: {
    scopes: `cannot be set on a service account; permissions are per project role (${named('role')})`,
  },
  import: importById('proj_', 'svc_acct_'),
  idParts: ['project_id', 'service_account_id'],
  dataSources: { listAttribute: 'service_accounts' },
  example: { project_id: '${project.id}', name: 'ci-deployer' },
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const name = inputs.name;
      const accounts = ctx.openai.admin.organization.projects.serviceAccounts;
      const created: Created = await ctx.createOnce<Created>((opts) => accounts.create(projectId, { name }, opts), {
        find: async (since) =>
          (await findSince(accounts.list(projectId, { limit: 100 }), since, (a) => a.name === name, 'any')).map((a) => ({ ...a, api_key: null })),
      });
      const id = `${projectId}/${created.id}`;
      let key = created.api_key ? { id: created.api_key.id, value: created.api_key.value } : null;
      const stateNow = async () => ({
        ...toState(projectId, await accounts.retrieve(created.id, { project_id: projectId })),
        api_key_value: key?.value ?? null,
        api_key_id: key?.id ?? null,
      });
      return keepIdOnFailure(
        id,
        async () => {
          if (!key) {
            // Adopted after a lost answer: that key's value is gone for good; mint one this state can hold.
            ctx.debug(`service account ${id}: the key in the lost answer cannot be shown again; creating a new key`);
            const k = await accounts.apiKeys.create(created.id, { project_id: projectId, name: 'Secret Key' });
            key = { id: k.id, value: k.value };
          }
          const role = inputs.role;
          const account = role && role !== created.role ? await accounts.update(created.id, { project_id: projectId, role }) : created;
          return { id, state: { ...toState(projectId, account), api_key_value: key.value, api_key_id: key.id } };
        },
        stateNow,
      );
    },
    async read(ctx, id, prior) {
      const [projectId, accountId] = splitId(id);
      const state = toState(projectId, await ctx.openai.admin.organization.projects.serviceAccounts.retrieve(accountId, { project_id: projectId }));
      // On import only: the key's id can be found again (its value cannot).
      return prior ? state : { ...state, api_key_id: await keyIdOf(ctx, projectId, accountId) };
    },
    async update(ctx, id, _olds, news, changed) {
      const [projectId, accountId] = splitId(id);
      const a = await ctx.openai.admin.organization.projects.serviceAccounts.update(accountId, {
        project_id: projectId,
        ...(changed.includes('name') ? { name: news.name } : {}),
        ...(changed.includes('role') && news.role ? { role: news.role } : {}),
      });
      return toState(projectId, a);
    },
    async delete(ctx, id) {
      const [projectId, accountId] = splitId(id);
      await ctx.openai.admin.organization.projects.serviceAccounts.delete(accountId, { project_id: projectId });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const a of ctx.openai.admin.organization.projects.serviceAccounts.list(projectId, { limit: 100 })) {
        out.push({ id: `${projectId}/${a.id}`, state: toState(projectId, a) });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose service accounts to list.', required: true, pattern: PROJECT_ID }) },
});
