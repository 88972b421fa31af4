// Secrets canaries through the real OpenTofu: the provider's project and admin keys (OPENAI_API_KEY /
// OPENAI_ADMIN_KEY), a resource's own key (a sensitive variable), a bad provider key (the provider block's api_key),
// and every secret the API returns once (tests/e2e/canaries.ts) are counted in plan, apply, refresh and destroy
// output, `tofu output`, every command's TF_LOG=trace log, and the text of three failures (a bad input, an API
// error, a bad provider key): each must hold none. This configuration takes the stored path on purpose (a stored
// `api_key`, once-returned secrets with `store_secret` unset), so terraform.tfstate holds sensitive attributes in
// clear: it must hold exactly those, named below, and nothing else (docs/RELIABILITY.md, "Secrets"). The paths that
// keep every key out of state are proven with 0 hits by ephemeral.test.ts and write-only.test.ts.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { Canaries, canaryKey, nonZero, returnedSecretsCovered, table, type Place } from '../e2e/canaries';
import { api, requireTofu, searched, startTestEmulator, stepper, Workdir, type Keys, type Transcript } from './harness';

jest.setTimeout(180_000);

const CONFIG = `terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}

variable "provider_api_key" {
  type      = string
  sensitive = true
  default   = null
}

variable "e2e_vector_store_key" {
  type      = string
  sensitive = true
}

variable "webhook_url" {
  type    = string
  default = "https://hooks.example.com/canary"
}

# Null: OPENAI_API_KEY (and OPENAI_ADMIN_KEY, OPENAI_BASE_URL) from the environment.
provider "openai" {
  api_key = var.provider_api_key
}

resource "openai_vector_store" "own" {
  name    = "canary-store"
  api_key = var.e2e_vector_store_key
}

resource "openai_project" "team" {
  name = "canary-project"
}

resource "openai_project_service_account" "bot" {
  project_id = openai_project.team.id
  name       = "canary-bot"
}

resource "openai_webhook_endpoint" "hook" {
  name        = "canary-hook"
  url         = var.webhook_url
  event_types = ["batch.completed"]
}

output "store_id" {
  value = openai_vector_store.own.id
}

output "account_key" {
  value     = openai_project_service_account.bot.api_key_value
  sensitive = true
}

output "signing_secret" {
  value     = openai_webhook_endpoint.hook.signing_secret
  sensitive = true
}
`;

/** What terraform.tfstate holds in clear, by design today (issue 15 takes the keys out of state). */
const KNOWN_IN_STATE = [
  'openai_project_service_account.bot.api_key_value',
  'openai_vector_store.own.api_key',
  'openai_webhook_endpoint.hook.signing_secret',
  'outputs.account_key.value',
  'outputs.signing_secret.value',
].sort();

let emulator: Emulator;
let keys: Keys;
let w: Workdir;
let stopCapture: () => void;
const canaries = new Canaries();
const badProviderKey = canaryKey('sk-proj', 'badprovider');
const places: Place[] = [];
const stateHits: Place[] = [];
const { step, failed } = stepper();

/** Every string of a JSON document with the path to it, for the ones that hold a canary. */
function paths(value: unknown, at: string[], out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([at.join('.'), value]);
  else if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, String(i)], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** The attributes of a state file that hold a canary: `<type>.<name>.<attribute>` or `outputs.<name>.value`. */
function canaryAttributes(stateText: string): string[] {
  const state = JSON.parse(stateText) as {
    outputs: Record<string, unknown>;
    resources: Array<{ type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }>;
  };
  const found: string[] = [];
  const holds = (s: string) => Object.values(canaries.count(s)).some((n) => n > 0);
  for (const [path, s] of paths(state.outputs, ['outputs'], [])) if (holds(s)) found.push(path);
  for (const r of state.resources) {
    for (const i of r.instances) for (const [path, s] of paths(i.attributes, [`${r.type}.${r.name}`], [])) if (holds(s)) found.push(path);
  }
  return found.sort();
}

/** A command's output with OpenTofu's line wrapping of diagnostics undone. */
const flat = (t: Transcript): string => `${t.stdout}\n${t.stderr}`.replace(/\s+/g, ' ');

function record(t: Transcript, place: string): void {
  places.push(...searched(canaries, 'tofu', t, place));
}

beforeAll(async () => {
  const { tofu, nodeBin } = requireTofu();
  ({ emulator, keys } = await startTestEmulator());
  canaries.add('provider api_key', keys.project);
  canaries.add('provider admin_api_key', keys.admin);
  canaries.add('bad provider api_key', badProviderKey);
  canaries.add('resource api_key', keys.resource);
  stopCapture = canaries.captureReturnedSecrets(emulator);
  w = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
  writeFileSync(join(w.root, 'main.tf'), CONFIG);
});

afterAll(async () => {
  stopCapture?.();
  if (w && failed() === undefined) rmSync(w.root, { recursive: true, force: true });
  else if (w) console.log(`secrets canaries: working folder and logs kept in ${w.root}`);
  await emulator?.close();
});

