// A large file goes through the Uploads API in parts, with progress in bytes, and an interrupted upload is resumed
// by the next run (only the missing parts sent, one file made).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Provider, registry, type JsonObject } from '@openai-iac/core';
import { ApiError } from '../../../emulator/src/errors';
import { overrideHandler } from '../../../emulator/src/testing';
import { world, type World } from './harness';

let w: World;
let journal: string;
beforeEach(async () => {
  journal = mkdtempSync(join(tmpdir(), 'upload-journal-'));
  w = await world();
});
afterEach(async () => {
  await w.emulator.close();
  rmSync(journal, { recursive: true, force: true });
});

/** A provider of its own (a run of its own: another journal token) on the emulator, with the shared journal. */
function run(): Provider {
  const provider = new Provider(registry, {
    env: { OPENAI_BASE_URL: w.emulator.url, OPENAI_API_KEY: w.emulator.projectKey, OPENAI_IAC_JOURNAL: journal },
    log: { debug: (m) => w.lines.push(m), info: (m) => w.lines.push(m) },
    pollIntervalMs: 20,
    waitTimeoutMs: 10_000,
  });
  provider.configure({});
  return provider;
}

const CONTENT = 'abcdefghijklmnopqrstuvwxyz0123'; // 30 bytes: parts of 8 → 4 parts (8, 8, 8, 6)
const INPUTS = { content: CONTENT, filename: 'big.txt', purpose: 'assistants', upload_part_bytes: 8 };
const requests = (re: RegExp) => w.emulator.requests.filter((r) => r.method === 'POST' && re.test(r.path)).length;
const PARTS = /^\/v1\/uploads\/upload_[0-9a-f]+\/parts$/;
const journalEntries = () =>
  readdirSync(journal)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(journal, f), 'utf8')) as JsonObject);

test('content above upload_part_bytes goes through the Uploads API in parts, with progress in bytes', async () => {
  const p = run();
  const progress: string[] = [];
  const { inputs } = p.check('file', INPUTS);
  const created = await p.create('file', inputs as JsonObject, { progress: (m) => progress.push(m) });
  expect(progress).toEqual([
    'file big.txt: 8/30 bytes uploaded',
    'file big.txt: 16/30 bytes uploaded',
    'file big.txt: 24/30 bytes uploaded',
    'file big.txt: 30/30 bytes uploaded',
  ]);
  expect(requests(/^\/v1\/uploads$/)).toBe(1);
  expect(requests(PARTS)).toBe(4);
  expect(requests(/^\/v1\/files$/)).toBe(0);
  expect(created.id).toMatch(/^file-/);
  expect(created.state).toMatchObject({ filename: 'big.txt', bytes: 30, purpose: 'assistants', upload_part_bytes: 8 });
  expect(created.state['sha256']).toBe(createHash('sha256').update(CONTENT).digest('hex'));
  expect(await (await w.sdk.files.content(created.id)).text()).toBe(CONTENT);
  expect(w.emulator.counts()['pending_uploads']).toBe(0);
  // A change of the part size is no change to the file: in place, nothing replaced.
  expect(p.diff('file', created.state, p.check('file', { ...INPUTS, upload_part_bytes: 16 }).inputs).replaces).toEqual([]);
  // Content at or under the part size is one request, as before.
  await p.create('file', p.check('file', { ...INPUTS, upload_part_bytes: 30 }).inputs as JsonObject);
  expect(requests(/^\/v1\/files$/)).toBe(1);
  expect(requests(/^\/v1\/uploads$/)).toBe(1);
});

/** Runs a create that is cancelled (the engine's signal) once `after` parts are sent. */
async function interrupted(after: number, address?: string): Promise<void> {
  const controller = new AbortController();
  let parts = 0;
  const p = run();
  const { inputs } = p.check('file', INPUTS);
  await expect(
    p.create('file', inputs as JsonObject, {
      signal: controller.signal,
      progress: (m) => {
        if (m.endsWith('uploaded') && ++parts === after) controller.abort();
      },
      ...(address ? { address } : {}),
    }),
  ).rejects.toThrow();
}

