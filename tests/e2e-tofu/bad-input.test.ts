// Bad input through the real OpenTofu and the built provider (dev_overrides) against the emulator: what the
// in-process property suite (bridge/conformance/test/property.test.ts) cannot show, because the engine itself
// parses the configuration first. Limits count code points. A lone surrogate: HCL refuses the escape itself; JSON
// text the provider parses (a heredoc of function parameters) reaches the provider as written and is refused at
// the attribute; a .tfvars.json value is decoded by OpenTofu to U+FFFD, valid text the provider cannot tell from
// a configured one (the plan shows it). Nothing is sent to the API by a refused plan.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { requireTofu, ROOT, startTestEmulator, Workdir, type Keys } from './harness';

jest.setTimeout(120_000);

let emulator: Emulator;
let keys: Keys;

beforeAll(async () => {
  ({ emulator, keys } = await startTestEmulator());
});

afterAll(async () => {
  await emulator?.close();
});

/** `tofu plan` of one configuration in a fresh working folder; the requests the emulator saw meanwhile. */
async function plan(hcl: string, files: Record<string, string> = {}): Promise<{ code: number; out: string; requests: string[] }> {
  const { tofu, nodeBin } = requireTofu();
  const w = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
  copyFileSync(join(ROOT, 'examples/terraform/providers.tf'), join(w.cwd, 'providers.tf'));
  w.write('variables.tf', 'variable "base_url" {\n  type    = string\n  default = null\n}\n');
  w.write('main.tf', hcl);
  for (const [name, text] of Object.entries(files)) w.write(name, text);
  const before = emulator.requests.length;
  const t = await w.run(['plan', '-input=false'], { allow: [1] });
  return { code: t.code, out: t.stdout + t.stderr, requests: emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`) };
}

const store = (name: string) => `resource "openai_vector_store" "s" {\n  name = ${name}\n}\n`;

test('300 emoji in a 256-character name: refused at the attribute, counted as 300, nothing sent', async () => {
  const r = await plan(store(`"${'😀'.repeat(300)}"`));
  expect(r.code).toBe(1);
  expect(r.out).toContain('name must be at most 256 characters (got 300)');
  expect(r.requests.filter((q) => q.startsWith('POST'))).toEqual([]);
});

test('256 emoji are a 256-character name: planned', async () => {
  const r = await plan(store(`"${'😀'.repeat(256)}"`));
  expect(r.code).toBe(0);
  expect(r.out).toContain('Plan: 1 to add');
});

test('a lone surrogate escape in HCL: OpenTofu refuses it itself, before the provider', async () => {
  const r = await plan(store('"bad\\uD800name"'));
  expect(r.code).toBe(1);
  expect(r.out).toContain('Invalid escape sequence');
});

test('a lone surrogate in a .tfvars.json value: OpenTofu decodes it as U+FFFD, so the provider receives valid text', async () => {
  // What the provider cannot refuse: the engine changed the value before sending it (the plan shows what is stored).
  const r = await plan(`variable "n" {\n  type = string\n}\n${store('var.n')}`, { 'e2e.auto.tfvars.json': '{"n": "bad\\ud800name"}' });
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/name +=  *"bad\uFFFDname"/);
});

test('a lone surrogate escaped inside JSON text (a heredoc, as function parameters are written): refused at the attribute', async () => {
  const hcl =
    'resource "openai_assistant" "a" {\n  model = "gpt-4o"\n  tools = [{\n    type = "function"\n    function = {\n' +
    '      name       = "f"\n      parameters = <<-EOT\n        {"type": "object", "description": "x\\ud800"}\n      EOT\n    }\n  }]\n}\n';
  const r = await plan(hcl);
  expect(r.code).toBe(1);
  // OpenTofu wraps a diagnostic's detail at its terminal width.
  expect(r.out.replace(/\s+/g, ' ')).toContain(
    'tools[0].function.parameters.description must be valid Unicode text: it holds a lone surrogate (U+D800)',
  );
  expect(r.requests.filter((q) => q.startsWith('POST'))).toEqual([]);
});
