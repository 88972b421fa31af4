// Organization access: roles, groups, their members and role assignments, and seeding users (/__emulator/users).

import { apiError, harness, raw, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

const org = () => h.admin.admin.organization;

async function seedUser(email: string): Promise<{ id: string; email: string }> {
  const res = await raw(h.emulator, 'POST', '/__emulator/users', { key: null, body: { email, name: 'Ada' } });
  expect(res.status).toBe(200);
  return res.body as { id: string; email: string };
}

describe('roles', () => {
  it('seeds the predefined roles, creates, updates and deletes custom ones; predefined ones are read-only', async () => {
    const listed = [];
    for await (const r of org().roles.list()) listed.push(r);
    expect(listed.map((r) => [r.name, r.predefined_role, r.resource_type])).toEqual([
      ['owner', true, 'api.organization'],
      ['reader', true, 'api.organization'],
    ]);
    expect(listed[0]!.id).toMatch(/^role_[0-9A-HJKMNP-TV-Z]{26}$/);
    const role = await org().roles.create({ role_name: 'Group Manager', permissions: ['api.groups.read', 'api.groups.write'] });
    expect(role.id).toMatch(/^role_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(role).toEqual({
      object: 'role',
      id: role.id,
      name: 'Group Manager',
      description: null,
      permissions: ['api.groups.read', 'api.groups.write'],
      resource_type: 'api.organization',
      predefined_role: false,
    });
    expect((await apiError(org().roles.create({ role_name: 'Group Manager', permissions: [] }))).status).toBe(400);
    expect((await org().roles.update(role.id, { description: 'manages groups' })).description).toBe('manages groups');
    expect((await apiError(org().roles.update(listed[0]!.id, { role_name: 'x' }))).status).toBe(400);
    expect((await apiError(org().roles.delete(listed[1]!.id))).status).toBe(400);
    expect(await org().roles.delete(role.id)).toEqual({ object: 'role.deleted', id: role.id, deleted: true });
    expect((await apiError(org().roles.retrieve(role.id))).status).toBe(404);
  });
});

describe('groups', () => {
  it('creates, renames, lists past a page and deletes groups; deleting drops memberships and role assignments', async () => {
    const g = await org().groups.create({ name: 'Support' });
    expect(g.id).toMatch(/^group_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(g).toEqual({ id: g.id, name: 'Support', created_at: expect.any(Number), is_scim_managed: false, group_type: 'group' });
    expect((await org().groups.update(g.id, { name: 'Escalations' })).name).toBe('Escalations');
    for (let i = 0; i < 3; i++) await org().groups.create({ name: `g${i}` });
    const first = await org().groups.list({ limit: 2 });
    expect(first.has_more).toBe(true);
    expect(first.next).toBe(first.data[1]!.id);
    const all = [];
    for await (const x of org().groups.list({ limit: 2 })) all.push(x.name);
    expect(all).toEqual(['Escalations', 'g0', 'g1', 'g2']);

    const user = await seedUser('ada@example.com');
    expect(await org().groups.users.create(g.id, { user_id: user.id })).toEqual({ object: 'group.user', user_id: user.id, group_id: g.id });
    expect((await apiError(org().groups.users.create(g.id, { user_id: user.id }))).status).toBe(400);
    expect((await apiError(org().groups.users.create(g.id, { user_id: 'user-nobody' }))).status).toBe(404);
    expect((await org().groups.users.list(g.id)).data).toEqual([{ id: user.id, name: 'Ada', email: 'ada@example.com' }]);
    expect((await org().groups.users.retrieve(user.id, { group_id: g.id })).user_type).toBe('user');

    const [owner] = (await org().roles.list()).data;
    const assigned = await org().groups.roles.create(g.id, { role_id: owner!.id });
    expect(assigned).toMatchObject({ object: 'group.role', group: { object: 'group', id: g.id, scim_managed: false }, role: { id: owner!.id } });
    expect((await apiError(org().groups.roles.create(g.id, { role_id: owner!.id }))).status).toBe(400);
    expect((await org().groups.roles.retrieve(owner!.id, { group_id: g.id })).predefined_role).toBe(true);
    expect(h.emulator.counts()).toMatchObject({ groups: 4, group_users: 1, group_roles: 1 });

    expect(await org().groups.delete(g.id)).toEqual({ object: 'group.deleted', id: g.id, deleted: true });
    expect(h.emulator.counts()).toMatchObject({ groups: 3, group_users: 0, group_roles: 0 });
  });
});

describe('user roles and seeded users', () => {
  it('assigns organization roles to users; removing the user drops its assignments and memberships', async () => {
    const user = await seedUser('grace@example.com');
    expect(user).toMatchObject({ object: 'organization.user', email: 'grace@example.com', role: 'reader' });
    expect((await raw(h.emulator, 'POST', '/__emulator/users', { key: null, body: { email: 'grace@example.com' } })).status).toBe(400);
    expect((await org().users.retrieve(user.id)).email).toBe('grace@example.com');
    // modify-user sets the profile fields too; unset leaves them (and the role) as they are
    const changed = await org().users.update(user.id, { technical_level: 'expert', developer_persona: 'builder' });
    expect(changed).toMatchObject({ role: 'reader', technical_level: 'expert', developer_persona: 'builder', is_scim_managed: false });
    expect(await org().users.update(user.id, { role: 'owner' })).toMatchObject({ role: 'owner', technical_level: 'expert' });
    const role = await org().roles.create({ role_name: 'Auditor', permissions: ['api.organization.read'] });
    const a = await org().users.roles.create(user.id, { role_id: role.id });
    expect(a).toMatchObject({ object: 'user.role', user: { id: user.id }, role: { id: role.id } });
    expect((await apiError(org().users.roles.create(user.id, { role_id: role.id }))).status).toBe(400);
    expect((await apiError(org().users.roles.create('user-missing', { role_id: role.id }))).status).toBe(404);
    expect((await org().users.roles.list(user.id)).data.map((r) => r.id)).toEqual([role.id]);
    const g = await org().groups.create({ name: 'Ops' });
    await org().groups.users.create(g.id, { user_id: user.id });
    expect(h.emulator.counts()).toMatchObject({ user_roles: 1, group_users: 1 });
    await org().users.delete(user.id);
    expect(h.emulator.counts()).toMatchObject({ user_roles: 0, group_users: 0 });

    const other = await seedUser('lin@example.com');
    await org().users.roles.create(other.id, { role_id: role.id });
    await org().roles.delete(role.id);
    expect(h.emulator.counts()).toMatchObject({ user_roles: 0 });
    expect((await org().users.roles.list(other.id)).data).toEqual([]);
  });
});
