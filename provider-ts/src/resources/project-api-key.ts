import type { ProjectAPIKey } from 'openai/resources/admin/organization/projects/api-keys';
import { defineDataSource, p } from '../spec/define';
import { importById, PROJECT_ID, splitId } from './common';

/** A key as the API lists it: never its value, only the redacted form the API shows. */
function toState(projectId: string, k: ProjectAPIKey) {
  const o = k.owner;
  const owner = o.type === 'service_account' ? o.service_account : o.user;
  return {
    project_id: projectId,
    api_key_id: k.id,
    name: k.name,
    redacted_value: k.redacted_value,
    created_at: k.created_at,
    last_used_at: k.last_used_at ?? null,
    expires_at: k.expires_at ?? null,
    owner_project_access: k.owner_project_access ?? null,
    owner: {
      type: o.type ?? null,
      id: owner?.id ?? null,
      name: owner?.name ?? null,
      email: o.user?.email ?? null,
      role: owner?.role ?? null,
      created_at: owner?.created_at ?? null,
    },
  };
}

const out = { output: true } as const;

export const projectApiKey = defineDataSource({
  name: 'project_api_key',
  description:
    "The API keys of a project (Admin API: needs an organization admin key): each key's name, owner (a user or a " +
    'service account) and when it was last used. The key itself is never shown: only its redacted form ' +
    '(`sk-proj-...abcd`). Keys are made in the dashboard or with a service account; they cannot be created here.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project the key belongs to.', ...out }),
    api_key_id: p.string({ description: 'The id of the key (`key_…`).', ...out }),
    name: p.string({ description: 'The name of the key.', ...out }),
    redacted_value: p.string({ description: 'The key as the API shows it once made: its prefix and last four characters.', ...out }),
    created_at: p.integer({ description: 'Unix time (seconds) the key was made.', stable: true, ...out }),
    last_used_at: p.integer({ description: 'Unix time (seconds) the key was last used; empty if never.', ...out }),
    expires_at: p.integer({ description: 'Unix time (seconds) the key expires; empty if it does not.', ...out }),
    owner_project_access: p.string({ description: "Whether the key's owner can still use the project: `active` or `inactive`.", ...out }),
    owner: p.object(
      {
        type: p.string({ description: '`user` or `service_account`.', ...out }),
        id: p.string({ description: 'The id of the user or service account.', ...out }),
        name: p.string({ description: 'Its name.', ...out }),
        email: p.string({ description: "The user's email (users only).", ...out }),
        role: p.string({ description: 'Its role in the project.', ...out }),
        created_at: p.integer({ description: 'Unix time (seconds) it was added or made.', ...out }),
      },
      { description: 'Who owns the key.', ...out },
    ),
  },
  idParts: ['project_id', 'api_key_id'],
  dataSources: { listAttribute: 'api_keys' },
  import: importById('proj_', 'key_'),
  example: { project_id: '${project.id}' },
  handlers: {
    async read(ctx, id) {
      const [projectId, keyId] = splitId(id);
      return toState(projectId, await ctx.openai.admin.organization.projects.apiKeys.retrieve(keyId, { project_id: projectId }));
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const keys = [];
      for await (const k of ctx.openai.admin.organization.projects.apiKeys.list(projectId, { limit: args.limit ?? 100 })) {
        keys.push({ id: `${projectId}/${k.id}`, state: toState(projectId, k) });
      }
      return keys;
    },
  },
  listArgs: {
    project_id: p.string({ description: 'The project whose API keys to list.', required: true, pattern: PROJECT_ID }),
    limit: p.integer({ description: 'Keys fetched a request (every page is read whatever it is); 1 to 100.', min: 1, max: 100 }),
  },
});
