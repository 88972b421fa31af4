// The lifecycle through the real Pulumi engine and the generated Node.js SDK (tests/e2e/programs/lifecycle):
// preview writes nothing → up → a second up is a no-op → an in-place change updates → a create-only change
// replaces → out-of-band change and deletion found by refresh and repaired by up → no plaintext secret in the
// state → destroy leaves the emulator as it was.
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { api, exampleCounts, liveCounts, Workspace, writesSince, type Stack } from './harness';

jest.setTimeout(300_000);

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let baseline: Record<string, number>;
let ids: Record<string, string>;

const STEP = 600_000;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50 });
  baseline = liveCounts(emu);
  ws = await Workspace.create();
  stack = await ws.stack('lifecycle', 'lifecycle', {
    'openai:baseUrl': emu.url,
    'openai:apiKey': { secret: emu.projectKey },
    'openai:adminApiKey': { secret: emu.adminKey },
  });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

const objectIds = async (): Promise<Record<string, string>> => {
  const out = await stack.outputs();
  return { file: String(out['fileId']), store: String(out['storeId']), assistant: String(out['assistantId']), project: String(out['projectId']) };
};

test(
  'pulumi preview of a new stack plans every create and sends no write to the API',
  async () => {
    const mark = emu.requests.length;
    const { steps } = await stack.preview();
    expect(
      Object.fromEntries(
        Object.entries(steps)
          .filter(([n]) => !n.startsWith('default'))
          .map(([n, s]) => [n, s.op]),
      ),
    ).toEqual({
      notes: 'create',
      store: 'create',
      tutor: 'create',
      team: 'create',
    });
    expect(writesSince(emu, mark)).toEqual([]);
    expect(liveCounts(emu)).toEqual(baseline);
  },
  STEP,
);

test(
  'pulumi up creates the stack in the emulator',
  async () => {
    await stack.up();
    ids = await objectIds();
    expect(ids['file']).toMatch(/^file-/);
    expect(ids['store']).toMatch(/^vs_/);
    expect(ids['assistant']).toMatch(/^asst_/);
    expect(ids['project']).toMatch(/^proj_/);
    expect(liveCounts(emu)).toEqual(exampleCounts(baseline));
    const store = await api(emu, 'GET', `/vector_stores/${ids['store']}`, emu.projectKey);
    expect(store).toMatchObject({
      name: 'e2e-store',
      status: 'completed',
      metadata: { suite: 'e2e', stack: 'lifecycle' },
      expires_after: { anchor: 'last_active_at', days: 7 },
    });
    const assistant = await api(emu, 'GET', `/assistants/${ids['assistant']}`, emu.projectKey);
    expect(assistant).toMatchObject({
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      tool_resources: { code_interpreter: { file_ids: [ids['file']] }, file_search: { vector_store_ids: [ids['store']] } },
    });
  },
  STEP,
);

test(
  'a second pulumi up is a no-op: preview --expect-no-changes passes and nothing is written',
  async () => {
    const mark = emu.requests.length;
    await stack.pulumi(['preview', '--expect-no-changes']);
    const up = await stack.pulumi(['up', '--yes', '--expect-no-changes']);
    expect(up.stdout).toMatch(/5 unchanged/);
    expect(writesSince(emu, mark)).toEqual([]);
    expect(await objectIds()).toEqual(ids);
  },
  STEP,
);

test(
  'an in-place change (store name, instructions, project name) updates the same objects',
  async () => {
    await stack.setConfig('storeName', 'e2e-store-renamed');
    await stack.setConfig('instructions', 'Answer with code, briefly.');
    await stack.setConfig('projectName', 'e2e-project-renamed');
    const { steps } = await stack.preview();
    expect(steps['store']?.op).toBe('update');
    expect(steps['tutor']?.op).toBe('update');
    expect(steps['team']?.op).toBe('update');
    expect(steps['notes']?.op ?? 'same').toBe('same'); // `preview --json` lists only steps that change something

    const mark = emu.requests.length;
    await stack.up();
    expect(await objectIds()).toEqual(ids);
    expect(writesSince(emu, mark).map((r) => r.method)).not.toContain('DELETE');
    expect(await api(emu, 'GET', `/vector_stores/${ids['store']}`, emu.projectKey)).toMatchObject({ name: 'e2e-store-renamed' });
    expect(await api(emu, 'GET', `/assistants/${ids['assistant']}`, emu.projectKey)).toMatchObject({ instructions: 'Answer with code, briefly.' });
    expect(await api(emu, 'GET', `/organization/projects/${ids['project']}`, emu.adminKey)).toMatchObject({ name: 'e2e-project-renamed' });
    await stack.pulumi(['preview', '--expect-no-changes']);
  },
  STEP,
);

