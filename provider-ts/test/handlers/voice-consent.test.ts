// Voice consents beyond the lifecycle: the recording is tracked by its hash (a changed recording replaces the
// consent, an unchanged one is no diff), and a rename is an update of the metadata that uploads nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '@openai-iac/core';
import { world, type World } from './harness';

describe('voice consents beyond the lifecycle', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());

  const check = (raw: JsonObject): JsonObject => {
    const { inputs, failures } = w.provider.check('voice_consent', raw);
    expect(failures).toEqual([]);
    return inputs as JsonObject;
  };
  const uploads = () => w.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/audio/voice_consents').length;

  test('a changed recording replaces the consent; a rename updates in place without uploading', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'consent-')), 'consent.mp3');
    writeFileSync(path, 'ID3 first take');
    const inputs = check({ name: 'John Doe', language: 'en-US', source: path });
    const created = await w.provider.create('voice_consent', inputs);
    expect(created.id).toMatch(/^cons_[0-9a-f]{32}$/);
    expect(created.state).toMatchObject({ name: 'John Doe', language: 'en-US', recording_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(w.provider.diff('voice_consent', created.state, check({ name: 'John Doe', language: 'en-US', source: path })).changed).toEqual([]);

    const before = uploads();
    const renamed = await w.provider.update('voice_consent', created.id, created.state, check({ name: 'Jane Doe', language: 'en-US', source: path }));
    expect(renamed).toMatchObject({ name: 'Jane Doe', recording_sha256: created.state['recording_sha256'] });
    expect(uploads()).toBe(before);
    expect((await w.sdk.audio.voiceConsents.retrieve(created.id)).name).toBe('Jane Doe');

    writeFileSync(path, 'ID3 second take');
    expect(w.provider.diff('voice_consent', renamed, check({ name: 'Jane Doe', language: 'en-US', source: path }))).toMatchObject({
      changed: ['recording_sha256'],
      replaces: ['recording_sha256'],
    });
    await w.provider.delete('voice_consent', created.id, renamed);
    expect(w.emulator.counts()['voice_consents']).toBe(0);
  });
});
