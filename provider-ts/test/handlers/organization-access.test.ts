// Organization access (organization_user, role, user_role, group, group_user, group_role) beyond the shared
// lifecycle: adopting members, lists longer than one page, and what removing a member or a group takes with it.
import { ROUTES } from '../../../emulator/src/routes/index';
import type { Handler } from '../../../emulator/src/routes/types';
import { overrideHandler } from '../../../emulator/src/testing';
import { spellNames } from '@openai-iac/core';
import { world, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w.emulator.close());

const org = () => w.admin.admin.organization;
const seed = (email: string, role?: 'owner' | 'reader') => w.emulator.addUser({ email, ...(role ? { role } : {}) })['id'] as string;

/** The emulator's own handler of an operation. */
const handlerOf = (method: string, path: string): Handler => ROUTES.find((r) => r.method === method && r.path === path)!.handler;

describe('organization_user', () => {
  test('adopts a member by email or by id and applies the configured role; an unknown member is a clear error', async () => {
    const id = seed('ines@example.com');
    const byEmail = await w.provider.create('organization_user', { email: 'ines@example.com', role: 'owner' });
    expect(byEmail.id).toBe(id);
    expect(byEmail.state).toMatchObject({ user_id: id, email: 'ines@example.com', role: 'owner' });
    expect((await org().users.retrieve(id)).role).toBe('owner');
    // unset role: left as it is
    const byId = await w.provider.create('organization_user', { user_id: id });
    expect(byId.state).toMatchObject({ user_id: id, role: 'owner' });

    const before = w.emulator.requests.length;
    const refused = (inputs: Record<string, string>) =>
      w.provider.create('organization_user', inputs).then(
        () => 'created',
        (e: Error) => spellNames(e.message, 'terraform'),
      );
    expect(await refused({ email: 'nobody@example.com' })).toMatch(
      /^`openai_organization_user`: no member of the organization has `email` 'nobody@example\.com'.*invite them \(the `openai_invite` resource\)/,
    );
    expect(await refused({ user_id: 'user-nobody' })).toMatch(/no member of the organization has `user_id` 'user-nobody'/);
    // looked up, never created or changed
    expect(w.emulator.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  test('deleting removes the member from the organization, with their role assignments and group memberships', async () => {
    const id = seed('omar@example.com');
    const u = await w.provider.create('organization_user', { user_id: id });
    const role = await w.provider.create('role', { role_name: 'Omar auditor', permissions: ['api.organization.read'] });
    const g = await w.provider.create('group', { name: 'omar team' });
    const assigned = await w.provider.create('user_role', { user_id: id, role_id: role.id });
    const member = await w.provider.create('group_user', { group_id: g.id, user_id: id });
    await w.provider.delete('organization_user', u.id, u.state);
    expect(await w.provider.read('organization_user', u.id, u.state)).toBeNull();
    expect(await w.provider.read('user_role', assigned.id, assigned.state)).toBeNull();
    expect(await w.provider.read('group_user', member.id, member.state)).toBeNull();
    expect((await org().groups.users.list(g.id)).data).toEqual([]);
  });
});

describe('lists past one page', () => {
  test('the group list handler follows `next` through every page', async () => {
    const made: string[] = [];
    for (let i = 0; i < 25; i++) made.push((await org().groups.create({ name: `paged ${i}` })).id);
    // The API serves at most 10 groups a page here, whatever the handler asks for: 25 groups are 3 pages.
    const list = handlerOf('get', '/organization/groups');
    const restore = overrideHandler(w.emulator, 'GET', '/organization/groups', (ctx) => list({ ...ctx, query: { ...ctx.query, limit: 10 } }));
    try {
      const before = w.emulator.requests.length;
      const listed = await w.provider.list('group', {});
      expect(listed.map((g) => g.id)).toEqual(expect.arrayContaining(made));
      expect(new Set(listed.map((g) => g.id)).size).toBe(listed.length);
      expect(w.emulator.requests.length - before).toBeGreaterThanOrEqual(3);
      const one = listed.find((g) => g.id === made[24]);
      expect(one?.state).toMatchObject({ name: 'paged 24', group_id: made[24], is_scim_managed: false, group_type: 'group' });
    } finally {
      restore();
    }
  });

  test('role assignments of a group and its members list in full as well', async () => {
    const g = (await org().groups.create({ name: 'big' })).id;
    const users = Array.from({ length: 22 }, (_, i) => seed(`member${i}@example.com`));
    for (const u of users) await org().groups.users.create(g, { user_id: u });
    const members = await w.provider.list('group_user', { group_id: g });
    expect(members.map((m) => m.id).sort()).toEqual(users.map((u) => `${g}/${u}`).sort());
    const roles = await w.provider.list('role', {});
    expect(roles.filter((r) => r.state['predefined_role'] === true).map((r) => r.state['role_name'])).toEqual(['owner', 'reader']);
  });
});
