#!/usr/bin/env node
// openai-emulator: run the emulator as a local server.

import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './index';

const HELP = `Usage: openai-emulator [options]

A stateful local OpenAI API for demos, tests and CI. Point a client at the printed URL
(OPENAI_BASE_URL) with the printed keys; they are emulator keys, not secrets.

Options:
  --port N                        port to listen on (default 8787; 0 = any free port)
  --host HOST                     address to bind (default 127.0.0.1)
  --state FILE                    load state from FILE if it exists, save it there after every change
  --vector-store-file-delay-ms N  how long attached vector store files stay in_progress (default 200)
  --run-delay-ms N                how long runs stay queued/in_progress (default 200)
  --upload-lifetime-ms N          how long an Upload takes parts (default 3600000, an hour)
  --fine-tuning-delay-ms N        how long fine-tuning jobs take to succeed (default 200)
  --batch-delay-ms N              how long batches take to complete (default 200)
  --latency-ms N                  delay added to every response (default 0)
  --admin-key KEY                 admin key to accept (default sk-admin-emulator-…)
  --project-key KEY               project key of the default project (default sk-proj-emulator-…)
  --quiet                         do not log requests
  -h, --help                      show this help

Control surface (not OpenAI API): GET /__emulator/state, GET /__emulator/requests,
POST|DELETE /__emulator/faults, GET|POST|DELETE /__emulator/chaos {rate, seed, kinds}, POST /__emulator/reset,
POST /__emulator/keys {project_id}, POST /__emulator/users {email, name?, role?} (adds an organization user),
POST /__emulator/latency {ms}, POST /__emulator/visibility {delay_ms},
POST /__emulator/rate_limits {key, per_minute, window_seconds}, POST /__emulator/runs/fail {count},
GET|POST|DELETE /__emulator/throttle {per_window, window_seconds, path, method}: per endpoint (method + route
template), at most per_window requests in any rolling window_seconds (default 60), the rest answered 429 with
no Retry-After, as the live admin routes throttle; GET shows accepted/throttled counts per endpoint.
`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got '${value}'`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      'vector-store-file-delay-ms': { type: 'string' },
      'run-delay-ms': { type: 'string' },
      'upload-lifetime-ms': { type: 'string' },
      'fine-tuning-delay-ms': { type: 'string' },
      'batch-delay-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      'admin-key': { type: 'string' },
      'project-key': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const opts: EmulatorOptions = { port: integer('port', values.port) ?? 8787, quiet: values.quiet ?? false };
  const numeric: [keyof EmulatorOptions, string][] = [
    ['vectorStoreFileDelayMs', 'vector-store-file-delay-ms'],
    ['runDelayMs', 'run-delay-ms'],
    ['uploadLifetimeMs', 'upload-lifetime-ms'],
    ['fineTuningDelayMs', 'fine-tuning-delay-ms'],
    ['batchDelayMs', 'batch-delay-ms'],
    ['latencyMs', 'latency-ms'],
  ];
  for (const [option, flag] of numeric) {
    const n = integer(flag, values[flag as keyof typeof values] as string | undefined);
    if (n !== undefined) (opts as Record<string, unknown>)[option] = n;
  }
  if (values.host) opts.host = values.host;
  if (values.state) opts.statePath = values.state;
  if (values['admin-key']) opts.adminKey = values['admin-key'];
  if (values['project-key']) opts.projectKey = values['project-key'];

  const emulator = await startEmulator(opts);
  process.stdout.write(
    `openai-emulator listening on ${emulator.url} admin_key=${emulator.adminKey} project_key=${emulator.projectKey} project_id=${emulator.defaultProjectId}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`openai-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`openai-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