test(
  'a create-only change (the file content) replaces the file; the store and the assistant follow in place',
  async () => {
    await stack.setConfig('fileContent', '# Notes, second edition\n\nSolve 2x + 1 = 7.\n');
    const { steps } = await stack.preview();
    expect(steps['notes']?.op).toBe('replace');
    expect(steps['notes']?.replaceReasons).toContain('content');
    expect(steps['store']?.op).toBe('update');
    expect(steps['tutor']?.op).toBe('update');

    await stack.up();
    const after = await objectIds();
    expect(after['file']).not.toBe(ids['file']);
    expect({ ...after, file: ids['file'] }).toEqual(ids);
    // The old file is gone, the new one attached.
    expect(emu.snapshot()['files']!.map((f) => (f as { id: string }).id)).toEqual([after['file']]);
    expect(await api(emu, 'GET', `/assistants/${ids['assistant']}`, emu.projectKey)).toMatchObject({
      tool_resources: { code_interpreter: { file_ids: [after['file']] } },
    });
    const files = await api<{ data: Array<{ id: string }> }>(emu, 'GET', `/vector_stores/${ids['store']}/files`, emu.projectKey);
    expect(files.data.map((f) => f.id)).toEqual([after['file']]);
    ids = after;
    await stack.pulumi(['preview', '--expect-no-changes']);
  },
  STEP,
);

test(
  'an out-of-band change is found by pulumi refresh and repaired by the next up',
  async () => {
    await api(emu, 'POST', `/vector_stores/${ids['store']}`, emu.projectKey, {
      name: 'changed-by-hand',
      metadata: { suite: 'e2e', stack: 'lifecycle', hand: 'yes' },
    });
    await stack.refresh();
    const refreshed = await stack.resources();
    expect(refreshed['store']?.outputs).toMatchObject({ name: 'changed-by-hand', metadata: { hand: 'yes' } });

    const { steps } = await stack.preview();
    expect(steps['store']?.op).toBe('update');
    expect(Object.keys(steps['store']?.detailedDiff ?? {}).sort()).toEqual(expect.arrayContaining(['name']));
    await stack.up();
    const store = await api<{ name: string; metadata: Record<string, string> }>(emu, 'GET', `/vector_stores/${ids['store']}`, emu.projectKey);
    expect(store.name).toBe('e2e-store-renamed');
    expect(store.metadata).toEqual({ suite: 'e2e', stack: 'lifecycle' });
    await stack.pulumi(['preview', '--expect-no-changes']);
  },
  STEP,
);

test(
  'an out-of-band deletion is found by pulumi refresh and recreated by the next up',
  async () => {
    await api(emu, 'DELETE', `/assistants/${ids['assistant']}`, emu.projectKey);
    expect(liveCounts(emu)['assistants']).toBe(0);
    await stack.refresh();
    expect(Object.keys(await stack.resources())).not.toContain('tutor');

    const { steps } = await stack.preview();
    expect(steps['tutor']?.op).toBe('create');
    await stack.up();
    const after = await objectIds();
    expect(after['assistant']).toMatch(/^asst_/);
    expect(after['assistant']).not.toBe(ids['assistant']);
    expect(liveCounts(emu)['assistants']).toBe(1);
    ids = after;
    await stack.pulumi(['preview', '--expect-no-changes']);
  },
  STEP,
);

test(
  'pulumi stack export holds no plaintext secret: the keys appear only encrypted',
  async () => {
    const exported = await stack.exportText();
    for (const key of [emu.projectKey, emu.adminKey]) expect(exported).not.toContain(key);
    expect(exported).toContain('4dabf18193072939515e22adb298388d'); // secret values are there, as ciphertext
    expect(exported).toMatch(/"ciphertext":/);
    // The stack config file too.
    const config = stack.readFile('Pulumi.lifecycle.yaml');
    for (const key of [emu.projectKey, emu.adminKey]) expect(config).not.toContain(key);
  },
  STEP,
);

test(
  'pulumi destroy deletes everything: the emulator is back to its baseline',
  async () => {
    await stack.destroy();
    expect(liveCounts(emu)).toEqual(baseline);
    expect(await stack.resources()).toEqual({});
    await stack.pulumi(['stack', 'rm', '--yes']);
  },
  STEP,
);
