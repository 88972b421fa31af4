// What happens behind the engine's back, on both engines:
//   - out of band: an updatable field of every object that has one changed, then every kind of object deleted,
//     directly in the emulator with the object's own key: the plan (after a refresh) names each change and each
//     deletion, the apply repairs them and the next plan is empty;
//   - a vector store with `file_ids` and a separate vector_store_file on the same store: an empty plan after every
//     step (apply, refresh, an update of the store, destroy);
//   - eventual consistency: objects invisible to reads for a while after their create; the apply converges and a
//     refresh right after it reports nothing as gone.
// Each test does its part whatever the one before found (a plan that is not empty does not stop the next change),
// so one run reports every finding; a test whose set-up failed fails on its own.
import {
  createDriver,
  disposeWorkspace,
  duplicates,
  keyOf,
  liveObjects,
  notInState,
  outOfBandDelete,
  outOfBandUpdate,
  startEnv,
  step,
  type Driver,
  type EngineName,
  type Env,
} from './harness';
import { describeStack, type Decl } from './stack';

jest.setTimeout(600_000);
afterAll(() => disposeWorkspace());

const ENGINES: EngineName[] = ['pulumi', 'tofu'];

/** Calls the API with the object's key; a 404 (gone with its parent already) is fine for a delete. */
async function call(env: Env, d: Decl, req: { method: string; path: string; body?: unknown }, allowGone = false): Promise<void> {
  const res = await fetch(`${env.emu.url}${req.path}`, {
    method: req.method,
    headers: { authorization: `Bearer ${keyOf(env, d)}`, 'content-type': 'application/json', 'openai-beta': 'assistants=v2' },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  });
  if (res.ok || (allowGone && res.status === 404)) return;
  throw new Error(`${req.method} ${req.path} (out of band, for ${d.name}): ${res.status} ${await res.text()}`);
}

/** Repairs drift as each engine's user does: a refresh (Pulumi's up compares with its state, not the API), then an
 * apply. */
async function repair(env: Env, driver: Driver, decls: Decl[], logAs: string) {
  const refreshed = await driver.refresh();
  if (refreshed.code !== 0) throw new Error(`refresh failed:\n${refreshed.out.slice(-3000)}`);
  return step(env, driver, decls, 'apply', logAs);
}

describe.each(ENGINES)('%s: out-of-band update and delete of every resource', (engine) => {
  const s = (name: string, body: () => Promise<void>) => test(name, body);
  let env: Env;
  let driver: Driver;
  const decls = describeStack(2);
  afterAll(async () => {
    await driver?.dispose().catch(() => undefined);
    await env?.emu.close();
  });

  s('apply the stack (two groups, one with its own key)', async () => {
    env = await startEnv();
    driver = await createDriver(engine, env, decls);
    expect((await step(env, driver, decls, 'apply', `drift-${engine}-initial`)).tries.map((t) => t.error ?? 'ok')).toEqual(['ok']);
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
  });

  s('an updatable field changed out of band on every object that has one: the plan names each, the apply repairs them', async () => {
    const ids = await driver.stateIds();
    const changed: string[] = [];
    for (const d of decls) {
      const req = outOfBandUpdate(d, ids.get(d.name)!);
      if (!req) continue;
      await call(env, d, req);
      changed.push(d.name);
    }
    const planned = (await driver.plan()).changes;
    expect(Object.fromEntries(changed.map((n) => [n, planned[n] ?? 'not detected']))).toEqual(Object.fromEntries(changed.map((n) => [n, 'update'])));
    expect((await repair(env, driver, decls, `drift-${engine}-repair-update`)).converged).toBe(true);
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
  });

  s('one object of every type deleted out of band: the plan recreates each, the apply repairs them, nothing is duplicated', async () => {
    const ids = await driver.stateIds();
    const group0 = decls.filter((d) => d.name.endsWith('_0'));
    for (const d of [...group0].reverse()) await call(env, d, outOfBandDelete(d, ids.get(d.name)!), true);
    const planned = (await driver.plan()).changes;
    const expected = Object.fromEntries(group0.map((d) => [d.name, ['create', 'replace']]));
    expect(
      Object.fromEntries(
        group0.map((d) => [d.name, expected[d.name]!.includes(planned[d.name] ?? '') ? expected[d.name] : (planned[d.name] ?? 'not detected')]),
      ),
    ).toEqual(expected);
    expect((await repair(env, driver, decls, `drift-${engine}-repair-delete`)).converged).toBe(true);
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
    const live = liveObjects(env, decls);
    expect({
      duplicates: duplicates(live).map((o) => o.decl),
      orphans: notInState(live, await driver.stateIds()).map((o) => o.decl ?? o.id),
    }).toEqual({
      duplicates: [],
      orphans: [],
    });
  });

  s('destroy leaves nothing', async () => {
    expect((await step(env, driver, decls, 'destroy', `drift-${engine}-destroy`)).converged).toBe(true);
    expect(liveObjects(env, decls).map((o) => o.decl ?? o.id)).toEqual([]);
  });
});

