// The platform objects a team keeps as code, on the APIs that outlive the Assistants API: a handbook in a vector
// store (searched once deployed), a code-interpreter container with a data file, an eval with a run over inline
// items, an agent skill uploaded from a folder, and a fine-tuning job trained on a JSONL file.
//
// Long waits report progress and are bounded: the eval run by `timeoutSeconds`, the fine-tuning job by its own. A
// wait cut short (the timeout, Ctrl-C, a killed `pulumi up`) is resumed by the next `pulumi up`: the same run and
// the same job, never a second one.
// Provider settings come from stack config: openai:baseUrl and the secret openai:apiKey (a project key).
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();
// Paths are relative to the program's folder (Pulumi runs it there); a file's content, not its path, is tracked.
const data = (name: string) => `data/${name}`;

// A handbook, searchable in a vector store.
const handbook = new openai.File('handbook', { source: data('handbook.md'), purpose: 'assistants' });
const docs = new openai.VectorStore('docs', { name: 'support-docs', fileIds: [handbook.id] });

// A sandbox for the code interpreter, with a data file in it.
const sandbox = new openai.Container('sandbox', { name: 'analysis', expiresAfter: { anchor: 'last_active_at', minutes: 60 } });
const sales = new openai.ContainerFile('sales', { containerId: sandbox.id, source: data('sales.csv') });

// An eval and a run over two inline items; the run waits until it is graded.
const sentiment = new openai.Eval('sentiment', {
  name: 'Sentiment',
  dataSourceConfig: {
    type: 'custom',
    itemSchema: { type: 'object', properties: { text: { type: 'string' }, label: { type: 'string' } }, required: ['text', 'label'] },
    includeSampleSchema: true,
  },
  testingCriteria: [{ type: 'string_check', name: 'Match label', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' }],
});
const baseline = new openai.EvalRun('baseline', {
  evalId: sentiment.id,
  name: 'baseline',
  dataSource: {
    type: 'jsonl',
    source: {
      type: 'file_content',
      content: [
        { item: { text: 'I love it', label: 'positive' }, sample: { output_text: 'positive' } },
        { item: { text: 'Not for me', label: 'negative' }, sample: { output_text: 'positive' } },
      ],
    },
  },
  timeoutSeconds: config.getNumber('evalTimeoutSeconds') ?? 900,
});

// An agent skill, uploaded from its folder; a changed file uploads a new version.
const skill = new openai.Skill('csv-insights', { source: 'skills/csv-insights' });

// A fine-tuning job; applying waits for it (progress as it trains) and exports the fine-tuned model's name.
const training = new openai.File('training', { source: data('training.jsonl'), purpose: 'fine-tune' });
const job = new openai.FineTuningJob('support-bot', {
  model: config.get('baseModel') ?? 'gpt-4o-mini-2024-07-18',
  trainingFile: training.id,
  suffix: 'support-bot',
  method: { type: 'supervised', hyperparameters: { nEpochs: 2 } },
  timeoutSeconds: config.getNumber('fineTuningTimeoutSeconds') ?? 7200,
});

// A query against the deployed store, for a smoke test of what was deployed.
const search = openai.listVectorStoreSearchOutput({ vectorStoreId: docs.id, query: 'How long do refunds take?', maxNumResults: 1 });

export const vectorStoreId = docs.id;
export const topHit = search.items.apply((hits) => hits[0]?.filename ?? null);
export const containerFileId = sales.id;
export const containerFilePath = sales.path;
export const evalRunStatus = baseline.status;
export const evalResults = baseline.resultCounts;
export const skillId = skill.id;
export const skillVersion = skill.latestVersion;
export const fineTuningJobId = job.id;
export const fineTunedModel = job.fineTunedModel;
