// Write-only keys and once-returned secrets kept out of state, through the real engines (OpenTofu and Terraform):
//   - a vector store gets its project's key write-only (`api_key_wo`, from an ephemeral variable): it is used, yet
//     the state, the saved plan and every output and trace log hold no trace of it, only its SHA-256 in private
//     state; a refresh with another provider key keeps the state and warns; a new key is applied by raising
//     `api_key_wo_version`; destroy with another key fails naming the fix, and works with the same key;
//   - every resource with a once-returned secret (service account, its extra key, admin key, webhook) with
//     `store_secret = false` keeps only `<secret>_sha256`; the service account's and the webhook's hand-overs give
//     their secrets to a provisioner in the run that makes them (which uses the key against the API), null later.
// A saved plan stores the value of every non-ephemeral variable, even a sensitive one: the key's variable must be
// `ephemeral = true` (README, "Secrets and Terraform state").
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { Canaries, nonZero, table, type Place } from '../e2e/canaries';
import { api, requireTerraform, requireTofu, searched, startTestEmulator, stepper, Workdir, type EngineBin, type Keys } from './harness';

jest.setTimeout(180_000);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const config = (team: string) => `terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}

# The provider's own keys come from the environment (OPENAI_API_KEY, OPENAI_ADMIN_KEY).
provider "openai" {}

# Ephemeral: neither the saved plan nor the state keeps its value.
variable "team_key" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "team_key_version" {
  type    = number
  default = 1
}

resource "openai_vector_store" "docs" {
  name               = "made-with-a-write-only-key"
  api_key_wo         = var.team_key
  api_key_wo_version = var.team_key_version
}

# The service account's key is handed over once, in this run, and never stored.
resource "openai_project_service_account" "bot" {
  project_id   = "${team}"
  name         = "bot"
  store_secret = false
}

ephemeral "openai_project_service_account" "bot" {
  id = openai_project_service_account.bot.id
}

# The other once-returned secrets, kept out of state the same way.
resource "openai_webhook_endpoint" "hook" {
  name         = "hook"
  url          = "https://hooks.example.com/write-only"
  event_types  = ["response.completed"]
  store_secret = false

  # In the team's project too: a webhook belongs to its key's project.
  api_key_wo         = var.team_key
  api_key_wo_version = var.team_key_version
}

ephemeral "openai_webhook_endpoint" "hook" {
  id = openai_webhook_endpoint.hook.id
}

resource "openai_admin_api_key" "ops" {
  name         = "ops"
  store_secret = false
}

resource "openai_project_service_account_api_key" "extra" {
  project_id         = "${team}"
  service_account_id = openai_project_service_account.bot.service_account_id
  name               = "extra"
  store_secret       = false
}

# Ephemeral values may feed provisioners: this one proves the key works, then keeps its SHA-256 only (a stand-in
# for a secrets manager's write-only attribute). It runs once, in the run that makes the service account.
resource "terraform_data" "hand_to_vault" {
  triggers_replace = [openai_project_service_account.bot.id, openai_webhook_endpoint.hook.id]

  provisioner "local-exec" {
    command     = "curl -sf -o /dev/null -H \\"Authorization: Bearer $BOT_KEY\\" \\"$OPENAI_BASE_URL/vector_stores\\" && printf %s \\"$BOT_KEY\\" | sha256sum | cut -c1-64 > bot.sha256 && printf %s \\"$HOOK_SECRET\\" | sha256sum | cut -c1-64 > hook.sha256"
    environment = {
      BOT_KEY     = ephemeral.openai_project_service_account.bot.api_key_value
      HOOK_SECRET = ephemeral.openai_webhook_endpoint.hook.signing_secret
    }
  }
}
`;

const ENGINES: Array<[string, () => EngineBin]> = [
  ['OpenTofu', () => requireTofu().tofu],
  ['Terraform', () => requireTerraform()],
];

interface StateFile {
  resources: Array<{ mode: string; type: string; name: string; instances: Array<{ attributes: Record<string, unknown>; private?: string }> }>;
}

