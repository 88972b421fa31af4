// Batches. A batch reads its input JSONL from the Files store at create (the file must be the project's, with
// purpose `batch`; 400 otherwise) and progresses with the clock over batchDelayMs: validating for the first fifth,
// in_progress while its requests are answered one by one (request_counts.completed rising), finalizing for the last
// tenth, then completed with an output file (and an error file when some lines failed) of purpose `batch_output`.
// An input with a line that is not a JSON object fails the batch in validation (`errors`, as the live API does).
// Each request is answered deterministically: a line whose `url` is not the batch's endpoint is an error line; a
// chat completion answers `Echo: <last user message>`, an embedding a fixed 8-number vector, any other endpoint a
// stub body `{ object: 'batch.stub', endpoint, custom_id }` (the emulator serves none of them).
// A cancel answers `cancelling`; the next read shows `cancelled`.

import { badRequest, notFound } from '../errors';
import { idMinter } from '../ids';
import type { FileRec, ScopedRec } from '../store';
import { insert, ownRecord, ownRecords, paginate, view } from './common';
import { newFileId, ownFile } from './files';
import { rows, table, type EmulatorModule } from './module';
import { get, post, type Ctx, type Route } from './types';

const IDS = {
  batch: { prefix: 'batch_', alphabet: 'hex', length: 32 },
  batch_request: { prefix: 'batch_req_', alphabet: 'hex', length: 32 },
} as const;
const newId = idMinter(IDS);

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);
const WINDOW_SECONDS = 24 * 3600;

interface InputLine {
  custom_id?: string;
  method?: string;
  url?: string;
  body?: Record<string, unknown>;
}

function answerOf(line: InputLine, endpoint: string): { body?: object; error?: { code: string; message: string } } {
  if (line.url !== endpoint) {
    return { error: { code: 'invalid_url', message: `The line's url '${String(line.url)}' is not the batch's endpoint '${endpoint}'.` } };
  }
  const body = line.body ?? {};
  if (endpoint === '/v1/chat/completions') {
    const messages = (body['messages'] as { role?: string; content?: unknown }[] | undefined) ?? [];
    const last = messages.filter((m) => m.role === 'user').at(-1)?.content;
    const content = `Echo: ${typeof last === 'string' ? last : JSON.stringify(last ?? '')}`;
    return {
      body: {
        id: `chatcmpl-${(line.custom_id ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 20) || 'x'}`,
        object: 'chat.completion',
        created: 0,
        model: body['model'] ?? 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 1, completion_tokens: Math.ceil(content.length / 4), total_tokens: 1 + Math.ceil(content.length / 4) },
      },
    };
  }
  if (endpoint === '/v1/embeddings') {
    return {
      body: {
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] }],
        model: body['model'] ?? 'text-embedding-3-small',
        usage: { prompt_tokens: 1, total_tokens: 1 },
      },
    };
  }
  return { body: { object: 'batch.stub', endpoint, custom_id: line.custom_id ?? null } };
}

function writeFile(ctx: Ctx, batch: ScopedRec, name: string, lines: string[], at: number): FileRec {
  const text = lines.map((l) => `${l}\n`).join('');
  const expires = batch['_output_expires_after'] as { seconds: number } | undefined;
  return insert(ctx, ctx.store.tables.files, {
    id: newFileId(),
    object: 'file',
    bytes: Buffer.byteLength(text),
    created_at: at,
    ...(expires ? { expires_at: at + expires.seconds } : {}),
    filename: `${batch.id}_${name}.jsonl`,
    purpose: 'batch_output',
    status: 'processed',
    _project: batch._project,
    _content: Buffer.from(text).toString('base64'),
  });
}

function finish(ctx: Ctx, batch: ScopedRec, at: number): void {
  const lines = batch['_lines'] as InputLine[];
  const endpoint = batch['endpoint'] as string;
  const out: string[] = [];
  const err: string[] = [];
  for (const line of lines) {
    const a = answerOf(line, endpoint);
    const row = {
      id: newId('batch_request'),
      custom_id: line.custom_id ?? null,
      response: a.body ? { status_code: 200, request_id: `req_${batch.id.slice(6, 38)}`, body: a.body } : null,
      error: a.error ?? null,
    };
    (a.error ? err : out).push(JSON.stringify(row));
  }
  const output = out.length > 0 ? writeFile(ctx, batch, 'output', out, at) : undefined;
  const errors = err.length > 0 ? writeFile(ctx, batch, 'error', err, at) : undefined;
  Object.assign(batch, {
    status: 'completed',
    completed_at: at,
    request_counts: { total: lines.length, completed: out.length, failed: err.length },
    ...(output ? { output_file_id: output.id } : {}),
    ...(errors ? { error_file_id: errors.id } : {}),
  });
}

