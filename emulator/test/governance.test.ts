// The organization's audit log, usage and costs as the emulator answers them through the SDK: events recorded by
// the admin routes, paged both ways; buckets on the width's boundaries, paged by cursor, with the API's limits.
import { CERTIFICATE_A } from '../../bridge/conformance/certificates';
import { apiError, harness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

const org = () => h.admin.admin.organization;
const DAY = 86_400;

describe('audit logs', () => {
  it('records what the admin routes do, with the actor and project, newest first', async () => {
    const p = await org().projects.create({ name: 'audited' });
    const sa = await org().projects.serviceAccounts.create(p.id, { name: 'bot' });
    await org().projects.serviceAccounts.delete(sa.id, { project_id: p.id });
    await org().projects.archive(p.id);
    const events = (await org().auditLogs.list()).data;
    expect(events.map((e) => e.type)).toEqual([
      'project.archived',
      'service_account.deleted',
      'api_key.created',
      'service_account.created',
      'project.created',
    ]);
    expect(events[4]).toMatchObject({
      id: expect.stringMatching(/^audit_log-[A-Za-z0-9]{24}$/),
      project: { id: p.id, name: 'audited' },
      actor: { type: 'api_key', api_key: { type: 'user', user: { id: expect.stringMatching(/^user-/) } } },
      'project.created': { id: p.id, data: { name: 'audited' } },
    });
    expect(events[2]).toMatchObject({ 'api_key.created': { id: sa.api_key!.id } });
  });

  it('records groups made, renamed and deleted', async () => {
    const g = await org().groups.create({ name: 'eng' });
    await org().groups.update(g.id, { name: 'engineering' });
    await org().groups.delete(g.id);
    const events = (await org().auditLogs.list({ resource_ids: [g.id] })).data;
    expect(events.map((e) => e.type)).toEqual(['group.deleted', 'group.updated', 'group.created']);
    expect(events[1]).toMatchObject({ 'group.updated': { id: g.id, changes_requested: { group_name: 'engineering' } } });
  });

  it('records roles, role assignments and certificates, each in the shape the description gives its type', async () => {
    const user = h.emulator.addUser({ email: 'ada@example.com' }) as { id: string };
    const role = await org().roles.create({ role_name: 'auditor', permissions: ['api.organization.read'] });
    await org().roles.update(role.id, { permissions: ['api.organization.read', 'api.groups.read'] });
    await org().users.roles.create(user.id, { role_id: role.id });
    const g = await org().groups.create({ name: 'eng' });
    await org().groups.roles.create(g.id, { role_id: role.id });
    await org().groups.roles.delete(role.id, { group_id: g.id });
    await org().users.roles.delete(role.id, { user_id: user.id });
    await org().roles.delete(role.id);
    const cert = await org().certificates.create({ certificate: CERTIFICATE_A, name: 'mtls' });
    await org().certificates.activate({ certificate_ids: [cert.id] });
    await org().certificates.deactivate({ certificate_ids: [cert.id] });
    await org().certificates.delete(cert.id);
    // the emulator checks every answer against the description: these pages are the description's AuditLog
    const events: { type: string }[] = [];
    for await (const e of org().auditLogs.list({ limit: 5 })) events.push(e);
    expect(events.map((e) => e.type).reverse()).toEqual([
      'role.created',
      'role.updated',
      'role.assignment.created',
      'group.created',
      'role.assignment.created',
      'role.assignment.deleted',
      'role.assignment.deleted',
      'role.deleted',
      'certificate.created',
      'certificates.activated',
      'certificates.deactivated',
      'certificate.deleted',
    ]);
    const byType = (t: string) => events.find((e) => e.type === t) as unknown as Record<string, unknown>;
    expect(byType('role.updated')['role.updated']).toEqual({
      id: role.id,
      changes_requested: { permissions_added: ['api.groups.read'], permissions_removed: [] },
    });
    expect(byType('role.assignment.created')['role.assignment.created']).toMatchObject({
      principal_id: g.id,
      principal_type: 'group',
      resource_id: role.id,
    });
    expect(byType('certificates.activated')['certificates.activated']).toEqual({ certificates: [{ id: cert.id, name: 'mtls' }] });
  });

  it('a request that fails records nothing', async () => {
    await apiError(org().projects.archive(h.emulator.defaultProjectId));
    expect((await org().auditLogs.list()).data).toEqual([]);
  });

  it('pages by after and before, and filters by effective_at, type, project, actor and resource', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await org().projects.create({ name: `p${i}` })).id);
    const first = await org().auditLogs.list({ limit: 2 });
    expect(first.data.map((e) => e['project.created']?.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const all = [];
    for await (const e of org().auditLogs.list({ limit: 2 })) all.push(e['project.created']?.id);
    expect(all).toEqual([...ids].reverse());
    const second = await org().auditLogs.list({ limit: 2, after: first.data[1]!.id });
    const back = await org().auditLogs.list({ limit: 2, before: second.data[0]!.id });
    expect(back.data.map((e) => e.id)).toEqual(first.data.map((e) => e.id));

    const now = Math.floor(Date.now() / 1000);
    expect((await org().auditLogs.list({ effective_at: { gte: now - 60, lte: now + 60 } })).data).toHaveLength(5);
    expect((await org().auditLogs.list({ effective_at: { lt: now - 60 } })).data).toHaveLength(0);
    expect((await org().auditLogs.list({ event_types: ['project.archived'] })).data).toHaveLength(0);
    expect((await org().auditLogs.list({ project_ids: [ids[1]!, ids[2]!] })).data).toHaveLength(2);
    expect((await org().auditLogs.list({ resource_ids: [ids[0]!] })).data).toHaveLength(1);
    const actor = first.data[0]!.actor!.api_key!.user!.id!;
    expect((await org().auditLogs.list({ actor_ids: [actor] })).data).toHaveLength(5);
    expect((await org().auditLogs.list({ actor_emails: ['nobody@example.com'] })).data).toHaveLength(0);
  });
});