test('every secret output of the registry is captured as a canary', () => {
  const { registry, captured } = returnedSecretsCovered();
  expect(captured).toEqual(registry);
});

step('plan', async () => {
  const t = await w.run(['plan', '-input=false']);
  expect(t.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
  record(t, 'plan output');
});

step('a bad input fails the plan, naming the attribute', async () => {
  const t = await w.run(['plan', '-input=false', '-var', 'webhook_url=http://hooks.example.com/canary'], { allow: [1] });
  expect(t.code).toBe(1);
  expect(flat(t)).toMatch(/Invalid url/);
  record(t, 'error text: bad input');
});

step('an API error (500 on every vector store create) fails the apply', async () => {
  emulator.faults.inject({ method: 'POST', path: '/v1/vector_stores', kind: 'server_error', times: 20 });
  const t = await w.run(['apply', '-input=false', '-auto-approve'], { allow: [1] });
  emulator.faults.clear();
  expect(t.code).toBe(1);
  expect(flat(t)).toMatch(/OpenAI answered 500/);
  record(t, 'error text: API error');
});

step('apply, output and the state', async () => {
  const t = await w.run(['apply', '-input=false', '-auto-approve']);
  expect(t.stdout).toMatch(/Apply complete! Resources: 1 added/);
  record(t, 'apply output');
  const shown = await w.run(['output']);
  expect(shown.stdout).toMatch(/account_key = <sensitive>/);
  record(shown, 'outputs');
  // The control: `output -json` prints sensitive values by design; they are the captured canaries.
  const revealed = JSON.parse((await w.run(['output', '-json'])).stdout) as Record<string, { value: string }>;
  w.transcripts.pop();
  expect(canaries.count(revealed['account_key']!.value)['project_service_account.api_key_value']).toBe(1);
  expect(canaries.count(revealed['signing_secret']!.value)['webhook_endpoint.signing_secret']).toBe(1);
  const state = readFileSync(join(w.root, 'terraform.tfstate'), 'utf8');
  stateHits.push({ place: 'terraform.tfstate', command: 'after tofu apply', hits: canaries.count(state) });
  expect(canaryAttributes(state)).toEqual(KNOWN_IN_STATE);
  const backup = join(w.root, 'terraform.tfstate.backup');
  if (existsSync(backup)) {
    const text = readFileSync(backup, 'utf8');
    stateHits.push({ place: 'terraform.tfstate.backup', command: 'after tofu apply', hits: canaries.count(text) });
    expect(KNOWN_IN_STATE).toEqual(expect.arrayContaining(canaryAttributes(text)));
  }
});

step('a plan with no changes, and a refresh', async () => {
  record(await w.run(['plan', '-input=false', '-detailed-exitcode']), 'plan output');
  record(await w.run(['apply', '-input=false', '-refresh-only', '-auto-approve']), 'refresh output');
});

step('a bad provider key fails the plan with the key redacted, its source and the fix', async () => {
  const t = await w.run(['plan', '-input=false', '-refresh=false'], { allow: [1], env: { TF_VAR_provider_api_key: badProviderKey } });
  expect(t.code).toBe(1);
  const text = flat(t);
  expect(text).toContain('Invalid OpenAI key');
  expect(text).toContain(`the API key sk-proj-…${badProviderKey.slice(-4)} from provider configuration does not work`);
  expect(text).toContain('set it as `api_key` (in the provider block) or OPENAI_API_KEY');
  record(t, 'error text: bad provider key');
});

step('destroy', async () => {
  const t = await w.run(['destroy', '-input=false', '-auto-approve']);
  expect(t.stdout).toContain('Destroy complete! Resources: 4 destroyed.');
  record(t, 'destroy output');
  const state = readFileSync(join(w.root, 'terraform.tfstate'), 'utf8');
  stateHits.push({ place: 'terraform.tfstate', command: 'after tofu destroy', hits: canaries.count(state) });
  expect(canaryAttributes(state)).toEqual([]);
  expect(await api(emulator, 'GET', '/webhook_endpoints', keys.project)).toMatchObject({ data: [] });
});

test('no canary in any output, error or TF_LOG=trace log; the state holds only the known sensitive attributes', () => {
  console.log(table('Secrets canaries, OpenTofu (hits per place; each canary with its number of values)', canaries, [...places, ...stateHits]));
  expect(canaries.size('project_service_account.api_key_value')).toBeGreaterThanOrEqual(1);
  expect(canaries.size('webhook_endpoint.signing_secret')).toBeGreaterThanOrEqual(1);
  expect(places.length).toBeGreaterThanOrEqual(16);
  expect(places.filter((p) => Object.keys(nonZero(p.hits)).length > 0)).toEqual([]);
  expect(w.searchedBytes()).toBeGreaterThan(100_000); // the trace logs are large: the search had something to search
});
