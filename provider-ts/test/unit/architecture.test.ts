// The layering rules, checked on the sources: the core imports no engine library, and the adapters name no
// resource (everything they know about resources comes from the registry).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { registry, resourceNames } from '@openai-iac/core';

const ROOT = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

const ENGINE_LIBRARIES = /from ['"](@pulumi\/|cdktf|cdktn|constructs|@grpc\/|@msgpack\/|@cdktf\/)/;

test.each(sources(join(ROOT, 'provider-ts/src')).map((f) => [relative(ROOT, f), f]))('the core file %s imports no engine library', (_rel, file) => {
  const hits = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => ENGINE_LIBRARIES.test(line));
  expect(hits).toEqual([]);
});

const names = registry.resources.flatMap((spec) => {
  const n = resourceNames(spec);
  return [n.snake, n.className, n.pulumiToken, n.terraformType, n.pulumiGetToken, n.pulumiListToken, n.pulumiMintToken, n.terraformListType];
});
const quoted = new RegExp(`['"\`](${names.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})['"\`]`);

test.each(['bridge/pulumi/src', 'bridge/terraform/src'].flatMap((d) => sources(join(ROOT, d))).map((f) => [relative(ROOT, f), f]))(
  'the adapter file %s names no resource',
  (_rel, file) => {
    const hits = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => quoted.test(line));
    expect(hits).toEqual([]);
  },
);
