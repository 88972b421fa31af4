// Shared set-up for handler tests: an in-process emulator and a core Provider pointed at it.
import OpenAI from 'openai';
import { Provider, registry, type Log } from '@openai-iac/core';
import { startEmulator, type Emulator, type EmulatorOptions } from '@openai-iac/emulator';

export interface World {
  emulator: Emulator;
  provider: Provider;
  /** Debug and info lines the core wrote. */
  lines: string[];
  /** A raw SDK client on the default project key, for out-of-band changes. */
  sdk: OpenAI;
  admin: OpenAI;
}

export async function world(
  opts: { env?: NodeJS.ProcessEnv; extraEnv?: NodeJS.ProcessEnv; requestTimeout?: number; emulator?: EmulatorOptions } = {},
): Promise<World> {
  const emulator = await startEmulator({ port: 0, vectorStoreFileDelayMs: 50, quiet: true, ...opts.emulator });
  const lines: string[] = [];
  const log: Log = { debug: (m) => lines.push(m), info: (m) => lines.push(m) };
  const provider = new Provider(registry, {
    env: {
      ...(opts.env ?? { OPENAI_BASE_URL: emulator.url, OPENAI_API_KEY: emulator.projectKey, OPENAI_ADMIN_KEY: emulator.adminKey }),
      ...opts.extraEnv,
    },
    log,
    pollIntervalMs: 20,
    waitTimeoutMs: 10_000,
  });
  provider.configure(opts.requestTimeout ? { request_timeout: opts.requestTimeout } : {});
  const sdk = new OpenAI({ apiKey: emulator.projectKey, baseURL: emulator.url, maxRetries: 0 });
  const admin = new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 });
  return { emulator, provider, lines, sdk, admin };
}
