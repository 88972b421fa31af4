// Keys that never reach state, through the real engines: an ephemeral service account key feeds a provider block
// that makes a vector store, an ephemeral admin key feeds one that makes a project. Every key the emulator hands
// out is a canary (captured as it answers); the state file, the backup, the saved plan (its JSON and every file
// inside it), every command's output and its TF_LOG=trace log must hold none of them, and every key is revoked
// when the run ends. Run on OpenTofu and on Terraform.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { Canaries, nonZero, table, type Place } from '../e2e/canaries';
import {
  api,
  requireTerraform,
  requireTofu,
  searched,
  startTestEmulator,
  stepper,
  Workdir,
  type EngineBin,
  type Keys,
  type Transcript,
} from './harness';

jest.setTimeout(180_000);

const CONFIG = `terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}

# The provider's own keys come from the environment (OPENAI_API_KEY, OPENAI_ADMIN_KEY).
provider "openai" {}

resource "openai_project" "team" {
  name = "keys-out-of-state"
}

# A service account made for this run; deleted (its key revoked) when the run ends.
ephemeral "openai_project_service_account_api_key" "ci" {
  project_id = openai_project.team.id
  name       = "ci-run"
}

# An admin key made for this run; revoked when the run ends.
ephemeral "openai_admin_api_key" "run" {
  name = "run-admin"
}

# A provider block is never stored: the ephemeral keys may feed it.
provider "openai" {
  alias   = "team"
  api_key = ephemeral.openai_project_service_account_api_key.ci.value
}

provider "openai" {
  alias         = "admin"
  admin_api_key = ephemeral.openai_admin_api_key.run.value
}

resource "openai_vector_store" "docs" {
  provider = openai.team
  name     = "docs"
}

resource "openai_project" "made_by_run_key" {
  provider = openai.admin
  name     = "made-with-an-ephemeral-admin-key"
}
`;

const ENGINES: Array<[string, () => EngineBin]> = [
  ['OpenTofu', () => requireTofu().tofu],
  ['Terraform', () => requireTerraform()],
];

