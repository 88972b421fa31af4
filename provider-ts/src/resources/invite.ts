import type { Invite, InviteCreateParams } from 'openai/resources/admin/organization/invites';
import { defineResource, p } from '../spec/define';
import { EMAIL, findSince, importById, PROJECT_ID } from './common';

function toState(i: Invite) {
  return {
    invite_id: i.id,
    email: i.email,
    role: i.role,
    projects: i.projects.map((pr) => ({ id: pr.id, role: pr.role })),
    status: i.status,
    created_at: i.created_at,
    expires_at: i.expires_at ?? null,
    accepted_at: i.accepted_at ?? null,
  };
}

export const invite = defineResource({
  name: 'invite',
  description:
    'An invitation to join the organization, sent by email (Admin API: needs an organization admin key). Invites ' +
    'cannot be changed: any change replaces the invite (the old one is revoked, a new email is sent). An expired ' +
    'invite reads as gone, so the next apply sends a new one. Once accepted, the person is an organization member: ' +
    'deleting the invite then only removes it from state (the API cannot revoke an accepted invite; remove the ' +
    'member in the dashboard).',
  key: 'admin',
  properties: {
    email: p.string({
      description: 'The email address to invite.',
      required: true,
      pattern: EMAIL,
    }),
    role: p.string({ description: 'The organization role: `reader` or `owner`.', required: true, enum: ['reader', 'owner'] }),
    projects: p.list(
      p.object(
        {
          id: p.string({ description: 'The project.', required: true, pattern: PROJECT_ID }),
          role: p.string({ description: 'The project role: `member` or `owner`.', required: true, enum: ['member', 'owner'] }),
        },
        { description: 'A project membership' },
      ),
      {
        description:
          'Projects the person joins on accepting. When unset, OpenAI adds them to the default project; an empty list ' + 'adds them to none.',
        computed: true,
      },
    ),
    invite_id: p.string({ description: 'The id of the invite (the same as `id`).', output: true, stable: true }),
    status: p.string({ description: '`pending`, `accepted` or `expired`.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the invite was sent.', output: true, stable: true }),
    expires_at: p.integer({ description: 'Unix time (seconds) the invite expires.', output: true }),
    accepted_at: p.integer({ description: 'Unix time (seconds) the invite was accepted, if it was.', output: true }),
  },
  unsupported: {
    name: 'is not part of an invite: the invited person sets their own name when accepting',
  },
  import: importById('invite-'),
  idParts: ['invite_id'],
  dataSources: { listAttribute: 'invites' },
  example: { email: 'jane@example.com', role: 'reader', projects: [{ id: '${project.id}', role: 'member' }] },
  handlers: {
    async create(ctx, inputs) {
      const body: InviteCreateParams = {
        email: inputs.email,
        role: inputs.role,
        // An empty list means "no project" to the API, unlike an absent one: sent as configured.
        ...(Array.isArray(inputs.projects) ? { projects: inputs.projects } : {}),
      };
      const i = await ctx.createOnce((opts) => ctx.openai.admin.organization.invites.create(body, opts), {
        find: (since) =>
          findSince(
            ctx.openai.admin.organization.invites.list({ limit: 100 }),
            since,
            (x) => x.email === body.email && x.status === 'pending',
            'any',
          ),
      });
      return { id: i.id, state: toState(i) };
    },
    async read(ctx, id) {
      const i = await ctx.openai.admin.organization.invites.retrieve(id);
      if (i.status === 'expired') {
        ctx.debug(`invite ${id} expired: treating it as gone`);
        return null;
      }
      return toState(i);
    },
    async delete(ctx, id) {
      const i = await ctx.openai.admin.organization.invites.retrieve(id);
      if (i.status === 'accepted') {
        ctx.debug(`invite ${id} was accepted and cannot be revoked; removing it from state only`);
        return;
      }
      await ctx.openai.admin.organization.invites.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const i of ctx.openai.admin.organization.invites.list({ limit: 100 })) out.push({ id: i.id, state: toState(i) });
      return out;
    },
  },
});
