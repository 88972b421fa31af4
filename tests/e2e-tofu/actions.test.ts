// Actions (Terraform >= 1.14) with HashiCorp Terraform against the emulator: `terraform apply -invoke=…` archives a
// project and activates a certificate; a resource's `lifecycle { action_trigger { … } }` runs a batch after it is
// created, its progress streamed to the CLI. The engine: `requireTerraform()` (a `terraform` >= 1.14 on PATH, else
// the v1.16.4 `make engines` builds from the Go module proxy).
// OpenTofu (1.12) knows no actions: the last step checks that the provider's action schemas do not disturb it.
import type { Emulator } from '@openai-iac/emulator';
import { CERTIFICATE_A } from '../../bridge/conformance/certificates';
import { api, requireTerraform, requireTofu, startTestEmulator, Workdir, type Keys } from './harness';

jest.setTimeout(240_000);

const PEM = CERTIFICATE_A;

const PROVIDER = `terraform {
  required_providers {
    openai = { source = "openai-iac/openai" }
  }
}
`;

const MAIN = `${PROVIDER}
resource "openai_project" "p" {
  name = "actions e2e"
}

resource "openai_certificate" "c" {
  name        = "actions e2e"
  certificate = <<-PEM
${PEM.trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
  PEM
}

action "openai_project_archive" "archive" {
  config {
    project_id = openai_project.p.id
  }
}

action "openai_certificate_activate" "on" {
  config {
    certificate_ids = [openai_certificate.c.id]
  }
}

resource "openai_file" "requests" {
  filename = "requests.jsonl"
  purpose  = "batch"
  content  = join("\\n", [for i in range(3) : jsonencode({ custom_id = "r\${i}", method = "POST", url = "/v1/chat/completions", body = { model = "gpt-4o-mini", messages = [{ role = "user", content = "hi \${i}" }] } })])
}

action "openai_batch_run" "run" {
  config {
    input_file_id = openai_file.requests.id
    endpoint      = "/v1/chat/completions"
    metadata      = { by = "action_trigger" }
  }
}

resource "terraform_data" "after_upload" {
  input = openai_file.requests.id
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.openai_batch_run.run]
    }
  }
}
`;

describe('actions with Terraform (>= 1.14: tools/engines/resolve.sh --terraform)', () => {
  let emulator: Emulator;
  let keys: Keys;
  let wd: Workdir;

  beforeAll(async () => {
    ({ emulator, keys } = await startTestEmulator());
    wd = Workdir.create(requireTerraform(), requireTofu().nodeBin, 'dev_overrides', emulator, keys);
    wd.write('main.tf', MAIN);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const batches = async () =>
    (
      await api<{ data: { id: string; status: string; metadata: Record<string, string> | null }[] }>(
        emulator,
        'GET',
        '/batches?limit=100',
        keys.project,
      )
    ).data;

  test('a resource with an action_trigger runs a batch after it is created, its progress streamed', async () => {
    const t = await wd.run(['apply', '-auto-approve', '-input=false']);
    expect(t.stdout).toMatch(/Action started: action\.openai_batch_run\.run/);
    expect(t.stdout).toMatch(/batch batch_\w+: completed/);
    const made = await batches();
    expect(made.filter((b) => b.metadata?.['by'] === 'action_trigger').map((b) => b.status)).toEqual(['completed']);
  });

  test('apply -invoke archives the project', async () => {
    const id = (await wd.run(['state', 'show', 'openai_project.p'])).stdout.match(/"(proj_\w+)"/)![1]!;
    const before = await api<{ status: string }>(emulator, 'GET', `/organization/projects/${id}`, keys.admin);
    expect(before.status).toBe('active');
    await wd.run(['apply', '-auto-approve', '-input=false', '-invoke=action.openai_project_archive.archive']);
    const after = await api<{ status: string }>(emulator, 'GET', `/organization/projects/${id}`, keys.admin);
    expect(after.status).toBe('archived');
  });

  test('apply -invoke activates the certificate', async () => {
    const id = (await wd.run(['state', 'show', 'openai_certificate.c'])).stdout.match(/"(cert_\w+)"/)![1]!;
    const active = async () =>
      (await api<{ data: { id: string; active: boolean }[] }>(emulator, 'GET', '/organization/certificates', keys.admin)).data.find(
        (c) => c.id === id,
      )?.active;
    expect(await active()).toBe(false);
    await wd.run(['apply', '-auto-approve', '-input=false', '-invoke=action.openai_certificate_activate.on']);
    expect(await active()).toBe(true);
  });

  test('bad action input fails the plan naming the attribute, before any request', async () => {
    wd.write('bad.tf', `action "openai_project_archive" "bad" {\n  config {\n    project_id = "project-1"\n  }\n}\n`);
    const requests = emulator.requests.length;
    const t = await wd.run(['plan', '-input=false', '-invoke=action.openai_project_archive.bad'], { allow: [1] });
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/project_id/);
    expect(emulator.requests.slice(requests).filter((r) => r.path.includes('/projects'))).toEqual([]);
  });
});

// OpenTofu 1.12 knows no actions (its engine has no `action` block; its protocol stubs only carry the schema field):
// the provider advertising them must not disturb it, and a configuration with an action block is refused by OpenTofu
// itself, not by a provider crash.
describe('actions and OpenTofu', () => {
  let emulator: Emulator;
  let keys: Keys;
  let wd: Workdir;

  beforeAll(async () => {
    ({ emulator, keys } = await startTestEmulator());
    const { tofu, nodeBin } = requireTofu();
    wd = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test('GetProviderSchema with action schemas is accepted: a plan and apply of a resource work', async () => {
    wd.write('main.tf', `${PROVIDER}\nresource "openai_project" "p" {\n  name = "tofu and actions"\n}\n`);
    await wd.run(['apply', '-auto-approve', '-input=false']);
    expect(emulator.counts()['projects']).toBeGreaterThanOrEqual(2);
  });

  test('an action block is refused by OpenTofu as a block it does not know', async () => {
    wd.write('action.tf', `action "openai_project_archive" "a" {\n  config {\n    project_id = openai_project.p.id\n  }\n}\n`);
    const t = await wd.run(['plan', '-input=false'], { allow: [1] });
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/Unsupported block type[\s\S]*Blocks of type "action" are not expected here/);
    expect(t.stderr).not.toMatch(/plugin (crashed|exited)/i);
  });
});
