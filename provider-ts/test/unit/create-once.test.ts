// createOnce and the create journal: a create is sent once, whatever fails, and a create interrupted by a crash
// is adopted by the next run (or stopped with an honest error), never repeated.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { classify, createOnce } from '../../src/client/create-once';
import { CreateJournal } from '../../src/client/journal';

const status = (s: number) => OpenAI.APIError.generate(s, { message: `status ${s}` }, undefined, new Headers());
const timeout = () => new OpenAI.APIConnectionTimeoutError();
const obj = (id: string) => ({ id });

describe('classify', () => {
  test.each([
    [status(429), 'rejected-retryable'],
    [status(409), 'rejected-retryable'],
    [status(400), 'rejected'],
    [status(401), 'rejected'],
    [status(500), 'ambiguous'],
    [status(502), 'ambiguous'],
    [status(503), 'rejected-retryable'],
    [timeout(), 'ambiguous'],
    [new OpenAI.APIConnectionError({ message: 'reset' }), 'ambiguous'],
  ])('%s', (e, outcome) => expect(classify(e)).toBe(outcome));
});

describe('createOnce within one process', () => {
  const waits: number[] = [];
  const opts = { maxRetries: 2, what: 'conversation (import id conv_<id>)', log: () => {}, sleep: async (ms: number) => void waits.push(ms) };
  beforeEach(() => (waits.length = 0));

  test('an ambiguous failure whose create was applied is adopted, not resent', async () => {
    let sends = 0;
    const got = await createOnce(async () => (sends++, Promise.reject(timeout())), { find: async () => [obj('found')] }, opts);
    expect(got.id).toBe('found');
    expect(sends).toBe(1);
  });

  test('a list that shows the object only later (eventual consistency) is looked at again before anything is resent', async () => {
    let sends = 0;
    let looks = 0;
    const got = await createOnce(async () => (sends++, Promise.reject(status(502))), { find: async () => (++looks < 3 ? [] : [obj('late')]) }, opts);
    expect(got.id).toBe('late');
    expect(sends).toBe(1);
    expect(waits).toEqual([500, 1000]);
  });

  test('an ambiguous failure that was not applied is sent again once the object is known absent', async () => {
    let sends = 0;
    const got = await createOnce(async () => (++sends === 1 ? Promise.reject(status(502)) : obj('created')), { find: async () => [] }, opts);
    expect(got.id).toBe('created');
    expect(sends).toBe(2);
  });

  test('without a way to look up, an ambiguous failure is never resent', async () => {
    let sends = 0;
    const err = await createOnce(async () => (sends++, Promise.reject(status(500))), {}, opts).catch((e: unknown) => e as Error);
    expect(sends).toBe(1);
    // it names the object and how to adopt it, and never invites a blind re-apply
    expect(err.message).toMatch(/the conversation \(import id conv_<id>\) may have been created/);
    expect(err.message).toMatch(/applying again could make a second one/);
    expect(err.message).toMatch(/import it by its id, or, if it does not exist, apply again/);
  });

  test('a 429 is resent (it was refused, not applied); a 400 is final', async () => {
    let sends = 0;
    expect((await createOnce(async () => (++sends < 3 ? Promise.reject(status(429)) : obj('ok')), { find: async () => [] }, opts)).id).toBe('ok');
    expect(sends).toBe(3);
    sends = 0;
    await expect(createOnce(async () => (sends++, Promise.reject(status(400))), { find: async () => [obj('never')] }, opts)).rejects.toThrow(/^400/);
    expect(sends).toBe(1);
  });
});

