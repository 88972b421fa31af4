// Actions over the real gRPC surface: every action of the registry advertised (GetMetadata, GetProviderSchema),
// its config checked by the core before any request (ValidateActionConfig, PlanAction), InvokeAction streaming
// progress events then one completed event; an API failure is an error diagnostic in that event; an action that
// creates makes one object per invocation, even when the create's answer is lost, and a new one each invocation.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { actionTypeName, registry, type Value } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { blockType, type SchemaMessage } from '../src/schema';
import { dynamic } from '../src/msgpack';
import { fromCoreObject } from '../src/values';
import { MODES, type Plugin } from './harness';
import { Terraform, type Diag } from './terraform';

jest.setTimeout(60_000);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, batchDelayMs: 300, quiet: true });
});
afterAll(async () => emulator?.close());

type Event = { progress?: { message: string } | null; completed?: { diagnostics: Diag[] } | null; type?: string };

function config(type: string, values: Record<string, Value>) {
  const block = registry.action(type).properties;
  return dynamic(fromCoreObject(block, values), blockType(block));
}

describe.each(MODES)('%s', (mode, start) => {
  let plugin: Plugin;
  let admin: OpenAI;
  let openai: OpenAI;
  // the spawned binary keeps its create journal under TF_DATA_DIR, as under Terraform
  const env = { TF_DATA_DIR: mkdtempSync(join(tmpdir(), 'tf-actions-')) };
  const configured = async (p: Plugin) => {
    const cfg = { base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey, request_timeout: 1 };
    expect(await new Terraform(p).configure(cfg)).toEqual([]);
    return p;
  };

  beforeAll(async () => {
    plugin = await configured(await start(env));
    admin = new OpenAI({ apiKey: 'unused', adminAPIKey: emulator.adminKey, baseURL: emulator.url });
    openai = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url });
  });
  afterAll(async () => plugin?.close());

  const invoke = async (type: string, values: Record<string, Value>) =>
    (await plugin.stream('InvokeAction', { action_type: type, config: config(type, values) })) as Event[];
  const validate = async (type: string, values: Record<string, Value>) =>
    (await plugin.provider['ValidateActionConfig']!({ type_name: type, config: config(type, values) }))['diagnostics'] as Diag[];

  test('every action of the registry is advertised, its schema its properties', async () => {
    const types = registry.actions.map(actionTypeName).sort();
    expect(types).toEqual(
      [
        'openai_batch_run',
        'openai_certificate_activate',
        'openai_certificate_deactivate',
        'openai_fine_tuning_job_run',
        'openai_project_archive',
      ].sort(),
    );
    const meta = await plugin.provider['GetMetadata']!({});
    expect((meta['actions'] as { type_name: string }[]).map((a) => a.type_name).sort()).toEqual(types);
    const schema = await plugin.provider['GetProviderSchema']!({});
    const schemas = schema['action_schemas'] as Record<string, { schema: SchemaMessage }>;
    expect(Object.keys(schemas).sort()).toEqual(types);
    for (const a of registry.actions) {
      const attrs = schemas[actionTypeName(a)]!.schema.block.attributes;
      expect(attrs.map((x) => x.name).sort()).toEqual(Object.keys(a.properties).sort());
    }
    const archive = schemas['openai_project_archive']!.schema.block.attributes.find((x) => x.name === 'project_id')!;
    expect(archive.required).toBe(true);
  });

  test('bad config fails validation and the plan naming the attribute, before any request', async () => {
    const before = emulator.requests.length;
    const bad = await validate('openai_project_archive', { project_id: 'project-1' });
    expect(bad).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        summary: 'Invalid project_id',
        attribute: { steps: [expect.objectContaining({ attribute_name: 'project_id' })] },
      }),
    ]);
    const empty = await validate('openai_certificate_activate', { certificate_ids: [] });
    expect(empty.map((d) => d.summary)).toEqual(['Invalid certificate_ids']);
    const missing = await validate('openai_batch_run', { endpoint: '/v1/embeddings' });
    expect(missing.map((d) => d.summary)).toEqual(['Invalid input_file_id']);
    const planned = await plugin.provider['PlanAction']!({
      action_type: 'openai_project_archive',
      config: config('openai_project_archive', { project_id: 'x' }),
    });
    expect((planned['diagnostics'] as Diag[]).map((d) => d.summary)).toEqual(['Invalid project_id']);
    const invoked = await invoke('openai_project_archive', { project_id: 'x' });
    expect(invoked).toEqual([expect.objectContaining({ completed: { diagnostics: [expect.objectContaining({ summary: 'Invalid project_id' })] } })]);
    expect(emulator.requests.slice(before).filter((r) => !r.path.endsWith('/models') && !r.path.includes('/organization/projects?'))).toEqual([]);
    const unknown = await plugin.provider['ValidateActionConfig']!({ type_name: 'openai_nope', config: null });
    expect((unknown['diagnostics'] as Diag[])[0]!.summary).toBe('Unknown action type openai_nope');
  });

  test('openai_project_archive: progress, then completed without diagnostics; the project is archived', async () => {
    const pr = await admin.admin.organization.projects.create({ name: `archive me (${mode})` });
    const events = await invoke('openai_project_archive', { project_id: pr.id });
    expect(events.at(-1)).toEqual(expect.objectContaining({ completed: { diagnostics: [] } }));
    expect(events.slice(0, -1).map((e) => e.progress?.message)).toEqual([`project ${pr.id} is archived`]);
    expect((await admin.admin.organization.projects.retrieve(pr.id)).status).toBe('archived');
  });

  test('an API failure is an error diagnostic in the completed event', async () => {
    const events = await invoke('openai_project_archive', { project_id: 'proj_doesnotexist000000000000' });
    expect(events).toHaveLength(1);
    const diags = events[0]!.completed!.diagnostics;
    expect(diags).toEqual([expect.objectContaining({ severity: 'ERROR', summary: 'Cannot run openai_project_archive' })]);
    expect(diags[0]!.detail).toMatch(/proj_doesnotexist|not found|No such/i);
  });

  test('openai_batch_run streams n/total requests done, completes; a lost answer makes no second batch; each invocation runs again', async () => {
    const lines = [0, 1, 2].map((i) =>
      JSON.stringify({
        custom_id: `r${i}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `hi ${i}` }] },
      }),
    );
    const file = await openai.files.create({ file: await toFile(Buffer.from(lines.join('\n')), 'in.jsonl'), purpose: 'batch' });
    const run = { input_file_id: file.id, endpoint: '/v1/chat/completions', metadata: { mode } };
    const mine = async () => {
      const out = [];
      for await (const b of openai.batches.list({ limit: 100 })) if (b.metadata?.['mode'] === mode) out.push(b);
      return out;
    };
    // The create is applied but its answer never arrives (request_timeout is 1 s): the batch is looked up, not resent.
    emulator.faults.inject({ method: 'POST', path: '/batches', kind: 'timeout_after_apply', hangMs: 3000 });
    const lost = emulator.faults.counts().injected['timeout_after_apply'] ?? 0;
    const events = await invoke('openai_batch_run', run);
    expect(emulator.faults.counts().injected['timeout_after_apply']).toBe(lost + 1);
    expect(events.at(-1)).toEqual(expect.objectContaining({ completed: { diagnostics: [] } }));
    const progress = events.slice(0, -1).map((e) => e.progress!.message);
    expect(progress.some((m) => /requests done|validating|in progress|finalizing/.test(m))).toBe(true);
    expect(progress.at(-1)).toMatch(/^batch batch_\w+: completed .*output file file-/);
    expect((await mine()).map((b) => b.status)).toEqual(['completed']);
    // A second invocation with the same config, by a new plugin process as Terraform starts one per command, is a
    // second run: the first one's batch (in the create journal of the same TF_DATA_DIR) is never adopted.
    await plugin.close();
    plugin = await configured(await start(env));
    const again = await invoke('openai_batch_run', run);
    expect(again.at(-1)).toEqual(expect.objectContaining({ completed: { diagnostics: [] } }));
    expect((await mine()).map((b) => b.status)).toEqual(['completed', 'completed']);
  });

  test('openai_fine_tuning_job_run waits for the job, streaming its progress; a file of the wrong purpose is an API error', async () => {
    const line = JSON.stringify({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
      ],
    });
    const training = await openai.files.create({ file: await toFile(Buffer.from(`${line}\n${line}`), 'train.jsonl'), purpose: 'fine-tune' });
    const events = await invoke('openai_fine_tuning_job_run', {
      model: 'gpt-4o-mini-2024-07-18',
      training_file: training.id,
      suffix: `act${mode.length}`,
    });
    expect(events.at(-1)).toEqual(expect.objectContaining({ completed: { diagnostics: [] } }));
    expect(events.at(-2)!.progress!.message).toMatch(/^fine-tuning job ftjob-\w+: succeeded; model ft:/);
    const wrong = await openai.files.create({ file: await toFile(Buffer.from(line), 'x.jsonl'), purpose: 'batch' });
    const failed = await invoke('openai_fine_tuning_job_run', { model: 'gpt-4o-mini-2024-07-18', training_file: wrong.id });
    expect(failed).toHaveLength(1);
    expect(failed[0]!.completed!.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', summary: 'Cannot run openai_fine_tuning_job_run', detail: expect.stringMatching(/purpose/) }),
    ]);
  });
});