describe.each(ENGINES)('%s: a vector store with file_ids and a separate vector_store_file on the same store', (engine) => {
  const s = (name: string, body: () => Promise<void>) => test(name, body);
  let env: Env;
  let driver: Driver;
  const decls = (storeName: string): Decl[] => [
    { type: 'file', name: 'inline_0', props: { content: 'inline\n', filename: 'inline_0.md', purpose: 'assistants' } },
    { type: 'file', name: 'extra_0', props: { content: 'extra\n', filename: 'extra_0.md', purpose: 'assistants' } },
    { type: 'vector_store', name: 'shelf_0', props: { name: storeName, file_ids: [{ $ref: 'inline_0' }] } },
    { type: 'vector_store_file', name: 'shelf_doc_0', props: { vector_store_id: { $ref: 'shelf_0' }, file_id: { $ref: 'extra_0' } } },
  ];
  afterAll(async () => {
    await driver?.dispose().catch(() => undefined);
    await env?.emu.close();
  });
  const attached = () =>
    (env.emu.snapshot()['vector_store_files'] as Array<{ id: string }>)
      .map((f) => f.id)
      .sort()
      .join(' ');

  s('apply: both files attached, then an empty plan', async () => {
    env = await startEnv();
    driver = await createDriver(engine, env, decls('shelf_0'));
    expect((await step(env, driver, decls('shelf_0'), 'apply', `coexist-${engine}-apply`)).converged).toBe(true);
    const ids = await driver.stateIds();
    expect(attached()).toBe([ids.get('inline_0'), ids.get('extra_0')].sort().join(' '));
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
  });

  s('refresh: still both attached and an empty plan', async () => {
    expect((await driver.refresh()).code).toBe(0);
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
    expect(attached().split(' ')).toHaveLength(2);
  });

  s('an in-place update of the store keeps the separate file attached, then an empty plan', async () => {
    driver.rewrite(decls('shelf_0-renamed'));
    expect((await step(env, driver, decls('shelf_0-renamed'), 'apply', `coexist-${engine}-update`)).converged).toBe(true);
    expect(attached().split(' ')).toHaveLength(2);
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
  });

  s('destroy leaves nothing', async () => {
    expect((await step(env, driver, decls('shelf_0-renamed'), 'destroy', `coexist-${engine}-destroy`)).converged).toBe(true);
    expect(liveObjects(env, decls('x')).map((o) => o.decl ?? o.id)).toEqual([]);
  });
});

describe.each(ENGINES)('%s: eventual consistency (objects invisible to reads for 2 s after their create)', (engine) => {
  const s = (name: string, body: () => Promise<void>) => test(name, body);
  let env: Env;
  let driver: Driver;
  const decls = describeStack(1);
  afterAll(async () => {
    await driver?.dispose().catch(() => undefined);
    await env?.emu.close();
  });

  s('the apply converges at the first try, every object once', async () => {
    env = await startEnv({ visibilityDelayMs: 2000 });
    driver = await createDriver(engine, env, decls);
    const up = await step(env, driver, decls, 'apply', `consistency-${engine}-apply`);
    expect(up.tries.map((t) => t.error ?? 'ok')).toEqual(['ok']);
    expect(duplicates(liveObjects(env, decls)).map((o) => o.decl)).toEqual([]);
  });

  s('a refresh right after reports nothing as gone: the state holds every resource, the plan is empty', async () => {
    const r = await driver.refresh();
    expect(r.code).toBe(0);
    const ids = await driver.stateIds();
    expect(decls.filter((d) => !ids.has(d.name)).map((d) => d.name)).toEqual([]);
    expect(await driver.plan().then((p) => p.changes)).toEqual({});
    expect((await step(env, driver, decls, 'destroy', `consistency-${engine}-destroy`)).converged).toBe(true);
  });
});
