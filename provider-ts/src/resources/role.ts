import type { Role } from 'openai/resources/admin/organization/roles';
import { defineResource, p } from '../spec/define';
import { answerFor, importById } from './common';

const has = (v: unknown): boolean => v !== undefined && v !== null;

function toState(r: Role) {
  return {
    role_name: r.name,
    permissions: r.permissions,
    description: r.description ?? null,
    role_id: r.id,
    name: r.name,
    predefined_role: r.predefined_role,
    resource_type: r.resource_type,
  };
}

/** A permission as the API names them (`api.organization.read`, `api.groups.write` …). */
const PERMISSION = { regex: '[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+', says: 'a permission such as `api.organization.read`' };

export const role = defineResource({
  name: 'role',
  description:
    'A custom role of the organization: a named set of permissions that can be assigned to users (`user_role`) and ' +
    'groups (`group_role`) (Admin API: needs an organization admin key). Its name, permissions and description change ' +
    'in place. Role names are unique in the organization. Deleting the role removes it from every user and group ' +
    'it was assigned to. The predefined roles (`predefined_role`) are managed by OpenAI: read them with the data sources.',
  key: 'admin',
  properties: {
    role_name: p.string({ description: 'The name of the role, unique in the organization.', required: true, minLength: 1 }),
    permissions: p.list(p.string({ description: 'A permission.', pattern: PERMISSION }), {
      description: 'The permissions the role grants, e.g. `api.organization.read`.',
      required: true,
    }),
    description: p.string({ description: 'What the role is for.' }),
    role_id: p.string({ description: 'The id of the role (`role_…`), the same as `id`.', output: true }),
    name: p.string({ description: 'The name of the role, the same as `role_name` (the official `openai_roles` list names it so).', output: true }),
    predefined_role: p.bool({ description: 'Whether OpenAI manages the role (always false for a role made here).', output: true }),
    resource_type: p.string({ description: 'What the role applies to: `api.organization` for organization roles.', output: true }),
  },
  import: importById('role_'),
  idParts: ['role_id'],
  dataSources: { listAttribute: 'roles' },
  example: { role_name: 'Group Manager', permissions: ['api.groups.read', 'api.groups.write'], description: 'Manages the groups' },
  handlers: {
    async create(ctx, inputs) {
      const roles = ctx.openai.admin.organization.roles;
      const body = {
        role_name: inputs.role_name,
        permissions: inputs.permissions,
        ...(has(inputs.description) ? { description: inputs.description } : {}),
      };
      // Names are unique in an organization: after a lost answer the role is found by its name.
      const r = await ctx.createOnce((opts) => roles.create(body, opts), {
        find: async () => {
          const out: Role[] = [];
          for await (const x of roles.list({ limit: 1000 })) if (x.name === inputs.role_name && !x.predefined_role) out.push(x);
          return out;
        },
      });
      return { id: r.id, state: toState(r) };
    },
    async read(ctx, id) {
      return toState(answerFor('role', id, await ctx.openai.admin.organization.roles.retrieve(id)));
    },
    async update(ctx, id, _olds, news, changed) {
      const r = await ctx.openai.admin.organization.roles.update(id, {
        ...(changed.includes('role_name') ? { role_name: news.role_name } : {}),
        ...(changed.includes('permissions') ? { permissions: news.permissions } : {}),
        ...(changed.includes('description') ? { description: news.description ?? null } : {}),
      });
      return toState(r);
    },
    async delete(ctx, id) {
      await ctx.openai.admin.organization.roles.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const r of ctx.openai.admin.organization.roles.list({ limit: 1000 })) out.push({ id: r.id, state: toState(r) });
      return out;
    },
  },
});
