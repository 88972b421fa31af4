// The generated constructs, as a user sees them: the built package (lib/, `make build-cdktf`) synthesized with
// cdktf's Testing helpers and checked with its jest matchers. Pure JavaScript: no engine runs here (plan.test.ts
// runs OpenTofu on the synthesized stacks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import * as openai from '..';
import { exampleStack, PROVIDER_SOURCE, SCHEMA_PATH, testingApp } from './stacks';

Testing.setupJest();

const SECRET = 'sk-proj-never-in-synth-0123456789abcdef';

describe('generated CDKTF constructs', () => {
  test('every resource and data source of the provider schema has a construct with its Terraform type', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
      provider_schemas: Record<string, { resource_schemas: Record<string, unknown>; data_source_schemas: Record<string, unknown> }>;
    };
    const provider = schema.provider_schemas[PROVIDER_SOURCE]!;
    const types = (kind: 'resource' | 'data') =>
      Object.values(openai as unknown as Record<string, Record<string, unknown>>)
        .flatMap((ns) => Object.values(ns))
        .filter((c): c is { tfResourceType: string; prototype: object } => typeof c === 'function' && 'tfResourceType' in c)
        .filter((c) => c.prototype instanceof (kind === 'data' ? TerraformDataSource : TerraformResource))
        .map((c) => c.tfResourceType)
        .sort();
    expect(types('resource')).toEqual(Object.keys(provider.resource_schemas).sort());
    expect(types('data')).toEqual(Object.keys(provider.data_source_schemas).sort());
    expect(openai.provider.OpenaiProvider.tfResourceType).toBe('openai');
  });

  test('the example stack synthesizes to the provider source and the configured properties', () => {
    const synthesized = Testing.synth(exampleStack(testingApp()));
    const json = JSON.parse(synthesized) as { terraform: { required_providers: Record<string, { source: string }> } };
    expect(json.terraform.required_providers['openai']).toEqual({ source: PROVIDER_SOURCE });

    expect(synthesized).toHaveProvider(openai.provider.OpenaiProvider);
    expect(synthesized).toHaveResourceWithProperties(openai.file.File, { purpose: 'assistants', content: '# Handbook\n' });
    expect(synthesized).toHaveResourceWithProperties(openai.vectorStore.VectorStore, {
      name: 'support-docs',
      file_ids: ['${openai_file.handbook.id}'],
      expires_after: { anchor: 'last_active_at', days: 7 },
      metadata: { stack: 'simple', team: 'support' },
    });
    expect(synthesized).toHaveResourceWithProperties(openai.assistant.Assistant, {
      model: 'gpt-4o',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      tool_resources: {
        code_interpreter: { file_ids: ['${openai_file.handbook.id}'] },
        file_search: { vector_store_ids: ['${openai_vector_store.docs.id}'] },
      },
    });
    expect(synthesized).toHaveResourceWithProperties(openai.project.Project, { name: 'openai-iac-demo' });
    expect(synthesized).not.toHaveResourceWithProperties(openai.project.Project, { residency: 'eu' });
  });

  test('nested objects, lists of objects and meta-arguments render in Terraform spelling', () => {
    const scope = new TerraformStack(testingApp(), 'nested');
    new openai.provider.OpenaiProvider(scope, 'openai', { baseUrl: 'http://127.0.0.1:8787/v1', maxRetries: 3 });
    const store = new openai.vectorStore.VectorStore(scope, 'kb', {
      chunkingStrategy: { type: 'static', static: { maxChunkSizeTokens: 800, chunkOverlapTokens: 400 } },
      lifecycle: { preventDestroy: true },
    });
    new openai.assistant.Assistant(scope, 'a', {
      model: 'gpt-4o',
      temperature: 0.1,
      responseFormat: { type: 'json_schema', jsonSchema: { name: 'answer', schema: JSON.stringify({ type: 'object' }), strict: true } },
      tools: [{ type: 'file_search', fileSearch: { maxNumResults: 5, rankingOptions: { ranker: 'auto', scoreThreshold: 0.5 } } }],
      toolResources: { fileSearch: { vectorStoreIds: [store.id] } },
      dependsOn: [store],
    });
    new openai.dataOpenaiVectorStores.DataOpenaiVectorStores(scope, 'all', {});
    const synthesized = Testing.synth(scope);
    expect(synthesized).toHaveProviderWithProperties(openai.provider.OpenaiProvider, { base_url: 'http://127.0.0.1:8787/v1', max_retries: 3 });
    expect(synthesized).toHaveResourceWithProperties(openai.vectorStore.VectorStore, {
      chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } },
      lifecycle: { prevent_destroy: true },
    });
    expect(synthesized).toHaveResourceWithProperties(openai.assistant.Assistant, {
      temperature: 0.1,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: '{"type":"object"}', strict: true } },
      tools: [{ type: 'file_search', file_search: { max_num_results: 5, ranking_options: { ranker: 'auto', score_threshold: 0.5 } } }],
      depends_on: ['openai_vector_store.kb'],
    });
    expect(synthesized).toHaveDataSource(openai.dataOpenaiVectorStores.DataOpenaiVectorStores);
  });

  test('sensitive values: keys passed through sensitive variables synthesize as references, never as values', () => {
    const app = testingApp();
    const stack = new TerraformStack(app, 'secrets');
    const adminKey = new TerraformVariable(stack, 'admin_api_key', { type: 'string', sensitive: true });
    const projectKey = new TerraformVariable(stack, 'project_api_key', { type: 'string', sensitive: true });
    new openai.provider.OpenaiProvider(stack, 'openai', { adminApiKey: adminKey.stringValue });
    const store = new openai.vectorStore.VectorStore(stack, 'kb', { name: 'kb', apiKey: projectKey.stringValue });
    // Terraform refuses an output of a sensitive value unless the output is marked sensitive too.
    new TerraformOutput(stack, 'store_key', { value: store.apiKey, sensitive: true });
    const synthesized = Testing.synth(stack);

    expect(synthesized).not.toContain(SECRET);
    expect(synthesized).toHaveProviderWithProperties(openai.provider.OpenaiProvider, { admin_api_key: '${var.admin_api_key}' });
    expect(synthesized).toHaveResourceWithProperties(openai.vectorStore.VectorStore, { api_key: '${var.project_api_key}' });
    const json = JSON.parse(synthesized) as { variable: Record<string, { sensitive?: boolean }>; output: Record<string, { sensitive?: boolean }> };
    expect(json.variable['admin_api_key']?.sensitive).toBe(true);
    expect(json.variable['project_api_key']?.sensitive).toBe(true);
    expect(json.output['store_key']?.sensitive).toBe(true);
  });

  test('the schema marks every api_key sensitive (what makes plans print "(sensitive value)")', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
      provider_schemas: Record<string, {
        provider: { block: { attributes: Record<string, { sensitive?: boolean }> } };
        resource_schemas: Record<string, { block: { attributes: Record<string, { sensitive?: boolean }> } }>;
      }>;
    };
    const provider = schema.provider_schemas[PROVIDER_SOURCE]!;
    expect(provider.provider.block.attributes['api_key']?.sensitive).toBe(true);
    expect(provider.provider.block.attributes['admin_api_key']?.sensitive).toBe(true);
    for (const [type, resource] of Object.entries(provider.resource_schemas)) {
      expect([type, resource.block.attributes['api_key']?.sensitive]).toEqual([type, true]);
    }
  });

  test('the generated sources carry the generated marker', () => {
    const index = readFileSync(join(__dirname, '../src/index.ts'), 'utf8');
    expect(index.split('\n')[0]).toMatch(/^\/\/ Code generated by sdk\/cdktf\/scripts\/generate\.mjs .* DO NOT EDIT\.$/);
  });
});
