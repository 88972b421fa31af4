// The setting resources' one rule (resources/setting.ts) and the certificates, beyond the shared lifecycle:
// delete puts back exactly what create found (never a default), an imported setting is only forgotten, a
// certificate's activation round-trips for the organization and a project, and a listing pages past one page.
import type { Json, JsonObject } from '@openai-iac/core';
import { CERTIFICATE_A, CERTIFICATE_B } from '../../../bridge/conformance/certificates';
import { world, type World } from './harness';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w.emulator.close());

const org = () => w.admin.admin.organization;
const newProject = async (name: string) => (await org().projects.create({ name })).id;

/** What each setting resource reads live, for a project (or the organization). */
const live = {
  organization_data_retention: async () => (await org().dataRetention.retrieve()).type,
  project_data_retention: async (p: string) => (await org().projects.dataRetention.retrieve(p)).type,
  project_spend_limit: async (p: string) =>
    (
      await org()
        .projects.spendLimit.retrieve(p)
        .catch(() => null)
    )?.threshold_amount ?? 'none',
  project_model_permissions: async (p: string) => {
    const m = await org().projects.modelPermissions.retrieve(p);
    return `${m.mode}:${m.model_ids.join(',')}`;
  },
  project_hosted_tool_permissions: async (p: string) => (await org().projects.hostedToolPermissions.retrieve(p)).mcp.enabled,
};

type ProjectSetting = Exclude<keyof typeof live, 'organization_data_retention'>;
interface Row {
  type: ProjectSetting;
  /** Sets a value other than a fresh project's. */
  before(project: string): Promise<unknown>;
  inputs: JsonObject;
  was: Json;
  set: Json;
}
const rows: Row[] = [
  {
    type: 'project_data_retention',
    before: (p: string) => org().projects.dataRetention.update(p, { retention_type: 'none' }),
    inputs: { type: 'zero_data_retention' },
    was: 'none',
    set: 'zero_data_retention',
  },
  {
    type: 'project_spend_limit',
    before: (p: string) => org().projects.spendLimit.update(p, { threshold_amount: 3_000, currency: 'USD', interval: 'month' }),
    inputs: { threshold_amount: 9_000, currency: 'USD', interval: 'month' },
    was: 3_000,
    set: 9_000,
  },
  {
    type: 'project_model_permissions',
    before: (p: string) => org().projects.modelPermissions.update(p, { mode: 'deny_list', model_ids: ['gpt-4o-mini'] }),
    inputs: { mode: 'allow_list', model_ids: ['gpt-4o'] },
    was: 'deny_list:gpt-4o-mini',
    set: 'allow_list:gpt-4o',
  },
  {
    type: 'project_hosted_tool_permissions',
    before: (p: string) => org().projects.hostedToolPermissions.update(p, { mcp: { enabled: false } }),
    inputs: {
      code_interpreter_enabled: true,
      file_search_enabled: true,
      image_generation_enabled: true,
      mcp_enabled: true,
      web_search_enabled: true,
    },
    was: false,
    set: true,
  },
];

describe('delete restores the setting found at creation, never a default', () => {
  test.each(rows)('$type', async ({ type, before, inputs, was, set }) => {
    const project = await newProject(`restore ${type}`);
    await before(project); // a value other than a fresh project's: a delete writing a default cannot pass
    const read = live[type];
    const created = await w.provider.create(type, { project_id: project, ...inputs });
    expect(created.state['initial_setting']).not.toBeNull();
    expect(await read(project)).toEqual(set);
    await w.provider.delete(type, created.id, created.state);
    expect(await read(project)).toEqual(was);
  });

  test('organization_data_retention', async () => {
    await org().dataRetention.update({ retention_type: 'enhanced_zero_data_retention' });
    const created = await w.provider.create('organization_data_retention', { type: 'zero_data_retention' });
    expect(created.state['initial_setting']).toEqual({ retention_type: 'enhanced_zero_data_retention' });
    await w.provider.delete('organization_data_retention', created.id, created.state);
    expect(await live.organization_data_retention()).toBe('enhanced_zero_data_retention');
    await org().dataRetention.update({ retention_type: 'modified_abuse_monitoring' }); // the fresh organization's, for the tests after
  });

  test('where there was none, delete removes it: a spend limit, model permissions', async () => {
    const project = await newProject('restore to none');
    const limit = await w.provider.create('organization_spend_limit', { threshold_amount: 1_000, currency: 'USD', interval: 'month' });
    const models = await w.provider.create('project_model_permissions', { project_id: project, mode: 'allow_list', model_ids: ['gpt-4o'] });
    expect([limit.state['initial_setting'], models.state['initial_setting']]).toEqual(['none', 'none']);
    const before = w.emulator.requests.length;
    await w.provider.delete('organization_spend_limit', limit.id, limit.state);
    await w.provider.delete('project_model_permissions', models.id, models.state);
    const sent = w.emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(sent).toEqual(
      expect.arrayContaining(['DELETE /v1/organization/spend_limit', `DELETE /v1/organization/projects/${project}/model_permissions`]),
    );
    expect(sent.filter((r) => r.startsWith('POST'))).toEqual([]); // nothing written in their place
    await expect(org().spendLimit.retrieve()).rejects.toMatchObject({ status: 404 });
    expect(await live.project_model_permissions(project)).toBe('deny_list:');
  });
});

