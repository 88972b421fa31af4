// `make list-assistants`: id, name and model of every assistant the demo's project key can see, through the core's
// list handler (the one behind the provider's openai:index:listAssistants). Target as `make demo` chooses it: the
// emulator on the demo's state file (.demo/emulator-state.json; one already answering on DEMO_EMULATOR_PORT is
// used as it is), or OpenAI when OPENAI_API_KEY is set (OPENAI_BASE_URL for an Assistants-compatible endpoint).
import { join } from 'node:path';
import { Provider, registry } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';

const root = join(import.meta.dirname, '..');
const demoDir = process.env['DEMO_DIR'] ?? join(root, '.demo');
const port = Number(process.env['DEMO_EMULATOR_PORT'] ?? 8787);
const DEFAULT_PROJECT_KEY = 'sk-proj-emulator-000000000000000000000000';

async function running(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  let emulator: Emulator | undefined;
  let env: NodeJS.ProcessEnv;
  if (process.env['OPENAI_API_KEY']) {
    env = process.env;
    console.log(`target: ${process.env['OPENAI_BASE_URL'] ?? 'https://api.openai.com/v1'}`);
  } else if (await running(`http://127.0.0.1:${port}/__emulator/state`)) {
    env = { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_API_KEY: DEFAULT_PROJECT_KEY };
    console.log(`target: the emulator running at http://127.0.0.1:${port}/v1`);
  } else {
    const statePath = join(demoDir, 'emulator-state.json');
    emulator = await startEmulator({ port: 0, statePath, quiet: true });
    env = { OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: emulator.projectKey };
    console.log(`target: the emulator on ${statePath.replace(`${root}/`, '')}`);
  }
  try {
    const provider = new Provider(registry, { env, log: { debug: () => {}, info: () => {} } });
    provider.configure({});
    const items = await provider.list('assistant', {});
    const rows = items.map((a) => [a.id, String(a.state['name'] ?? ''), String(a.state['model'] ?? '')]);
    const header = ['ID', 'NAME', 'MODEL'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    console.log(line(header));
    for (const r of rows) console.log(line(r));
    console.log(`${rows.length} assistant${rows.length === 1 ? '' : 's'}`);
  } finally {
    await emulator?.close();
  }
}

main().catch((e: unknown) => {
  console.error(`list-assistants: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
