// What skills and skill versions do beyond the shared lifecycle: a bundle is hashed over its files (a change of one
// file is a new version, an unchanged folder no diff, a zip of the folder the same hash), the default version is
// pinned or follows new uploads, a zip is uploaded as it is and a folder as one part per file.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '@openai-iac/core';
import { readZip, writeZip } from '../../../emulator/src/zip';
import { world, type World } from './harness';

const MANIFEST = (name: string) => `---\nname: ${name}\ndescription: Sums numbers.\n---\n\nRun scripts/sum.py.\n`;

/** A skill folder `<tmp>/basic_math` with SKILL.md and a script: its path. */
function folder(name: string, script = 'print(1 + 1)\n'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'skills-test-')), 'basic_math');
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  writeFileSync(join(dir, 'SKILL.md'), MANIFEST(name));
  writeFileSync(join(dir, 'scripts', 'sum.py'), script);
  return dir;
}

/** A zip of the same files as `folder(name, script)`, deflated, entries in another order. */
function zipOf(name: string, script = 'print(1 + 1)\n'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'skills-zip-')), 'basic_math.zip');
  const entries = [
    { path: 'basic_math/scripts/sum.py', bytes: Buffer.from(script) },
    { path: 'basic_math/SKILL.md', bytes: Buffer.from(MANIFEST(name)) },
  ];
  writeFileSync(path, writeZip(entries, { deflate: true }));
  return path;
}

