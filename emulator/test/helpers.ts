// Shared test setup: an emulator and SDK clients configured exactly as users configure them.

import OpenAI, { toFile } from 'openai';
import { startEmulator, type Emulator, type EmulatorOptions } from '@openai-iac/emulator';

export interface Harness {
  emulator: Emulator;
  /** Project-key client (default project). */
  client: OpenAI;
  /** Admin-key client. */
  admin: OpenAI;
  /** A client for another key. */
  clientFor(apiKey: string, extra?: Partial<ConstructorParameters<typeof OpenAI>[0]>): OpenAI;
}

export async function harness(opts: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ vectorStoreFileDelayMs: 0, runDelayMs: 0, ...opts });
  const clientFor = (apiKey: string, extra = {}) => new OpenAI({ apiKey, baseURL: emulator.url, maxRetries: 0, ...extra });
  return {
    emulator,
    client: clientFor(emulator.projectKey),
    admin: new OpenAI({ adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 }),
    clientFor,
  };
}

export const upload = async (client: OpenAI, text = 'hello world', name = 'notes.txt') =>
  client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'assistants' });

/** Rejection of an SDK call as the SDK's APIError (fails the test when the call succeeds). */
export async function apiError(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (e) {
    if (e instanceof OpenAI.APIError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** A raw HTTP call to the emulator (for what the SDK cannot send, e.g. a missing header). */
export async function raw(
  emulator: Emulator,
  method: string,
  path: string,
  init: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? emulator.projectKey : init.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${emulator.url.replace(/\/v1$/, '')}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index error bodies freely (body!['error']['param'])
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}
