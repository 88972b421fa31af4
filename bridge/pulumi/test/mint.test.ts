// The mint functions (the Pulumi form of the ephemeral resources) over the real protocol: the schema lists one per
// ephemeral twin, with its secret output marked; Invoke hands out a working key as a secret; the end of the run —
// the Cancel RPC the engine sends first, or the SIGINT / SIGTERM that stops the plugin — deletes what was minted
// (the key revoked, the run's service account deleted), within a budget under the engine's 5 s grace; `keep`
// outlives the run; bad arguments are check failures naming the property in Pulumi's spelling.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { registry, resourceNames, resources, type JsonObject } from '@openai-iac/core';
import { startEmulator, type Emulator } from '@openai-iac/emulator';
import { CLOSE_BUDGET_MS } from '../src/ephemerals';
import { SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from '../src/marshal';
import { emptypb, grpc } from '../src/proto';
import { pulumiSchema } from '../src/schema';
import { buildPlugin, eventually, FakeEngine, Plugin, removePlugin, Session, type RpcError, type Wire } from './harness';

jest.setTimeout(60_000);

const ADMIN_KEY = resourceNames(registry.get('admin_api_key')).pulumiMintToken;
const ACCOUNT_KEY = resourceNames(registry.get('project_service_account_api_key')).pulumiMintToken;

let launcher: string;
let emulator: Emulator;
let engine: FakeEngine;
let admin: OpenAI;
let project: string;
const plugins: Plugin[] = [];

beforeAll(async () => {
  [launcher, emulator, engine] = await Promise.all([buildPlugin(), startEmulator({ port: 0, quiet: true }), FakeEngine.start()]);
  admin = new OpenAI({ apiKey: null, adminAPIKey: emulator.adminKey, baseURL: emulator.url, maxRetries: 0 });
  project = (await admin.admin.organization.projects.create({ name: 'mint' })).id;
}, 60_000);

afterEach(() => emulator.faults.clear());

afterAll(async () => {
  await Promise.all(plugins.map((p) => p.close()));
  removePlugin(launcher);
  engine.close();
  await emulator.close();
});

async function start(): Promise<Session> {
  const plugin = await Plugin.start(launcher, { engine: engine.address });
  plugins.push(plugin);
  const s = new Session(plugin);
  await s.configure({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey, maxRetries: 0 });
  return s;
}

const isSecret = (v: unknown): v is { value: unknown } =>
  typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

/** Invokes a mint function; the key's value must come back as a secret. */
async function mint(s: Session, tok: string, args: Wire): Promise<{ result: Wire; value: string }> {
  const { result, failures } = await s.invoke(tok, args);
  expect(failures).toEqual([]);
  expect(isSecret(result['value'])).toBe(true);
  return { result, value: (result['value'] as { value: string }).value };
}

async function works(key: string, kind: 'admin' | 'project'): Promise<boolean> {
  const c = new OpenAI(
    kind === 'admin'
      ? { apiKey: null, adminAPIKey: key, baseURL: emulator.url, maxRetries: 0 }
      : { apiKey: key, baseURL: emulator.url, maxRetries: 0 },
  );
  try {
    await (kind === 'admin' ? c.admin.organization.projects.list({ limit: 1 }) : c.vectorStores.list({ limit: 1 }));
    return true;
  } catch (e) {
    expect((e as { status?: number }).status).toBe(401);
    return false;
  }
}

const adminKeyIds = async () => (await admin.admin.organization.adminAPIKeys.list({ limit: 100 })).data.map((k) => k.id);
const accountIds = async () => (await admin.admin.organization.projects.serviceAccounts.list(project, { limit: 100 })).data.map((a) => a.id);

/** Stops the plugin as the engine does (a signal to it) and waits until it has exited: how, and how long it took. */
async function stop(s: Session, signal: NodeJS.Signals): Promise<{ signal: NodeJS.Signals | null; code: number | null; ms: number }> {
  const t0 = Date.now();
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((r) =>
    s.plugin.proc.once('exit', (code, sig) => r({ code, signal: sig })),
  );
  s.plugin.proc.kill(signal);
  return { ...(await exited), ms: Date.now() - t0 };
}

describe('schema', () => {
  const schema = pulumiSchema(resources);
  const fns = schema['functions'] as Record<string, JsonObject & { inputs: JsonObject; outputs: JsonObject }>;

  test('one mint function per ephemeral twin, and none for other resources', () => {
    const mints = Object.keys(fns).filter((t) => t.startsWith('openai:index:mint'));
    expect(mints.sort()).toEqual(
      resources
        .filter((r) => r.ephemeral && !r.ephemeral.handover)
        .map((r) => resourceNames(r).pulumiMintToken)
        .sort(),
    );
    expect(mints.sort()).toEqual(['openai:index:mintAdminApiKey', 'openai:index:mintProjectServiceAccountApiKey']);
  });

  test.each(resources.filter((r) => r.ephemeral && !r.ephemeral.handover).map((r) => [r.name, r] as const))(
    '%s: inputs, secret outputs, the lifetime',
    (_n, spec) => {
      const fn = fns[resourceNames(spec).pulumiMintToken]!;
      const ins = fn.inputs['properties'] as Record<string, JsonObject>;
      const outs = fn.outputs['properties'] as Record<string, JsonObject>;
      expect(ins['keep']).toMatchObject({ type: 'boolean' });
      expect(outs['value']).toMatchObject({ type: 'string', secret: true });
      for (const [name, prop] of Object.entries(spec.ephemeral!.properties)) {
        const wire = name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
        expect([name, prop.input === 'output' ? outs[wire] : ins[wire]]).toEqual([
          name,
          expect.objectContaining({ description: expect.any(String) }),
        ]);
        expect([name, prop.input === 'output' ? ins[wire] : outs[wire]]).toEqual([name, undefined]);
        if (prop.secret) expect(outs[wire]).toMatchObject({ secret: true });
      }
      const description = String(fn['description']);
      expect(description).toContain('when the Pulumi run that invoked it ends');
      expect(description).toContain('the key is revoked');
      expect(description).toContain('the service account is deleted');
      expect(description).toContain('With `keep: true` nothing is deleted and the key outlives the run');
    },
  );
});

describe('mint and the end of the run', () => {
  test('SIGINT (how the engine stops a plugin): the admin key minted works until then, and is revoked before the plugin exits', async () => {
    const s = await start();
    const { result, value } = await mint(s, ADMIN_KEY, { name: 'run-admin', expiresInSeconds: 3600 });
    expect(value).toMatch(/^sk-admin-/);
    expect(result).toMatchObject({ keyId: expect.stringMatching(/^key_/), redactedValue: expect.any(String), createdAt: expect.any(Number) });
    expect(Object.keys(result).sort()).toEqual(['createdAt', 'expiresAt', 'keyId', 'redactedValue', 'value']);
    expect(await works(value, 'admin')).toBe(true);
    expect(await adminKeyIds()).toContain(result['keyId']);
    const how = await stop(s, 'SIGINT');
    expect(how.signal).toBe('SIGINT'); // ends as the signal would have, once the key is gone
    expect(how.ms).toBeLessThan(5000);
    expect(await works(value, 'admin')).toBe(false);
    expect(await adminKeyIds()).not.toContain(result['keyId']);
    // Nothing of it on disk, nor the value in what the plugin wrote.
    expect(s.plugin.stderr).not.toContain(value);
  });

  test('SIGTERM: a service account made for the run is deleted, which revokes its key', async () => {
    const s = await start();
    const { result, value } = await mint(s, ACCOUNT_KEY, { projectId: project, name: 'ci-run', role: 'owner' });
    const account = String(result['createdServiceAccountId']);
    expect(account).toMatch(/^svc_acct_/);
    expect(await works(value, 'project')).toBe(true);
    expect(await accountIds()).toContain(account);
    const how = await stop(s, 'SIGTERM');
    expect(how.signal).toBe('SIGTERM');
    expect(await works(value, 'project')).toBe(false);
    expect(await accountIds()).not.toContain(account);
  });

  test('Cancel (the engine sends it first at the end of a run): everything minted is closed before the answer; no mint after it', async () => {
    const s = await start();
    const a = await mint(s, ADMIN_KEY, { name: 'cancel-a' });
    const b = await mint(s, ADMIN_KEY, { name: 'cancel-b' });
    const c = await mint(s, ACCOUNT_KEY, { projectId: project, name: 'cancel-c' });
    await s.plugin.call('cancel', new emptypb.Empty());
    // Closed by the time Cancel is answered, while the plugin still runs.
    expect(s.plugin.proc.exitCode).toBeNull();
    expect(await works(a.value, 'admin')).toBe(false);
    expect(await works(b.value, 'admin')).toBe(false);
    expect(await works(c.value, 'project')).toBe(false);
    expect(await accountIds()).not.toContain(c.result['createdServiceAccountId']);
    const before = emulator.requests.length;
    await expect(s.invoke(ADMIN_KEY, { name: 'too-late' })).rejects.toMatchObject({ details: expect.stringContaining('the Pulumi run is ending') });
    expect(emulator.requests.length).toBe(before);
    // The SIGINT that follows finds nothing left to close and ends the plugin at once.
    const how = await stop(s, 'SIGINT');
    expect(how.signal).toBe('SIGINT');
    expect(how.ms).toBeLessThan(1000);
  });

  test('keep: true: nothing is closed, the key outlives the run', async () => {
    const s = await start();
    const { result, value } = await mint(s, ADMIN_KEY, { name: 'kept', keep: true });
    await s.plugin.call('cancel', new emptypb.Empty());
    await stop(s, 'SIGINT');
    expect(await works(value, 'admin')).toBe(true);
    await admin.admin.organization.adminAPIKeys.delete(String(result['keyId']));
  });

  test('an additional key of an existing account: needs keep, and then outlives the run', async () => {
    const s = await start();
    const existing = await admin.admin.organization.projects.serviceAccounts.create(project, { name: 'existing' });
    const { result, value } = await mint(s, ACCOUNT_KEY, { projectId: project, serviceAccountId: existing.id, name: 'extra', keep: true });
    expect(result).toMatchObject({ apiKeyId: expect.stringMatching(/^key_/) });
    expect(result['createdServiceAccountId']).toBeUndefined();
    await stop(s, 'SIGINT');
    expect(await works(value, 'project')).toBe(true);
  });

  test('a close that hangs: the plugin gives up within the budget, exits before the SIGKILL, and warns with the ids', async () => {
    const s = await start();
    const { result, value } = await mint(s, ADMIN_KEY, { name: 'stuck' });
    emulator.faults.inject({ method: 'DELETE', path: /admin_api_keys/, kind: 'slow', slowMs: 20_000, times: 5 });
    const how = await stop(s, 'SIGINT');
    expect(how.ms).toBeGreaterThanOrEqual(CLOSE_BUDGET_MS - 100);
    expect(how.ms).toBeLessThan(4500); // the engine's SIGKILL comes 5 s after its SIGINT
    expect(how.signal).toBe('SIGINT');
    await eventually(() => engine.logs.some((l) => l.message.includes(String(result['keyId']))));
    const warning = engine.logs.find((l) => l.message.includes(String(result['keyId'])))!;
    expect(warning.message).toContain('delete it by hand');
    expect(warning.message).not.toContain(value);
    emulator.faults.clear();
    await admin.admin.organization.adminAPIKeys.delete(String(result['keyId'])).catch(() => undefined);
  });

  test('the engine killed outright (the plugin reparented): what was minted is closed all the same, and the plugin exits', async () => {
    // A parent in between, killed with SIGKILL as an engine can be: the plugin is left to init.
    const dir = mkdtempSync(join(tmpdir(), 'mint-parent-'));
    const wrapper = join(dir, 'engine.sh');
    writeFileSync(wrapper, `#!/bin/sh\n"${launcher}" "$@" &\necho $! >"${dir}/pid"\nwait\n`, { mode: 0o755 });
    const plugin = await Plugin.start(wrapper, { engine: engine.address });
    plugins.push(plugin);
    const s = new Session(plugin);
    await s.configure({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey, maxRetries: 0 });
    const { value } = await mint(s, ADMIN_KEY, { name: 'orphan' });
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await stop(s, 'SIGKILL');
    try {
      await eventually(() => !alive(), 6000);
      expect(alive()).toBe(false);
      expect(await works(value, 'admin')).toBe(false);
    } finally {
      if (alive()) process.kill(pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a preview whose arguments are unknown: every output unknown, nothing made', async () => {
    const s = await start();
    const before = emulator.requests.length;
    const { result, failures } = await s.invoke(ACCOUNT_KEY, { projectId: UNKNOWN_VALUE, name: 'later' });
    expect(failures).toEqual([]);
    expect(result).toMatchObject({ value: { [SIG_KEY]: SECRET_SIG, value: UNKNOWN_VALUE }, apiKeyId: UNKNOWN_VALUE });
    expect(emulator.requests.length).toBe(before);
  });
});

describe('bad arguments', () => {
  test('are check failures naming the property in camelCase, before any request', async () => {
    const s = await start();
    const before = emulator.requests.length;
    const cases: Array<[string, Wire, string]> = [
      [ADMIN_KEY, { name: 'x', expiresInSeconds: 0 }, 'expiresInSeconds'],
      [ADMIN_KEY, {}, 'name'],
      [ADMIN_KEY, { name: 'x', keyId: 'key_abc' }, 'keyId'],
      [ACCOUNT_KEY, { projectId: project }, 'name'],
      [ACCOUNT_KEY, { projectId: 'nope', name: 'x' }, 'projectId'],
      [ACCOUNT_KEY, { projectId: project, serviceAccountId: 'svc_acct_abc' }, 'keep'],
      [ACCOUNT_KEY, { projectId: project, name: 'x', scopes: ['api.model.read'] }, 'scopes'],
    ];
    for (const [tok, args, at] of cases) {
      const { failures } = await s.invoke(tok, args);
      expect([tok, args, failures.map((f) => f.property)]).toEqual([tok, args, [at]]);
    }
    expect(emulator.requests.length).toBe(before);
  });

  test('an API failure is an error without any key in it; nothing is left to close', async () => {
    const s = await start();
    const err = (await s.invoke(ACCOUNT_KEY, { projectId: 'proj_doesNotExist000', name: 'nowhere' }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe(grpc.status.NOT_FOUND);
    expect(err.details).toContain("No project found with id 'proj_doesNotExist000'");
    expect(err.details).not.toContain(emulator.adminKey);
    const how = await stop(s, 'SIGINT');
    expect(how.ms).toBeLessThan(1000);
  });
});