describe('usage and costs', () => {
  const now = Math.floor(Date.now() / 1000);
  const today = Math.floor(now / DAY) * DAY;

  it('answers buckets on the width boundaries up to end_time, a page of `limit` at a time', async () => {
    const first = await org().usage.completions({ start_time: today - 2 * DAY + 5, end_time: today + 10, limit: 2 });
    expect(first.data.map((b) => [b.start_time, b.end_time])).toEqual([
      [today - 2 * DAY, today - DAY],
      [today - DAY, today],
    ]);
    expect(first).toMatchObject({ object: 'page', has_more: true, next_page: expect.stringMatching(/^page_/) });
    const next = await org().usage.completions({ start_time: today - 2 * DAY + 5, end_time: today + 10, limit: 2, page: first.next_page! });
    expect(next.data.map((b) => b.start_time)).toEqual([today]);
    expect(next).toMatchObject({ has_more: false, next_page: null });
    const minutes = await org().usage.embeddings({ start_time: now - 120, bucket_width: '1m' });
    expect(minutes.data.length).toBeGreaterThanOrEqual(2);
    expect(minutes.data.every((b) => b.end_time - b.start_time === 60 && b.results.length === 0)).toBe(true);
  });

  it("refuses the API's bad queries: limit over the width's maximum, a bad cursor, an empty range, too many cost buckets", async () => {
    expect((await apiError(org().usage.completions({ start_time: now, limit: 32 }))).param).toBe('limit');
    expect((await apiError(org().usage.completions({ start_time: now, bucket_width: '1h', limit: 169 }))).param).toBe('limit');
    expect((await apiError(org().usage.completions({ start_time: now - DAY, page: 'nope' }))).param).toBe('page');
    expect((await apiError(org().usage.completions({ start_time: now, end_time: now - 1 }))).param).toBe('end_time');
    expect((await apiError(org().usage.costs({ start_time: now, limit: 181 }))).param).toBe('limit');
    expect((await org().usage.costs({ start_time: now - 60, limit: 180 })).data.length).toBeGreaterThan(0);
  });

  it('groups completions of completed runs, and prices them per token', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o-mini' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'Hello there, how are you?' }] });
    await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 10 });
    const usage = await org().usage.completions({ start_time: today, group_by: ['model', 'project_id'] });
    expect(usage.data[0]!.results).toEqual([
      expect.objectContaining({
        object: 'organization.usage.completions.result',
        model: 'gpt-4o-mini',
        project_id: h.emulator.defaultProjectId,
        user_id: null,
        num_model_requests: 1,
        input_tokens: 7,
      }),
    ]);
    expect((await org().usage.completions({ start_time: today, models: ['gpt-4o'] })).data[0]!.results).toEqual([]);
    expect((await org().usage.completions({ start_time: today, batch: true })).data[0]!.results).toEqual([]);
    const costs = await org().usage.costs({ start_time: today, group_by: ['line_item'] });
    const input = costs.data[0]!.results.find((r) => 'line_item' in r && r.line_item === 'gpt-4o-mini, input');
    // 7 tokens at $0.15 a million
    expect(input).toMatchObject({ object: 'organization.costs.result', amount: { value: 0.000001, currency: 'usd' }, quantity: 7 });
  });
});