describe.each(ENGINES)('%s', (_name, engine) => {
  let emulator: Emulator;
  let keys: Keys;
  let w: Workdir;
  let team: string;
  let teamKey: string;
  let teamKey2: string;
  let stopCapture: () => void;
  const canaries = new Canaries();
  const places: Place[] = [];
  const { step, failed } = stepper();

  const record = (t: Awaited<ReturnType<Workdir['run']>>, place: string) => places.push(...searched(canaries, w.engine.name, t, place));
  const file = (path: string, place: string, command: string) => {
    if (existsSync(path)) places.push({ place, command, hits: canaries.count(readFileSync(path, 'latin1')) });
  };
  const state = () => JSON.parse(readFileSync(join(w.root, 'terraform.tfstate'), 'utf8')) as StateFile;
  const instance = (type: string) => state().resources.find((r) => r.mode === 'managed' && r.type === type)!.instances[0]!;
  const env = (key: string, version = 1) => ({ env: { TF_VAR_team_key: key, TF_VAR_team_key_version: String(version) } });

  beforeAll(async () => {
    const { nodeBin } = requireTofu();
    ({ emulator, keys } = await startTestEmulator());
    team = ((await api(emulator, 'POST', '/organization/projects', keys.admin, { name: 'write-only-team' })) as { id: string }).id;
    teamKey = (await emulator.createProjectKey(team)).key;
    teamKey2 = (await emulator.createProjectKey(team)).key;
    canaries.add('provider api_key', keys.project);
    canaries.add('provider admin_api_key', keys.admin);
    canaries.add('api_key_wo', teamKey);
    canaries.add('api_key_wo (rotated)', teamKey2);
    stopCapture = canaries.captureReturnedSecrets(emulator);
    w = Workdir.create(engine(), nodeBin, 'dev_overrides', emulator, keys);
    writeFileSync(join(w.root, 'main.tf'), config(team));
  });

  afterAll(async () => {
    stopCapture?.();
    if (w && failed() === undefined) rmSync(w.root, { recursive: true, force: true });
    else if (w) console.log(`write-only: working folder and logs kept in ${w.root}`);
    await emulator?.close();
  });

  step('a saved plan holds no key: its JSON and every file inside it', async () => {
    const t = await w.run(['plan', '-input=false', '-out=run.tfplan'], env(teamKey));
    expect(t.stdout).toContain('Plan: 6 to add, 0 to change, 0 to destroy.');
    record(t, 'plan output');
    record(await w.run(['show', '-json', 'run.tfplan']), 'saved plan (show -json)');
    const inside = join(w.root, 'plan-files');
    execFileSync('unzip', ['-q', '-o', join(w.root, 'run.tfplan'), '-d', inside]);
    const inner = readdirSync(inside, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(inside, name)).isFile());
    expect(inner).toEqual(expect.arrayContaining(['tfplan', 'tfstate']));
    for (const name of inner) file(join(inside, name), `saved plan: ${name}`, 'plan -out');
  });

  step('apply: the write-only key made the store; the handed-over key reached the provisioner and worked', async () => {
    const before = emulator.requests.length;
    const t = await w.run(['apply', '-input=false', '-auto-approve', 'run.tfplan'], env(teamKey));
    expect(t.stdout).toMatch(/Apply complete! Resources: 6 added/);
    record(t, 'apply output');
    const made = emulator.requests.slice(before);
    expect(made.filter((r) => r.method === 'POST' && r.path === '/v1/vector_stores').map((r) => [r.projectId, r.keyHint])).toEqual([
      [team, teamKey.slice(-4)],
    ]);
    const [botKey] = canaries.valuesOf('project_service_account.api_key_value');
    expect(botKey).toBeDefined();
    expect(made.filter((r) => r.method === 'GET' && r.path === '/v1/vector_stores').map((r) => [r.keyHint, r.status])).toEqual([
      [botKey!.slice(-4), 200],
    ]);
    expect(readFileSync(join(w.root, 'bot.sha256'), 'utf8').trim()).toBe(sha256(botKey!));
    const [hookSecret] = canaries.valuesOf('webhook_endpoint.signing_secret');
    expect(readFileSync(join(w.root, 'hook.sha256'), 'utf8').trim()).toBe(sha256(hookSecret!));
  });

  step('the state keeps digests, never the keys', async () => {
    const docs = instance('openai_vector_store');
    expect([docs.attributes['api_key_wo'], docs.attributes['api_key_wo_version']]).toEqual([null, 1]);
    expect(JSON.parse(Buffer.from(docs.private!, 'base64').toString('utf8'))).toEqual({ api_key_wo_sha256: sha256(teamKey) });
    const bot = instance('openai_project_service_account').attributes;
    const [botKey] = canaries.valuesOf('project_service_account.api_key_value');
    expect([bot['api_key_value'], bot['api_key_value_sha256']]).toEqual([null, sha256(botKey!)]);
    // Every once-returned secret: null in state, its digest the SHA-256 of what the API returned.
    for (const [type, attribute, canary] of [
      ['openai_webhook_endpoint', 'signing_secret', 'webhook_endpoint.signing_secret'],
      ['openai_admin_api_key', 'value', 'admin_api_key.value'],
      ['openai_project_service_account_api_key', 'value', 'project_service_account_api_key.value'],
    ] as const) {
      const attributes = instance(type).attributes;
      const [value] = canaries.valuesOf(canary);
      expect([type, attributes[attribute], attributes[`${attribute}_sha256`]]).toEqual([type, null, sha256(value!)]);
    }
    file(join(w.root, 'terraform.tfstate'), 'terraform.tfstate', 'after apply');
    record(await w.run(['state', 'pull']), 'state pull');
  });

  step('a plan without the key: the store is not refreshed (a warning), nothing changes', async () => {
    const before = emulator.requests.length;
    const t = await w.run(['plan', '-input=false', '-detailed-exitcode'], env(teamKey));
    expect(t.code).toBe(0);
    expect(`${t.stdout}${t.stderr}`).toContain('openai_vector_store not refreshed');
    record(t, 'plan output');
    expect(emulator.requests.slice(before).filter((r) => r.path.startsWith('/v1/vector_stores/vs_'))).toEqual([]);
    // With the provider's key the same key, it is refreshed.
    const same = await w.run(['plan', '-input=false', '-detailed-exitcode'], { env: { ...env(teamKey).env, OPENAI_API_KEY: teamKey } });
    expect(same.code).toBe(0);
    expect(`${same.stdout}${same.stderr}`).not.toContain('not refreshed');
    record(same, 'plan output');
  });

  step('a new key is applied by raising api_key_wo_version, with no request to OpenAI', async () => {
    const plan = await w.run(['plan', '-input=false'], env(teamKey2, 2));
    expect(plan.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    expect(plan.stdout).toMatch(/api_key_wo_version\s+= 1 -> 2/);
    const before = emulator.requests.length;
    const t = await w.run(['apply', '-input=false', '-auto-approve'], env(teamKey2, 2));
    expect(t.stdout).toMatch(/Apply complete! Resources: 0 added, 2 changed/);
    record(t, 'apply output');
    expect(emulator.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(JSON.parse(Buffer.from(instance('openai_vector_store').private!, 'base64').toString('utf8'))).toEqual({
      api_key_wo_sha256: sha256(teamKey2),
    });
  });

  step('destroy with another key fails naming the fix; with the same key it works', async () => {
    const refused = await w.run(['destroy', '-input=false', '-auto-approve'], { ...env(teamKey2, 2), allow: [1] });
    expect(refused.code).toBe(1);
    expect(refused.stderr.replace(/\s+/g, ' ')).toMatch(/cannot delete: vector_store was given its key write-only \(`api_key_wo`\)/);
    expect(refused.stderr.replace(/\s+/g, ' ')).toContain("Set the provider's `api_key` to that key for this destroy");
    record(refused, 'destroy output');
    const t = await w.run(['destroy', '-input=false', '-auto-approve'], { env: { ...env(teamKey2, 2).env, OPENAI_API_KEY: teamKey2 } });
    expect(t.stdout).toMatch(/Destroy complete! Resources: \d destroyed\./);
    record(t, 'destroy output');
    file(join(w.root, 'terraform.tfstate'), 'terraform.tfstate', 'after destroy');
    file(join(w.root, 'terraform.tfstate.backup'), 'terraform.tfstate.backup', 'after destroy');
    const stores = (await api(emulator, 'GET', '/vector_stores', teamKey)) as { data: unknown[] };
    expect(stores.data).toEqual([]);
  });

  test('no key anywhere: state, saved plan, outputs, trace logs', () => {
    console.log(table(`Write-only keys and store_secret, ${w.engine.name} ${w.engine.version} (hits per place)`, canaries, places));
    for (const name of [
      'project_service_account.api_key_value',
      'webhook_endpoint.signing_secret',
      'admin_api_key.value',
      'project_service_account_api_key.value',
    ]) {
      expect([name, canaries.size(name)]).toEqual([name, 1]);
    }
    expect(places.length).toBeGreaterThanOrEqual(20);
    expect(places.filter((p) => Object.keys(nonZero(p.hits)).length > 0)).toEqual([]);
    expect(w.searchedBytes()).toBeGreaterThan(100_000);
  });
});
