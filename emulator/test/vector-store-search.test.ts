import { toFile } from 'openai';
import { apiError, harness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.emulator.close());

it('searches the chunks of the files (their chunking strategy), answering only the matching chunks, best first', async () => {
  const store = (await h.client.vectorStores.create({ name: 'kb' })).id;
  const file = await h.client.files.create({
    file: await toFile(Buffer.from('alpha beta gamma delta epsilon zeta eta theta'), 'greek.txt'),
    purpose: 'assistants',
  });
  await h.client.vectorStores.files.create(store, {
    file_id: file.id,
    chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } },
  });
  // 150 words in chunks of 100 overlapping by 50: words 0-99 and 50-149.
  const words = Array.from({ length: 150 }, (_, i) => `w${i}`);
  const other = await h.client.files.create({ file: await toFile(Buffer.from(words.join(' ')), 'n.txt'), purpose: 'assistants' });
  await h.client.vectorStores.files.create(store, {
    file_id: other.id,
    chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 } },
    attributes: { kind: 'numbers' },
  });
  const first = words.slice(0, 100).join(' ');
  const second = words.slice(50).join(' ');
  const page = await h.client.vectorStores.search(store, { query: 'w120' });
  expect(page.data).toEqual([
    { file_id: other.id, filename: 'n.txt', score: 1, attributes: { kind: 'numbers' }, content: [{ type: 'text', text: second }] },
  ]);
  // In both chunks: both, in text order (equal scores).
  expect((await h.client.vectorStores.search(store, { query: 'w60' })).data[0]!.content.map((c) => c.text)).toEqual([first, second]);
  expect((await h.client.vectorStores.search(store, { query: 'w140 w60 alpha' })).data.map((r) => [r.filename, r.score, r.content.length])).toEqual([
    ['n.txt', 0.6667, 2],
    ['greek.txt', 0.3333, 1],
  ]);
  expect((await h.client.vectorStores.search(store, { query: 'nothing matches' })).data).toEqual([]);
  expect((await h.client.vectorStores.search(store, { query: 'gamma', filters: { type: 'eq', key: 'kind', value: 'numbers' } })).data).toEqual([]);
  expect((await apiError(h.client.vectorStores.search(store, { query: 'x', max_num_results: 51 }))).status).toBe(400);
  expect((await apiError(h.client.vectorStores.search('vs_missing', { query: 'x' }))).status).toBe(404);
});
