// The lifecycle every stack goes through with a real engine against the emulator:
//   init → plan (unknowns shown) → apply → plan shows no changes → in-place update → replace (create-only change)
//   → out-of-band change and deletion detected by plan → `import` block → `<engine> import` → destroy leaves the
//   emulator as it was → no secret in any output or TF_LOG=trace log.
// The stacks are the example stack (examples/terraform in HCL, examples/cdktf-ts synthesized): a file, a vector
// store over it, an assistant using both, a project. One resource (the vector store) gets its own key through a
// sensitive variable, so a configured secret travels through plan, apply, import and the logs too.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import {
  api,
  copyExample,
  requireCdktfExample,
  ROOT,
  stackCounts,
  startTestEmulator,
  Workdir,
  type EngineBin,
  type Keys,
  type Transcript,
  stepper,
} from './harness';

/** Stack settings; `undefined` removes one. */
export interface Settings {
  vectorStoreName?: string | undefined;
  model?: string | undefined;
  projectResidency?: string | undefined;
  importVectorStoreId?: string | undefined;
}

/** How a stack is laid out and reconfigured. */
export interface StackDriver {
  readonly title: string;
  /** metadata.stack the stack tags its objects with. */
  readonly stackTag: string;
  /** Lays the stack out under w.root and points w.cwd at the folder the engine runs in. */
  prepare(w: Workdir): void;
  /** Applies settings (cumulative) to the stack's configuration. */
  configure(w: Workdir, settings: Settings): void;
}

/** The resource-level secret: a sensitive variable (TF_VAR_e2e_vector_store_key) set as the vector store's api_key. */
function writeSecretFiles(w: Workdir): void {
  w.write('e2e_secret.tf.json', JSON.stringify({ variable: { e2e_vector_store_key: { type: 'string', sensitive: true } } }, null, 2));
  w.write(
    'e2e_secret_override.tf.json',
    JSON.stringify({ resource: { openai_vector_store: { docs: { api_key: '${var.e2e_vector_store_key}' } } } }, null, 2),
  );
}

/** examples/terraform, copied with examples/simple/data (its `source` is ../simple/data/handbook.md). */
export function hclDriver(): StackDriver {
  let settings: Settings = {};
  return {
    title: 'examples/terraform (HCL)',
    stackTag: 'terraform-default',
    prepare(w) {
      copyExample(join(ROOT, 'examples/terraform'), join(w.root, 'examples/terraform'));
      copyExample(join(ROOT, 'examples/simple/data'), join(w.root, 'examples/simple/data'));
      w.cwd = join(w.root, 'examples/terraform');
      writeSecretFiles(w);
    },
    configure(w, next) {
      settings = { ...settings, ...next };
      const vars: Record<string, string> = {};
      if (settings.vectorStoreName !== undefined) vars['vector_store_name'] = settings.vectorStoreName;
      if (settings.model !== undefined) vars['model'] = settings.model;
      w.write('e2e.auto.tfvars.json', JSON.stringify(vars, null, 2));
      const residency = join(w.cwd, 'e2e_residency_override.tf');
      if (settings.projectResidency !== undefined) {
        w.write('e2e_residency_override.tf', `resource "openai_project" "team" {\n  residency = "${settings.projectResidency}"\n}\n`);
      } else rmSync(residency, { force: true });
      const importFile = join(w.cwd, 'e2e_import.tf');
      if (settings.importVectorStoreId !== undefined) {
        w.write('e2e_import.tf', `import {\n  to = openai_vector_store.docs\n  id = "${settings.importVectorStoreId}"\n}\n`);
      } else rmSync(importFile, { force: true });
    },
  };
}

/** examples/cdktf-ts, synthesized the way `cdktf synth` runs it (CDKTF_OUTDIR, CDKTF_CONTEXT_JSON); settings are
 * its context, so every change is a new synthesis. */
export function cdktfDriver(nodeBin: string): StackDriver {
  let context: Settings = {};
  const synth = (w: Workdir) => {
    execFileSync(join(nodeBin, 'node'), [join(ROOT, 'examples/cdktf-ts/main.ts')], {
      cwd: w.root, // the stack's local state (terraform.simple.tfstate) lands here
      env: { ...process.env, CDKTF_OUTDIR: join(w.root, 'cdktf.out'), CDKTF_CONTEXT_JSON: JSON.stringify(context) },
      stdio: 'pipe',
    });
  };
  return {
    title: 'examples/cdktf-ts (CDKTF, synthesized)',
    stackTag: 'cdktf-simple',
    prepare(w) {
      requireCdktfExample();
      synth(w);
      w.cwd = join(w.root, 'cdktf.out/stacks/simple');
      if (!existsSync(join(w.cwd, 'cdk.tf.json'))) throw new Error(`the synthesis wrote no ${join(w.cwd, 'cdk.tf.json')}`);
      writeSecretFiles(w);
    },
    configure(w, next) {
      context = Object.fromEntries(Object.entries({ ...context, ...next }).filter(([, v]) => v !== undefined)) as Settings;
      synth(w);
    },
  };
}