describe('after an import, delete leaves the live setting as it is', () => {
  test.each<[ProjectSetting, JsonObject, Json]>([
    ['project_spend_limit', { threshold_amount: 4_200, currency: 'USD', interval: 'month' }, 4_200],
    ['project_model_permissions', { mode: 'allow_list', model_ids: ['gpt-4o'] }, 'allow_list:gpt-4o'],
    ['project_data_retention', { type: 'zero_data_retention' }, 'zero_data_retention'],
  ])('%s', async (type, inputs, set) => {
    const project = await newProject(`import ${type}`);
    const created = await w.provider.create(type, { project_id: project, ...inputs });
    const imported = await w.provider.import(type, created.id, undefined);
    expect(imported.state['initial_setting'] ?? null).toBeNull(); // nothing on record
    w.lines.length = 0;
    const before = w.emulator.requests.length;
    await w.provider.delete(type, imported.id, imported.state);
    expect(w.emulator.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(w.lines.join('\n')).toContain('removing it from state only');
    expect(await live[type](project)).toEqual(set);
  });
});

describe('certificates', () => {
  const active = async (id: string) => {
    for await (const c of org().certificates.list()) if (c.id === id) return c.active;
    return undefined;
  };
  const activeIn = async (project: string, id: string) => {
    for await (const c of org().projects.certificates.list(project)) if (c.id === id) return c.active;
    return undefined;
  };

  test('activation round trip: the organization (active) and a project (project_certificate)', async () => {
    const cert = await w.provider.create('certificate', { certificate: CERTIFICATE_A, name: 'round trip', active: true });
    expect(cert.state).toMatchObject({ certificate_id: cert.id, active: true, name: 'round trip' });
    expect(cert.state['valid_at']).toBeLessThan(cert.state['expires_at'] as number);
    expect(await active(cert.id)).toBe(true);

    let state = await w.provider.update('certificate', cert.id, cert.state, { certificate: CERTIFICATE_A, name: 'round trip', active: false });
    expect(state['active']).toBe(false);
    expect(await active(cert.id)).toBe(false);
    state = await w.provider.update('certificate', cert.id, state, { certificate: CERTIFICATE_A, name: 'round trip', active: true });
    expect(await active(cert.id)).toBe(true);

    const project = await newProject('mtls round trip');
    const link = await w.provider.create('project_certificate', { project_id: project, certificate_id: cert.id });
    expect(link.id).toBe(`${project}/${cert.id}`);
    expect(await activeIn(project, cert.id)).toBe(true);
    // the API refuses to delete a certificate a project still uses: the error says so
    await expect(w.provider.delete('certificate', cert.id, state)).rejects.toThrow(/deactivate it/);
    await w.provider.delete('project_certificate', link.id, link.state);
    expect(await activeIn(project, cert.id)).toBe(false);
    expect(await w.provider.read('project_certificate', link.id, link.state)).toBeNull();

    // deleting an active certificate deactivates it first
    await w.provider.delete('certificate', cert.id, state);
    await expect(org().certificates.retrieve(cert.id)).rejects.toMatchObject({ status: 404 });
  });

  test('import reads the PEM content back, so the configuration plans no change', async () => {
    const cert = await w.provider.create('certificate', { certificate: CERTIFICATE_B });
    const imported = await w.provider.import('certificate', cert.id, undefined);
    expect(imported.inputs['certificate']).toBe(CERTIFICATE_B);
    expect(w.provider.diff('certificate', imported.state, { certificate: CERTIFICATE_B }).changed).toEqual([]);
    await w.provider.delete('certificate', cert.id, cert.state);
  });

  test('the API refuses what is not a certificate, and so does the emulator', async () => {
    await expect(org().certificates.create({ certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' })).rejects.toMatchObject({
      status: 400,
    });
  });

  test('the list pages past one page: every certificate of more than 20', async () => {
    const uploaded = new Set<string>();
    for (let i = 0; i < 23; i++)
      uploaded.add((await org().certificates.create({ certificate: i % 2 ? CERTIFICATE_A : CERTIFICATE_B, name: `bulk ${i}` })).id);
    const before = w.emulator.requests.length;
    const listed = await w.provider.list('certificate', {});
    const pages = w.emulator.requests.slice(before).filter((r) => r.method === 'GET' && r.path === '/v1/organization/certificates');
    expect(pages.length).toBeGreaterThan(1);
    expect(new Set(listed.map((c) => c.id))).toEqual(uploaded);
    for (const id of uploaded) await org().certificates.delete(id);
  });
});
