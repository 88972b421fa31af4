import { registry, resourceNames, pulumiPropertyName, resources, META_PROPERTIES } from '@openai-iac/core';

describe('registry and names', () => {
  test.each([
    ['vector_store', 'VectorStore', 'openai:index:VectorStore', 'openai_vector_store', 'openai:index:listVectorStores', 'openai_vector_stores'],
    ['file', 'File', 'openai:index:File', 'openai_file', 'openai:index:listFiles', 'openai_files'],
    ['assistant', 'Assistant', 'openai:index:Assistant', 'openai_assistant', 'openai:index:listAssistants', 'openai_assistants'],
    ['project', 'Project', 'openai:index:Project', 'openai_project', 'openai:index:listProjects', 'openai_projects'],
    [
      'vector_store_file',
      'VectorStoreFile',
      'openai:index:VectorStoreFile',
      'openai_vector_store_file',
      'openai:index:listVectorStoreFiles',
      'openai_vector_store_files',
    ],
    [
      'project_rate_limit',
      'ProjectRateLimit',
      'openai:index:ProjectRateLimit',
      'openai_project_rate_limit',
      'openai:index:listProjectRateLimits',
      'openai_project_rate_limits',
    ],
    [
      'webhook_endpoint',
      'WebhookEndpoint',
      'openai:index:WebhookEndpoint',
      'openai_webhook_endpoint',
      'openai:index:listWebhookEndpoints',
      'openai_webhook_endpoints',
    ],
    ['message', 'Message', 'openai:index:Message', 'openai_message', 'openai:index:listMessages', 'openai_messages'],
  ])('%s derives its names', (snake, cls, token, tf, list, tfList) => {
    const n = resourceNames(registry.get(snake));
    expect(n).toMatchObject({ className: cls, pulumiToken: token, terraformType: tf, pulumiListToken: list, terraformListType: tfList });
    expect(registry.get(token)).toBe(registry.get(tf));
  });
  test('the mint functions (Pulumi form of the ephemeral twins) derive from the spec name', () => {
    expect(resourceNames(registry.get('admin_api_key')).pulumiMintToken).toBe('openai:index:mintAdminApiKey');
    expect(resourceNames(registry.get('project_service_account_api_key')).pulumiMintToken).toBe('openai:index:mintProjectServiceAccountApiKey');
  });
  test('property names derive camelCase', () => {
    const vs = registry.get('vector_store');
    expect(pulumiPropertyName('file_ids', vs.properties['file_ids']!)).toBe('fileIds');
    expect(pulumiPropertyName('api_key', vs.properties['api_key']!)).toBe('apiKey');
  });
  test('every resource has the per-resource key, secret', () => {
    for (const r of resources) expect(r.properties['api_key']).toBe(META_PROPERTIES['api_key']);
    expect(META_PROPERTIES['api_key']!.secret).toBe(true);
  });
  test('an unknown resource names the known ones', () => {
    expect(() => registry.get('openai:index:Nope')).toThrow(/this provider has: file, vector_store, vector_store_file, .*, run(, |$)/);
  });
  test.each(['assistant', 'thread', 'message', 'run'])('the Assistants family is deprecated with its sunset date: %s', (name) => {
    expect(registry.get(name).deprecated).toMatch(/2026-08-26/);
    expect(registry.get(name).sunset?.date).toBe('2026-08-26');
  });
});
