import type { ContainerCreateParams, ContainerRetrieveResponse } from 'openai/resources/containers/containers';
import { defineResource, p } from '../spec/define';
import { compact, FILE_ID, findSince, importById } from './common';
import { named, namedResource } from '../spec/names';

const MEMORY_LIMITS = ['1g', '4g', '16g', '64g'] as const;
/** Statuses of a container that can no longer be used: it reads as gone, and the next apply creates a new one. */
export const ENDED: ReadonlySet<string> = new Set(['expired', 'deleted']);

function toState(c: ContainerRetrieveResponse) {
  return {
    name: c.name,
    expires_after: c.expires_after ? { anchor: c.expires_after.anchor ?? 'last_active_at', minutes: c.expires_after.minutes ?? null } : null,
    memory_limit: c.memory_limit ?? null,
    network_policy: c.network_policy ? { type: c.network_policy.type, allowed_domains: c.network_policy.allowed_domains ?? null } : null,
    status: c.status,
    created_at: c.created_at,
    last_active_at: c.last_active_at ?? null,
  };
}

/** The checked input as the SDK's union: the spec's rule gives `allowed_domains` with, and only with, `allowlist`. */
function networkPolicyIn(np: { type: 'disabled' | 'allowlist'; allowed_domains?: string[] } | undefined): ContainerCreateParams['network_policy'] {
  if (!np) return undefined;
  return np.type === 'allowlist' && np.allowed_domains ? { type: 'allowlist', allowed_domains: np.allowed_domains } : { type: 'disabled' };
}

const NO_UPDATE = 'The Containers API has no update: every change replaces the container (its files and state are lost).';

export const container = defineResource({
  name: 'container',
  description:
    'A container: the sandbox the code interpreter tool runs in, with files copied into it at creation. ' +
    NO_UPDATE +
    ' A container expires after `expires_after.minutes` without activity (20 by default); an expired container ' +
    'reads as gone, and the next apply creates a new one.',
  key: 'project',
  properties: {
    name: p.string({ description: 'The name of the container.', required: true, minLength: 1, replaceOnChange: true }),
    expires_after: p.object(
      {
        anchor: p.string({ description: 'Anchor of the expiry: `last_active_at`.', enum: ['last_active_at'], default: 'last_active_at' }),
        minutes: p.integer({ description: 'Minutes without activity after which the container expires.', required: true, min: 1 }),
      },
      { description: 'Expiration policy (the API defaults to 20 minutes after last activity).', computed: true, replaceOnChange: true },
    ),
    file_ids: p.list(p.string({ description: 'file id', pattern: FILE_ID }), {
      description: 'Files (Files API) copied into the container at creation. Not returned by the API; a change replaces the container.',
      writeOnly: true,
      replaceOnChange: true,
    }),
    memory_limit: p.string({
      description: 'Memory of the container: `1g` (default), `4g`, `16g` or `64g`.',
      enum: MEMORY_LIMITS,
      computed: true,
      replaceOnChange: true,
    }),
    network_policy: p.object(
      {
        type: p.string({ description: '`disabled` (no outbound access) or `allowlist`.', required: true, enum: ['disabled', 'allowlist'] }),
        allowed_domains: p.list(p.string({ description: 'domain', minLength: 1 }), {
          description: 'Domains reachable with `allowlist`.',
          minItems: 1,
        }),
      },
      {
        description: 'Outbound network access of the container.',
        computed: true,
        replaceOnChange: true,
        refine: (v) =>
          (v['type'] === 'allowlist') !== Boolean(v['allowed_domains'])
            ? [{ path: ['allowed_domains'], message: 'is required with type "allowlist" and only allowed with it' }]
            : [],
      },
    ),
    status: p.string({ description: 'Status of the container, e.g. `running`.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the container was created.', output: true, stable: true }),
    last_active_at: p.integer({ description: 'Unix time (seconds) the container was last active.', output: true }),
  },
  unsupported: {
    metadata: 'is not part of the Containers API (a container has a name, an expiry, files, memory and network settings)',
    files: `is ${named('file_ids')} here: ids of files uploaded with the ${namedResource('file')} resource, copied into the container at creation`,
  },
  import: importById('cntr_'),
  example: { name: 'analysis', expires_after: { anchor: 'last_active_at', minutes: 20 }, file_ids: ['${file.id}'], memory_limit: '4g' },
  handlers: {
    async create(ctx, inputs) {
      const body: ContainerCreateParams = {
        name: inputs.name,
        ...compact({
          expires_after: inputs.expires_after,
          file_ids: inputs.file_ids,
          memory_limit: inputs.memory_limit,
          network_policy: networkPolicyIn(inputs.network_policy),
        }),
      };
      const c = await ctx.createOnce((opts) => ctx.openai.containers.create(body, opts), {
        find: (since) =>
          findSince(
            ctx.openai.containers.list({ name: body.name, order: 'desc', limit: 100 }),
            since,
            (x) => x.name === body.name && !ENDED.has(x.status),
          ),
      });
      return { id: c.id, state: toState(c) };
    },
    async read(ctx, id) {
      const c = await ctx.openai.containers.retrieve(id);
      if (ENDED.has(c.status)) {
        ctx.debug(`container ${id} is ${c.status}: treating it as gone`);
        return null;
      }
      return toState(c);
    },
    async delete(ctx, id) {
      await ctx.openai.containers.delete(id);
    },
    async list(ctx, args) {
      const name = args.name;
      const out = [];
      for await (const c of ctx.openai.containers.list({ limit: 100, ...(name ? { name } : {}) })) out.push({ id: c.id, state: toState(c) });
      return out;
    },
  },
  listArgs: { name: p.string({ description: 'Only containers with this name.' }) },
});
