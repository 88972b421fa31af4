import type { OrganizationUser } from 'openai/resources/admin/organization/users/users';
import { OpenAIIacError } from '../client/errors';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { EMAIL, importById, unlessNotFound, USER_ID } from './common';
import { named, namedResource } from '../spec/names';

const ROLES = ['owner', 'reader'] as const;

/** What `User` may carry besides what the SDK types (the description lists them; the API fills some of them). */
type UserObject = OrganizationUser & {
  is_default?: boolean;
  created?: number;
  is_service_account?: boolean;
  is_scale_tier_authorized_purchaser?: boolean | null;
  is_scim_managed?: boolean;
  api_key_last_used_at?: number | null;
  technical_level?: string | null;
  developer_persona?: string | null;
};

function toState(u: UserObject) {
  return {
    user_id: u.id,
    email: u.email ?? null,
    role: u.role ?? null,
    technical_level: u.technical_level ?? null,
    developer_persona: u.developer_persona ?? null,
    name: u.name ?? null,
    added_at: u.added_at,
    created: u.created ?? null,
    is_default: u.is_default ?? null,
    is_service_account: u.is_service_account ?? null,
    is_scale_tier_authorized_purchaser: u.is_scale_tier_authorized_purchaser ?? null,
    is_scim_managed: u.is_scim_managed ?? null,
    api_key_last_used_at: u.api_key_last_used_at ?? null,
  };
}

/** The member with this email (emails are unique in an organization), or null. */
async function byEmail(ctx: HandlerContext, email: string): Promise<UserObject | null> {
  for await (const u of ctx.openai.admin.organization.users.list({ emails: [email], limit: 100 })) {
    if (u.email?.toLowerCase() === email.toLowerCase()) return u;
  }
  return null;
}

const has = (v: unknown): boolean => v !== undefined && v !== null;

export const organizationUser = defineResource({
  name: 'organization_user',
  description:
    'A member of the organization, managed from here (Admin API: needs an organization admin key). The API cannot ' +
    'add people to an organization (invite them with the `invite` resource; they join by accepting), so creating ' +
    'this resource adopts an existing member, chosen by exactly one of `user_id` and `email`, and applies the ' +
    'configured `role`, `technical_level` and `developer_persona` (unset: left as they are). These change in place; ' +
    'choosing another member replaces the resource. Deleting removes the member from the organization, with their ' +
    'organization role assignments and group memberships.',
  key: 'admin',
  properties: {
    user_id: p.string({
      description: 'The member to manage, by id (set this or `email`).',
      computed: true,
      replaceOnChange: true,
      pattern: USER_ID,
    }),
    email: p.string({
      description: 'The member to manage, by email address (set this or `user_id`).',
      computed: true,
      replaceOnChange: true,
      pattern: EMAIL,
    }),
    role: p.string({ description: 'The organization role: `owner` or `reader`. Unset: left as it is.', computed: true, enum: ROLES }),
    technical_level: p.string({ description: "The member's technical level, as their profile states it. Unset: left as it is.", computed: true }),
    developer_persona: p.string({ description: "The member's developer persona, as their profile states it. Unset: left as it is.", computed: true }),
    name: p.string({ description: 'The name of the member.', output: true }),
    added_at: p.integer({ description: 'Unix time (seconds) the member was added to the organization.', output: true, stable: true }),
    created: p.integer({ description: "Unix time (seconds) the member's account was created.", output: true }),
    is_default: p.bool({ description: 'Whether this organization is the default one of the member.', output: true }),
    is_service_account: p.bool({ description: 'Whether the member is a service account.', output: true }),
    is_scale_tier_authorized_purchaser: p.bool({ description: 'Whether the member may purchase Scale Tier capacity.', output: true }),
    is_scim_managed: p.bool({ description: 'Whether the member is managed through SCIM by an identity provider.', output: true }),
    api_key_last_used_at: p.integer({ description: "Unix time (seconds) one of the member's API keys was last used.", output: true }),
  },
  refine: (inputs) =>
    has(inputs['user_id']) === has(inputs['email'])
      ? [{ path: ['user_id'], message: `set exactly one of ${named('user_id')} and ${named('email')}: the organization member to manage` }]
      : [],
  import: importById('user-'),
  idParts: ['user_id'],
  dataSources: { listAttribute: 'users' },
  example: { email: 'jane@example.com', role: 'reader' },
  handlers: {
    async create(ctx, inputs) {
      const users = ctx.openai.admin.organization.users;
      // Nothing is created: the member is looked up (a lost answer is simply looked up again), then changed.
      const found = inputs.user_id ? await unlessNotFound(users.retrieve(inputs.user_id)) : await byEmail(ctx, inputs.email!);
      if (!found) {
        const which = inputs.user_id ? `${named('user_id')} '${inputs.user_id}'` : `${named('email')} '${inputs.email}'`;
        throw new OpenAIIacError(
          'validation',
          `${namedResource('organization_user')}: no member of the organization has ${which}. The API cannot add people to an ` +
            `organization: invite them (the ${namedResource('invite')} resource) and manage them here once they accept; set exactly ` +
            `one of ${named('user_id')} and ${named('email')}.`,
        );
      }
      const change = {
        ...(inputs.role && inputs.role !== found.role ? { role: inputs.role } : {}),
        ...(has(inputs.technical_level) && inputs.technical_level !== found.technical_level ? { technical_level: inputs.technical_level } : {}),
        ...(has(inputs.developer_persona) && inputs.developer_persona !== found.developer_persona
          ? { developer_persona: inputs.developer_persona }
          : {}),
      };
      const u: UserObject = Object.keys(change).length > 0 ? await users.update(found.id, change) : found;
      return { id: u.id, state: toState(u) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.admin.organization.users.retrieve(id));
    },
    async update(ctx, id, _olds, news, changed) {
      // Unset leaves a field as it is (the API cannot clear them).
      const body = {
        ...(changed.includes('role') && news.role ? { role: news.role } : {}),
        ...(changed.includes('technical_level') && has(news.technical_level) ? { technical_level: news.technical_level } : {}),
        ...(changed.includes('developer_persona') && has(news.developer_persona) ? { developer_persona: news.developer_persona } : {}),
      };
      const users = ctx.openai.admin.organization.users;
      return toState(Object.keys(body).length > 0 ? await users.update(id, body) : await users.retrieve(id));
    },
    async delete(ctx, id) {
      await ctx.openai.admin.organization.users.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const u of ctx.openai.admin.organization.users.list({ limit: 100 })) out.push({ id: u.id, state: toState(u) });
      return out;
    },
  },
});
