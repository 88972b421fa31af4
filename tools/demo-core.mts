// `make demo` (until the Pulumi adapter lands): deploys the example stack through the core.
// Without OPENAI_API_KEY it starts the embedded emulator with a persistent state file; with it, it targets
// OpenAI (OPENAI_ADMIN_KEY is then needed for the project). A second run reads what exists and only applies
// differences, like an engine would; `make demo-destroy` (DEMO_DESTROY=1) deletes it all.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Provider, registry, type JsonObject, type State } from '@openai-iac/core';
import { startEmulator } from '@openai-iac/emulator';

const root = join(import.meta.dirname, '..');
const dir = join(root, '.demo');
const ledgerPath = join(dir, 'core-demo-state.json');
mkdirSync(dir, { recursive: true });

type Ledger = Record<string, { type: string; id: string; state: State }>;
const ledger: Ledger = (() => {
  try {
    return JSON.parse(readFileSync(ledgerPath, 'utf8')) as Ledger;
  } catch {
    return {};
  }
})();
const save = () => writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));

async function main(): Promise<void> {
  const real = Boolean(process.env['OPENAI_API_KEY']);
  const emulator = real ? undefined : await startEmulator({ port: 0, statePath: join(dir, 'emulator-state.json'), quiet: true });
  const env = emulator
    ? { ...process.env, OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: emulator.projectKey, OPENAI_ADMIN_KEY: emulator.adminKey }
    : process.env;
  console.log(emulator ? `emulator: ${emulator.url} (state in .demo/emulator-state.json)` : 'target: api.openai.com');
  const provider = new Provider(registry, { env, pollIntervalMs: 100, log: { debug: () => {}, info: (m) => console.log(`  … ${m}`) } });
  provider.configure({});
  const hooks = { progress: (m: string) => console.log(`  … ${m}`) };

  // The stack, in dependency order: name → [type, inputs from the outputs so far].
  const stack: Array<[string, string, (ids: Record<string, string>) => JsonObject]> = [
    ['handbook', 'file', () => ({ source: join(root, 'examples/simple/data/handbook.md'), purpose: 'assistants' })],
    ['docs', 'vector_store', (ids) => ({ name: 'support-docs', file_ids: [ids['handbook']!], expires_after: { anchor: 'last_active_at', days: 7 }, metadata: { stack: 'demo' } })],
    ['tutor', 'assistant', (ids) => ({
      model: 'gpt-4o', name: 'Math Tutor', instructions: 'You are a personal math tutor. Write and run code to answer math questions.',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      tool_resources: { code_interpreter: { file_ids: [ids['handbook']!] }, file_search: { vector_store_ids: [ids['docs']!] } },
      metadata: { stack: 'demo' },
    })],
    ['team', 'project', () => ({ name: 'openai-iac-demo' })],
  ];

  if (process.env['DEMO_DESTROY']) {
    for (const [name] of [...stack].reverse()) {
      const rec = ledger[name];
      if (!rec) continue;
      await provider.delete(rec.type, rec.id, rec.state, hooks);
      console.log(`deleted ${rec.type} ${rec.id}`);
      delete ledger[name];
      save();
    }
  } else {
    const ids: Record<string, string> = {};
    for (const [name, type, build] of stack) {
      const { inputs, failures } = provider.check(type, build(ids));
      if (failures.length) throw new Error(`${name}: ${JSON.stringify(failures)}`);
      const rec = ledger[name];
      const current = rec ? await provider.read(type, rec.id, rec.state, hooks) : null;
      let verb = 'unchanged';
      let result: { id: string; state: State };
      if (current) {
        const d = provider.diff(type, current.state, inputs);
        if (d.replaces.length) {
          await provider.delete(type, current.id, current.state, hooks);
          result = await provider.create(type, inputs as JsonObject, hooks);
          verb = `replaced (${d.replaces.join(', ')})`;
        } else if (d.changed.length) {
          result = { id: current.id, state: await provider.update(type, current.id, current.state, inputs as JsonObject, hooks) };
          verb = `updated (${d.changed.join(', ')})`;
        } else result = current;
      } else {
        result = await provider.create(type, inputs as JsonObject, hooks);
        verb = 'created';
      }
      ledger[name] = { type, id: result.id, state: result.state };
      save();
      ids[name] = result.id;
      console.log(`${verb.padEnd(10)} ${type.padEnd(13)} ${result.id}`);
    }
    console.log('\noutputs:');
    for (const [name, rec] of Object.entries(ledger)) console.log(`  ${name}Id = ${rec.id}`);
  }
  await emulator?.close();
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
