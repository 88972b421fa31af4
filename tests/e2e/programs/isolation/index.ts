// Isolation under concurrency (tests/e2e/isolation.test.ts): 50 resources, each with its own `apiKey` — 5 keys
// (secret config `key0` … `key4`, each bound to its own project), 10 resources per key, two of each of 5 kinds —
// for `pulumi up --parallel`. `round` renames what changes in place.
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();
const round = config.getNumber('round') ?? 1;

for (let k = 0; k < 5; k++) {
  const apiKey = config.requireSecret(`key${k}`);
  for (const n of [0, 1]) {
    const tag = `k${k}-${n}`;
    new openai.VectorStore(`${tag}-store`, { apiKey, name: `${tag}-store-r${round}` });
    new openai.Assistant(`${tag}-assistant`, { apiKey, model: 'gpt-4o', name: `${tag}-assistant-r${round}` });
    new openai.Conversation(`${tag}-conversation`, { apiKey, metadata: { tag, round: String(round) } });
    new openai.WebhookEndpoint(`${tag}-hook`, {
      apiKey,
      name: `${tag}-hook-r${round}`,
      url: `https://hooks.example.com/${tag}`,
      eventTypes: ['batch.completed'],
    });
    new openai.File(`${tag}-file`, { apiKey, content: `file of ${tag}`, filename: `${tag}.txt`, purpose: 'assistants' });
  }
}
