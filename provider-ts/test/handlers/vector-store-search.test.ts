// vector_store_search: a data source whose answers come from the emulator's deterministic search of the files' text.
import { toFile } from 'openai';
import { spellNames, ValidationError } from '@openai-iac/core';
import { world, type World } from './harness';

let w: World;
let store: string;
const files: Record<string, string> = {};
beforeAll(async () => {
  w = await world();
  const add = async (name: string, text: string, attributes: Record<string, string | number | boolean>) => {
    const f = await w.sdk.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'assistants' });
    files[name] = f.id;
    await w.sdk.vectorStores.files.create(store, { file_id: f.id, attributes });
  };
  store = (await w.sdk.vectorStores.create({ name: 'kb' })).id;
  await add('returns.md', 'Our return policy: items may be returned within 30 days for a refund.', { team: 'support', year: 2024 });
  await add('shipping.md', 'Shipping takes 5 days. Returned items ship back free.', { team: 'logistics', year: 2023 });
  await add('hiring.md', 'We are hiring engineers in Berlin.', { team: 'people', year: 2024 });
  await new Promise((r) => setTimeout(r, 120)); // the files finish ingesting (vectorStoreFileDelayMs 50)
});
afterAll(() => w.emulator.close());

const search = (args: Record<string, unknown>) => w.provider.list('vector_store_search', { vector_store_id: store, ...args } as never);

test('results: the files matching best first, with their score, chunks, attributes and the query searched', async () => {
  const results = await search({ query: 'return policy refund' });
  expect(results.map((r) => r.state['filename'])).toEqual(['returns.md']);
  const [top] = results;
  expect(top!.id).toBe(`${store}/${files['returns.md']}`);
  expect(top!.state).toMatchObject({
    vector_store_id: store,
    file_id: files['returns.md'],
    score: 1,
    attributes: { team: 'support', year: 2024 },
    content: [{ type: 'text', text: 'Our return policy: items may be returned within 30 days for a refund.' }],
    search_query: ['return policy refund'],
  });
  // Deterministic: the same search, the same answer.
  expect(await search({ query: 'return policy refund' })).toEqual(results);
});

test('several queries, a score threshold, max_num_results and rewrite_query', async () => {
  const both = await search({ query: 'items', queries: ['days'] });
  expect(both.map((r) => r.state['filename'])).toEqual(['returns.md', 'shipping.md']); // both score 1: attached order
  expect(both[0]!.state['search_query']).toEqual(['items', 'days']);
  const partial = await search({ query: 'returned items hiring' });
  expect(partial.map((r) => [r.state['filename'], r.state['score']])).toEqual([
    ['returns.md', 0.6667],
    ['shipping.md', 0.6667],
    ['hiring.md', 0.3333],
  ]);
  expect((await search({ query: 'returned items hiring', ranking_options: { score_threshold: 0.5 } })).length).toBe(2);
  expect((await search({ query: 'returned items hiring', max_num_results: 1 })).map((r) => r.state['filename'])).toEqual(['returns.md']);
  const rewritten = await search({ query: 'Returned ITEMS?', rewrite_query: true });
  expect(rewritten[0]!.state['search_query']).toEqual(['returned items']);
});

test('filters on the attributes are applied: comparisons and compounds', async () => {
  const names = async (filters: unknown) => (await search({ query: 'returned items hiring', filters })).map((r) => r.state['filename']);
  expect(await names({ type: 'eq', key: 'team', value: 'logistics' })).toEqual(['shipping.md']);
  expect(await names({ type: 'gte', key: 'year', value: 2024 })).toEqual(['returns.md', 'hiring.md']);
  expect(await names({ type: 'nin', key: 'team', value: ['support', 'people'] })).toEqual(['shipping.md']);
  expect(
    await names({
      type: 'or',
      filters: [
        { type: 'eq', key: 'team', value: 'people' },
        {
          type: 'and',
          filters: [
            { type: 'lt', key: 'year', value: 2024 },
            { type: 'ne', key: 'team', value: 'support' },
          ],
        },
      ],
    }),
  ).toEqual(['shipping.md', 'hiring.md']);
  expect(await names({ type: 'eq', key: 'missing', value: 'x' })).toEqual([]);
});

test('bad arguments are refused before any request, naming the argument', async () => {
  const before = w.emulator.requests.length;
  const refused = async (args: Record<string, unknown>) => {
    const e: unknown = await search(args).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    return spellNames((e as Error).message, 'terraform');
  };
  expect(await refused({})).toMatch(/query.*is required/);
  expect(await refused({ query: 'x', queries: [] })).toMatch(/queries.*at least 1/);
  expect(await refused({ query: 'x', max_num_results: 51 })).toMatch(/max_num_results.*at most 50/);
  expect(await refused({ query: 'x', filters: { type: 'like', key: 'a', value: 1 } })).toMatch(/filters\.type.*must be one of/);
  expect(await refused({ query: 'x', filters: { type: 'and', filters: [{ type: 'in', key: 'a', value: 1 }] } })).toMatch(
    /filters\.filters\[0\]\.value.*a list of strings or numbers/,
  );
  expect(w.emulator.requests.length).toBe(before);
});
