// Container files and conversation items as the container_file and conversation_item resources use them: one file
// or item at a time, beside what the container or conversation was created with, gone with its parent.
import { apiError, harness, upload, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.emulator.close());

describe('container files', () => {
  it('a copy of a Files API file (JSON file_id) lists, newest first, beside the files copied at creation', async () => {
    const seeded = await upload(h.client, 'seeded', 'seed.txt');
    const copied = await upload(h.client, 'a,b\n1,2\n', 'data.csv');
    const c = await h.client.containers.create({ name: 'copies', file_ids: [seeded.id] });
    const f = await h.client.containers.files.create(c.id, { file_id: copied.id });
    expect(f).toMatchObject({ object: 'container.file', container_id: c.id, path: '/mnt/data/data.csv', bytes: 8, source: 'user' });
    expect(f.id).toMatch(/^cfile_[0-9a-f]{32}$/);
    expect((await h.client.containers.files.list(c.id)).data.map((x) => x.path)).toEqual(['/mnt/data/data.csv', '/mnt/data/seed.txt']);
    expect(await (await h.client.containers.files.content.retrieve(f.id, { container_id: c.id })).text()).toBe('a,b\n1,2\n');
  });

  it('refuses an unknown file id and a body with neither file nor file_id; files go with their container', async () => {
    const c = await h.client.containers.create({ name: 'refusals' });
    expect((await apiError(h.client.containers.files.create(c.id, { file_id: 'file-nope' }))).status).toBe(404);
    expect((await apiError(h.client.containers.files.create(c.id, {}))).status).toBe(400);
    const f = await h.client.containers.files.create(c.id, { file_id: (await upload(h.client)).id });
    await h.client.containers.delete(c.id);
    expect((await apiError(h.client.containers.files.retrieve(f.id, { container_id: c.id }))).status).toBe(404);
  });
});

describe('conversation items', () => {
  it('an added item follows the seeded ones, newest first by default; it goes with its conversation', async () => {
    const conv = await h.client.conversations.create({ items: [{ type: 'message', role: 'developer', content: 'Be brief.' }] });
    const added = await h.client.conversations.items.create(conv.id, { items: [{ type: 'message', role: 'user', content: 'Hi' }] });
    const id = added.data[0]!.id!;
    expect(id).toMatch(/^msg_[0-9a-f]{48}$/);
    const listed = (await h.client.conversations.items.list(conv.id)).data;
    expect(listed.map((i) => (i.type === 'message' ? [i.role, i.content[0]] : i.type))).toEqual([
      ['user', { type: 'input_text', text: 'Hi' }],
      ['developer', { type: 'input_text', text: 'Be brief.' }],
    ]);
    expect(await h.client.conversations.items.retrieve(id, { conversation_id: conv.id })).toMatchObject({ id, status: 'completed' });
    await h.client.conversations.delete(conv.id);
    expect((await apiError(h.client.conversations.items.retrieve(id, { conversation_id: conv.id }))).status).toBe(404);
  });
});
