// What the vector store files and batches, conversations, containers, webhook endpoints, project service accounts,
// project users, invites and project rate limits do beyond the shared lifecycle (lifecycle.test.ts runs that from
// bridge/conformance/scenarios.ts), through the real SDK against the emulator: secrets returned once, creates
// whose answer was lost, waits with progress, partial creates, and what each API does its own way.
import { PartialCreateError, registry, type JsonObject } from '@openai-iac/core';
import { overrideHandler } from '../../../emulator/src/testing';
import { world, type World } from './harness';

const upload = async (w: World, name: string) =>
  (await w.sdk.files.create({ file: new File([`content of ${name}`], name), purpose: 'assistants' })).id;
const newProject = async (w: World, name: string) => (await w.admin.admin.organization.projects.create({ name })).id;
const admin = (w: World) => w.admin.admin.organization.projects;

describe('beyond the lifecycle', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());
  beforeEach(() => w.emulator.faults.clear());

  async function make(type: string, raw: JsonObject, progress?: string[]) {
    const { inputs, failures } = w.provider.check(type, raw);
    expect(failures).toEqual([]);
    return w.provider.create(type, inputs as JsonObject, progress ? { progress: (m) => progress.push(m) } : {});
  }

  test('webhook endpoint: the signing secret from the create is kept through refresh and update, and never logged', async () => {
    const ep = await make('webhook_endpoint', { name: 'hooks', url: 'https://hooks.example.com/a', event_types: ['batch.completed'] });
    const secret = ep.state['signing_secret'] as string;
    expect(secret).toMatch(/^whsec_/);
    expect(ep.state['signing_secret_hint']).toBe(`whsec_...${secret.slice(-4)}`);

    const read = await w.provider.read('webhook_endpoint', ep.id, ep.state);
    expect(read!.state['signing_secret']).toBe(secret); // the API no longer returns it: kept from the create
    const { inputs: next } = w.provider.check('webhook_endpoint', {
      name: 'hooks-2',
      url: 'https://hooks.example.com/a',
      event_types: ['batch.completed'],
    });
    const updated = await w.provider.update('webhook_endpoint', ep.id, read!.state, next as JsonObject);
    expect(updated['signing_secret']).toBe(secret);
    expect(updated['name']).toBe('hooks-2');
    expect((await w.provider.read('webhook_endpoint', ep.id, updated))!.state['signing_secret']).toBe(secret);

    // an import cannot recover it, and says nothing it does not know
    expect((await w.provider.import('webhook_endpoint', ep.id, undefined)).state['signing_secret']).toBeNull();
    // a secret the core has seen is scrubbed from every line and error
    expect(w.provider.scrub(`oops ${secret}`)).toBe('oops [secret]');
    expect(w.lines.join('\n')).not.toContain(secret);
    await w.provider.delete('webhook_endpoint', ep.id, updated);
  });

  test('webhook endpoint: a create whose answer was lost is adopted (not duplicated), without a secret to show', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      slow.emulator.faults.inject({ method: 'POST', path: /^\/v1\/webhook_endpoints$/, kind: 'timeout_after_apply', hangMs: 3000 });
      const progress: string[] = [];
      const { inputs } = slow.provider.check('webhook_endpoint', {
        name: 'once',
        url: 'https://hooks.example.com/once',
        event_types: ['batch.failed'],
      });
      const ep = await slow.provider.create('webhook_endpoint', inputs as JsonObject, { progress: (m) => progress.push(m) });
      expect(slow.emulator.counts()['webhook_endpoints']).toBe(1);
      expect(slow.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook_endpoints')).toHaveLength(1);
      expect(ep.state['signing_secret']).toBeNull();
      expect(progress.join('\n')).toMatch(/signing secret was lost/);
    } finally {
      await slow.emulator.close();
    }
  });

  test('project service account: the API key from the create is kept; import finds its id but not its value', async () => {
    const project = await newProject(w, 'keys');
    const sa = await make('project_service_account', { project_id: project, name: 'deployer', role: 'owner' });
    expect(sa.id).toMatch(new RegExp(`^${project}/svc_acct_`));
    expect(sa.state).toMatchObject({
      role: 'owner',
      api_key_value: expect.stringMatching(/^sk-svcacct-/),
      api_key_id: expect.stringMatching(/^key_/),
    });
    const key = sa.state['api_key_value'] as string;
    expect((await w.sdk.withOptions({ apiKey: key }).models.list()).data.length).toBeGreaterThan(0); // a working key

    const read = await w.provider.read('project_service_account', sa.id, sa.state);
    expect(read!.state['api_key_value']).toBe(key);
    const { inputs } = w.provider.check('project_service_account', { project_id: project, name: 'deployer-2', role: 'owner' });
    const updated = await w.provider.update('project_service_account', sa.id, read!.state, inputs as JsonObject);
    expect(updated).toMatchObject({ name: 'deployer-2', api_key_value: key, api_key_id: sa.state['api_key_id'] });

    const imported = await w.provider.import('project_service_account', sa.id, undefined);
    expect(imported.state).toMatchObject({ api_key_value: null, api_key_id: sa.state['api_key_id'], name: 'deployer-2' });
    expect(w.lines.join('\n')).not.toContain(key);

    const listed = await w.provider.list('project_service_account', { project_id: project });
    expect(listed.map((x) => x.id)).toContain(sa.id);
    await w.provider.delete('project_service_account', sa.id, updated);
    expect(await w.provider.read('project_service_account', sa.id, updated)).toBeNull();
  });

  test('project service account: a create whose answer was lost is adopted, with a new key this state can hold', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      const project = await newProject(slow, 'lost');
      slow.emulator.faults.inject({ method: 'POST', path: /\/service_accounts$/, kind: 'timeout_after_apply', hangMs: 3000 });
      const { inputs } = slow.provider.check('project_service_account', { project_id: project, name: 'adopted' });
      const sa = await slow.provider.create('project_service_account', inputs as JsonObject);
      const accounts = (await admin(slow).serviceAccounts.list(project)).data;
      expect(accounts.map((a) => a.id)).toEqual([sa.id.split('/')[1]]); // one account: looked up, never resent
      expect(sa.state['api_key_value']).toMatch(/^sk-svcacct-/);
      expect((await slow.sdk.withOptions({ apiKey: sa.state['api_key_value'] as string }).models.list()).data.length).toBeGreaterThan(0);
      expect(slow.lines.join('\n')).toMatch(/had been applied; adopting (vs_|svc_acct_)/);
    } finally {
      await slow.emulator.close();
    }
  });

  test('vector store file: creation waits for processing, reporting progress; attributes keep their types', async () => {
    // Processing lasts long enough (1 s against a 20 ms poll) that the first look always sees it in progress, however
    // busy the machine: with the harness's 50 ms a slow first poll saw it completed already.
    const w = await world({ emulator: { vectorStoreFileDelayMs: 1000 } });
    try {
      const store = (await w.sdk.vectorStores.create({ name: 'progress' })).id;
      const file = await upload(w, 'p.md');
      const progress: string[] = [];
      const { inputs, failures } = w.provider.check('vector_store_file', {
        vector_store_id: store,
        file_id: file,
        attributes: { n: 1, ok: false, s: 'x' },
      });
      expect(failures).toEqual([]);
      const f = await w.provider.create('vector_store_file', inputs as JsonObject, { progress: (m) => progress.push(m) });
      expect(f.state).toMatchObject({
        status: 'completed',
        attributes: { n: 1, ok: false, s: 'x' },
        usage_bytes: expect.any(Number),
        last_error: null,
      });
      expect(progress[0]).toBe(`vector store file ${store}/${file}: in progress`);
      expect(progress.at(-1)).toBe(`vector store file ${store}/${file}: completed`);
      const attached = await w.sdk.vectorStores.files.retrieve(file, { vector_store_id: store });
      expect(attached.attributes).toEqual({ n: 1, ok: false, s: 'x' }); // sent as numbers and booleans, not strings
      expect((await w.provider.list('vector_store_file', { vector_store_id: store })).map((x) => x.id)).toEqual([f.id]);
      await w.provider.delete('vector_store_file', f.id, f.state);
      expect(await w.sdk.files.retrieve(file)).toMatchObject({ id: file }); // the file itself stays
    } finally {
      await w.emulator.close();
    }
  });

  test('vector store file: a file that fails to process is a partial create that keeps the id and says why', async () => {
    const store = (await w.sdk.vectorStores.create({ name: 'failing' })).id;
    const file = await upload(w, 'broken.bin');
    const restore = overrideHandler(w.emulator, 'GET', '/vector_stores/{vector_store_id}/files/{file_id}', (ctx) => ({
      id: ctx.params['file_id'],
      object: 'vector_store.file',
      vector_store_id: ctx.params['vector_store_id'],
      created_at: ctx.now,
      usage_bytes: 0,
      status: 'failed',
      last_error: { code: 'invalid_file', message: 'The file could not be parsed.' },
      attributes: null,
    }));
    try {
      const err = await make('vector_store_file', { vector_store_id: store, file_id: file }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PartialCreateError);
      expect((err as PartialCreateError).id).toBe(`${store}/${file}`);
      expect((err as PartialCreateError).message).toMatch(/processing ended failed \(invalid_file: The file could not be parsed\.\)/);
      expect((err as PartialCreateError).state).toMatchObject({ status: 'failed', last_error: { code: 'invalid_file' } });
    } finally {
      restore();
    }
  });

  test('vector store file batch: waits for the batch with n/total progress; deleting detaches its files only', async () => {
    const store = (await w.sdk.vectorStores.create({ name: 'batch' })).id;
    const [a, b, c] = [await upload(w, 'a.md'), await upload(w, 'b.md'), await upload(w, 'c.md')];
    await w.sdk.vectorStores.files.create(store, { file_id: c }); // attached by someone else: left alone
    const progress: string[] = [];
    const batch = await make('vector_store_file_batch', { vector_store_id: store, file_ids: [b, a], chunking_strategy: { type: 'auto' } }, progress);
    expect(batch.id).toMatch(new RegExp(`^${store}/vsfb_`));
    expect(batch.state).toMatchObject({ status: 'completed', file_ids: [b, a], file_counts: { completed: 2, total: 2 } });
    expect(progress).toContain(`file batch ${batch.id.split('/')[1]}: 2/2 files processed`);
    // a count before the end was shown too (how far the first poll got depends on the machine's load)
    expect(progress.some((m) => / [01]\/2 files processed$/.test(m))).toBe(true);
    expect(registry.get('vector_store_file_batch').handlers.list).toBeUndefined(); // the API cannot list batches
    await w.provider.delete('vector_store_file_batch', batch.id, batch.state);
    const left = [];
    for await (const f of w.sdk.vectorStores.files.list(store)) left.push(f.id);
    expect(left).toEqual([c]);
    expect(await w.provider.read('vector_store_file_batch', batch.id, batch.state)).toBeNull();
  });

  test('conversation: initial items are sent once as messages and are create-only', async () => {
    const conv = await make('conversation', { items: [{ role: 'developer', content: 'Be brief.' }, { content: 'Hi' }] });
    expect(conv.id).toMatch(/^conv_/);
    const items = [];
    for await (const i of w.sdk.conversations.items.list(conv.id, { order: 'asc' })) items.push(i);
    expect(items.map((i) => (i.type === 'message' ? [i.role, i.content[0]] : i.type))).toEqual([
      ['developer', { type: 'input_text', text: 'Be brief.' }],
      ['user', { type: 'input_text', text: 'Hi' }],
    ]);
    expect(conv.state['items']).toEqual([
      { role: 'developer', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    const { inputs } = w.provider.check('conversation', { items: [{ role: 'developer', content: 'Be brief.' }, { content: 'Hello' }] });
    expect(w.provider.diff('conversation', conv.state, inputs).replaces).toEqual(['items']);
    await w.provider.delete('conversation', conv.id, conv.state);
  });

  test('container: every change replaces; an expired container reads as gone; the list filters by name', async () => {
    const c = await make('container', { name: 'sandbox' });
    expect(c.state).toMatchObject({ status: 'running', expires_after: { anchor: 'last_active_at', minutes: 20 }, memory_limit: '1g' });
    const { inputs } = w.provider.check('container', { name: 'sandbox', memory_limit: '16g' });
    expect(w.provider.diff('container', c.state, inputs)).toMatchObject({ changed: ['memory_limit'], replaces: ['memory_limit'] });
    expect((await w.provider.list('container', { name: 'sandbox' })).map((x) => x.id)).toEqual([c.id]);
    expect(await w.provider.list('container', { name: 'other' })).toEqual([]);
    const restore = overrideHandler(w.emulator, 'GET', '/containers/{container_id}', (ctx) => ({
      id: ctx.params['container_id'],
      object: 'container',
      name: 'sandbox',
      created_at: ctx.now,
      status: 'expired',
    }));
    try {
      expect(await w.provider.read('container', c.id, c.state)).toBeNull();
    } finally {
      restore();
    }
    await w.provider.delete('container', c.id, c.state);
  });

  test('invite: without projects the API picks the default project, which is no drift', async () => {
    const inv = await make('invite', { email: 'sam@example.com', role: 'reader' });
    expect(inv.state['projects']).toEqual([{ id: w.emulator.defaultProjectId, role: 'member' }]);
    const { inputs } = w.provider.check('invite', { email: 'sam@example.com', role: 'reader' });
    expect(w.provider.diff('invite', inv.state, inputs).changed).toEqual([]);
    expect(inv.state).toMatchObject({ status: 'pending', expires_at: expect.any(Number) });
    expect((await w.provider.list('invite', {})).map((x) => x.id)).toContain(inv.id);
    await w.provider.delete('invite', inv.id, inv.state);
    expect(await w.provider.read('invite', inv.id, inv.state)).toBeNull();
  });

  test('project rate limit: deleting restores the limits found at creation; an archived project reads as gone', async () => {
    const project = await newProject(w, 'rl');
    const before = (await admin(w).rateLimits.listRateLimits(project)).data.find((l) => l.model === 'gpt-4o-mini')!;
    const rl = await make('project_rate_limit', { project_id: project, model: 'gpt-4o-mini', max_tokens_per_1_minute: 1000 });
    expect(rl.id).toBe(`${project}/${before.id}`);
    expect(rl.state).toMatchObject({
      max_tokens_per_1_minute: 1000,
      max_requests_per_1_minute: before.max_requests_per_1_minute,
      initial_limits: { max_tokens_per_1_minute: before.max_tokens_per_1_minute },
    });
    const { inputs } = w.provider.check('project_rate_limit', { project_id: project, model: 'gpt-4o-mini', max_tokens_per_1_minute: 2000 });
    const updated = await w.provider.update('project_rate_limit', rl.id, rl.state, inputs as JsonObject);
    expect(updated['initial_limits']).toEqual(rl.state['initial_limits']); // kept from the create
    expect((await w.provider.list('project_rate_limit', { project_id: project })).map((x) => x.id)).toContain(rl.id);
    await w.provider.delete('project_rate_limit', rl.id, updated);
    const after = (await admin(w).rateLimits.listRateLimits(project)).data.find((l) => l.model === 'gpt-4o-mini')!;
    expect(after).toEqual(before);

    // an unknown model is refused with what to do
    const { inputs: nope } = w.provider.check('project_rate_limit', { project_id: project, model: 'gpt-nope', max_tokens_per_1_minute: 1 });
    await expect(w.provider.create('project_rate_limit', nope as JsonObject)).rejects.toThrow(/no rate limit for model 'gpt-nope'/);

    const again = await make('project_rate_limit', { project_id: project, model: 'gpt-4o-mini', max_tokens_per_1_minute: 1000 });
    await admin(w).archive(project);
    expect(await w.provider.read('project_rate_limit', again.id, again.state)).toBeNull();
    await w.provider.delete('project_rate_limit', again.id, again.state); // nothing to restore on an archived project
  });

  test('project user: a user outside the organization is refused by the API with its message', async () => {
    const project = await newProject(w, 'outsiders');
    const err = await make('project_user', { project_id: project, user_id: 'user-nobody', role: 'member' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/create project_user.*404|not found/);
  });
});
