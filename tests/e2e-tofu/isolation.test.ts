// Isolation under concurrency through the real OpenTofu: the 50 resources of the Pulumi tier's isolation test (5
// keys bound to 5 projects, 10 resources each, every one with its own sensitive `api_key`) applied, refreshed,
// updated and destroyed with `-parallelism=50`, behind a 20 ms emulator latency. The emulator's request log must
// show every request carrying its own resource's key and that key's project, and the provider's key never
// (tests/e2e/tenants.ts).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { COLLECTION, createsByTenant, expectUpdatedInPlace, makeTenants, visibleToOthers, wrongKeys, type Owned, type Tenant } from '../e2e/tenants';
import { requireTofu, startTestEmulator, stepper, Workdir } from './harness';

jest.setTimeout(180_000);

const CONFIG = `terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}

variable "keys" {
  type      = list(string)
  sensitive = true
}

variable "round" {
  type    = number
  default = 1
}

locals {
  # "k<tenant>-<n>" => tenant, two of each kind per tenant
  items = { for pair in setproduct(range(5), [0, 1]) : "k\${pair[0]}-\${pair[1]}" => pair[0] }
}

resource "openai_vector_store" "s" {
  for_each = local.items
  api_key  = var.keys[each.value]
  name     = "\${each.key}-store-r\${var.round}"
}

resource "openai_assistant" "a" {
  for_each = local.items
  api_key  = var.keys[each.value]
  model    = "gpt-4o"
  name     = "\${each.key}-assistant-r\${var.round}"
}

resource "openai_conversation" "c" {
  for_each = local.items
  api_key  = var.keys[each.value]
  metadata = { tag = each.key, round = tostring(var.round) }
}

resource "openai_webhook_endpoint" "w" {
  for_each    = local.items
  api_key     = var.keys[each.value]
  name        = "\${each.key}-hook-r\${var.round}"
  url         = "https://hooks.example.com/\${each.key}"
  event_types = ["batch.completed"]
}

resource "openai_file" "f" {
  for_each = local.items
  api_key  = var.keys[each.value]
  content  = "file of \${each.key}"
  filename = "\${each.key}.txt"
  purpose  = "assistants"
}
`;

let emulator: Emulator;
let w: Workdir;
let tenants: Tenant[];
let env: NodeJS.ProcessEnv;
let objects: Record<string, Owned> = {};
const figures: string[] = [];
const { step, failed } = stepper();
const PARALLEL = '-parallelism=50';

async function timed(what: string, args: string[]): Promise<number> {
  const from = emulator.requests.length;
  const t = await w.run(args, { env });
  figures.push(`${what}: ${emulator.requests.length - from} requests in ${(t.ms / 1000).toFixed(1)} s`);
  return from;
}

beforeAll(async () => {
  const { tofu, nodeBin } = requireTofu();
  const started = await startTestEmulator();
  emulator = started.emulator;
  tenants = await makeTenants(emulator);
  env = { TF_VAR_keys: JSON.stringify(tenants.map((t) => t.key)), TF_LOG: '' };
  w = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, started.keys);
  writeFileSync(join(w.root, 'main.tf'), CONFIG);
  emulator.setLatency(20);
});

afterAll(async () => {
  if (figures.length) console.log(`isolation through OpenTofu (${PARALLEL}, 50 resources, ${tenants.length} keys):\n  ${figures.join('\n  ')}`);
  if (w && failed() === undefined) rmSync(w.root, { recursive: true, force: true });
  await emulator?.close();
});

step('apply -parallelism=50: each key creates exactly its own 10 objects, in its own project', async () => {
  const from = await timed('apply', ['apply', '-input=false', '-auto-approve', PARALLEL]);
  const state = JSON.parse(readFileSync(join(w.root, 'terraform.tfstate'), 'utf8')) as {
    resources: Array<{ type: string; instances: Array<{ index_key: string; attributes: { id: string } }> }>;
  };
  objects = {};
  for (const r of state.resources) {
    const kind = r.type.replace(/^openai_/, '');
    for (const i of r.instances) {
      objects[`${kind}["${i.index_key}"]`] = { id: i.attributes.id, collection: COLLECTION[kind]!, tenant: Number(/^k(\d)-/.exec(i.index_key)![1]) };
    }
  }
  expect(Object.keys(objects)).toHaveLength(50);
  const { wrong, log } = wrongKeys(emulator, from, tenants, objects);
  expect(wrong).toEqual([]);
  expect(createsByTenant(log, tenants)).toEqual(tenants.map((t, i) => [i, 10, [t.project]]));
  emulator.setLatency(0);
  expect(await visibleToOthers(emulator, tenants, objects)).toEqual([]);
  emulator.setLatency(20);
});

step('a refresh with -parallelism=50 reads each object with its own key', async () => {
  const from = await timed('refresh', ['apply', '-input=false', '-refresh-only', '-auto-approve', PARALLEL]);
  const { wrong, log } = wrongKeys(emulator, from, tenants, objects);
  expect(wrong).toEqual([]);
  const read = new Set(log.filter((r) => r.method === 'GET').map((r) => r.path));
  expect(Object.entries(objects).filter(([, o]) => !read.has(`/v1/${o.collection}/${o.id}`))).toEqual([]);
});

step('apply -parallelism=50 of a change to 40 of them updates each in place with its own key', async () => {
  const from = await timed('update', ['apply', '-input=false', '-auto-approve', '-var', 'round=2', PARALLEL]);
  const { wrong, log } = wrongKeys(emulator, from, tenants, objects);
  expect(wrong).toEqual([]);
  expectUpdatedInPlace(log, objects);
});

step('destroy -parallelism=50 deletes each object with its own key', async () => {
  const from = await timed('destroy', ['destroy', '-input=false', '-auto-approve', '-var', 'round=2', PARALLEL]);
  const { wrong, log } = wrongKeys(emulator, from, tenants, objects);
  expect(wrong).toEqual([]);
  const deleted = log.filter((r) => r.method === 'DELETE').map((r) => r.path);
  expect(deleted.sort()).toEqual(
    Object.values(objects)
      .map((o) => `/v1/${o.collection}/${o.id}`)
      .sort(),
  );
});