/** Brings a batch up to date with the clock. */
function settle(ctx: Ctx, batch: ScopedRec): ScopedRec {
  const status = batch['status'] as string;
  if (status === 'cancelling') {
    Object.assign(batch, { status: 'cancelled', cancelled_at: ctx.now });
    ctx.store.markDirty();
    return batch;
  }
  if (TERMINAL.has(status)) return batch;
  const createdMs = batch['_created_ms'] as number;
  const delay = batch['_delay_ms'] as number;
  const f = delay <= 0 ? 1 : (ctx.nowMs - createdMs) / delay;
  const at = (frac: number) => Math.floor((createdMs + frac * delay) / 1000);
  const total = (batch['_lines'] as unknown[]).length;
  if (f >= 0.2 && status === 'validating') {
    const invalid = batch['_invalid'] as { line: number } | undefined;
    if (invalid) {
      Object.assign(batch, {
        status: 'failed',
        failed_at: at(0.2),
        errors: {
          object: 'list',
          data: [
            { code: 'invalid_json_line', message: `Line ${invalid.line} of the input file is not valid JSON.`, param: null, line: invalid.line },
          ],
        },
      });
      ctx.store.markDirty();
      return batch;
    }
    Object.assign(batch, { status: 'in_progress', in_progress_at: at(0.2) });
  }
  if (batch['status'] === 'in_progress') {
    const counts = batch['request_counts'] as { total: number; completed: number; failed: number };
    counts.completed = Math.min(total, Math.max(counts.completed, Math.floor(((f - 0.2) / 0.7) * total)));
    if (f >= 0.9) Object.assign(batch, { status: 'finalizing', finalizing_at: at(0.9) });
  }
  if (batch['status'] === 'finalizing' && f >= 1) finish(ctx, batch, at(1));
  ctx.store.markDirty();
  return batch;
}

function ownBatch(ctx: Ctx): ScopedRec {
  const id = ctx.params['batch_id'] as string;
  return settle(
    ctx,
    ownRecord(ctx, ctx.store.tables.batches, id, () => notFound('batch', id, 'batch_id')),
  );
}

function createBatch(ctx: Ctx): ScopedRec {
  const body = ctx.body;
  const fileId = body['input_file_id'] as string;
  let file: FileRec;
  try {
    file = ownFile(ctx, fileId);
  } catch {
    throw badRequest(`Invalid 'input_file_id': '${fileId}'. No such file.`, 'input_file_id', 'invalid_file');
  }
  if (file.purpose !== 'batch') {
    throw badRequest(`File ${fileId} has purpose '${file.purpose}'; a batch's input file must be uploaded with purpose 'batch'.`, 'input_file_id');
  }
  const lines: InputLine[] = [];
  let invalid: { line: number } | undefined;
  Buffer.from(file._content, 'base64')
    .toString('utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '' || invalid) return;
      try {
        const v: unknown = JSON.parse(raw);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) invalid = { line: i + 1 };
        else lines.push(v as InputLine);
      } catch {
        invalid = { line: i + 1 };
      }
    });
  const expires = body['output_expires_after'] as { seconds: number } | undefined;
  return insert(ctx, ctx.store.tables.batches, {
    id: newId('batch'),
    object: 'batch',
    endpoint: body['endpoint'],
    errors: { object: 'list', data: [] },
    input_file_id: file.id,
    completion_window: body['completion_window'],
    status: 'validating',
    created_at: ctx.now,
    expires_at: ctx.now + WINDOW_SECONDS,
    request_counts: { total: invalid ? 0 : lines.length, completed: 0, failed: 0 },
    metadata: body['metadata'] ?? null,
    _project: ctx.projectId,
    _created_ms: ctx.nowMs,
    _delay_ms: ctx.config.batchDelayMs,
    _lines: lines,
    ...(invalid ? { _invalid: invalid } : {}),
    ...(expires ? { _output_expires_after: expires } : {}),
  });
}

const BATCH = '/batches/{batch_id}';

const routes: Route[] = [
  post('/batches', (ctx) => view(createBatch(ctx))),
  // newest first, as the live API lists them
  get('/batches', (ctx) => {
    const batches = ownRecords(ctx, ctx.store.tables.batches)
      .map((b) => settle(ctx, b))
      .reverse();
    return paginate(ctx, batches, (b) => b.id, view);
  }),
  get(BATCH, (ctx) => view(ownBatch(ctx))),
  post(`${BATCH}/cancel`, (ctx) => {
    const batch = ownBatch(ctx);
    if (TERMINAL.has(batch['status'] as string) || batch['status'] === 'cancelling') {
      throw badRequest(`Cannot cancel a batch with status '${String(batch['status'])}'.`);
    }
    Object.assign(batch, { status: 'cancelling', cancelling_at: ctx.now });
    ctx.store.markDirty();
    return view(batch);
  }),
];

const TABLES = { batches: table<ScopedRec>() };

export const batches: EmulatorModule<typeof TABLES> = {
  name: 'batches',
  serves: { batch: { path: '/batches', id: 'batch' } },
  tables: TABLES,
  ids: IDS,
  counts: { batches: (t) => rows(t.batches) },
  routes,
};
