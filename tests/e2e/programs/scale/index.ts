// `make bench` (tools/bench/bench.mts): `count` vector stores, each named by its index; with `kind: component`, as
// many component resources instead — the engine's own cost for the same number of resources, with no provider.
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();
const count = config.requireNumber('count');
const component = config.get('kind') === 'component';

for (let i = 0; i < count; i++) {
  if (component) new pulumi.ComponentResource('bench:index:Store', `store-${i}`, {}, {});
  else new openai.VectorStore(`store-${i}`, { name: `bench-${i}` });
}
