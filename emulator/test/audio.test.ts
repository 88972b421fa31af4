// Voice consents in the emulator: the recording's documented limits, and an update that changes the name only.
import { toFile } from 'openai';
import { apiError, harness, type Harness } from './helpers';

describe('voice consents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.emulator.close());

  test('a recording of an audio type is stored; an update renames it and keeps language and time', async () => {
    const recording = await toFile(Buffer.from('RIFF....WAVE'), 'consent.wav', { type: 'audio/x-wav' });
    const c = await h.client.audio.voiceConsents.create({ name: 'John Doe', language: 'en-US', recording });
    expect(c).toMatchObject({ object: 'audio.voice_consent', name: 'John Doe', language: 'en-US' });
    expect(c.id).toMatch(/^cons_[0-9a-f]{32}$/);
    expect(await h.client.audio.voiceConsents.update(c.id, { name: 'Jane Doe' })).toEqual({ ...c, name: 'Jane Doe' });
    expect(await h.client.audio.voiceConsents.delete(c.id)).toEqual({ id: c.id, object: 'audio.voice_consent', deleted: true });
  });

  test.each([
    ['a text file', Buffer.from('hello'), 'text/plain', /Unsupported recording type 'text\/plain'/],
    ['more than 10 MiB', Buffer.alloc(10 * 1024 * 1024 + 1), 'audio/mpeg', /larger than 10 MiB/],
  ])('%s is refused as the recording', async (_what, bytes, type, message) => {
    const recording = await toFile(bytes, 'consent.bin', { type });
    const e = await apiError(h.client.audio.voiceConsents.create({ name: 'x', language: 'en-US', recording }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(message);
    expect(h.emulator.counts()['voice_consents']).toBe(0);
  });
});