const ADDR = {
  file: 'openai_file.handbook',
  store: 'openai_vector_store.docs',
  assistant: 'openai_assistant.tutor',
  project: 'openai_project.team',
};

/** Defines the lifecycle tests for one stack, engine and installation. */
export function lifecycle(
  engine: () => { engine: EngineBin; nodeBin: string },
  installation: 'dev_overrides' | 'mirror',
  makeDriver: (nodeBin: string) => StackDriver,
): void {
  let emulator: Emulator;
  let keys: Keys;
  let w: Workdir;
  let driver: StackDriver;
  let baseline: ReturnType<typeof stackCounts>;
  let ids: Record<string, string> = {};
  const { step, failed } = stepper();
  const started = Date.now();
  const Engine = () => (w.engine.name === 'tofu' ? 'OpenTofu' : 'Terraform');

  const noChanges = async (): Promise<Transcript> => {
    const t = await w.run(['plan', '-input=false', '-detailed-exitcode'], { allow: [2] });
    expect([t.code, t.stdout]).toEqual([0, expect.stringContaining('No changes. Your infrastructure matches the configuration.')]);
    return t;
  };

  beforeAll(async () => {
    const e = engine();
    ({ emulator, keys } = await startTestEmulator());
    baseline = stackCounts(emulator);
    w = Workdir.create(e.engine, e.nodeBin, installation, emulator, keys);
    driver = makeDriver(e.nodeBin);
    driver.prepare(w);
  });

  afterAll(async () => {
    if (w) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      // A failed run keeps its folder (state, TF_LOG files) for a look; a green one leaves nothing behind.
      const kept = failed() === undefined ? 'removed' : `kept in ${w.root}`;
      console.log(`${w.report(driver.title)}\n  wall time of the lifecycle ${seconds} s; working folder and logs ${kept}`);
      if (failed() === undefined) rmSync(w.root, { recursive: true, force: true });
    }
    await emulator?.close();
  });

  step(
    installation === 'mirror' ? 'init installs the provider from the filesystem mirror' : 'no init: dev_overrides runs the provider from bin/',
    async () => {
      if (installation === 'mirror') {
        const t = await w.run(['init', '-input=false']);
        expect(t.stdout).toMatch(/Installing (\S+\/)?openai-iac\/openai v\d+\.\d+\.\d+/);
        expect(t.stdout).toMatch(/has been successfully initialized/);
        expect(existsSync(join(w.cwd, '.terraform.lock.hcl'))).toBe(true);
      } else {
        // The engines' advice with dev_overrides is to skip init (which would look the provider up in a registry).
        const t = await w.run(['validate']);
        expect(t.stdout + t.stderr).toMatch(/Provider development overrides are in effect/);
        expect(t.stdout).toMatch(/Success! The configuration is valid/);
      }
    },
  );

  step('plan: four objects to add, what the API decides shown as (known after apply)', async () => {
    const t = await w.run(['plan', '-input=false', '-out=tfplan']);
    expect(t.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    for (const a of Object.values(ADDR)) expect(t.stdout).toContain(`# ${a} will be created`);
    expect(t.stdout.match(/\+ id +?= \(known after apply\)/g)?.length).toBe(4);
    expect(t.stdout).toMatch(/\+ file_ids +?= \[\n\s+\+ \(known after apply\),\n\s+\]/);
    expect(t.stdout).toMatch(/\+ api_key +?= \(sensitive value\)/);
    expect(t.stdout).toMatch(/\+ vector_store_id +?= \(known after apply\)/);
    expect(t.startups.length).toBeGreaterThanOrEqual(1);
  });

  step('apply creates them in the emulator', async () => {
    const t = await w.run(['apply', '-input=false', '-auto-approve', 'tfplan']);
    expect(t.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
    ids = await w.outputs();
    expect(ids['file_id']).toMatch(/^file-/);
    expect(ids['vector_store_id']).toMatch(/^vs_/);
    expect(ids['assistant_id']).toMatch(/^asst_/);
    expect(ids['project_id']).toMatch(/^proj_/);
    expect(ids['vector_store_status']).toBe('completed');
    expect(stackCounts(emulator)).toEqual({
      files: baseline.files + 1,
      vector_stores: baseline.vector_stores + 1,
      assistants: baseline.assistants + 1,
      projects: baseline.projects + 1,
    });
    const store = await api(emulator, 'GET', `/vector_stores/${ids['vector_store_id']}`, keys.project);
    expect(store).toMatchObject({
      name: 'support-docs',
      metadata: { stack: driver.stackTag, team: 'support' },
      expires_after: { anchor: 'last_active_at', days: 7 },
      file_counts: { completed: 1 },
    });
    const assistant = await api(emulator, 'GET', `/assistants/${ids['assistant_id']}`, keys.project);
    expect(assistant).toMatchObject({
      model: 'gpt-4o',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      tool_resources: { code_interpreter: { file_ids: [ids['file_id']] }, file_search: { vector_store_ids: [ids['vector_store_id']] } },
    });
    const file = await api(emulator, 'GET', `/files/${ids['file_id']}`, keys.project);
    expect(file).toMatchObject({ filename: 'handbook.md', purpose: 'assistants' });
    const project = await api(emulator, 'GET', `/organization/projects/${ids['project_id']}`, keys.admin);
    expect(project).toMatchObject({ name: 'openai-iac-demo', status: 'active' });
  });

  step('a second plan shows no changes (-detailed-exitcode 0)', async () => {
    await noChanges();
  });

  step('in-place update: vector store name and assistant model change, ids stay', async () => {
    driver.configure(w, { vectorStoreName: 'support-docs-v2', model: 'gpt-4o-mini' });
    const p = await w.run(['plan', '-input=false', '-detailed-exitcode', '-out=tfplan'], { allow: [2] });
    expect(p.code).toBe(2);
    expect(p.stdout).toContain('Plan: 0 to add, 2 to change, 0 to destroy.');
    expect(p.stdout).toContain(`# ${ADDR.store} will be updated in-place`);
    expect(p.stdout).toContain(`# ${ADDR.assistant} will be updated in-place`);
    expect(p.stdout).toMatch(/~ name +?= "support-docs" -> "support-docs-v2"/);
    expect(p.stdout).toMatch(/~ model +?= "gpt-4o" -> "gpt-4o-mini"/);
    const a = await w.run(['apply', '-input=false', '-auto-approve', 'tfplan']);
    expect(a.stdout).toContain('Apply complete! Resources: 0 added, 2 changed, 0 destroyed.');
    const after = await w.outputs();
    expect([after['vector_store_id'], after['assistant_id']]).toEqual([ids['vector_store_id'], ids['assistant_id']]);
    expect(await api(emulator, 'GET', `/vector_stores/${ids['vector_store_id']}`, keys.project)).toMatchObject({ name: 'support-docs-v2' });
    expect(await api(emulator, 'GET', `/assistants/${ids['assistant_id']}`, keys.project)).toMatchObject({ model: 'gpt-4o-mini' });
    await noChanges();
  });

  step('replace: a create-only change (project residency) replaces the project; the old one is archived', async () => {
    driver.configure(w, { projectResidency: 'EU_STORAGE_PROCESSING' });
    const p = await w.run(['plan', '-input=false', '-detailed-exitcode', '-out=tfplan'], { allow: [2] });
    expect(p.code).toBe(2);
    expect(p.stdout).toContain('Plan: 1 to add, 0 to change, 1 to destroy.');
    expect(p.stdout).toContain(`# ${ADDR.project} must be replaced`);
    expect(p.stdout).toMatch(/\+ residency +?= "EU_STORAGE_PROCESSING" # forces replacement/);
    const a = await w.run(['apply', '-input=false', '-auto-approve', 'tfplan']);
    expect(a.stdout).toContain('Apply complete! Resources: 1 added, 0 changed, 1 destroyed.');
    const after = await w.outputs();
    expect(after['project_id']).toMatch(/^proj_/);
    expect(after['project_id']).not.toBe(ids['project_id']);
    expect(await api(emulator, 'GET', `/organization/projects/${ids['project_id']}`, keys.admin)).toMatchObject({ status: 'archived' });
    expect(await api(emulator, 'GET', `/organization/projects/${after['project_id']}`, keys.admin)).toMatchObject({
      status: 'active',
      name: 'openai-iac-demo',
    });
    expect(stackCounts(emulator).projects).toBe(baseline.projects + 1);
    ids = after;
    await noChanges();
  });

  step('out-of-band change and deletion are detected by plan (refresh) and undone by apply', async () => {
    await api(emulator, 'POST', `/vector_stores/${ids['vector_store_id']}`, keys.project, { name: 'renamed-out-of-band' });
    await api(emulator, 'DELETE', `/assistants/${ids['assistant_id']}`, keys.project);
    const p = await w.run(['plan', '-input=false', '-detailed-exitcode', '-out=tfplan'], { allow: [2] });
    expect(p.code).toBe(2);
    expect(p.stdout).toContain(`Objects have changed outside of ${Engine()}`);
    expect(p.stdout).toContain(`# ${ADDR.assistant} has been deleted`);
    expect(p.stdout).toContain(`# ${ADDR.assistant} will be created`);
    expect(p.stdout).toMatch(/~ name +?= "renamed-out-of-band" -> "support-docs-v2"/);
    expect(p.stdout).toContain('Plan: 1 to add, 1 to change, 0 to destroy.');
    const a = await w.run(['apply', '-input=false', '-auto-approve', 'tfplan']);
    expect(a.stdout).toContain('Apply complete! Resources: 1 added, 1 changed, 0 destroyed.');
    const after = await w.outputs();
    expect(after['assistant_id']).not.toBe(ids['assistant_id']);
    expect(await api(emulator, 'GET', `/vector_stores/${ids['vector_store_id']}`, keys.project)).toMatchObject({ name: 'support-docs-v2' });
    ids = after;
    await noChanges();
  });

  step('an import block adopts an object the state has lost', async () => {
    await w.run(['state', 'rm', ADDR.store]);
    driver.configure(w, { importVectorStoreId: ids['vector_store_id']! });
    const p = await w.run(['plan', '-input=false', '-out=tfplan']);
    expect(p.stdout).toMatch(
      new RegExp(`# ${ADDR.store} will be (imported|updated in-place)\\n\\s+# \\(imported from "${ids['vector_store_id']}"\\)`),
    );
    // The vector store's own key (configured, never returned by the API) is stored by an in-place update that
    // sends nothing to the API.
    expect(p.stdout).toMatch(/Plan: 1 to import, 0 to add, [01] to change, 0 to destroy\./);
    const requestsBefore = emulator.requests.length;
    const a = await w.run(['apply', '-input=false', '-auto-approve', 'tfplan']);
    expect(a.stdout).toMatch(/Apply complete! Resources: 1 imported, 0 added, [01] changed, 0 destroyed\./);
    const writes = emulator.requests.slice(requestsBefore).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    driver.configure(w, { importVectorStoreId: undefined });
    expect((await w.outputs())['vector_store_id']).toBe(ids['vector_store_id']);
    await noChanges();
  });

  step(`\`import\` (the command) adopts an object the state has lost`, async () => {
    await w.run(['state', 'rm', ADDR.project]);
    const requestsBefore = emulator.requests.length;
    const t = await w.run(['import', '-input=false', ADDR.project, ids['project_id']!]);
    expect(t.stdout).toContain('Import successful!');
    expect(emulator.requests.slice(requestsBefore).filter((r) => r.method !== 'GET')).toEqual([]);
    await noChanges();
  });

  step('destroy deletes everything: the emulator is back to its baseline', async () => {
    // The control for the secret search below: the state holds the vector store's configured key (every
    // Terraform state holds configured sensitive values in clear), so a search that missed a leak would be wrong.
    const state = (await w.run(['state', 'pull'])).stdout;
    expect(state).toContain(keys.resource);
    w.transcripts.pop(); // `state pull` prints the state: by design, not a leak
    const t = await w.run(['destroy', '-input=false', '-auto-approve']);
    expect(t.stdout).toContain('Destroy complete! Resources: 4 destroyed.');
    expect(stackCounts(emulator)).toEqual(baseline);
    expect((await w.run(['state', 'list'])).stdout.trim()).toBe('');
  });

  test('no key appears in any output or TF_LOG=trace log; plans print "(sensitive value)"', () => {
    expect(w.transcripts.length).toBeGreaterThan(0);
    const found = w.secretsFound({ 'the admin key': keys.admin, 'the project key': keys.project, "the vector store's own key": keys.resource });
    expect(found).toEqual([]);
    expect(w.searchedBytes()).toBeGreaterThan(100_000); // the trace logs are large: the search had something to search
    expect(w.transcripts.some((t) => t.args[0] === 'plan' && t.stdout.includes('(sensitive value)'))).toBe(true);
  });
}
