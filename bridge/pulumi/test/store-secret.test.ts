// Once-returned secrets on Pulumi: `storeSecret: false` keeps the value out of the outputs (and so out of state),
// leaving its SHA-256; by default the value is an encrypted secret output with its digest beside it. Terraform's
// write-only `apiKeyWo` does not exist here: Pulumi's state is encrypted, and the schema leaves it out.
import { createHash } from 'node:crypto';
import { registry, resourceNames } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { SECRET_SIG, SIG_KEY } from '../src/marshal';
import { schemaJson } from '../src/schema';
import { buildPlugin, Plugin, removePlugin, Session, type Wire } from './harness';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const WEBHOOK = resourceNames(registry.get('webhook_endpoint')).pulumiToken;

let launcher: string;
let emulator: Emulator;
let plugin: Plugin;
let s: Session;

beforeAll(async () => {
  [launcher, emulator] = await Promise.all([buildPlugin(), startEmulator({ quiet: true })]);
  plugin = await Plugin.start(launcher, { env: {} });
  s = new Session(plugin);
  await s.configure({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey });
}, 60_000);

afterAll(async () => {
  await plugin?.close();
  removePlugin(launcher);
  await emulator?.close();
});

const hook = (extra: Wire): Wire => ({ name: 'hook', url: 'https://example.com/hook', eventTypes: ['response.completed'], ...extra });

test('storeSecret: false leaves only the digest; by default the secret is a secret output with its digest', async () => {
  const checked = await s.check(WEBHOOK, hook({ storeSecret: false }));
  expect(checked.failures).toEqual([]);
  const bare = await s.create(WEBHOOK, checked.inputs);
  expect(bare.properties).not.toHaveProperty('signingSecret');
  expect(bare.properties['storeSecret']).toBe(false);
  expect(bare.properties['signingSecretSha256']).toMatch(/^[0-9a-f]{64}$/);

  const stored = await s.create(WEBHOOK, (await s.check(WEBHOOK, hook({}))).inputs);
  const secret = stored.properties['signingSecret'] as { [SIG_KEY]: string; value: string };
  expect(secret[SIG_KEY]).toBe(SECRET_SIG);
  expect(stored.properties['signingSecretSha256']).toBe(sha256(secret.value));

  // A refresh keeps the digest and brings no value back.
  const read = await s.read(WEBHOOK, bare.id, bare.properties, checked.inputs);
  expect(read.properties).not.toHaveProperty('signingSecret');
  expect(read.properties['signingSecretSha256']).toBe(bare.properties['signingSecretSha256']);
});

test('the schema has storeSecret and the digest, and no write-only key', () => {
  const schema = JSON.parse(schemaJson(registry.resources)) as {
    resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
  };
  const r = schema.resources[WEBHOOK]!;
  expect(Object.keys(r.inputProperties)).toEqual(expect.arrayContaining(['storeSecret', 'apiKey']));
  expect(Object.keys(r.properties)).toContain('signingSecretSha256');
  for (const res of Object.values(schema.resources)) {
    expect(Object.keys(res.inputProperties).filter((k) => k.startsWith('apiKeyWo'))).toEqual([]);
  }
});
