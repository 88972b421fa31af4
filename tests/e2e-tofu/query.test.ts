// `terraform query` (Terraform 1.14 and later) against the emulator: list blocks in a *.tfquery.hcl find the
// projects and vector stores made beforehand, and `-generate-config-out` writes configuration and import blocks
// that then plan to import them with no other change. Terraform is `requireTerraform()` (>= 1.14 on PATH, else the
// v1.16.4 `make engines` builds). OpenTofu has no `query`: its run checks that
// the provider's list resources do not disturb a plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { api, requireTerraform, requireTofu, startTestEmulator, Workdir, type Keys } from './harness';

jest.setTimeout(180_000);

const MAIN = `terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}
provider "openai" {}
`;

let emulator: Emulator;
let keys: Keys;
const made: { stores: string[]; project: string } = { stores: [], project: '' };

beforeAll(async () => {
  ({ emulator, keys } = await startTestEmulator());
  for (const name of ['query-a', 'query-b'])
    made.stores.push((await api<{ id: string }>(emulator, 'POST', '/vector_stores', keys.project, { name })).id);
  made.project = (await api<{ id: string }>(emulator, 'POST', '/organization/projects', keys.admin, { name: 'query-project' })).id;
});
afterAll(async () => emulator?.close());

describe('terraform query with Terraform (>= 1.14)', () => {
  const tf = requireTerraform();
  let dir: Workdir;
  beforeAll(() => {
    dir = Workdir.create(tf, requireTofu().nodeBin, 'dev_overrides', emulator, keys);
    dir.write('main.tf', MAIN);
    dir.write(
      'search.tfquery.hcl',
      `list "openai_vector_store" "stores" {\n  provider = openai\n}\nlist "openai_project" "projects" {\n  provider = openai\n  config {\n    include_archived = false\n  }\n}\n`,
    );
  });

  test('lists the vector stores and projects made beforehand', async () => {
    const out = (await dir.run(['query'])).stdout;
    for (const id of [...made.stores, made.project]) expect(out).toContain(id);
    expect(out).toContain('query-a');
  });

  test('-generate-config-out writes resources and import blocks that plan to import, nothing else', async () => {
    await dir.run(['query', '-generate-config-out=generated.tf']);
    const generated = readFileSync(join(dir.cwd, 'generated.tf'), 'utf8');
    for (const id of [...made.stores, made.project]) expect(generated).toContain(id);
    expect(generated).toMatch(/import \{/);
    expect(generated).toMatch(/resource "openai_vector_store"/);
    expect(generated).not.toContain(keys.project);
    const plan = (await dir.run(['plan', '-input=false'])).stdout;
    // The emulator's default project is listed too: every object found is imported, and nothing else changes.
    const imports = Number(/Plan: (\d+) to import, 0 to add, 0 to change, 0 to destroy\./.exec(plan)?.[1]);
    expect(imports).toBe((generated.match(/^import \{/gm) ?? []).length);
    expect(imports).toBeGreaterThanOrEqual(3);
  });

  test('bad list config names the attribute, before any request', async () => {
    dir.write('bad.tfquery.hcl', `list "openai_vector_store_file" "files" {\n  provider = openai\n  config {\n  }\n}\n`);
    const r = await dir.run(['query'], { allow: [1] });
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('vector_store_id');
  });
});

// OpenTofu 1.12 has no `query` command and no list blocks: the provider's list resources (advertised in the
// schema, with identity schemas, identities in reads) must leave its plan, apply, import and refresh as they were.
describe('OpenTofu: list resources advertised, nothing disturbed', () => {
  let dir: Workdir;
  beforeAll(() => {
    const { tofu, nodeBin } = requireTofu();
    dir = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
    dir.write('main.tf', `${MAIN}resource "openai_vector_store" "kept" {\n  name = "tofu-kept"\n}\n`);
    dir.write('search.tfquery.hcl', `list "openai_vector_store" "stores" {\n  provider = openai\n}\n`);
  });

  test('apply, a clean second plan, and an import of a listed object', async () => {
    await dir.run(['apply', '-auto-approve', '-input=false']);
    expect((await dir.run(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);
    // An object made outside (one `list` would find), imported by id as OpenTofu does it.
    dir.write('imported.tf', `resource "openai_vector_store" "imported" {\n  name     = "query-a"\n  file_ids = []\n}\n`);
    await dir.run(['import', '-input=false', 'openai_vector_store.imported', made.stores[0]!]);
    expect((await dir.run(['plan', '-input=false', '-detailed-exitcode'])).code).toBe(0);
    await dir.run(['destroy', '-auto-approve', '-input=false']);
  });
});
