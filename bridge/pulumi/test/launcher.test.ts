// The plugin's launcher (src/cli/bundle.ts) runs the bundle on the Node it finds, with the plugins' Node flags.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PLUGIN_NODE_FLAGS } from '@openai-iac/core';
import { buildPlugin, removePlugin } from './harness';

jest.setTimeout(60_000);

let launcher: string;
let scratch: string;
beforeAll(async () => {
  launcher = await buildPlugin();
  scratch = mkdtempSync(join(tmpdir(), 'pulumi-launcher-'));
});
afterAll(() => {
  removePlugin(launcher);
  rmSync(scratch, { recursive: true, force: true });
});

test("OPENAI_IAC_NODE's node runs the bundle with PLUGIN_NODE_FLAGS before it, and the engine's arguments after", () => {
  const echo = join(scratch, 'node');
  writeFileSync(echo, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
  chmodSync(echo, 0o755);
  const r = spawnSync(launcher, ['127.0.0.1:1234'], { env: { PATH: '/usr/bin:/bin', OPENAI_IAC_NODE: echo }, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(PLUGIN_NODE_FLAGS).toContain('--max-semi-space-size=2');
  expect(r.stdout.trim().split('\n')).toEqual([...PLUGIN_NODE_FLAGS, join(dirname(launcher), 'pulumi-resource-openai.js'), '127.0.0.1:1234']);
});