describe('skills beyond the lifecycle', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => w.emulator.close());

  const check = (type: string, raw: JsonObject): JsonObject => {
    const { inputs, failures } = w.provider.check(type, raw);
    expect(failures).toEqual([]);
    return inputs as JsonObject;
  };
  const posts = (path: RegExp) => w.emulator.requests.filter((r) => r.method === 'POST' && path.test(r.path)).length;

  test('a changed file in the folder uploads a new version of the same skill; an unchanged folder is no diff', async () => {
    const dir = folder('adder');
    const created = await w.provider.create('skill', check('skill', { source: dir }));
    expect(created.id).toMatch(/^skill_[0-9a-f]{48}$/);
    expect(created.state).toMatchObject({ name: 'adder', description: 'Sums numbers.', default_version: '1', latest_version: '1' });
    const hash = created.state['content_sha256'];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    // the same files (even rewritten with the same bytes, or in another folder of the same name) are no change
    writeFileSync(join(dir, 'scripts', 'sum.py'), 'print(1 + 1)\n');
    expect(w.provider.diff('skill', created.state, check('skill', { source: dir })).changed).toEqual([]);
    expect(check('skill', { source: folder('adder') })['content_sha256']).toBe(hash);

    // one changed byte in one file: a new version, in place, which becomes the default (nothing pins one)
    writeFileSync(join(dir, 'scripts', 'sum.py'), 'print(1 + 2)\n');
    const next = check('skill', { source: dir });
    expect(next['content_sha256']).not.toBe(hash);
    const d = w.provider.diff('skill', created.state, next);
    expect(d).toMatchObject({ changed: ['content_sha256'], replaces: [] });
    const before = posts(/^\/v1\/skills\/[^/]+\/versions$/);
    const updated = await w.provider.update('skill', created.id, created.state, next);
    expect(posts(/^\/v1\/skills\/[^/]+\/versions$/)).toBe(before + 1);
    expect(updated).toMatchObject({ default_version: '2', latest_version: '2', content_sha256: next['content_sha256'] });
    // the new version holds the changed file, under its path in the folder
    const content = Buffer.from(await (await w.sdk.skills.versions.content.retrieve('2', { skill_id: created.id })).arrayBuffer());
    const files = Object.fromEntries(readZip(content).map((e) => [e.path, e.bytes.toString()]));
    expect(files).toEqual({ 'basic_math/SKILL.md': MANIFEST('adder'), 'basic_math/scripts/sum.py': 'print(1 + 2)\n' });

    // moving the folder without changing a file uploads nothing
    const moved = folder('adder', 'print(1 + 2)\n');
    const same = check('skill', { source: moved });
    expect(w.provider.diff('skill', updated, same).changed).toEqual(['source']);
    const kept = await w.provider.update('skill', created.id, updated, same);
    expect(posts(/^\/v1\/skills\/[^/]+\/versions$/)).toBe(before + 1);
    expect(kept['latest_version']).toBe('2');
    await w.provider.delete('skill', created.id, kept);
    expect(w.emulator.counts()['skill_versions']).toBe(0);
  });

  test('default_version pins: a new bundle is uploaded without moving it; changing the pin moves it in place', async () => {
    const dir = folder('pinned');
    const created = await w.provider.create('skill', check('skill', { source: dir, default_version: '1' }));
    writeFileSync(join(dir, 'SKILL.md'), MANIFEST('pinned') + '\nMore detail.\n');
    const v2 = await w.provider.update('skill', created.id, created.state, check('skill', { source: dir, default_version: '1' }));
    expect(v2).toMatchObject({ default_version: '1', latest_version: '2' });
    const moved = await w.provider.update('skill', created.id, v2, check('skill', { source: dir, default_version: '2' }));
    expect(moved).toMatchObject({ default_version: '2', latest_version: '2' });
    expect((await w.sdk.skills.retrieve(created.id)).default_version).toBe('2');
    // a pin to a version that does not exist is the API's refusal, on the update
    await expect(w.provider.update('skill', created.id, moved, check('skill', { source: dir, default_version: '9' }))).rejects.toThrow(
      /no version '9'/,
    );
    await w.provider.delete('skill', created.id, moved);
  });

  test('a zip of the folder hashes like the folder, is uploaded as the one archive, and downloads as sent', async () => {
    const zip = zipOf('zipped');
    const fromZip = check('skill', { source: zip });
    expect(fromZip['content_sha256']).toBe(check('skill', { source: folder('zipped') })['content_sha256']);
    const created = await w.provider.create('skill', fromZip);
    expect(created.state).toMatchObject({ name: 'zipped', latest_version: '1' });
    const download = Buffer.from(await (await w.sdk.skills.content.retrieve(created.id)).arrayBuffer());
    expect(
      download.equals(
        writeZip(
          [
            { path: 'basic_math/scripts/sum.py', bytes: Buffer.from('print(1 + 1)\n') },
            { path: 'basic_math/SKILL.md', bytes: Buffer.from(MANIFEST('zipped')) },
          ],
          { deflate: true },
        ),
      ),
    ).toBe(true);
    // switching the source from the zip to the same folder is no new version
    const asFolder = check('skill', { source: folder('zipped') });
    expect(w.provider.diff('skill', created.state, asFolder).changed).toEqual(['source']);
    await w.provider.delete('skill', created.id, created.state);
  });

  test('a skill whose create answer was lost is found by its manifest name and adopted, not uploaded twice', async () => {
    const slow = await world({ requestTimeout: 1 });
    try {
      slow.emulator.faults.inject({ method: 'POST', path: /^\/v1\/skills$/, kind: 'timeout_after_apply', hangMs: 3000 });
      const { inputs } = slow.provider.check('skill', { source: folder('lost-answer') });
      const created = await slow.provider.create('skill', inputs as JsonObject);
      expect(created.state['name']).toBe('lost-answer');
      expect(slow.emulator.counts()['skills']).toBe(1);
      expect(slow.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/skills')).toHaveLength(1);
    } finally {
      await slow.emulator.close();
    }
  });

  test('skill version: a changed file replaces it; deleting the default version moves the default to the newest other', async () => {
    const skill = await w.provider.create('skill', check('skill', { source: folder('versioned') }));
    const dir = folder('versioned', 'print(2)\n');
    const v = await w.provider.create('skill_version', check('skill_version', { skill_id: skill.id, source: dir, default: true }));
    expect(v.id).toBe(`${skill.id}/2`);
    expect(v.state).toMatchObject({ version: '2', default: true, is_default: true, version_id: expect.stringMatching(/^skillver_/) });
    expect(w.provider.diff('skill_version', v.state, check('skill_version', { skill_id: skill.id, source: dir, default: true })).changed).toEqual([]);
    writeFileSync(join(dir, 'scripts', 'sum.py'), 'print(3)\n');
    expect(w.provider.diff('skill_version', v.state, check('skill_version', { skill_id: skill.id, source: dir, default: true }))).toMatchObject({
      changed: ['content_sha256'],
      replaces: ['content_sha256'],
    });
    const v3 = await w.provider.create('skill_version', check('skill_version', { skill_id: skill.id, source: dir }));
    expect(v3.state).toMatchObject({ version: '3', default: false, is_default: false });

    // version 2 is the default: deleting it makes version 3 (the newest other) the default first
    await w.provider.delete('skill_version', v.id, v.state);
    expect((await w.sdk.skills.retrieve(skill.id)).default_version).toBe('3');
    expect(w.lines.join('\n')).toMatch(/making version 3 the default/);
    // the list data source, by skill
    const listed = await w.provider.list('skill_version', { skill_id: skill.id });
    expect(listed.map((x) => x.id)).toEqual([`${skill.id}/1`, `${skill.id}/3`]);
    expect(listed.map((x) => x.state['is_default'])).toEqual([false, true]);
    await w.provider.delete('skill', skill.id, skill.state);
    expect(await w.provider.read('skill_version', v3.id, v3.state)).toBeNull();
  });
});
