// pulumi import of an object made directly in the emulator: the engine adopts it (no write), the code
// `pulumi import --out` generates (TypeScript over the generated SDK) previews clean once added to the program,
// and the adopted object is then managed like any other (destroy deletes it).
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { api, liveCounts, Workspace, writesSince, type Stack } from './harness';

jest.setTimeout(300_000);

let emu: Emulator;
let ws: Workspace;
let stack: Stack;
let baseline: Record<string, number>;
let storeId: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  baseline = liveCounts(emu);
  ws = await Workspace.create();
  stack = await ws.stack('import', 'import', { 'openai:baseUrl': emu.url, 'openai:apiKey': { secret: emu.projectKey } });
  const made = await api<{ id: string }>(emu, 'POST', '/vector_stores', emu.projectKey, {
    name: 'made-by-hand',
    metadata: { team: 'docs', tier: 'gold' },
    expires_after: { anchor: 'last_active_at', days: 3 },
  });
  storeId = made.id;
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

test('pulumi import adopts a vector store without writing and generates TypeScript that previews clean', async () => {
  const mark = emu.requests.length;
  const out = join(stack.dir, 'imported.ts');
  // The built engines' Node.js host predates GenerateProgram; .cache/langhost adds it (see tools/codegen/langhost and
  // requireTools: used with a pulumi from PATH too, where it is harmless).
  await stack.pulumi(['import', 'openai:index:VectorStore', 'handmade', storeId, '--yes', '--protect=false', '--out', out], {
    env: { PATH: `${ws.tools.langhostDir}:${ws.env['PATH']}` },
  });
  expect(writesSince(emu, mark)).toEqual([]);

  const code = stack.readFile('imported.ts');
  expect(code).toContain('import * as openai from "@openai-iac/pulumi-openai";');
  expect(code).toContain('new openai.VectorStore("handmade", {');
  expect(code).toContain('name: "made-by-hand"');
  // An enum input is written as the SDK's enum member (typed; the same string underneath).
  expect(code).toMatch(/expiresAfter: \{\s*anchor: openai\.VectorStoreExpiresAfterAnchor\.LastActiveAt,\s*days: 3,\s*\}/);
  expect(code).toMatch(/metadata: \{\s*team: "docs",\s*tier: "gold",\s*\}/);
  expect((await stack.resources())['handmade']?.id).toBe(storeId);

  // Add the generated code to the program: the preview shows no change.
  stack.writeFile('index.ts', `${stack.readFile('index.ts')}\n${code}`);
  await stack.pulumi(['preview', '--expect-no-changes']);
  await stack.pulumi(['up', '--yes', '--expect-no-changes']);
});

test('the imported store is managed: a change in the program updates it, destroy deletes it', async () => {
  stack.writeFile('index.ts', stack.readFile('index.ts').replace('name: "made-by-hand"', 'name: "managed-now"'));
  const { steps } = await stack.preview();
  expect(steps['handmade']?.op).toBe('update');
  await stack.up();
  expect(await api(emu, 'GET', `/vector_stores/${storeId}`, emu.projectKey)).toMatchObject({ name: 'managed-now' });

  await stack.destroy();
  expect(liveCounts(emu)).toEqual(baseline);
  await stack.pulumi(['stack', 'rm', '--yes']);
});