describe.each(ENGINES)('%s', (_name, engine) => {
  let emulator: Emulator;
  let keys: Keys;
  let w: Workdir;
  let stopCapture: () => void;
  const canaries = new Canaries();
  const places: Place[] = [];
  const { step, failed } = stepper();

  const record = (t: Transcript, place: string) => places.push(...searched(canaries, w.engine.name, t, place));
  const file = (path: string, place: string, command: string) => {
    if (existsSync(path)) places.push({ place, command, hits: canaries.count(readFileSync(path, 'latin1')) });
  };
  /** Keys the emulator holds beyond its own: admin keys and the team project's service accounts. */
  const liveKeys = async (project: string) => {
    const admins = (await api(emulator, 'GET', '/organization/admin_api_keys?limit=100', keys.admin)) as { data: Array<{ id: string }> };
    const accounts = (await api(emulator, 'GET', `/organization/projects/${project}/service_accounts`, keys.admin)) as { data: unknown[] };
    return { admin: admins.data.filter((k) => k.id !== 'key_emulatorAdmin000').length, accounts: accounts.data.length };
  };
  const teamId = () =>
    (
      JSON.parse(readFileSync(join(w.root, 'terraform.tfstate'), 'utf8')) as {
        resources: Array<{ type: string; name: string; instances: Array<{ attributes: { id: string } }> }>;
      }
    ).resources.find((r) => r.type === 'openai_project' && r.name === 'team')!.instances[0]!.attributes.id;

  beforeAll(async () => {
    const { nodeBin } = requireTofu();
    ({ emulator, keys } = await startTestEmulator());
    canaries.add('provider api_key', keys.project);
    canaries.add('provider admin_api_key', keys.admin);
    stopCapture = canaries.captureReturnedSecrets(emulator);
    w = Workdir.create(engine(), nodeBin, 'dev_overrides', emulator, keys);
    writeFileSync(join(w.root, 'main.tf'), CONFIG);
  });

  afterAll(async () => {
    stopCapture?.();
    if (w && failed() === undefined) rmSync(w.root, { recursive: true, force: true });
    else if (w) console.log(`ephemeral keys: working folder and logs kept in ${w.root}`);
    await emulator?.close();
  });

  step('a saved plan holds no key: its JSON and every file inside it', async () => {
    const t = await w.run(['plan', '-input=false', '-out=run.tfplan']);
    expect(t.stdout).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    record(t, 'plan output');
    const shown = await w.run(['show', '-json', 'run.tfplan']);
    record(shown, 'saved plan (show -json)');
    const inside = join(w.root, 'plan-files');
    execFileSync('unzip', ['-q', '-o', join(w.root, 'run.tfplan'), '-d', inside]);
    const inner = readdirSync(inside, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(join(inside, name)).isFile());
    expect(inner).toEqual(expect.arrayContaining(['tfplan', 'tfstate']));
    for (const name of inner) file(join(inside, name), `saved plan: ${name}`, 'plan -out');
  });

  step('apply: the minted keys did the work, and are revoked when the run ends', async () => {
    const before = emulator.requests.length;
    const t = await w.run(['apply', '-input=false', '-auto-approve', 'run.tfplan']);
    expect(t.stdout).toMatch(/Apply complete! Resources: 3 added/);
    record(t, 'apply output');
    const made = emulator.requests.slice(before);
    const team = teamId();
    // The vector store was made with a key of the team project (the service account's), not the provider's.
    expect(made.filter((r) => r.method === 'POST' && r.path === '/v1/vector_stores').map((r) => r.projectId)).toEqual([team]);
    const viaRunKey = made.find((r) => r.method === 'POST' && r.path === '/v1/organization/projects' && r.keyHint !== keys.admin.slice(-4));
    expect(viaRunKey).toBeDefined();
    expect(canaries.size('admin_api_key.value')).toBeGreaterThanOrEqual(1);
    expect(canaries.size('project_service_account.api_key_value')).toBeGreaterThanOrEqual(1);
    expect(await liveKeys(team)).toEqual({ admin: 0, accounts: 0 });
  });

  step('the state holds no key at all', async () => {
    file(join(w.root, 'terraform.tfstate'), 'terraform.tfstate', 'after apply');
    file(join(w.root, 'terraform.tfstate.backup'), 'terraform.tfstate.backup', 'after apply');
    const pulled = await w.run(['state', 'pull']);
    record(pulled, 'state pull');
    expect(places.filter((p) => p.place.startsWith('terraform.tfstate')).length).toBeGreaterThanOrEqual(1);
  });

  step('a second run opens fresh keys, refreshes with them and changes nothing', async () => {
    const t = await w.run(['plan', '-input=false', '-detailed-exitcode']);
    expect(t.code).toBe(0);
    record(t, 'plan output');
    record(await w.run(['apply', '-input=false', '-refresh-only', '-auto-approve']), 'refresh output');
    expect(await liveKeys(teamId())).toEqual({ admin: 0, accounts: 0 });
  });

  step('destroy', async () => {
    const team = teamId();
    const t = await w.run(['destroy', '-input=false', '-auto-approve']);
    expect(t.stdout).toContain('Destroy complete! Resources: 3 destroyed.');
    record(t, 'destroy output');
    file(join(w.root, 'terraform.tfstate'), 'terraform.tfstate', 'after destroy');
    expect(await liveKeys(team).catch(() => ({ admin: 0, accounts: 0 }))).toEqual({ admin: 0, accounts: 0 });
  });

  test('no minted or provider key anywhere: state, saved plan, outputs, trace logs', () => {
    console.log(table(`Ephemeral keys, ${w.engine.name} ${w.engine.version} (hits per place)`, canaries, places));
    // Every run mints one of each (the plans and applies above: at least four runs).
    expect(canaries.size('admin_api_key.value')).toBeGreaterThanOrEqual(4);
    expect(places.length).toBeGreaterThanOrEqual(15);
    expect(places.filter((p) => Object.keys(nonZero(p.hits)).length > 0)).toEqual([]);
    expect(w.searchedBytes()).toBeGreaterThan(100_000);
  });
});
