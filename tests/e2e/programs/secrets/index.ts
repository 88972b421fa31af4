// Every kind of secret the provider handles, for the secrets canary suite (tests/e2e/secrets.test.ts): the
// provider's keys (stack config), a resource's own key (a secret config value), and the secrets the API returns
// once (a service account's API key, a webhook endpoint's signing secret), exported as stack outputs.
// `badInput` makes the webhook's URL plain http, which the provider refuses before any request.
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();

const store = new openai.VectorStore('own-key', { name: 'canary-store', apiKey: config.requireSecret('resourceKey') });

const project = new openai.Project('team', { name: 'canary-project' });
const account = new openai.ProjectServiceAccount('bot', { projectId: project.id, name: 'canary-bot' });

const hook = new openai.WebhookEndpoint('hook', {
  name: 'canary-hook',
  url: config.getBoolean('badInput') ? 'http://hooks.example.com/canary' : 'https://hooks.example.com/canary',
  eventTypes: ['batch.completed'],
});

export const storeId = store.id;
export const accountKey = account.apiKeyValue;
export const signingSecret = hook.signingSecret;
