// What container files and conversation items do beyond the shared lifecycle (lifecycle.test.ts runs that from
// bridge/conformance/scenarios.ts), through the real SDK against the emulator: the three ways a container file is
// made, a content change that replaces it, a lost create answer adopted rather than duplicated, a file or item whose
// container or conversation ended reading as gone, and the lists seeing what was there at creation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '@openai-iac/core';
import { overrideHandler } from '../../../emulator/src/testing';
import { world, type World } from './harness';

describe('container files and conversation items', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());
  beforeEach(() => w.emulator.faults.clear());

  async function make(type: string, raw: JsonObject, on: World = w) {
    const { inputs, failures } = on.provider.check(type, raw);
    expect(failures).toEqual([]);
    return on.provider.create(type, inputs as JsonObject);
  }
  const posts = (on: World, path: RegExp) => on.emulator.requests.filter((r) => r.method === 'POST' && path.test(r.path));

  test('container file: copied from the Files API, it lists beside the files the container was created with', async () => {
    const upload = async (name: string, text: string) => (await w.sdk.files.create({ file: new File([text], name), purpose: 'assistants' })).id;
    const seeded = await upload('seed.txt', 'seeded at creation');
    const copied = await upload('report.md', '# the report\n');
    const container = (await w.sdk.containers.create({ name: 'copies', file_ids: [seeded] })).id;

    const f = await make('container_file', { container_id: container, file_id: copied });
    expect(f.id).toMatch(new RegExp(`^${container}/cfile_[0-9a-f]{32}$`));
    expect(f.state).toMatchObject({ path: '/mnt/data/report.md', bytes: 13, origin: 'user', sha256: null });
    const [, cfile] = f.id.split('/') as [string, string];
    const content = await w.sdk.containers.files.content.retrieve(cfile, { container_id: container });
    expect(await content.text()).toBe('# the report\n');

    const listed = await w.provider.list('container_file', { container_id: container });
    expect(listed.map((x) => x.state['path'])).toEqual(['/mnt/data/seed.txt', '/mnt/data/report.md']);
    const got = await w.provider.get('container_file', { container_id: container, container_file_id: cfile }, undefined);
    expect(got.state).toMatchObject({ path: '/mnt/data/report.md', bytes: 13 });
    await w.provider.delete('container_file', f.id, f.state);
    expect((await w.provider.list('container_file', { container_id: container })).map((x) => x.state['path'])).toEqual(['/mnt/data/seed.txt']);
  });

  test('container file: a change of the content at `source` replaces it (sha256)', async () => {
    const container = (await w.sdk.containers.create({ name: 'local' })).id;
    const path = join(mkdtempSync(join(tmpdir(), 'cfile-')), 'data.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const f = await make('container_file', { container_id: container, source: path });
    expect(f.state).toMatchObject({ path: '/mnt/data/data.csv', bytes: 8, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(
      w.provider.diff('container_file', f.state, w.provider.check('container_file', { container_id: container, source: path }).inputs).changed,
    ).toEqual([]);
    writeFileSync(path, 'a,b\n3,4\n');
    const d = w.provider.diff('container_file', f.state, w.provider.check('container_file', { container_id: container, source: path }).inputs);
    expect(d.replaces).toEqual(['sha256']);
    await w.provider.delete('container_file', f.id, f.state);
  });

  test('container file: a create whose answer was lost is adopted, not uploaded twice', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      const container = (await slow.sdk.containers.create({ name: 'lost' })).id;
      const path = new RegExp(`^/v1/containers/${container}/files$`);
      slow.emulator.faults.inject({ method: 'POST', path, kind: 'timeout_after_apply', hangMs: 3000 });
      const f = await make('container_file', { container_id: container, content: 'once\n', filename: 'once.txt' }, slow);
      expect(slow.emulator.counts()['container_files']).toBe(1);
      expect(posts(slow, path)).toHaveLength(1);
      expect(f.state).toMatchObject({ path: '/mnt/data/once.txt', bytes: 5 });
    } finally {
      await slow.emulator.close();
    }
  });

  test('container file: reads as gone once its container has expired or been deleted', async () => {
    const container = (await w.sdk.containers.create({ name: 'ending' })).id;
    const f = await make('container_file', { container_id: container, content: 'x', filename: 'x.txt' });
    const restore = overrideHandler(w.emulator, 'GET', '/containers/{container_id}', (ctx) => ({
      id: ctx.params['container_id'],
      object: 'container',
      name: 'ending',
      created_at: ctx.now,
      status: 'expired',
    }));
    try {
      expect(await w.provider.read('container_file', f.id, f.state)).toBeNull();
    } finally {
      restore();
    }
    expect(await w.provider.read('container_file', f.id, f.state)).not.toBeNull();
    await w.sdk.containers.delete(container);
    expect(await w.provider.read('container_file', f.id, f.state)).toBeNull();
    await w.provider.delete('container_file', f.id, f.state); // gone already: deleting succeeds
  });

  test('conversation item: appended after the seeded items, listed with them, read back as it was given', async () => {
    const conv = (await w.sdk.conversations.create({ items: [{ type: 'message', role: 'developer', content: 'Be brief.' }] })).id;
    const q = await make('conversation_item', { conversation_id: conv, role: 'user', content: 'Hi' });
    const a = await make('conversation_item', { conversation_id: conv, role: 'assistant', content: 'Hello!' });
    expect(q.id).toMatch(new RegExp(`^${conv}/msg_[0-9a-f]{48}$`));
    expect(a.state).toMatchObject({ role: 'assistant', content: 'Hello!', type: 'message', status: 'completed', item_id: a.id.split('/')[1] });
    const listed = await w.provider.list('conversation_item', { conversation_id: conv });
    expect(listed.map((x) => [x.state['role'], x.state['content']])).toEqual([
      ['developer', 'Be brief.'],
      ['user', 'Hi'],
      ['assistant', 'Hello!'],
    ]);
    const got = await w.provider.get('conversation_item', { conversation_id: conv, item_id: a.id.split('/')[1]! }, undefined);
    expect(got.state).toEqual(a.state);
    await w.provider.delete('conversation_item', q.id, q.state);
    expect((await w.provider.list('conversation_item', { conversation_id: conv })).map((x) => x.state['content'])).toEqual(['Be brief.', 'Hello!']);
  });

  test('conversation item: after an ambiguous failure an identical older message is not taken for the new one', async () => {
    const conv = (await w.sdk.conversations.create({ items: [{ type: 'message', role: 'user', content: 'Again?' }] })).id;
    const path = new RegExp(`^/v1/conversations/${conv}/items$`);
    w.emulator.faults.inject({ method: 'POST', path, kind: 'server_error', times: 1 }); // not applied: safe to resend
    const item = await make('conversation_item', { conversation_id: conv, role: 'user', content: 'Again?' });
    expect(posts(w, path)).toHaveLength(2);
    const ids = (await w.provider.list('conversation_item', { conversation_id: conv })).map((x) => x.id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(item.id); // the new, second message, not the seeded one
  });

  test('conversation item: a create whose answer was lost is adopted, not appended twice', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      const conv = (await slow.sdk.conversations.create({ items: [{ type: 'message', role: 'user', content: 'Once' }] })).id;
      const path = new RegExp(`^/v1/conversations/${conv}/items$`);
      slow.emulator.faults.inject({ method: 'POST', path, kind: 'timeout_after_apply', hangMs: 3000 });
      const item = await make('conversation_item', { conversation_id: conv, role: 'user', content: 'Once' }, slow);
      expect(posts(slow, path)).toHaveLength(1);
      const ids = (await slow.provider.list('conversation_item', { conversation_id: conv })).map((x) => x.id);
      expect(ids).toHaveLength(2);
      expect(ids[1]).toBe(item.id);
    } finally {
      await slow.emulator.close();
    }
  });

  test('conversation item: reads as gone once its conversation is deleted', async () => {
    const conv = (await w.sdk.conversations.create({})).id;
    const item = await make('conversation_item', { conversation_id: conv, role: 'system', content: 'Rules.' });
    expect(await w.provider.read('conversation_item', item.id, item.state)).not.toBeNull();
    await w.sdk.conversations.delete(conv);
    expect(await w.provider.read('conversation_item', item.id, item.state)).toBeNull();
    await w.provider.delete('conversation_item', item.id, item.state);
  });
});
