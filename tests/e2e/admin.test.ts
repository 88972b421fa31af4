// A representative admin stack on the real Pulumi engine (tests/e2e/programs/admin): a project with its members,
// groups, custom roles and their assignments, a service account with a second key, an admin key, spend controls,
// data retention, model and tool permissions and a certificate — up, an empty preview, an in-place change, and
// destroy back to what the organization had, the settings restored rather than reset.
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { CERTIFICATE_A } from '../../bridge/conformance/certificates';
import { api, Workspace, type Stack } from './harness';

jest.setTimeout(600_000);

const KINDS = [
  'projects',
  'users',
  'groups',
  'group_users',
  'group_roles',
  'roles',
  'user_roles',
  'admin_api_keys',
  'certificates',
  'project_certificates',
  'project_groups',
  'project_group_roles',
  'project_user_roles',
] as const;

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let baseline: Record<string, number>;
let userIds: string[];

const counts = () => Object.fromEntries(KINDS.map((k) => [k, emu.counts()[k] ?? 0]));

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true });
  userIds = ['lead', 'dev', 'auditor'].map((n) => (emu.addUser({ email: `${n}@example.com`, name: n }) as { id: string }).id);
  baseline = counts();
  ws = await Workspace.create();
  stack = await ws.stack('admin', 'admin', {
    'openai:baseUrl': emu.url,
    'openai:apiKey': { secret: emu.projectKey },
    'openai:adminApiKey': { secret: emu.adminKey },
    userIds: JSON.stringify(userIds),
    certificate: { secret: CERTIFICATE_A },
  });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

let projectId: string;

test('pulumi up governs the organization: every object made once, each setting applied', async () => {
  await stack.up();
  const out = await stack.outputs();
  projectId = String(out['projectId']);
  expect(counts()).toEqual({
    ...baseline,
    projects: baseline['projects']! + 1,
    groups: baseline['groups']! + 1,
    group_users: baseline['group_users']! + 1,
    group_roles: baseline['group_roles']! + 1,
    user_roles: baseline['user_roles']! + 1,
    admin_api_keys: baseline['admin_api_keys']! + 1,
    certificates: baseline['certificates']! + 1,
    project_certificates: baseline['project_certificates']! + 1,
    roles: baseline['roles']! + 2, // the organization's custom role and the project's
    project_groups: baseline['project_groups']! + 1,
    project_group_roles: baseline['project_group_roles']! + 2, // the role it joined with, and one more
    project_user_roles: baseline['project_user_roles']! + 1,
  });
  const admin = emu.adminKey;
  expect(await api(emu, 'GET', `/organization/users/${userIds[0]}`, admin)).toMatchObject({ role: 'owner' });
  expect(await api(emu, 'GET', `/organization/projects/${projectId}/users/${userIds[1]}`, admin)).toMatchObject({ role: 'member' });
  const accounts = await api<{ data: { name: string }[] }>(emu, 'GET', `/organization/projects/${projectId}/service_accounts`, admin);
  expect(accounts.data.map((a) => a.name)).toEqual(['deployer']);
  expect(await api(emu, 'GET', `/organization/projects/${projectId}/spend_limit`, admin)).toMatchObject({ threshold_amount: 50_000 });
  expect(await api(emu, 'GET', `/organization/projects/${projectId}/data_retention`, admin)).toMatchObject({ type: 'zero_data_retention' });
  expect(await api(emu, 'GET', `/organization/projects/${projectId}/model_permissions`, admin)).toMatchObject({
    mode: 'allow_list',
    model_ids: ['gpt-4o', 'gpt-4o-mini'],
  });
  // the keys' values are secret outputs: readable through Pulumi, never in plaintext in the state
  const state = await stack.exportText();
  for (const name of ['rotationKey', 'automationKey']) {
    expect(String(out[name])).toMatch(/^\[secret\]$|^sk-/);
  }
  const values = (await stack.pulumi(['stack', 'output', '--json', '--show-secrets'])).stdout;
  const keys = Object.values(JSON.parse(values) as Record<string, string>).filter((v) => v.startsWith('sk-'));
  expect(keys).toHaveLength(2);
  for (const k of keys) expect(state).not.toContain(k);
});

test('a second preview plans no change', async () => {
  const p = await stack.preview('--expect-no-changes');
  expect(p.changes).toEqual({ same: expect.any(Number) });
});

test('a new budget changes the spend limit and the alert in place, and nothing else', async () => {
  await stack.setConfig('budget', '80000');
  const p = await stack.preview();
  const changed = Object.entries(p.steps)
    .filter(([, s]) => s.op !== 'same')
    .map(([name, s]) => `${name}: ${s.op}`)
    .sort();
  expect(changed).toEqual(['cap: update', 'warn: update']);
  await stack.up();
  expect(await api(emu, 'GET', `/organization/projects/${projectId}/spend_limit`, emu.adminKey)).toMatchObject({ threshold_amount: 80_000 });
});

test('pulumi destroy leaves the organization as it was (the adopted member removed, as documented)', async () => {
  await stack.destroy();
  expect(counts()).toEqual({
    ...baseline,
    users: baseline['users']! - 1, // organization_user's delete removes the member it took over
  });
  expect(emu.counts()['projects']).toBe(baseline['projects']);
});
