// Skills in the emulator: bundles uploaded as `files[]` parts (paths kept) or one zip, checked as the Skills guide
// states, numbered versions, the default version pointer, and the bundles' downloads.
import { toFile } from 'openai';
import { readZip, writeZip } from '../src/zip';
import { apiError, harness, type Harness } from './helpers';

const manifest = (name: string, description = 'Adds numbers.') => `---\nname: ${name}\ndescription: ${description}\n---\n\nUse it.\n`;
const part = (path: string, text: string) => toFile(Buffer.from(text), path);

describe('skills', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.emulator.close());

  test('a directory upload keeps each part’s path; the skill takes its name and description from SKILL.md', async () => {
    const files = [await part('basic_math/SKILL.md', manifest('basic-math')), await part('basic_math/lib/calc.py', 'print(2)\n')];
    const s = await h.client.skills.create({ files });
    expect(s).toMatchObject({ object: 'skill', name: 'basic-math', description: 'Adds numbers.', default_version: '1', latest_version: '1' });
    expect(s.id).toMatch(/^skill_[0-9a-f]{48}$/);
    const zip = Buffer.from(await (await h.client.skills.content.retrieve(s.id)).arrayBuffer());
    expect(readZip(zip).map((e) => [e.path, e.bytes.toString()])).toEqual([
      ['basic_math/SKILL.md', manifest('basic-math')],
      ['basic_math/lib/calc.py', 'print(2)\n'],
    ]);
    await h.client.skills.delete(s.id);
  });

  test('a deflated zip upload is read for its manifest and downloaded exactly as sent', async () => {
    const bytes = writeZip([{ path: 'z/skill.md', bytes: Buffer.from(manifest('zipped', '"Quoted description."')) }], { deflate: true });
    const s = await h.client.skills.create({ files: await toFile(bytes, 'z.zip', { type: 'application/zip' }) });
    expect(s).toMatchObject({ name: 'zipped', description: 'Quoted description.' });
    expect(Buffer.from(await (await h.client.skills.content.retrieve(s.id)).arrayBuffer()).equals(bytes)).toBe(true);
    await h.client.skills.delete(s.id);
  });

  test.each([
    [
      'two top-level folders',
      [
        ['a/SKILL.md', manifest('x')],
        ['b/run.py', ''],
      ],
      /one top-level folder; found a, b/,
    ],
    ['no manifest', [['a/run.py', '']], /exactly one SKILL.md is required; found 0/],
    ['a nested manifest', [['a/docs/SKILL.md', manifest('x')]], /directly inside the top-level folder/],
    ['a file outside any folder', [['SKILL.md', manifest('x')]], /not a path inside the bundle's top-level folder/],
    ['a bad name', [['a/SKILL.md', manifest('Not_Valid')]], /front matter `name` is required/],
    ['no description', [['a/SKILL.md', '---\nname: ok\n---\n']], /front matter `description` is required/],
  ])('a bundle with %s is refused, naming files', async (_what, entries, message) => {
    const files = await Promise.all(entries.map(([path, text]) => part(path!, text!)));
    const e = await apiError(h.client.skills.create({ files }));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(message);
    expect((e.error as { param?: string }).param).toBe('files');
    expect(h.emulator.counts()['skills']).toBe(0);
  });

  test('versions count up and are never reused; the default cannot be deleted; deleting the skill takes its versions', async () => {
    const upload = async (text: string) => [await part('v/SKILL.md', manifest('versioned', text))];
    const s = await h.client.skills.create({ files: await upload('First.') });
    const v2 = await h.client.skills.versions.create(s.id, { files: await upload('Second.') });
    expect(v2).toMatchObject({ object: 'skill.version', skill_id: s.id, version: '2', description: 'Second.' });
    expect(await h.client.skills.retrieve(s.id)).toMatchObject({ default_version: '1', latest_version: '2', description: 'First.' });
    const v3 = await h.client.skills.versions.create(s.id, { files: await upload('Third.'), default: true });
    expect(await h.client.skills.retrieve(s.id)).toMatchObject({ default_version: '3', latest_version: '3', description: 'Third.' });

    const refused = await apiError(h.client.skills.versions.delete('3', { skill_id: s.id }));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/default version .* cannot be deleted/);
    await h.client.skills.update(s.id, { default_version: '2' });
    expect(await h.client.skills.versions.delete('3', { skill_id: s.id })).toEqual({
      object: 'skill.version.deleted',
      deleted: true,
      id: v3.id,
      version: '3',
    });
    expect((await h.client.skills.retrieve(s.id)).latest_version).toBe('2');
    const v4 = await h.client.skills.versions.create(s.id, { files: await upload('Fourth.') });
    expect(v4.version).toBe('4');
    const listed = [];
    for await (const v of h.client.skills.versions.list(s.id, { order: 'asc' })) listed.push(v.version);
    expect(listed).toEqual(['1', '2', '4']);
    expect((await apiError(h.client.skills.update(s.id, { default_version: '3' }))).status).toBe(400);

    expect(await h.client.skills.delete(s.id)).toEqual({ object: 'skill.deleted', deleted: true, id: s.id });
    expect(h.emulator.counts()).toMatchObject({ skills: 0, skill_versions: 0 });
    expect((await apiError(h.client.skills.versions.retrieve('1', { skill_id: s.id }))).status).toBe(404);
  });
});
