// Stacks the tests synthesize, and where things are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformOutput, TerraformStack, Testing, type App } from 'cdktf';
import * as openai from '..';

export const ROOT = join(__dirname, '../../..');
export const SCHEMA_PATH = join(ROOT, 'schema/terraform/provider-schema.json');
export const PROVIDER_SOURCE = 'registry.terraform.io/openai-iac/openai';

// Testing.app() makes a temporary output folder per app; these live under one folder removed after the file.
const apps = mkdtempSync(join(tmpdir(), 'cdktf-apps-'));
let appCount = 0;
afterAll(() => rmSync(apps, { recursive: true, force: true }));

/** Testing.app() with its output folder under this file's temporary folder. */
export function testingApp(): App {
  return Testing.app({ outdir: join(apps, String(appCount++)) });
}

/** The example stack (examples/cdktf-ts) with the handbook inline, so the synthesized stack stands alone. */
export function exampleStack(app: App, id = 'simple', settings: { baseUrl?: string } = {}): TerraformStack {
  const stack = new TerraformStack(app, id);
  new openai.provider.OpenaiProvider(stack, 'openai', settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl });
  const handbook = new openai.file.File(stack, 'handbook', { content: '# Handbook\n', filename: 'handbook.md', purpose: 'assistants' });
  const docs = new openai.vectorStore.VectorStore(stack, 'docs', {
    name: 'support-docs',
    fileIds: [handbook.id],
    expiresAfter: { anchor: 'last_active_at', days: 7 },
    metadata: { stack: id, team: 'support' },
  });
  const tutor = new openai.assistant.Assistant(stack, 'tutor', {
    name: 'Math Tutor',
    model: 'gpt-4o',
    instructions: 'You are a personal math tutor. Write and run code to answer math questions.',
    tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
    toolResources: { codeInterpreter: { fileIds: [handbook.id] }, fileSearch: { vectorStoreIds: [docs.id] } },
  });
  const team = new openai.project.Project(stack, 'team', { name: 'openai-iac-demo' });
  new TerraformOutput(stack, 'vector_store_id', { value: docs.id });
  new TerraformOutput(stack, 'assistant_id', { value: tutor.id });
  new TerraformOutput(stack, 'project_id', { value: team.id });
  return stack;
}
