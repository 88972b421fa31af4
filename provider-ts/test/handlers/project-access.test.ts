// Project roles, and the roles of a project's users and groups, through the core and the SDK against the emulator:
// listings past one page, and what goes when a parent goes (a member leaves, a group or a custom role is deleted).
import type { JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w.emulator.close());

const admin = () => w.admin.admin.organization;
const newProject = async (name: string) => (await admin().projects.create({ name })).id;
const owner = async () => (await admin().users.list()).data[0]!.id;
const create = async (type: string, raw: JsonObject) => {
  const { inputs, failures } = w.provider.check(type, raw);
  expect(failures).toEqual([]);
  return w.provider.create(type, inputs as JsonObject);
};

test('project roles: a listing past one page gets every role, predefined and custom', async () => {
  const project = await newProject('many roles');
  const made: string[] = [];
  for (let i = 0; i < 105; i++) {
    made.push((await admin().projects.roles.create(project, { role_name: `role ${i}`, permissions: ['api.project.read'] })).id);
  }
  const before = w.emulator.requests.length;
  const listed = await w.provider.list('project_role', { project_id: project });
  const pages = w.emulator.requests.slice(before).filter((r) => r.method === 'GET' && r.path === `/v1/projects/${project}/roles`);
  expect(pages.length).toBeGreaterThan(1); // more than one page was read
  const ids = listed.map((r) => r.id);
  expect(new Set(ids).size).toBe(108);
  expect(ids).toEqual(expect.arrayContaining(made.map((id) => `${project}/${id}`)));
  expect(ids).toEqual(expect.arrayContaining(['owner', 'member', 'viewer'].map((n) => `${project}/role-api-project-${n}`)));
  expect(listed.find((r) => r.id === `${project}/${made[42]}`)!.state).toMatchObject({ role_name: 'role 42', predefined_role: false });
});

test("project user roles: a member's roles go when they leave the project, and when a custom role is deleted", async () => {
  const project = await newProject('members');
  const user = await owner();
  await admin().projects.users.create(project, { user_id: user, role: 'member' });
  const role = await create('project_role', { project_id: project, role_name: 'auditor', permissions: ['api.project.read'] });
  const custom = await create('project_user_role', { project_id: project, user_id: user, role_id: role.state['role_id'] as string });
  const viewer = await create('project_user_role', { project_id: project, user_id: user, role_id: 'role-api-project-viewer' });
  expect(custom.id).toBe(`${project}/${user}/${role.state['role_id'] as string}`);
  expect((await w.provider.list('project_user_role', { project_id: project, user_id: user })).map((r) => r.id).sort()).toEqual(
    [custom.id, viewer.id].sort(),
  );

  await w.provider.delete('project_role', role.id, role.state);
  expect(await w.provider.read('project_user_role', custom.id, custom.state)).toBeNull();
  expect(await w.provider.read('project_user_role', viewer.id, viewer.state)).not.toBeNull();

  await admin().projects.users.delete(user, { project_id: project });
  await admin().projects.users.create(project, { user_id: user, role: 'member' });
  expect(await w.provider.read('project_user_role', viewer.id, viewer.state)).toBeNull(); // back in the project, without it
  expect(w.emulator.counts()['project_user_roles']).toBe(0);
});

test('project roles: the predefined roles can be neither changed, deleted nor named again; an archived project takes no new role', async () => {
  const project = await newProject('predefined');
  const roles = admin().projects.roles;
  await expect(roles.delete('role-api-project-member', { project_id: project })).rejects.toMatchObject({ status: 400 });
  await expect(roles.update('role-api-project-owner', { project_id: project, role_name: 'boss' })).rejects.toMatchObject({ status: 400 });
  await expect(roles.create(project, { role_name: 'viewer', permissions: ['api.project.read'] })).rejects.toMatchObject({ status: 400 });
  await roles.create(project, { role_name: 'ops', permissions: ['api.project.read'] });
  await expect(roles.create(project, { role_name: 'ops', permissions: ['api.project.read'] })).rejects.toMatchObject({ status: 400 });
  await admin().projects.archive(project);
  await expect(roles.create(project, { role_name: 'late', permissions: ['api.project.read'] })).rejects.toMatchObject({ status: 400 });
});