test('an upload interrupted midway is resumed by the next run: only the missing parts are sent, one file is made', async () => {
  const filesBefore = w.emulator.counts()['files'];
  await interrupted(2);
  expect(requests(PARTS)).toBe(2);
  expect(w.emulator.counts()['pending_uploads']).toBe(1); // nothing cancelled: it can be resumed
  const [entry] = journalEntries();
  expect(entry?.['checkpoint']).toMatchObject({ part_ids: [expect.stringMatching(/^part_/), expect.stringMatching(/^part_/), null, null] });

  const progress: string[] = [];
  const p = run();
  const created = await p.create('file', p.check('file', INPUTS).inputs as JsonObject, { progress: (m) => progress.push(m) });
  expect(progress[0]).toMatch(/^file big\.txt: resuming upload upload_[0-9a-f]+ \(2\/4 parts already sent\)$/);
  expect(progress.slice(1)).toEqual(['file big.txt: 24/30 bytes uploaded', 'file big.txt: 30/30 bytes uploaded']);
  expect(requests(/^\/v1\/uploads$/)).toBe(1);
  expect(requests(PARTS)).toBe(4);
  expect(w.emulator.counts()['files']).toBe((filesBefore ?? 0) + 1);
  expect(await (await w.sdk.files.content(created.id)).text()).toBe(CONTENT);
  expect(w.emulator.counts()['pending_uploads']).toBe(0);
});

test('a run killed while sending a part (its answer never came) is resumed by the rerun: the part is sent again, one file', async () => {
  const urn = 'urn:pulumi:dev::kb::openai:index/file:File::killed';
  const p = run();
  const { inputs } = p.check('file', INPUTS);
  const killed = new AbortController(); // only to let the hanging request go once the test is done
  // After two parts, the next part's request is applied but never answered: the plugin is as good as killed.
  void p
    .create('file', inputs as JsonObject, {
      address: urn,
      signal: killed.signal,
      progress: (m) => {
        if (m.startsWith('file big.txt: 16/30'))
          w.emulator.faults.inject({ method: 'POST', path: PARTS, kind: 'timeout_after_apply', hangMs: 60_000 });
      },
    })
    .catch(() => {});
  for (let i = 0; i < 200 && requests(PARTS) < 3; i++) await new Promise((r) => setTimeout(r, 25));
  expect(requests(PARTS)).toBe(3);
  const rerun = run();
  const created = await rerun.create('file', rerun.check('file', INPUTS).inputs as JsonObject, { address: urn });
  expect(requests(/^\/v1\/uploads$/)).toBe(1);
  expect(requests(PARTS)).toBe(5); // the third part again (its id was never saved), then the fourth
  expect(await (await w.sdk.files.content(created.id)).text()).toBe(CONTENT);
  expect(w.emulator.counts()['files']).toBe(1);
  killed.abort();
});

test('an interrupted upload that was cancelled since is begun again, and still only one file is made', async () => {
  await interrupted(1);
  const uploadId = (journalEntries()[0]?.['checkpoint'] as JsonObject)['upload_id'] as string;
  await w.sdk.uploads.cancel(uploadId);
  const p = run();
  const created = await p.create('file', p.check('file', INPUTS).inputs as JsonObject);
  expect(requests(/^\/v1\/uploads$/)).toBe(2);
  expect(requests(PARTS)).toBe(1 + 1 + 4); // the first run's part, the refused resume, the new upload's four
  expect(await (await w.sdk.files.content(created.id)).text()).toBe(CONTENT);
  expect(w.emulator.counts()['files']).toBe(1);
});

test('an interrupted upload of other content (the file at source changed) is cancelled and begun again', async () => {
  // The same resource (Pulumi's URN keys the journal), whose content changed between the runs.
  const urn = 'urn:pulumi:dev::kb::openai:index/file:File::big';
  await interrupted(1, urn);
  const p = run();
  const created = await p.create('file', p.check('file', { ...INPUTS, content: CONTENT.toUpperCase() }).inputs as JsonObject, { address: urn });
  expect(requests(/^\/v1\/uploads$/)).toBe(2);
  expect(requests(/^\/v1\/uploads\/upload_[0-9a-f]+\/cancel$/)).toBe(1);
  expect(w.emulator.counts()['pending_uploads']).toBe(0);
  expect(await (await w.sdk.files.content(created.id)).text()).toBe(CONTENT.toUpperCase());
});

test('a completion the API refuses (md5 mismatch) is final: the upload is cancelled and nothing is left to resume', async () => {
  const restore = overrideHandler(w.emulator, 'POST', '/uploads/{upload_id}/complete', () => {
    throw new ApiError(400, 'The md5 checksum does not match the bytes uploaded.', 'invalid_request_error', 'md5', 'md5_mismatch');
  });
  const p = run();
  await expect(p.create('file', p.check('file', INPUTS).inputs as JsonObject)).rejects.toThrow(/md5 checksum does not match/);
  restore();
  expect(requests(/^\/v1\/uploads\/upload_[0-9a-f]+\/cancel$/)).toBe(1);
  expect(w.emulator.counts()['pending_uploads']).toBe(0);
  expect(w.emulator.counts()['files']).toBe(0);
  expect(journalEntries()).toEqual([]);
});
