// Per-resource keys: each vector store carries its own `apiKey` (a key bound to its own project), used for every
// operation on it instead of the provider's key. The keys come from stack config as secrets.
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();

const alpha = new openai.VectorStore('alpha', {
  name: 'store-alpha',
  apiKey: config.requireSecret('keyAlpha'),
  metadata: { owner: 'alpha' },
});

const beta = new openai.VectorStore('beta', {
  name: 'store-beta',
  apiKey: config.requireSecret('keyBeta'),
  metadata: { owner: 'beta' },
});

export const alphaId = alpha.id;
export const betaId = beta.id;