describe('the create journal: a create interrupted by a crash', () => {
  const silent = { debug: () => {}, info: () => {} };
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal')));

  const files = () => readdirSync(dir).filter((f) => f.endsWith('.json'));
  const entries = () => files().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id?: string; type: string });
  /** One run of a process: its own journal instance (a new process token), the same folder. */
  function run(journal = new CreateJournal(dir, silent)) {
    const notices: string[] = [];
    let sends = 0;
    const create = <T extends { id: string }>(send: () => Promise<T>, lookup: Parameters<typeof createOnce<T>>[1], identity = 'urn-a') =>
      createOnce(async () => (sends++, send()), lookup, {
        maxRetries: 2,
        what: 'vector_store (import id vs_<id>)',
        log: () => {},
        notice: (m) => notices.push(m),
        sleep: async () => {},
        journal: { journal, type: 'vector_store', identity },
      });
    return { journal, notices, create, sends: () => sends };
  }
  /** A run killed after the API applied the create: its entry stays, with the id if the answer had arrived. */
  async function killedRun(answered: boolean) {
    const r = run();
    const hang = new Promise<{ id: string }>(() => {});
    void r.create(async () => (answered ? obj('vs_first') : hang), { find: async () => [] });
    await new Promise((res) => setImmediate(res));
  }

  test('a create journals itself, records its id when answered, and an engine naming the id settles it', async () => {
    const r = run();
    expect((await r.create(async () => obj('vs_1'), { find: async () => [] })).id).toBe('vs_1');
    expect(entries()).toEqual([expect.objectContaining({ id: 'vs_1', type: 'vector_store' })]);
    expect(JSON.stringify(entries())).not.toMatch(/sk-/);
    run().journal.settle('vs_1');
    expect(files()).toEqual([]);
  });

  test('a composite resource id settles the entry of the object its create made', async () => {
    await run().create(async () => obj('file-abc'), { find: async () => [] });
    run().journal.settle('vs_store/file-abc');
    expect(files()).toEqual([]);
  });

  test('killed after the answer arrived: the next run adopts that id (by retrieve), sending nothing', async () => {
    await killedRun(true);
    const next = run();
    const got = await next.create(async () => obj('vs_second'), { retrieve: async (id) => (id === 'vs_first' ? obj(id) : null) });
    expect(got.id).toBe('vs_first');
    expect(next.sends()).toBe(0);
    expect(next.notices.join()).toMatch(/an earlier run created vector_store at .* and never saved it: adopting vs_first/);
    expect(entries()).toEqual([expect.objectContaining({ id: 'vs_first' })]); // one entry: this run's, until settled
  });

  test('killed before the answer: the next run finds the object by what was sent, sending nothing', async () => {
    await killedRun(false);
    const next = run();
    let since = 0;
    const got = await next.create(async () => obj('vs_second'), { find: async (s) => ((since = s), [obj('vs_made')]) });
    expect(got.id).toBe('vs_made');
    expect(next.sends()).toBe(0);
    expect(since).toBeLessThanOrEqual(Date.now());
    expect(since).toBeGreaterThan(Date.now() - 60_000); // since the interrupted run began, not the epoch
  });

  test('killed before the answer, and nothing was made: the next run creates, and the stale entry goes', async () => {
    await killedRun(false);
    const next = run();
    expect((await next.create(async () => obj('vs_new'), { find: async () => [] })).id).toBe('vs_new');
    expect(next.sends()).toBe(1);
    expect(entries()).toEqual([expect.objectContaining({ id: 'vs_new' })]);
  });

  test('killed before the answer, several matching objects: it stops and lists them, creating nothing', async () => {
    await killedRun(false);
    const next = run();
    const err = await next.create(async () => obj('vs_x'), { find: async () => [obj('vs_a'), obj('vs_b')] }).catch((e: Error) => e);
    expect(String(err)).toMatch(/2 objects made since then match what it sent: vs_a, vs_b/);
    expect(next.sends()).toBe(0);
  });

  test('killed before the answer, an API that cannot look it up: an honest error naming the journal file, never a second create', async () => {
    await killedRun(false);
    const [file] = files();
    const next = run();
    const err = await next.create(async () => obj('conv_2'), { retrieve: async () => null }).catch((e: Error) => e);
    expect(String(err)).toMatch(/interrupted while creating this vector_store \(import id vs_<id>\) .* before the API answered/);
    expect(String(err)).toContain(`delete the journal file ${join(dir, file!)} and apply again`);
    expect(next.sends()).toBe(0);
    rmSync(join(dir, file!)); // the user's confirmation that it does not exist
    expect((await run().create(async () => obj('conv_2'), { retrieve: async () => null })).id).toBe('conv_2');
  });

  test("another resource's interrupted entry is left for it (and shown once)", async () => {
    await killedRun(false);
    const other = run();
    expect((await other.create(async () => obj('vs_b'), { find: async () => [obj('vs_made')] }, 'urn-b')).id).toBe('vs_b');
    expect(other.notices.join()).toMatch(/holds 1 interrupted vector_store create\(s\) of other resources/);
    expect(files()).toHaveLength(2);
    const owner = run();
    expect((await owner.create(async () => obj('vs_c'), { find: async () => [obj('vs_made')] }, 'urn-a')).id).toBe('vs_made');
  });

  test('a refused create leaves no entry; an ambiguous one that could not be looked up keeps it for the next run', async () => {
    await run()
      .create(async () => Promise.reject(status(400)), { find: async () => [] })
      .catch(() => {});
    expect(files()).toEqual([]);
    await run()
      .create(async () => Promise.reject(status(500)), {})
      .catch(() => {});
    expect(entries()).toEqual([expect.not.objectContaining({ id: expect.anything() })]);
  });

  test("a live process's entry is a create in flight, not an interrupted one", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'x.json'),
        JSON.stringify({ v: 1, type: 'vector_store', identity: 'urn-a', startedAt: Date.now(), pid: child.pid, token: 'other' }),
      );
      const r = run();
      expect((await r.create(async () => obj('vs_own'), {})).id).toBe('vs_own');
      expect(r.sends()).toBe(1);
    } finally {
      child.kill();
    }
  });

  test('a journal folder that cannot be written is said once, and the create goes on', async () => {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o500);
    const infos: string[] = [];
    const journal = new CreateJournal(join(dir, 'sub'), { debug: () => {}, info: (m) => infos.push(m) });
    try {
      const r = run(journal);
      expect((await r.create(async () => obj('vs_1'), {})).id).toBe('vs_1');
      expect((await r.create(async () => obj('vs_2'), {}, 'urn-b')).id).toBe('vs_2');
    } finally {
      chmodSync(dir, 0o700);
    }
    if (process.getuid?.() !== 0) expect(infos).toEqual([expect.stringMatching(/cannot keep the create journal in .*OPENAI_IAC_JOURNAL/)]);
  });
});
