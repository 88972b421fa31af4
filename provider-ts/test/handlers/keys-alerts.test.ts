// What admin keys, service account keys and spend alerts do beyond the shared lifecycle (lifecycle.test.ts runs
// that from bridge/conformance/scenarios.ts), through the real SDK against the emulator: a key's value is kept from
// the create on and works (and stops working once revoked), a lost create answer makes no second key or alert, and
// every list is read past its first page.
import OpenAI from 'openai';
import type { JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

const ALERT = {
  threshold_amount: 100_000,
  currency: 'USD',
  interval: 'month',
  notification_channel_type: 'email',
  notification_channel_recipients: ['finance@example.com'],
};
const ALERT_BODY = {
  threshold_amount: 100_000,
  currency: 'USD' as const,
  interval: 'month' as const,
  notification_channel: { type: 'email' as const, recipients: ['finance@example.com'] },
};

const newProject = async (w: World, name: string) => (await w.admin.admin.organization.projects.create({ name })).id;
const adminClient = (w: World, key: string) => new OpenAI({ apiKey: null, adminAPIKey: key, baseURL: w.emulator.url, maxRetries: 0 });
const projectClient = (w: World, key: string) => new OpenAI({ apiKey: key, baseURL: w.emulator.url, maxRetries: 0 });
const posts = (w: World, path: RegExp) => w.emulator.requests.filter((r) => r.method === 'POST' && path.test(r.path)).length;

async function make(w: World, type: string, raw: JsonObject, progress?: string[]) {
  const { inputs, failures } = w.provider.check(type, raw);
  expect(failures).toEqual([]);
  return w.provider.create(type, inputs as JsonObject, progress ? { progress: (m) => progress.push(m) } : {});
}

describe('keys and spend alerts', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());
  beforeEach(() => w.emulator.faults.clear());

  test('admin key: the value from the create works, survives a refresh, is never logged, and stops working once deleted', async () => {
    const key = await make(w, 'admin_api_key', { name: 'automation', expires_in_seconds: 3600 });
    const value = key.state['value'] as string;
    expect(value).toMatch(/^sk-admin-[A-Za-z0-9]{48}$/);
    expect(key.id).toMatch(/^key_[A-Za-z0-9]{16}$/);
    expect(key.state).toMatchObject({ key_id: key.id, redacted_value: `sk-admin-...${value.slice(-4)}`, owner: { type: 'user' } });
    expect(key.state['expires_at']).toBe((key.state['created_at'] as number) + 3600);

    // the new key is an admin key of the emulator: it authenticates the Administration API
    const projects = await adminClient(w, value).admin.organization.projects.list();
    expect(projects.data.length).toBeGreaterThan(0);

    const read = await w.provider.read('admin_api_key', key.id, key.state);
    expect(read!.state['value']).toBe(value); // the API never returns it again: kept from the create
    expect(read!.state['last_used_at']).toEqual(expect.any(Number)); // used just above
    expect((await w.provider.import('admin_api_key', key.id, undefined)).state['value']).toBeNull();
    expect(w.lines.join('\n')).not.toContain(value);
    expect(w.provider.scrub(`oops ${value}`)).not.toContain(value);

    await w.provider.delete('admin_api_key', key.id, read!.state);
    await expect(adminClient(w, value).admin.organization.projects.list()).rejects.toMatchObject({ status: 401 });
    expect(await w.provider.read('admin_api_key', key.id, read!.state)).toBeNull();
  });

  test('admin key: a create whose answer was lost makes no second key, never adopts a key of the same name made before, and says its value is gone', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      const byHand = await slow.admin.admin.organization.adminAPIKeys.create({ name: 'lost' }); // the same name, just before
      const before = slow.emulator.counts()['admin_api_keys']!;
      slow.emulator.faults.inject({ method: 'POST', path: /^\/v1\/organization\/admin_api_keys$/, kind: 'timeout_after_apply', hangMs: 3000 });
      const progress: string[] = [];
      const key = await make(slow, 'admin_api_key', { name: 'lost' }, progress);
      expect(slow.emulator.counts()['admin_api_keys']).toBe(before + 1);
      expect(posts(slow, /^\/v1\/organization\/admin_api_keys$/)).toBe(2); // the hand-made one and the resource's, once
      expect(key.id).toMatch(/^key_/);
      expect(key.id).not.toBe(byHand.id);
      expect(key.state['value']).toBeNull();
      expect(progress.join('\n')).toMatch(/value was lost with the create's answer/);
    } finally {
      await slow.emulator.close();
    }
  });

  test('service account key: its value works for the project, survives a refresh; delete leaves it working, as the API does', async () => {
    const project = await newProject(w, 'keys');
    const account = await w.admin.admin.organization.projects.serviceAccounts.create(project, { name: 'deployer' });
    const progress: string[] = [];
    const key = await make(w, 'project_service_account_api_key', { project_id: project, service_account_id: account.id, name: 'rotation' });
    const value = key.state['value'] as string;
    expect(value).toMatch(/^sk-svcacct-[A-Za-z0-9]{48}$/);
    expect(key.id).toMatch(new RegExp(`^${project}/${account.id}/key_[A-Za-z0-9]{16}$`));
    expect(key.state).toMatchObject({ name: 'rotation', redacted_value: `sk-svcacct-...${value.slice(-4)}` });
    await expect(projectClient(w, value).models.list()).resolves.toBeDefined();

    const read = await w.provider.read('project_service_account_api_key', key.id, key.state);
    expect(read!.state['value']).toBe(value);
    const imported = await w.provider.import('project_service_account_api_key', key.id, undefined);
    expect(imported.state).toMatchObject({ project_id: project, service_account_id: account.id, name: 'rotation', value: null });
    // the project's list holds the account's first key and this one, by their three-part ids
    const listed = await w.provider.list('project_service_account_api_key', { project_id: project });
    expect(listed.map((k) => k.id)).toEqual(expect.arrayContaining([key.id]));
    expect(listed.filter((k) => k.id.startsWith(`${project}/${account.id}/`))).toHaveLength(2);
    expect(w.lines.join('\n')).not.toContain(value);

    await w.provider.delete('project_service_account_api_key', key.id, read!.state, { progress: (m) => progress.push(m) });
    expect(progress.join('\n')).toMatch(/cannot revoke a service account's key .* keeps working until service account/);
    expect(progress.join('\n')).not.toContain(value);
    await expect(projectClient(w, value).models.list()).resolves.toBeDefined();
    // revoked with its account
    await w.admin.admin.organization.projects.serviceAccounts.delete(account.id, { project_id: project });
    await expect(projectClient(w, value).models.list()).rejects.toMatchObject({ status: 401 });
    expect(await w.provider.read('project_service_account_api_key', key.id, read!.state)).toBeNull();
  });

  test("service account key: another account's key is not this resource's", async () => {
    const project = await newProject(w, 'keys-2');
    const a = await w.admin.admin.organization.projects.serviceAccounts.create(project, { name: 'a' });
    const b = await w.admin.admin.organization.projects.serviceAccounts.create(project, { name: 'b' });
    const key = await make(w, 'project_service_account_api_key', { project_id: project, service_account_id: a.id });
    expect(key.state['name']).toBe('Secret Key'); // the API's name when none is given
    const wrong = key.id.replace(a.id, b.id);
    expect(await w.provider.read('project_service_account_api_key', wrong, undefined).catch((e: Error) => e)).toBeNull();
  });

  test("service account key: a create whose answer was lost makes no second key, and never adopts the account's first key", async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      const project = await newProject(slow, 'lost-keys');
      const account = await slow.admin.admin.organization.projects.serviceAccounts.create(project, { name: 'ci' });
      const before = slow.emulator.counts()['api_keys']!;
      const path = /^\/v1\/organization\/projects\/[^/]+\/service_accounts\/[^/]+\/api_keys$/;
      slow.emulator.faults.inject({ method: 'POST', path, kind: 'timeout_after_apply', hangMs: 3000 });
      // unnamed: the API names it as it named the account's first key, made a moment ago
      const key = await make(slow, 'project_service_account_api_key', { project_id: project, service_account_id: account.id });
      expect(slow.emulator.counts()['api_keys']).toBe(before + 1);
      expect(posts(slow, path)).toBe(1);
      expect(key.state).toMatchObject({ name: 'Secret Key', value: null });
      expect(key.state['api_key_id']).not.toBe(account.api_key?.id);
    } finally {
      await slow.emulator.close();
    }
  });

  test('spend alert: a lost create answer adopts the alert it made, never an identical alert that was there before', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      const project = await newProject(slow, 'alerts');
      const alerts = slow.admin.admin.organization.projects.spendAlerts;
      const existing = await alerts.create(project, ALERT_BODY); // made by hand, the same as what the resource sends
      slow.emulator.faults.inject({
        method: 'POST',
        path: /^\/v1\/organization\/projects\/[^/]+\/spend_alerts$/,
        kind: 'timeout_after_apply',
        hangMs: 3000,
      });
      const alert = await make(slow, 'project_spend_alert', { project_id: project, ...ALERT });
      const all = [];
      for await (const a of alerts.list(project)) all.push(a.id);
      expect(all).toHaveLength(2); // one made by hand, one by the resource: not a third
      expect(alert.state['alert_id']).not.toBe(existing.id);
      expect(all).toContain(alert.state['alert_id']);
      expect(posts(slow, /^\/v1\/organization\/projects\/[^/]+\/spend_alerts$/)).toBe(2); // the hand-made one and the resource's, once
    } finally {
      await slow.emulator.close();
    }
  });

  test('spend alert: a subject prefix removed from the configuration is cleared', async () => {
    const alert = await make(w, 'organization_spend_alert', { ...ALERT, notification_channel_subject_prefix: '[spend]' });
    expect(alert.state['notification_channel_subject_prefix']).toBe('[spend]');
    const { inputs } = w.provider.check('organization_spend_alert', ALERT);
    const updated = await w.provider.update('organization_spend_alert', alert.id, alert.state, inputs as JsonObject);
    expect(updated['notification_channel_subject_prefix']).toBeNull();
    const api = await w.admin.admin.organization.spendAlerts.retrieve(alert.id);
    expect(api.notification_channel.subject_prefix ?? null).toBeNull();
    await w.provider.delete('organization_spend_alert', alert.id, updated);
  });

  test('spend alerts: the lists read every page (105 alerts: past the default page of 20 and the largest, 100)', async () => {
    const project = await newProject(w, 'many-alerts');
    const made = new Set<string>();
    for (let i = 0; i < 105; i++) {
      made.add((await w.admin.admin.organization.projects.spendAlerts.create(project, { ...ALERT_BODY, threshold_amount: 1000 * (i + 1) })).id);
    }
    // the emulator pages as the API does: 20 by default, then a cursor
    const first = await w.admin.admin.organization.projects.spendAlerts.list(project);
    expect(first.data).toHaveLength(20);
    expect(first.has_more).toBe(true);

    const gets = () => w.emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/organization/projects/${project}/spend_alerts`).length;
    const getsBefore = gets();
    const listed = await w.provider.list('project_spend_alert', { project_id: project });
    expect(gets() - getsBefore).toBe(2); // two pages
    expect(new Set(listed.map((a) => a.state['alert_id']))).toEqual(made);
    expect(listed.map((a) => a.id)).toEqual([...made].map((id) => `${project}/${id}`));

    const orgMade: string[] = [];
    for (let i = 0; i < 21; i++) orgMade.push((await w.admin.admin.organization.spendAlerts.create({ ...ALERT_BODY, threshold_amount: i })).id);
    const orgListed = await w.provider.list('organization_spend_alert', {});
    expect(orgListed.map((a) => a.id)).toEqual(expect.arrayContaining(orgMade));
    for (const id of orgMade) await w.admin.admin.organization.spendAlerts.delete(id);
  });

  test('admin keys: the list reads every page', async () => {
    const made: string[] = [];
    for (let i = 0; i < 22; i++) made.push((await w.admin.admin.organization.adminAPIKeys.create({ name: `bulk ${i}` })).id);
    const first = await w.admin.admin.organization.adminAPIKeys.list();
    expect(first.data).toHaveLength(20);
    const listed = await w.provider.list('admin_api_key', {});
    expect(listed.map((k) => k.id)).toEqual(expect.arrayContaining(made));
    for (const id of made) await w.admin.admin.organization.adminAPIKeys.delete(id);
  });
});
