// Import by resource identity through a real engine (the built provider via dev_overrides, the emulator behind
// it): apply a project, a vector store and a vector store file (a composite id, `vs_…/file-…`), drop them from
// state, import them back with `import { identity = { … } }` blocks, and the next plan is empty. Both engines
// do all of it: Terraform (`requireTerraform()`: >= 1.14 on PATH, else the v1.16.4 `make engines` builds) and
// OpenTofu 1.12.6 (which also asks GetResourceIdentitySchemas, keeps the identity in
// state with its schema version, and accepts `identity` in import blocks).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { requireTerraform, requireTofu, ROOT, startTestEmulator, Workdir, type EngineBin, type Keys } from './harness';

jest.setTimeout(240_000);

let emulator: Emulator;
let keys: Keys;

beforeAll(async () => {
  ({ emulator, keys } = await startTestEmulator());
});

afterAll(async () => emulator?.close());

const RESOURCES = `
resource "openai_project" "p" {
  name = "identity-e2e"
}

resource "openai_vector_store" "s" {
  name = "identity-e2e"
}

resource "openai_file" "f" {
  source  = "\${path.module}/doc.md"
  purpose = "assistants"
}

# The file goes to a store of its own: a store's import reads its file_ids, which this configuration leaves unset.
resource "openai_vector_store" "kb" {
  name = "identity-e2e-kb"
}

resource "openai_vector_store_file" "vf" {
  vector_store_id = openai_vector_store.kb.id
  file_id         = openai_file.f.id
}
`;

function folder(engine: EngineBin): Workdir {
  const w = Workdir.create(engine, requireTofu().nodeBin, 'dev_overrides', emulator, keys);
  writeFileSync(join(w.cwd, 'providers.tf'), readFileSync(join(ROOT, 'examples/terraform/providers.tf'), 'utf8'));
  w.write('variables.tf', 'variable "base_url" {\n  type    = string\n  default = null\n}\n');
  w.write('doc.md', '# identity\n\nA file for the vector store.\n');
  w.write('main.tf', RESOURCES);
  return w;
}

interface StateResource {
  type: string;
  name: string;
  instances: Array<{ attributes: Record<string, unknown>; identity?: Record<string, string>; identity_schema_version?: number }>;
}

function stateOf(w: Workdir): StateResource[] {
  return (JSON.parse(readFileSync(join(w.cwd, 'terraform.tfstate'), 'utf8')) as { resources: StateResource[] }).resources;
}

const ADDRS = ['openai_project.p', 'openai_vector_store.s', 'openai_vector_store_file.vf'];

function importBlocks(ids: Record<string, Record<string, string>>, how: 'identity' | 'id'): string {
  return Object.entries(ids)
    .map(([to, identity]) => {
      const body =
        how === 'identity'
          ? `  identity = {\n${Object.entries(identity)
              .map(([k, v]) => `    ${k} = "${v}"`)
              .join('\n')}\n  }`
          : `  id = "${Object.values(identity).join('/')}"`;
      return `import {\n  to = ${to}\n${body}\n}\n`;
    })
    .join('\n');
}

const ENGINES: Array<[string, () => EngineBin]> = [
  ['Terraform', () => requireTerraform()],
  ['OpenTofu', () => requireTofu().tofu],
];

describe.each(ENGINES)('%s: resource identity and import by identity', (_name, engine) => {
  let w: Workdir;
  let identities: Record<string, Record<string, string>>;

  test('apply: the engine asks for the identity schemas and keeps every identity in state (version 0)', async () => {
    w = folder(engine());
    await w.run(['apply', '-auto-approve', '-input=false']);
    const state = stateOf(w);
    const byAddr = Object.fromEntries(state.map((r) => [`${r.type}.${r.name}`, r.instances[0]!]));
    for (const r of state) expect([r.type, r.instances[0]!.identity_schema_version]).toEqual([r.type, 0]);
    const vf = byAddr['openai_vector_store_file.vf']!;
    expect(vf.identity).toEqual({ vector_store_id: vf.attributes['vector_store_id'], file_id: vf.attributes['file_id'] });
    expect(byAddr['openai_project.p']!.identity).toEqual({ project_id: byAddr['openai_project.p']!.attributes['id'] });
    expect(byAddr['openai_vector_store.s']!.identity).toEqual({ id: byAddr['openai_vector_store.s']!.attributes['id'] });
    identities = Object.fromEntries(ADDRS.map((a) => [a, byAddr[a]!.identity!]));
  });

  test('state rm, import blocks with identity, apply, then an empty plan', async () => {
    await w.run(['state', 'rm', ...ADDRS]);
    w.write('imports.tf', importBlocks(identities, 'identity'));
    const plan = await w.run(['plan', '-input=false']);
    // (1 to change: an imported empty vector store reads `file_ids = []`, which the configuration leaves null; the
    // same after an import by id. The apply settles it and the next plan is empty.)
    expect(plan.stdout).toMatch(/3 to import, 0 to add, [01] to change, 0 to destroy/);
    await w.run(['apply', '-auto-approve', '-input=false']);
    const after = Object.fromEntries(stateOf(w).map((r) => [`${r.type}.${r.name}`, r.instances[0]!.identity]));
    for (const a of ADDRS) expect([a, after[a]]).toEqual([a, identities[a]]);
    w.write('imports.tf', '');
    const again = await w.run(['plan', '-input=false', '-detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
  });

  test('a malformed identity: the plan fails naming the attribute, nothing is asked of the API', async () => {
    await w.run(['state', 'rm', 'openai_vector_store_file.vf']);
    w.write('imports.tf', importBlocks({ 'openai_vector_store_file.vf': { vector_store_id: 'vs_abc', file_id: 'not-a-file' } }, 'identity'));
    const before = emulator.requests.length;
    const r = await w.run(['plan', '-input=false'], { allow: [1] });
    expect(r.code).toBe(1);
    const out = (r.stdout + r.stderr).replace(/\s+/g, ' ');
    expect(out).toContain('Invalid identity attribute file_id');
    expect(out).toContain('Identity attribute `file_id` does not name a vector_store_file');
    expect(emulator.requests.slice(before).filter((q) => q.path.includes('vs_abc') || q.path.includes('not-a-file'))).toEqual([]);
  });
});
