// The core's state composition, with handlers that send nothing: an output the API returns only at creation
// (a signing secret, a service account's key) is kept through refresh and update, and is never shown.
import {
  checkInputs,
  defineDataSource,
  defineResource,
  formatPath,
  KEEP,
  p,
  PartialCreateError,
  Provider,
  Registry,
  UNKNOWN,
  type State,
} from '@openai-iac/core';

const SECRET = 'tok_created_once_0123456789';

let failUpdate = false;
const once = defineResource({
  name: 'secret_once',
  description: 'A test resource whose API returns `token` only on create.',
  key: 'project',
  properties: {
    name: p.string({ description: 'A name.', required: true }),
    token: p.string({ description: 'Returned only on create.', output: true, secret: true }),
    hint: p.string({ description: 'Returned always.', output: true }),
  },
  import: { format: 'so_<id>', example: 'so_1', pattern: 'so_[0-9]+' },
  example: { name: 'a' },
  handlers: {
    create: async (_ctx, inputs) => ({ id: 'so_1', state: { name: inputs.name, token: SECRET, hint: '…6789' } }),
    // the API's view: no token (left unset, not null)
    read: async (_ctx, _id, prior) => ({ name: prior?.name ?? 'a', token: KEEP, hint: '…6789' }),
    update: async (_ctx, id, _olds, news) => {
      if (failUpdate) throw new PartialCreateError(id, { name: news.name, hint: '…6789' }, 'a step after the change failed');
      return { name: news.name, token: KEEP, hint: '…6789' };
    },
    delete: async () => undefined,
  },
});

function provider(): { p: Provider; lines: string[] } {
  const lines: string[] = [];
  const pr = new Provider(new Registry([once]), {
    env: { OPENAI_API_KEY: 'sk-proj-unit-000000000000000000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    log: { debug: (m) => lines.push(m), info: (m) => lines.push(m) },
  });
  pr.configure({});
  return { p: pr, lines };
}

describe('outputs returned only at creation', () => {
  beforeEach(() => {
    failUpdate = false;
  });

  test('are kept from the prior state on refresh, and absent after an import', async () => {
    const { p: pr } = provider();
    const created = await pr.create('secret_once', { name: 'a' });
    expect(created.state).toMatchObject({ token: SECRET, hint: '…6789' });
    expect((await pr.read('secret_once', created.id, created.state))!.state['token']).toBe(SECRET);
    expect((await pr.import('secret_once', created.id, undefined)).state['token']).toBeNull();
  });

  test('are kept through an update, and through a partial update', async () => {
    const { p: pr } = provider();
    const created = await pr.create('secret_once', { name: 'a' });
    const updated = await pr.update('secret_once', created.id, created.state, { name: 'b' });
    expect(updated).toMatchObject({ name: 'b', token: SECRET });
    failUpdate = true;
    const err = await pr.update('secret_once', created.id, updated, { name: 'c' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartialCreateError);
    expect((err as PartialCreateError).state).toMatchObject({ name: 'c', token: SECRET });
  });

  test('an input removed from the configuration is not resurrected from the prior state', async () => {
    const { p: pr } = provider();
    const prior: State = { name: 'a', token: SECRET, hint: '…6789', api_key: 'sk-proj-own-00000000000000000000' };
    const updated = await pr.update('secret_once', 'so_1', prior, { name: 'b' });
    expect(updated).toMatchObject({ name: 'b', token: SECRET, api_key: null });
  });

  test('are scrubbed from every line and error once the core has seen them', async () => {
    const { p: pr } = provider();
    await pr.create('secret_once', { name: 'a' });
    expect(pr.scrub(`failed near ${SECRET}!`)).toBe('failed near [secret]!');
  });
});

describe('a rule on a JSON value', () => {
  const spec = defineResource({
    name: 'json_rule',
    description: 'A test resource.',
    key: 'project',
    properties: {
      other: p.string({ description: 'Another input.' }),
      bag: p.json({
        description: 'At most two keys.',
        refine: (v) =>
          v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? [{ path: [], message: 'at most 2 keys' }] : [],
      }),
    },
    import: { format: 'j_<id>', example: 'j_1', pattern: 'j_[0-9]+' },
    example: {},
    handlers: {
      create: async () => ({ id: 'j_1', state: { other: null, bag: null } }),
      read: async () => ({ other: null, bag: null }),
      delete: async () => undefined,
    },
  });
  const fails = (raw: Record<string, unknown>) => checkInputs(spec, raw as never).failures.map((f) => `${formatPath(f.path)}: ${f.message}`);

  test('judges a known value even while other inputs are unknown', () => {
    expect(fails({ other: UNKNOWN, bag: { a: 1, b: 2, c: 3 } })).toEqual(['bag: at most 2 keys']);
    expect(fails({ bag: { a: 1, b: 2 } })).toEqual([]);
  });

  test('waits for a value that is not known yet', () => {
    expect(fails({ bag: { a: 1, b: 2, c: UNKNOWN } })).toEqual([]);
    expect(fails({ bag: UNKNOWN })).toEqual([]);
  });
});

describe('a data-only spec', () => {
  const listed = defineDataSource({
    name: 'listed_thing',
    description: 'A test object the API can only list.',
    key: 'project',
    properties: { name: p.string({ description: 'A name.', output: true }) },
    import: { format: 'lt_<id>', example: 'lt_1', pattern: 'lt_[0-9]+' },
    example: { name: 'a' },
    handlers: { read: async () => ({ name: 'a' }), list: async () => [{ id: 'lt_1', state: { name: 'a' } }] },
  });
  const pr = new Provider(new Registry([listed]), {
    env: { OPENAI_API_KEY: 'sk-proj-unit-000000000000000000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
  });
  pr.configure({});

  test('is read and listed, never created, changed or deleted (a clear error, before any request)', async () => {
    expect((await pr.get('listed_thing', { id: 'lt_1' }, undefined)).state).toMatchObject({ name: 'a' });
    expect(await pr.list('listed_thing', {})).toEqual([{ id: 'lt_1', state: expect.objectContaining({ name: 'a' }) }]);
    const refused = /listed_thing is a data source only: the API cannot create, change or delete it/;
    await expect(pr.create('listed_thing', {})).rejects.toThrow(refused);
    await expect(pr.update('listed_thing', 'lt_1', {}, {})).rejects.toThrow(refused);
    await expect(pr.delete('listed_thing', 'lt_1', {})).rejects.toThrow(refused);
  });

  test('declares outputs only', () => {
    const declared = {
      name: 'settable_thing',
      description: 'A test object with an input.',
      key: 'project' as const,
      properties: { name: p.string({ description: 'A name.', required: true }) },
      import: { format: 'st_<id>', example: 'st_1', pattern: 'st_[0-9]+' },
      example: { name: 'a' },
      handlers: { read: async () => ({ name: 'a' }) },
    };
    expect(() => defineDataSource(declared)).toThrow(/settable_thing.name: a data source's properties are outputs/);
  });
});
