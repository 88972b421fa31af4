import OpenAI from 'openai';
import { apiError, harness, raw, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

const projects = () => h.admin.admin.organization.projects;

describe('projects', () => {
  it('creates, retrieves, modifies and lists projects; the default project exists', async () => {
    const p = await projects().create({ name: 'ci', residency: 'EU_STORAGE_PROCESSING', external_key_id: 'ek_1' });
    expect(p.id).toMatch(/^proj_[A-Za-z0-9]{24}$/);
    expect(p).toMatchObject({ object: 'organization.project', name: 'ci', status: 'active', archived_at: null, residency: 'EU_STORAGE_PROCESSING' });
    expect((await projects().retrieve(p.id)).name).toBe('ci');
    expect((await projects().update(p.id, { name: 'ci-2' })).name).toBe('ci-2');
    const ids = [];
    for await (const x of projects().list()) ids.push(x.id);
    expect(ids).toEqual([h.emulator.defaultProjectId, p.id]);
    const missing = await apiError(projects().retrieve('proj_missing'));
    expect(missing.status).toBe(404);
  });

  it('archives instead of deleting: still retrievable, hidden from lists unless include_archived, read-only, keys stop working', async () => {
    const p = await projects().create({ name: 'temp' });
    const { key } = await h.emulator.createProjectKey(p.id);
    await h.clientFor(key).models.list();
    const archived = await projects().archive(p.id);
    expect(archived).toMatchObject({ status: 'archived' });
    expect(archived.archived_at).toEqual(expect.any(Number));
    expect((await projects().retrieve(p.id)).status).toBe('archived');
    expect((await projects().list()).data.map((x) => x.id)).not.toContain(p.id);
    expect((await projects().list({ include_archived: true })).data.map((x) => x.id)).toContain(p.id);
    expect((await apiError(projects().update(p.id, { name: 'x' }))).status).toBe(400);
    expect((await apiError(h.clientFor(key).models.list())).status).toBe(401);
    expect(h.emulator.counts()['projects']).toBe(1);
    expect((await apiError(projects().archive(h.emulator.defaultProjectId))).status).toBe(400);
  });

  it('pages admin lists by after = last_id', async () => {
    const created: string[] = [];
    for (let i = 0; i < 4; i++) created.push((await projects().create({ name: `p${i}` })).id);
    const first = await projects().list({ limit: 2 });
    expect(first.data.map((p) => p.id)).toEqual([h.emulator.defaultProjectId, created[0]]);
    expect(first.has_more).toBe(true);
    const all = [];
    for await (const p of projects().list({ limit: 2 })) all.push(p.id);
    expect(all).toEqual([h.emulator.defaultProjectId, ...created]);
    const res = await (await projects().list({ limit: 2, after: created[2]! }).asResponse()).json();
    expect(res).toEqual({
      object: 'list',
      data: [expect.objectContaining({ id: created[3] })],
      first_id: created[3],
      last_id: created[3],
      has_more: false,
    });
  });
});

describe('service accounts and API keys', () => {
  it('returns the key value once; the key works and is bound to its project', async () => {
    const p = await projects().create({ name: 'svc' });
    const sa = await projects().serviceAccounts.create(p.id, { name: 'deployer' });
    expect(sa.id).toMatch(/^svc_acct_/);
    expect(sa).toMatchObject({ object: 'organization.project.service_account', name: 'deployer', role: 'member' });
    const value = sa.api_key!.value;
    expect(value).toMatch(/^sk-svcacct-/);
    expect(sa.api_key!.id).toMatch(/^key_/);
    const retrieved = await projects().serviceAccounts.retrieve(sa.id, { project_id: p.id });
    expect(JSON.stringify(retrieved)).not.toContain(value);
    const keys = await projects().apiKeys.list(p.id);
    expect(keys.data).toHaveLength(1);
    expect(keys.data[0]).toMatchObject({ id: sa.api_key!.id, owner: { type: 'service_account', service_account: { id: sa.id } } });
    expect(keys.data[0]!.redacted_value).toBe(`sk-svcacct-...${value.slice(-4)}`);
    expect(JSON.stringify(keys)).not.toContain(value);

    const svc = h.clientFor(value);
    const vs = await svc.vectorStores.create({ name: 'bound' });
    expect(h.emulator.requests.at(-1)).toMatchObject({ projectId: p.id, keyHint: value.slice(-4), status: 200, operationId: 'createVectorStore' });
    expect((await apiError(h.client.vectorStores.retrieve(vs.id))).status).toBe(404);
    expect((await h.client.vectorStores.list()).data).toEqual([]);

    const del = await apiError(projects().apiKeys.delete(sa.api_key!.id, { project_id: p.id }));
    expect(del.status).toBe(400);
    expect(await projects().serviceAccounts.delete(sa.id, { project_id: p.id })).toEqual({
      object: 'organization.project.service_account.deleted',
      id: sa.id,
      deleted: true,
    });
    expect((await apiError(svc.models.list())).status).toBe(401);
  });

  it('deleting a user API key makes it stop working', async () => {
    const keys = await projects().apiKeys.list(h.emulator.defaultProjectId);
    expect(keys.data).toHaveLength(1);
    expect(keys.data[0]).toMatchObject({ owner: { type: 'user', user: { role: 'owner' } }, owner_project_access: 'active' });
    const keyId = keys.data[0]!.id;
    expect((await projects().apiKeys.retrieve(keyId, { project_id: h.emulator.defaultProjectId })).id).toBe(keyId);
    await projects().apiKeys.delete(keyId, { project_id: h.emulator.defaultProjectId });
    const e = await apiError(h.client.models.list());
    expect(e.status).toBe(401);
    expect(e.code).toBe('invalid_api_key');
  });

  it('creates more keys for a service account and creates accounts without a key', async () => {
    const sa = await projects().serviceAccounts.create(h.emulator.defaultProjectId, { name: 'bare', create_service_account_only: true });
    expect(sa.api_key).toBeNull();
    const res = await raw(h.emulator, 'POST', `/v1/organization/projects/${h.emulator.defaultProjectId}/service_accounts/${sa.id}/api_keys`, {
      key: h.emulator.adminKey,
      body: { name: 'second' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'organization.project.service_account.api_key', name: 'second' });
    await h.clientFor(res.body!['value'] as string).models.list();
  });
});

describe('users, invites and rate limits', () => {
  it('manages organization users, project users and invites', async () => {
    const org = h.admin.admin.organization;
    const users = await org.users.list();
    expect(users.data).toHaveLength(1);
    const owner = users.data[0]!;
    expect(owner).toMatchObject({ object: 'organization.user', role: 'owner' });
    expect(owner.id).toMatch(/^user-/);
    expect((await org.users.list({ emails: [owner.email!] })).data.map((u) => u.id)).toEqual([owner.id]);
    expect((await org.users.list({ emails: ['nobody@example.com'] })).data).toEqual([]);
    const invite = await org.invites.create({ email: 'new@example.com', role: 'reader' });
    expect(invite.id).toMatch(/^invite-/);
    // Without `projects` the API invites to the default project; an empty list invites to none.
    expect(invite).toMatchObject({
      object: 'organization.invite',
      status: 'pending',
      accepted_at: null,
      projects: [{ id: h.emulator.defaultProjectId, role: 'member' }],
    });
    const none = await org.invites.create({ email: 'other@example.com', role: 'reader', projects: [] });
    expect(none.projects).toEqual([]);
    expect((await org.invites.list()).data.map((i) => i.id)).toEqual([invite.id, none.id]);
    await org.invites.delete(none.id);
    expect(await org.invites.delete(invite.id)).toEqual({ object: 'organization.invite.deleted', id: invite.id, deleted: true });
    expect((await apiError(org.invites.retrieve(invite.id))).status).toBe(404);

    const p = await projects().create({ name: 'team' });
    const member = await projects().users.create(p.id, { user_id: owner.id, role: 'member' });
    expect(member).toMatchObject({ object: 'organization.project.user', id: owner.id, role: 'member' });
    expect((await projects().users.update(owner.id, { project_id: p.id, role: 'owner' })).role).toBe('owner');
    expect((await projects().users.list(p.id)).data.map((u) => u.id)).toEqual([owner.id]);
    const bad = await apiError(projects().users.create(p.id, { user_id: 'user-nobody', role: 'member' }));
    expect(bad.status).toBe(404);
    const badRole = await apiError(projects().users.update(owner.id, { project_id: p.id, role: 'admin' }));
    expect(badRole.param).toBe('role');
    expect(await projects().users.delete(owner.id, { project_id: p.id })).toEqual({
      object: 'organization.project.user.deleted',
      id: owner.id,
      deleted: true,
    });
    expect((await org.users.update(owner.id, { role: 'owner' })).role).toBe('owner');
  });

  it('lists and lowers project rate limits, never above the organization limit', async () => {
    const id = h.emulator.defaultProjectId;
    const limits = await projects().rateLimits.listRateLimits(id);
    const gpt4o = limits.data.find((l) => l.model === 'gpt-4o')!;
    expect(gpt4o).toMatchObject({ object: 'project.rate_limit', id: 'rl-gpt-4o' });
    const lowered = await projects().rateLimits.updateRateLimit('rl-gpt-4o', { project_id: id, max_requests_per_1_minute: 10 });
    expect(lowered.max_requests_per_1_minute).toBe(10);
    expect((await projects().rateLimits.listRateLimits(id)).data.find((l) => l.id === 'rl-gpt-4o')!.max_requests_per_1_minute).toBe(10);
    const tooHigh = await apiError(projects().rateLimits.updateRateLimit('rl-gpt-4o', { project_id: id, max_requests_per_1_minute: 10 ** 9 }));
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.param).toBe('max_requests_per_1_minute');
  });
});

describe('auth', () => {
  it('requires a bearer key (401) and rejects unknown keys with invalid_api_key', async () => {
    const none = await raw(h.emulator, 'GET', '/v1/models', { key: null });
    expect(none.status).toBe(401);
    expect(none.body!['error']).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining("You didn't provide an API key") });
    const wrong = await apiError(h.clientFor('sk-proj-wrongwrongwrong1234').models.list());
    expect(wrong.status).toBe(401);
    expect(wrong.code).toBe('invalid_api_key');
    expect(wrong.message).toContain('sk-proj-...1234');
    expect(wrong.message).not.toContain('wrongwrong');
    expect(h.emulator.requests.at(-1)).toMatchObject({ status: 401, keyHint: '1234', projectId: null });
  });

  it('admin routes need the admin key; project routes refuse it', async () => {
    const projectKeyOnAdmin = await apiError(
      new OpenAI({ adminAPIKey: h.emulator.projectKey, baseURL: h.emulator.url, maxRetries: 0 }).admin.organization.projects.list(),
    );
    expect(projectKeyOnAdmin.status).toBe(401);
    expect(projectKeyOnAdmin.message).toContain('admin API key');
    const adminOnProject = await apiError(h.clientFor(h.emulator.adminKey).files.list());
    expect(adminOnProject.status).toBe(401);
    expect(h.emulator.requests.at(-1)).toMatchObject({ projectId: 'admin' });
  });

  it('scopes objects to the key’s project: another project gets 404', async () => {
    const p = await projects().create({ name: 'other' });
    const other = h.clientFor((await h.emulator.createProjectKey(p.id)).key);
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const vs = await h.client.vectorStores.create({ name: 'mine' });
    expect((await apiError(other.beta.assistants.retrieve(assistant.id))).status).toBe(404);
    expect((await apiError(other.vectorStores.delete(vs.id))).status).toBe(404);
    expect((await other.beta.assistants.list()).data).toEqual([]);
    expect((await h.client.vectorStores.retrieve(vs.id)).id).toBe(vs.id);
  });
});
