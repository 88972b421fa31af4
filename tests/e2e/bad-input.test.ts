// Bad input through the real Pulumi engine, the built plugin and the generated Node.js SDK against the emulator:
// what the in-process property suite (bridge/conformance/test/property.test.ts) cannot show, because the user's
// program encodes the inputs (google-protobuf, in @pulumi/pulumi) and the engine decodes them before the provider.
// Limits count code points. A lone surrogate never reaches the provider through Pulumi: the program's encoder drops
// a high one followed by another character (the provider sees valid text), and writes any other as bytes that are
// not UTF-8, which the engine refuses before anything is registered.
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { Workspace, writesSince, type Stack } from './harness';

jest.setTimeout(300_000);

let emu: Emulator;
let ws: Workspace;
let stack: Stack;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ws = await Workspace.create();
  stack = await ws.stack('bad-input', 'bad-input', { 'openai:baseUrl': emu.url, 'openai:apiKey': { secret: emu.projectKey }, case: 'emoji256' });
});

afterAll(async () => {
  ws?.dispose();
  await emu?.close();
});

/** `pulumi preview` of one case: its exit code, what it printed, and the writes the API saw meanwhile. */
async function preview(name: string): Promise<{ code: number; out: string; writes: number }> {
  await stack.setConfig('case', name);
  const from = emu.requests.length;
  const r = await stack.pulumi(['preview', '--diff'], { allowFailure: true });
  return { code: r.code, out: r.stdout + r.stderr, writes: writesSince(emu, from).length };
}

test('300 emoji in a 256-character name: refused at the property, counted as 300, nothing sent', async () => {
  const r = await preview('emoji300');
  expect(r.code).not.toBe(0);
  // The engine shows a check failure as `property <name> value {<value>} has a problem: <reason>`.
  expect(r.out).toMatch(/property name value \{😀+\} has a problem: must be at most 256 characters \(got 300\)/u);
  expect(r.writes).toBe(0);
});

test('256 emoji are a 256-character name: previewed', async () => {
  const r = await preview('emoji256');
  expect([r.code, r.out]).toEqual([0, expect.stringContaining('+ 2 to create')]); // the stack and the store
});

test("a lone surrogate inside a name: the program's encoder leaves it out, so the provider receives valid text", async () => {
  // Not the provider's to refuse: google-protobuf drops a high surrogate not followed by its low half.
  const r = await preview('loneInside');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/name: +"badname"/);
});

test("a lone surrogate at the end of a name: the engine refuses the program's request itself (not UTF-8)", async () => {
  const r = await preview('loneAtEnd');
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('failed to register new resource store [openai:index:VectorStore]');
  expect(r.out).toContain('string field contains invalid UTF-8');
  expect(r.writes).toBe(0);
});
