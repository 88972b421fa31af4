// The read-only organization data (data-only specs: data sources and functions only): a project's API keys, the
// models, costs, usage and the audit log, through the core's list and read handlers and the real SDK against the
// emulator — every page read, filters passed through, and bad arguments refused before any request.
import { checkObject, registry, spellNames, ValidationError, type JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

/** The message a refused promise gives, with its names spelled as Terraform shows them. */
const spelledRefusal = (p: Promise<unknown>) =>
  p.then(
    () => 'not refused',
    (e: Error) => spellNames(e.message, 'terraform'),
  );

const DAY = 86_400;
const admin = (w: World) => w.admin.admin.organization;
const requestsTo = (w: World, path: string) => w.emulator.requests.filter((r) => r.path === `/v1${path}`);
/** The failures the adapters report for these list arguments (Terraform checks them at plan, Pulumi at invoke). */
const argFailures = (type: string, args: JsonObject) => checkObject(registry.get(type).listArgs ?? {}, args).failures;

describe('read-only organization data', () => {
  let w: World;
  beforeAll(async () => {
    w = await world({ emulator: { runDelayMs: 10, vectorStoreFileDelayMs: 10 } });
  });
  afterAll(async () => w.emulator.close());

  test('every spec of them is data-only: no create, no delete', () => {
    for (const name of ['project_api_key', 'model', 'organization_costs', 'organization_usage', 'audit_logs']) {
      expect(registry.get(name).dataOnly).toBe(true);
    }
  });

  test("project_api_key: every key of the project, page after page, by id too; never a key's value", async () => {
    const project = (await admin(w).projects.create({ name: 'keys' })).id;
    const values: string[] = [];
    for (let i = 0; i < 12; i++) {
      const sa = await admin(w).projects.serviceAccounts.create(project, { name: `sa-${i}` });
      values.push(sa.api_key!.value);
    }
    const before = requestsTo(w, `/organization/projects/${project}/api_keys`).length;
    const keys = await w.provider.list('project_api_key', { project_id: project, limit: 5 });
    expect(keys).toHaveLength(12);
    expect(requestsTo(w, `/organization/projects/${project}/api_keys`).length - before).toBe(3); // 5 + 5 + 2
    const k = keys[0]!;
    expect(k.id).toBe(`${project}/${k.state['api_key_id'] as string}`);
    expect(k.state).toMatchObject({ project_id: project, name: 'Secret Key', owner: { type: 'service_account', name: 'sa-0', role: 'member' } });
    expect(k.state['redacted_value']).toMatch(/^sk-svcacct-\.\.\.[A-Za-z0-9]{4}$/);
    const everything = JSON.stringify(keys);
    for (const v of values) expect(everything).not.toContain(v);

    // The default project's key is a user's: its owner shows the user, never the key.
    const own = await w.provider.list('project_api_key', { project_id: w.emulator.defaultProjectId });
    expect(own.map((x) => x.state['owner'])).toEqual([
      expect.objectContaining({ type: 'user', id: expect.stringMatching(/^user-/), email: expect.stringContaining('@') }),
    ]);
    expect(JSON.stringify(own)).not.toContain(w.emulator.projectKey);

    const read = await w.provider.read('project_api_key', k.id, undefined);
    expect(read!.state).toEqual(k.state);
    expect(await w.provider.read('project_api_key', `${project}/key_doesnotexist0000`, undefined)).toBeNull();
    expect(argFailures('project_api_key', { project_id: 'keys' })).toEqual([
      { path: ['project_id'], message: expect.stringContaining('a project id') },
    ]);
  });

  test('model: the whole catalogue, and one by id', async () => {
    const models = await w.provider.list('model', {});
    expect(models.map((m) => m.id)).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small']));
    expect(models.length).toBe((await w.sdk.models.list()).data.length);
    const one = await w.provider.read('model', 'gpt-4o', undefined);
    expect(one!.state).toMatchObject({ model_id: 'gpt-4o', owned_by: 'system', created: expect.any(Number) });
    expect(await w.provider.read('model', 'no-such-model', undefined)).toBeNull();
  });

  describe('costs and usage, derived from what the emulator served', () => {
    const now = Math.floor(Date.now() / 1000);
    const start = now - 3 * DAY;
    const today = Math.floor(now / DAY) * DAY;
    let project: string;

    beforeAll(async () => {
      // One completed run (completions usage and its cost), a vector store holding a file, a container.
      const assistant = await w.sdk.beta.assistants.create({ model: 'gpt-4o', name: 'tutor' });
      const thread = await w.sdk.beta.threads.create({ messages: [{ role: 'user', content: 'What is 3x + 11 = 14?' }] });
      const run = await w.sdk.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 20 });
      expect(run.status).toBe('completed');
      const file = await w.sdk.files.create({ file: new File(['x'.repeat(2048)], 'notes.txt'), purpose: 'assistants' });
      const store = await w.sdk.vectorStores.create({ name: 'notes', file_ids: [file.id] });
      while ((await w.sdk.vectorStores.retrieve(store.id)).file_counts.completed < 1) await new Promise((r) => setTimeout(r, 20));
      await w.sdk.containers.create({ name: 'sandbox' });
      project = w.emulator.defaultProjectId;
    });

    test('usage: one bucket a day from start_time, every page read; completions grouped by model', async () => {
      const before = requestsTo(w, '/organization/usage/completions').length;
      const buckets = await w.provider.list('organization_usage', { kind: 'completions', start_time: start, group_by: ['model'], limit: 1 });
      expect(buckets.map((b) => b.state['start_time'])).toEqual([today - 3 * DAY, today - 2 * DAY, today - DAY, today]);
      expect(requestsTo(w, '/organization/usage/completions').length - before).toBe(4); // limit 1: a page a bucket
      expect(buckets[3]!.id).toBe(`completions/${today}/${today + DAY}`);
      expect(buckets.slice(0, 3).every((b) => (b.state['results'] as unknown[]).length === 0)).toBe(true);
      const [r] = buckets[3]!.state['results'] as JsonObject[];
      expect(r).toMatchObject({ object: 'organization.usage.completions.result', model: 'gpt-4o', project_id: null, num_model_requests: 1 });
      expect(r!['input_tokens']).toBeGreaterThan(0);
      expect(r!['output_tokens']).toBeGreaterThan(0);
      expect(r!['json']).toMatchObject({ object: 'organization.usage.completions.result', model: 'gpt-4o', input_tokens: r!['input_tokens'] });
    });

    test('usage: filters reach the API (another project has none); hourly buckets', async () => {
      const other = await w.provider.list('organization_usage', {
        kind: 'completions',
        start_time: today,
        end_time: today + DAY,
        project_ids: ['proj_other'],
      });
      expect(other.map((b) => b.state['results'])).toEqual([[]]);
      const hourly = await w.provider.list('organization_usage', {
        kind: 'completions',
        start_time: now - 3600,
        bucket_width: '1h',
        group_by: ['project_id'],
      });
      expect(hourly.length).toBe(2);
      expect(hourly.flatMap((b) => b.state['results'] as JsonObject[]).map((r) => r['project_id'])).toEqual([project]);
    });

    test('usage: vector storage, code interpreter sessions, and kinds the emulator does not serve (valid empty buckets)', async () => {
      const stores = await w.provider.list('organization_usage', { kind: 'vector_stores', start_time: today, group_by: ['project_id'] });
      expect(stores[0]!.state['results']).toEqual([expect.objectContaining({ project_id: project, usage_bytes: 2048 })]);
      const sessions = await w.provider.list('organization_usage', { kind: 'code_interpreter_sessions', start_time: today });
      expect(sessions[0]!.state['results']).toEqual([expect.objectContaining({ num_sessions: 1, project_id: null })]);
      for (const kind of ['embeddings', 'images', 'audio_speeches', 'audio_transcriptions', 'moderations', 'file_search_calls', 'web_search_calls']) {
        const empty = await w.provider.list('organization_usage', { kind, start_time: today });
        expect(empty.map((b) => [b.state['kind'], b.state['results']])).toEqual([[kind, []]]);
      }
    });

    test('usage: a filter or grouping the kind does not take is refused, naming the kinds that take it, before any request', async () => {
      const before = w.emulator.requests.length;
      const refused = w.provider.list('organization_usage', { kind: 'vector_stores', start_time: start, models: ['gpt-4o'], group_by: ['model'] });
      await expect(refused).rejects.toThrow(ValidationError);
      const message = await spelledRefusal(refused);
      expect(message).toMatch(/`models`: is not a filter of `kind` 'vector_stores': only 'completions', 'embeddings', .*'web_search_calls' take it/);
      expect(message).toMatch(/`group_by\[0\]`: `kind` 'vector_stores' cannot be grouped by 'model'/);
      expect(await spelledRefusal(w.provider.list('organization_usage', { kind: 'embeddings', start_time: start, batch: true }))).toMatch(
        /`batch`: is not a filter of `kind` 'embeddings': only 'completions' take it/,
      );
      expect(await spelledRefusal(w.provider.list('organization_usage', { kind: 'completions', start_time: now, end_time: now - 10 }))).toMatch(
        /`end_time`: must be later than `start_time`/,
      );
      expect(await spelledRefusal(w.provider.list('organization_usage', { kind: 'completions', start_time: start, limit: 32 }))).toMatch(
        /`limit`: must be at most 31 with `bucket_width` '1d'/,
      );
      await expect(
        w.provider.list('organization_usage', { kind: 'completions', start_time: start, bucket_width: '1h', limit: 168 }),
      ).resolves.toHaveLength(73);
      expect(w.emulator.requests.length).toBe(before + 1);
      expect(argFailures('organization_usage', { kind: 'tokens', start_time: start })).toEqual([
        { path: ['kind'], message: expect.stringContaining("'completions'") },
      ]);
      expect(argFailures('organization_usage', { kind: 'images', start_time: start, sizes: ['2x2'] })).toEqual([
        { path: ['sizes', 0], message: expect.stringContaining("'256x256'") },
      ]);
      expect(argFailures('organization_usage', { kind: 'images' })).toEqual([{ path: ['start_time'], message: expect.stringContaining('required') }]);
    });

    test('costs: daily buckets, every page; the run priced per token of its model, the storage per GB-day', async () => {
      const before = requestsTo(w, '/organization/costs').length;
      const buckets = await w.provider.list('organization_costs', { start_time: start, group_by: ['line_item', 'project_id'], limit: 3 });
      expect(requestsTo(w, '/organization/costs').length - before).toBe(2); // 3 + 1
      expect(buckets.map((b) => b.id)).toEqual([0, 1, 2, 3].map((i) => `${today - (3 - i) * DAY}/${today - (2 - i) * DAY}`));
      const results = buckets[3]!.state['results'] as JsonObject[];
      const input = results.find((r) => r['line_item'] === 'gpt-4o, input');
      expect(input).toMatchObject({ project_id: project, amount: { currency: 'usd' } });
      expect((input!['amount'] as JsonObject)['value']).toBeGreaterThan(0);
      expect(results.map((r) => r['line_item'])).toEqual(expect.arrayContaining(['gpt-4o, output', 'vector store storage']));
      const total = await w.provider.list('organization_costs', { start_time: today });
      expect(total[0]!.state['results']).toEqual([expect.objectContaining({ line_item: null, project_id: null })]);
      expect(argFailures('organization_costs', { start_time: start, bucket_width: '1h' })).toEqual([
        { path: ['bucket_width'], message: expect.stringContaining("'1d'") },
      ]);
      expect(argFailures('organization_costs', { start_time: start, group_by: ['model'] })).toHaveLength(1);
    });
  });

  test('audit logs: what the admin API did, newest first, every page; filters by type, project, object and time', async () => {
    // effective_at has whole seconds: start on a fresh second, so no earlier test's project shares t0.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
    const t0 = Math.floor(Date.now() / 1000);
    const projects: string[] = [];
    for (let i = 0; i < 23; i++) projects.push((await admin(w).projects.create({ name: `audited-${i}` })).id);
    await admin(w).projects.update(projects[0]!, { name: 'renamed' });
    await admin(w).projects.archive(projects[1]!);
    const invite = await admin(w).invites.create({ email: 'someone@example.com', role: 'reader' });
    await admin(w).invites.delete(invite.id);

    const before = requestsTo(w, '/organization/audit_logs').length;
    const created = await w.provider.list('audit_logs', { event_types: ['project.created'], effective_at: { gte: t0 }, limit: 10 });
    expect(requestsTo(w, '/organization/audit_logs').length - before).toBe(3); // 10 + 10 + 3
    expect(created.map((e) => e.state['resource_id'])).toEqual([...projects].reverse());
    expect(created[0]!.state).toMatchObject({
      type: 'project.created',
      project_id: projects[22],
      project_name: 'audited-22',
      actor: { type: 'api_key', user_id: expect.stringMatching(/^user-/) },
      details: { id: projects[22], data: { name: 'audited-22' } },
    });
    expect(created[0]!.id).toMatch(/^audit_log-/);

    const aboutFirst = await w.provider.list('audit_logs', { resource_ids: [projects[0]!] });
    expect(aboutFirst.map((e) => e.state['type'])).toEqual(['project.updated', 'project.created']);
    const inSecond = await w.provider.list('audit_logs', { project_ids: [projects[1]!] });
    expect(inSecond.map((e) => e.state['type'])).toEqual(['project.archived', 'project.created']);
    const invites = await w.provider.list('audit_logs', { event_types: ['invite.sent', 'invite.deleted'] });
    expect(invites.map((e) => [e.state['type'], e.state['resource_id']])).toEqual([
      ['invite.deleted', invite.id],
      ['invite.sent', invite.id],
    ]);
    expect(await w.provider.list('audit_logs', { effective_at: { gt: t0 + 3600 } })).toEqual([]);
    expect(argFailures('audit_logs', { event_types: ['created'] })).toEqual([
      { path: ['event_types', 0], message: expect.stringContaining('event type') },
    ]);
    expect(argFailures('audit_logs', { effective_at: { gte: -1 } })).toEqual([
      { path: ['effective_at', 'gte'], message: expect.stringContaining('at least 0') },
    ]);
  });
});
