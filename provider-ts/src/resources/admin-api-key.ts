import type { AdminAPIKey } from 'openai/resources/admin/organization/admin-api-keys';
import { defineEphemeral, defineResource, KEEP, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { findSince, importById, openedSecret } from './common';
import { listedBefore, mayBeNew } from './listed-before';

/** The key as the API shows it. Its value is KEEP (left unset): the API returns it only in the create's answer. */
function toState(k: AdminAPIKey) {
  return {
    name: k.name ?? null,
    key_id: k.id,
    value: KEEP,
    redacted_value: k.redacted_value,
    created_at: k.created_at,
    expires_at: k.expires_at ?? null,
    last_used_at: k.last_used_at ?? null,
    owner: {
      type: k.owner.type ?? null,
      id: k.owner.id ?? null,
      name: k.owner.name ?? null,
      role: k.owner.role ?? null,
    },
  };
}

/** Makes a key, once; its value is null when the create's answer was lost and the key was found by listing. */
async function makeKey(
  ctx: HandlerContext,
  inputs: { name: string; expires_in_seconds?: number },
): Promise<{ key: AdminAPIKey; value: string | null }> {
  const keys = ctx.openai.admin.organization.adminAPIKeys;
  const body = { name: inputs.name, ...(inputs.expires_in_seconds !== undefined ? { expires_in_seconds: inputs.expires_in_seconds } : {}) };
  // A key of the same name made by hand minutes ago is not this one: keys listed before are left out.
  const before = await listedBefore(keys.list({ limit: 100 }));
  const key = await ctx.createOnce((opts) => keys.create(body, opts), {
    find: (since) => findSince(keys.list({ limit: 100 }), since, (x) => x.name === body.name && mayBeNew(before, since, x.id), 'any'),
  });
  return { key, value: 'value' in key && typeof key.value === 'string' ? key.value : null };
}

export const adminApiKey = defineResource({
  name: 'admin_api_key',
  description:
    'An organization admin API key (`sk-admin-…`), for the Administration API (Admin API: needs an organization ' +
    'admin key). The key (`value`, secret) is returned only when it is created: it is kept in state from then on, ' +
    'and is empty after an import (or when the answer of the create was lost). An admin key cannot be changed: any ' +
    'change replaces it (a new key is made, the old one revoked). Deleting revokes the key at once.',
  key: 'admin',
  properties: {
    name: p.string({ description: 'The name of the key.', required: true, minLength: 1 }),
    expires_in_seconds: p.integer({
      description: 'Seconds from creation until the key expires (1 to 31536000, one year). Unset: it does not expire.',
      min: 1,
      max: 31_536_000,
      writeOnly: true,
    }),
    key_id: p.string({ description: 'The id of the key (`key_…`).', output: true }),
    value: p.string({
      description: 'The key itself (`sk-admin-…`). Returned only at creation; empty after an import.',
      output: true,
      secret: true,
      returnedOnce: true,
    }),
    redacted_value: p.string({ description: 'The key as the API shows it after creation (`sk-admin…` and its last characters).', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the key was created.', output: true, stable: true }),
    expires_at: p.integer({ description: 'Unix time (seconds) the key expires, if it does.', output: true }),
    last_used_at: p.integer({ description: 'Unix time (seconds) the key was last used, if it was.', output: true }),
    owner: p.object(
      {
        type: p.string({ description: 'The kind of owner: `user`.', output: true }),
        id: p.string({ description: 'The id of the owner.', output: true }),
        name: p.string({ description: 'The name of the owner.', output: true }),
        role: p.string({ description: 'The organization role of the owner.', output: true }),
      },
      { description: 'The organization user who made the key.', output: true },
    ),
  },
  unsupported: {
    scopes: 'cannot be set on an admin key: an admin key reaches the whole Administration API',
    project_id: 'is not part of an admin key: admin keys belong to the organization (a project key is a project_service_account_api_key)',
  },
  import: importById('key_'),
  idParts: ['key_id'],
  example: { name: 'terraform-admin' },
  ephemeral: defineEphemeral({
    description:
      'An admin API key made for one run of the engine and revoked when the run ends (unless `keep`): its value ' +
      '(`value`) reaches the configuration (a provider block, a secret store) and never the state.',
    properties: {
      name: p.string({ description: 'The name of the key.', required: true, minLength: 1 }),
      expires_in_seconds: p.integer({
        description: 'Seconds from creation until the key expires (1 to 31536000). Unset: it does not expire.',
        min: 1,
        max: 31_536_000,
      }),
      key_id: p.string({ description: 'The id of the key (`key_…`).', output: true }),
      value: p.string({ description: 'The key itself (`sk-admin-…`).', output: true, secret: true }),
      redacted_value: p.string({ description: 'The key as the API shows it (`sk-admin…` and its last characters).', output: true }),
      created_at: p.integer({ description: 'Unix time (seconds) the key was created.', output: true }),
      expires_at: p.integer({ description: 'Unix time (seconds) the key expires, if it does.', output: true }),
    },
    example: { name: 'ci-run' },
    async open(ctx, inputs) {
      const { key, value } = await makeKey(ctx, inputs);
      const close = { key_id: key.id };
      const handed = await openedSecret(ctx, value, () => closeAdminKey(ctx, close), `admin API key ${key.id}`);
      const { redacted_value, created_at, expires_at } = toState(key);
      return { result: { key_id: key.id, value: handed, redacted_value, created_at, expires_at }, close };
    },
    close: (ctx, data) => closeAdminKey(ctx, data),
  }),
  handlers: {
    async create(ctx, inputs) {
      const { key, value } = await makeKey(ctx, inputs);
      if (!value)
        ctx.progress(`admin API key ${key.id}: its value was lost with the create's answer; replace the resource to get a key whose value is known`);
      return { id: key.id, state: { ...toState(key), value } };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.admin.organization.adminAPIKeys.retrieve(id));
    },
    async delete(ctx, id) {
      await ctx.openai.admin.organization.adminAPIKeys.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const k of ctx.openai.admin.organization.adminAPIKeys.list({ limit: 100 })) out.push({ id: k.id, state: toState(k) });
      return out;
    },
  },
});

async function closeAdminKey(ctx: HandlerContext, data: { key_id?: unknown }): Promise<void> {
  if (typeof data.key_id === 'string') await ctx.openai.admin.organization.adminAPIKeys.delete(data.key_id);
}
