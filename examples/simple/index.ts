// The example stack: a file, a vector store over it (with expiry and metadata), an assistant that uses both
// (code_interpreter over the file, file_search over the store), and a project (needs the admin key).
// Provider settings come from stack config: openai:baseUrl, and the secrets openai:apiKey / openai:adminApiKey.
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();
const stackTag = { stack: `${pulumi.getProject()}-${pulumi.getStack()}` };

// Uploaded from a path relative to this folder (the provider runs in the program's directory); a change of the
// file's content replaces it (its sha256 is tracked).
const handbook = new openai.File('handbook', {
  source: './data/handbook.md',
  purpose: 'assistants',
});

const docs = new openai.VectorStore('docs', {
  name: config.get('vectorStoreName') ?? 'support-docs',
  fileIds: [handbook.id],
  expiresAfter: { anchor: 'last_active_at', days: 7 },
  metadata: { ...stackTag, team: 'support' },
});

// The Assistants API is deprecated: OpenAI shut it down on api.openai.com on 2026-08-26. It still runs on
// Assistants-compatible endpoints and on the emulator; `pulumi config set assistant false` leaves it out.
const withAssistant = config.getBoolean('assistant') ?? true;
const tutor = withAssistant
  ? new openai.Assistant('tutor', {
      name: 'Math Tutor',
      model: config.get('model') ?? 'gpt-4o',
      instructions: 'You are a personal math tutor. Write and run code to answer math questions.',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      toolResources: {
        codeInterpreter: { fileIds: [handbook.id] },
        fileSearch: { vectorStoreIds: [docs.id] },
      },
      metadata: stackTag,
    })
  : undefined;

const team = new openai.Project('team', {
  name: config.get('projectName') ?? 'openai-iac-demo',
});

export const fileId = handbook.id;
export const vectorStoreId = docs.id;
export const vectorStoreStatus = docs.status;
export const assistantId = tutor?.id;
export const projectId = team.id;