test("project groups: the group's access and roles in a project go with the group", async () => {
  const project = await newProject('groups');
  const group = (await admin().groups.create({ name: 'support' })).id;
  const access = await create('project_group', { project_id: project, group_id: group, role: 'role-api-project-member' });
  expect(access.id).toBe(`${project}/${group}/role-api-project-member`);
  const extra = await create('project_group_role', { project_id: project, group_id: group, role_id: 'role-api-project-viewer' });
  // The get data source reads the access by project and group: its role is the one the group was added with.
  expect((await w.provider.read('project_group', `${project}/${group}`, undefined))!.state).toMatchObject({ role: 'role-api-project-member' });
  expect((await w.provider.list('project_group', { project_id: project })).map((g) => g.id)).toEqual([access.id]);
  expect((await w.provider.list('project_group_role', { project_id: project, group_id: group })).map((r) => r.id).sort()).toEqual(
    [`${project}/${group}/role-api-project-member`, extra.id].sort(),
  );

  await admin().groups.delete(group);
  expect(await w.provider.read('project_group', access.id, access.state)).toBeNull();
  expect(await w.provider.read('project_group_role', extra.id, extra.state)).toBeNull();
  expect(w.emulator.counts()).toMatchObject({ project_groups: 0, project_group_roles: 0 });
});

test('project group roles: a group must have access to the project first', async () => {
  const project = await newProject('no access');
  const group = (await admin().groups.create({ name: 'outsiders' })).id;
  await expect(create('project_group_role', { project_id: project, group_id: group, role_id: 'role-api-project-viewer' })).rejects.toThrow(
    /404|No group/,
  );
});

describe('a create whose answer is lost after the API applied it is found again, never resent', () => {
  let slow: World;
  beforeAll(async () => {
    slow = await world({ requestTimeout: 1 });
  });
  afterAll(async () => slow.emulator.close());

  test.each([
    ['project_role', /^\/v1\/projects\/[^/]+\/roles$/, 'roles'],
    ['project_group', /^\/v1\/organization\/projects\/[^/]+\/groups$/, 'project_groups'],
    ['project_user_role', /^\/v1\/projects\/[^/]+\/users\/[^/]+\/roles$/, 'project_user_roles'],
  ])('%s', async (type, path, count) => {
    const org = slow.admin.admin.organization;
    const project = (await org.projects.create({ name: `lost ${type}` })).id;
    const user = (await org.users.list()).data[0]!.id;
    await org.projects.users.create(project, { user_id: user, role: 'member' });
    const group = (await org.groups.create({ name: `lost ${type}` })).id;
    const raw: Record<string, JsonObject> = {
      project_role: { project_id: project, role_name: 'lost once', permissions: ['api.project.read'] },
      project_group: { project_id: project, group_id: group, role: 'role-api-project-viewer' },
      project_user_role: { project_id: project, user_id: user, role_id: 'role-api-project-viewer' },
    };
    const before = slow.emulator.counts()[count]!;
    slow.emulator.faults.inject({ method: 'POST', path, kind: 'timeout_after_apply', hangMs: 3000 });
    const { inputs } = slow.provider.check(type, raw[type]!);
    const created = await slow.provider.create(type, inputs as JsonObject);
    expect(slow.emulator.counts()[count]).toBe(before + 1);
    expect(slow.emulator.requests.filter((r) => r.method === 'POST' && path.test(r.path))).toHaveLength(1);
    expect((await slow.provider.read(type, created.id, created.state))!.id).toBe(created.id);
  });
});
