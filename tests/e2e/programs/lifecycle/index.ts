// The main end-to-end stack, through the generated SDK: a file, a vector store over it, an assistant using both,
// a project. Config knobs drive the lifecycle test: `storeName`/`instructions`/`projectName` change in place,
// `fileContent` is create-only (a new file replaces the old one; the store and the assistant follow in place).
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();

const notes = new openai.File('notes', {
  content: config.get('fileContent') ?? '# Notes\n\nSolve 3x + 11 = 14 step by step.\n',
  filename: 'notes.md',
  purpose: 'assistants',
});

const store = new openai.VectorStore('store', {
  name: config.get('storeName') ?? 'e2e-store',
  fileIds: [notes.id],
  expiresAfter: { anchor: 'last_active_at', days: 7 },
  metadata: { suite: 'e2e', stack: pulumi.getStack() },
});

const tutor = new openai.Assistant('tutor', {
  name: 'E2E Tutor',
  model: 'gpt-4o',
  instructions: config.get('instructions') ?? 'Answer math questions with code.',
  tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
  toolResources: {
    codeInterpreter: { fileIds: [notes.id] },
    fileSearch: { vectorStoreIds: [store.id] },
  },
  metadata: { suite: 'e2e' },
});

const team = new openai.Project('team', { name: config.get('projectName') ?? 'e2e-project' });

export const fileId = notes.id;
export const storeId = store.id;
export const storeName = store.name;
export const assistantId = tutor.id;
export const projectId = team.id;
