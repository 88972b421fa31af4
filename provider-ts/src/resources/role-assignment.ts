// What the organization's role assignments (user_role, group_role; project_group_role alike) show of their role.
import type { Role } from 'openai/resources/admin/organization/roles';
import { p } from '../spec/define';

/** A role as an assignment shows it (the create's `Role` or a retrieve's `AssignedRoleDetails`). */
export type RoleLike = Pick<Role, 'id' | 'name' | 'description' | 'permissions' | 'predefined_role' | 'resource_type'>;

export const roleOutputs = {
  name: p.string({ description: 'The name of the role.', output: true }),
  description: p.string({ description: 'The description of the role.', output: true }),
  permissions: p.list(p.string({ description: 'A permission.' }), { description: 'The permissions the role grants.', output: true }),
  predefined_role: p.bool({ description: 'Whether OpenAI manages the role.', output: true }),
  resource_type: p.string({ description: 'What the role applies to (`api.organization`).', output: true }),
};

export const roleState = (r: RoleLike) => ({
  role_id: r.id,
  name: r.name,
  description: r.description ?? null,
  permissions: r.permissions,
  predefined_role: r.predefined_role,
  resource_type: r.resource_type,
});
