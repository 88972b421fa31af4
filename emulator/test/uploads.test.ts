import { createHash } from 'node:crypto';
import { toFile } from 'openai';
import { apiError, harness, type Harness } from './helpers';

let h: Harness;
afterEach(() => h.emulator.close());

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const start = (bytes: number, filename = 'big.txt') => h.client.uploads.create({ bytes, filename, mime_type: 'text/plain', purpose: 'assistants' });
const part = async (id: string, text: string) => h.client.uploads.parts.create(id, { data: await toFile(Buffer.from(text), 'part') });

describe('uploads', () => {
  beforeEach(async () => {
    h = await harness();
  });

  it('joins the parts in the order completed, checks bytes and md5, and makes a File', async () => {
    const up = await start(11, 'hello.txt');
    expect(up).toMatchObject({ object: 'upload', status: 'pending', bytes: 11, filename: 'hello.txt', file: null });
    expect(up.id).toMatch(/^upload_[0-9a-f]{32}$/);
    expect(up.expires_at - up.created_at).toBeGreaterThanOrEqual(3599);
    const b = await part(up.id, ' world');
    const a = await part(up.id, 'hello');
    expect(a).toMatchObject({ object: 'upload.part', upload_id: up.id });
    expect(h.emulator.counts()['pending_uploads']).toBe(1);
    // The wrong order: the bytes add up, the md5 of 'hello world' does not match ' worldhello'.
    const wrong = await apiError(h.client.uploads.complete(up.id, { part_ids: [b.id, a.id], md5: md5(Buffer.from('hello world')) }));
    expect(wrong.status).toBe(400);
    expect(wrong.param).toBe('md5');
    const short = await apiError(h.client.uploads.complete(up.id, { part_ids: [a.id] }));
    expect(short.param).toBe('part_ids');
    const done = await h.client.uploads.complete(up.id, { part_ids: [a.id, b.id], md5: md5(Buffer.from('hello world')) });
    expect(done.status).toBe('completed');
    expect(done.file).toMatchObject({ object: 'file', bytes: 11, filename: 'hello.txt', purpose: 'assistants' });
    expect(await (await h.client.files.content(done.file!.id)).text()).toBe('hello world');
    expect(h.emulator.counts()['pending_uploads']).toBe(0);
    expect((await apiError(part(up.id, 'more'))).status).toBe(400);
  });

  it('cancels: no parts, no completion afterwards', async () => {
    const up = await start(3);
    await part(up.id, 'abc');
    expect((await h.client.uploads.cancel(up.id)).status).toBe('cancelled');
    const e = await apiError(part(up.id, 'abc'));
    expect(e.status).toBe(400);
    expect(e.code).toBe('upload_cancelled');
    expect((await apiError(h.client.uploads.complete('upload_0000', { part_ids: [] }))).status).toBe(404);
  });
});

it('an upload expires after its lifetime and then refuses parts', async () => {
  h = await harness({ uploadLifetimeMs: 200 });
  const up = await h.client.uploads.create({ bytes: 3, filename: 'x.txt', mime_type: 'text/plain', purpose: 'assistants' });
  await part(up.id, 'a');
  await new Promise((r) => setTimeout(r, 250));
  const e = await apiError(part(up.id, 'b'));
  expect(e.code).toBe('upload_expired');
  expect(h.emulator.counts()['pending_uploads']).toBe(0);
});
