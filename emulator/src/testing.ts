// Test hooks. Not part of the public API: tests use them to prove the emulator fails loudly on its own bugs.

import type { Emulator } from './index';
import { serverOf } from './server';
import type { Handler } from './routes/types';

/** Replaces the handler of one operation (method + path template, without /v1); returns a restore function. */
export function overrideHandler(emulator: Emulator, method: string, template: string, handler: Handler): () => void {
  const server = serverOf.get(emulator);
  if (!server) throw new Error('not an emulator started by startEmulator()');
  const op = server.operation(method, template);
  server.overrides.set(op, handler);
  return () => server.overrides.delete(op);
}
