// Vector stores, their files and file batches. Ingestion is derived from timestamps: a file is `in_progress`
// until `vectorStoreFileDelayMs` after it was attached, then `completed` (deterministic, no timers).

import { ApiError, notFound } from '../errors';
import { idMinter } from '../ids';
import type { FileBatchRec, VectorStoreFileRec, VectorStoreRec } from '../store';
import { applyFields, insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = {
  vector_store: { prefix: 'vs_', alphabet: 'hex', length: 32 },
  file_batch: { prefix: 'vsfb_', alphabet: 'hex', length: 32 },
} as const;
const newId = idMinter(IDS);

type FileStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed';
type ChunkingRequest = { type: 'auto' } | { type: 'static'; static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } };
interface FileRequest {
  file_id: string;
  attributes?: VectorStoreFileRec['attributes'];
  chunking_strategy?: ChunkingRequest;
}

const DAY_SECONDS = 86_400;
/** What `auto` chunking resolves to. */
const AUTO_CHUNKING = { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 };

const storeNotFound = (id: string): ApiError => notFound('vector store', id);

function ownStore(ctx: Ctx): VectorStoreRec {
  const id = ctx.params['vector_store_id'] as string;
  return ownRecord(ctx, ctx.store.tables.vector_stores, id, () => storeNotFound(id));
}

const fileKey = (storeId: string, fileId: string): string => `${storeId}/${fileId}`;

function fileStatus(rec: VectorStoreFileRec, nowMs: number): FileStatus {
  return rec._final ?? (nowMs >= rec._ready_ms ? 'completed' : 'in_progress');
}

function filesOf(ctx: Ctx, storeId: string): VectorStoreFileRec[] {
  return Object.values(ctx.store.tables.vector_store_files).filter((f) => f.vector_store_id === storeId);
}

function fileCounts(ctx: Ctx, files: VectorStoreFileRec[]) {
  const counts = { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: files.length };
  for (const f of files) counts[fileStatus(f, ctx.nowMs)] += 1;
  return counts;
}

const fileBytes = (ctx: Ctx, rec: VectorStoreFileRec): number => ctx.store.tables.files[rec.id]?.bytes ?? 0;

function presentFile(ctx: Ctx, rec: VectorStoreFileRec) {
  const status = fileStatus(rec, ctx.nowMs);
  return { ...view(rec), status, usage_bytes: status === 'completed' ? fileBytes(ctx, rec) : 0, last_error: null };
}

function presentStore(ctx: Ctx, rec: VectorStoreRec) {
  const files = filesOf(ctx, rec.id);
  const counts = fileCounts(ctx, files);
  const expiresAt = rec.expires_after ? rec.last_active_at + rec.expires_after.days * DAY_SECONDS : null;
  const status = expiresAt !== null && ctx.now >= expiresAt ? 'expired' : counts.in_progress > 0 ? 'in_progress' : 'completed';
  const usage = files.filter((f) => fileStatus(f, ctx.nowMs) === 'completed').reduce((sum, f) => sum + fileBytes(ctx, f), 0);
  return { ...view(rec), status, file_counts: counts, usage_bytes: usage, expires_at: expiresAt };
}

function presentBatch(ctx: Ctx, rec: FileBatchRec) {
  const files = rec._files.map((id) => ctx.store.tables.vector_store_files[fileKey(rec.vector_store_id, id)]).filter((f) => f !== undefined);
  const counts = fileCounts(ctx, files);
  const status = rec._cancelled ? 'cancelled' : counts.in_progress > 0 ? 'in_progress' : 'completed';
  return { ...view(rec), status, file_counts: counts };
}

/** The API's 404 when a file to attach does not exist (in the caller's project). */
function checkFilesExist(ctx: Ctx, fileIds: string[], param: string): void {
  for (const id of fileIds) {
    const file = ctx.store.tables.files[id];
    if (!file || file._project !== ctx.projectId) throw notFound('file', id, param);
  }
}

/** Attaches files (checked beforehand with checkFilesExist); returns the attached records. */
function attachFiles(ctx: Ctx, store: VectorStoreRec, requests: FileRequest[], batch?: string): VectorStoreFileRec[] {
  store.last_active_at = ctx.now;
  return requests.map((r) => {
    const key = fileKey(store.id, r.file_id);
    const existing = ctx.store.tables.vector_store_files[key];
    if (existing && !batch) return existing;
    const chunking = r.chunking_strategy?.type === 'static' ? r.chunking_strategy.static : AUTO_CHUNKING;
    return insert(
      ctx,
      ctx.store.tables.vector_store_files,
      {
        id: r.file_id,
        object: 'vector_store.file',
        vector_store_id: store.id,
        created_at: ctx.now,
        attributes: r.attributes ?? null,
        chunking_strategy: { type: 'static', static: chunking },
        _project: ctx.projectId,
        _ready_ms: ctx.nowMs + ctx.config.vectorStoreFileDelayMs,
        ...(batch ? { _batch: batch } : {}),
      },
      key,
    );
  });
}

function ownStoreFile(ctx: Ctx): VectorStoreFileRec {
  const store = ownStore(ctx);
  const fileId = ctx.params['file_id'] as string;
  const rec = ctx.store.tables.vector_store_files[fileKey(store.id, fileId)];
  if (!rec) throw new ApiError(404, `No file found with id '${fileId}' in vector store '${store.id}'.`);
  return rec;
}

function ownBatch(ctx: Ctx): FileBatchRec {
  const store = ownStore(ctx);
  const id = ctx.params['batch_id'] as string;
  const batch = ctx.store.tables.vector_store_file_batches[id];
  if (!batch || batch.vector_store_id !== store.id) throw notFound('file batch', id);
  return batch;
}

function listFiles(ctx: Ctx, files: VectorStoreFileRec[]) {
  const filter = ctx.query['filter'];
  const selected = files.filter((f) => filter === undefined || fileStatus(f, ctx.nowMs) === filter);
  return paginate(
    ctx,
    selected,
    (f) => f.id,
    (f) => presentFile(ctx, f),
  );
}

export interface VectorStoreCreate {
  name?: string;
  description?: string | null;
  file_ids?: string[];
  metadata?: VectorStoreRec['metadata'];
  expires_after?: VectorStoreRec['expires_after'];
  chunking_strategy?: ChunkingRequest;
}

/** Creates a vector store with its files (also used by `tool_resources.file_search.vector_stores` helpers). */
export function createVectorStore(ctx: Ctx, body: VectorStoreCreate, fileIdsParam: string): VectorStoreRec {
  checkFilesExist(ctx, body.file_ids ?? [], fileIdsParam);
  const rec = insert(ctx, ctx.store.tables.vector_stores, {
    id: newId('vector_store'),
    object: 'vector_store',
    name: body.name ?? '',
    ...(body.description !== undefined ? { description: body.description } : {}),
    created_at: ctx.now,
    last_active_at: ctx.now,
    ...(body.expires_after ? { expires_after: body.expires_after } : {}),
    metadata: body.metadata ?? {},
    _project: ctx.projectId,
  });
  const chunking = body.chunking_strategy;
  attachFiles(
    ctx,
    rec,
    (body.file_ids ?? []).map((file_id) => ({ file_id, ...(chunking ? { chunking_strategy: chunking } : {}) })),
  );
  return rec;
}

/** A vector store of the caller's project by id (for references from other objects), or the API's 404. */
export function ownVectorStoreById(ctx: Ctx, id: string, param: string): VectorStoreRec {
  return ownRecord(ctx, ctx.store.tables.vector_stores, id, () => notFound('vector store', id, param));
}

// ---- search: deterministic, from the stored text of the store's completed files ----
//
// A file's text is cut into chunks of its chunking strategy's size (a token taken as a word, overlapping as
// configured). A chunk scores the share of the query's distinct terms (lower-cased letters and digits) it holds,
// 0 to 1; a file's score is its best chunk's, and its content is its scoring chunks, best first (in text order on
// ties). Files rank by score, then by the order they were attached, then by id. `filters` apply to the files'
// attributes as the API describes them; a file without the attribute fails every comparison but `ne` and `nin`.
// `rewrite_query` searches (and answers as `search_query`) the terms joined by spaces; otherwise the queries as sent.

type Scalar = string | number | boolean;
type Filter = { type: 'and' | 'or'; filters: Filter[] } | { type: string; key: string; value: Scalar | (string | number)[] };

const termsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function matchesFilter(attributes: VectorStoreFileRec['attributes'], filter: Filter): boolean {
  if ('filters' in filter) {
    return filter.type === 'and'
      ? filter.filters.every((f) => matchesFilter(attributes, f))
      : filter.filters.some((f) => matchesFilter(attributes, f));
  }
  const have = attributes?.[filter.key];
  const want = filter.value;
  if (have === undefined) return filter.type === 'ne' || filter.type === 'nin';
  switch (filter.type) {
    case 'eq':
      return have === want;
    case 'ne':
      return have !== want;
    case 'in':
      return Array.isArray(want) && want.some((w) => w === have);
    case 'nin':
      return Array.isArray(want) && !want.some((w) => w === have);
    default: {
      // gt, gte, lt, lte: numbers with numbers, strings with strings (lexically); anything else never matches.
      if (Array.isArray(want) || typeof have !== typeof want || typeof have === 'boolean') return false;
      const c = have < want ? -1 : have > want ? 1 : 0;
      return { gt: c > 0, gte: c >= 0, lt: c < 0, lte: c <= 0 }[filter.type] ?? false;
    }
  }
}

function chunksOf(text: string, rec: VectorStoreFileRec): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const strategy = (rec.chunking_strategy as { static?: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } }).static ?? AUTO_CHUNKING;
  const size = Math.max(1, strategy.max_chunk_size_tokens);
  const step = Math.max(1, size - strategy.chunk_overlap_tokens);
  const chunks: string[] = [];
  for (let at = 0; at < words.length; at += step) {
    chunks.push(words.slice(at, at + size).join(' '));
    if (at + size >= words.length) break;
  }
  return chunks;
}

interface SearchRequest {
  query: string | string[];
  rewrite_query?: boolean;
  max_num_results?: number;
  filters?: Filter;
  ranking_options?: { ranker?: string; score_threshold?: number };
}

function search(ctx: Ctx, store: VectorStoreRec, body: SearchRequest) {
  const queries = Array.isArray(body.query) ? body.query : [body.query];
  const terms = [...new Set(queries.flatMap(termsOf))];
  const threshold = body.ranking_options?.score_threshold ?? 0;
  const files = filesOf(ctx, store.id).filter(
    (f) => fileStatus(f, ctx.nowMs) === 'completed' && (!body.filters || matchesFilter(f.attributes, body.filters)),
  );
  const results = files.flatMap((rec, order) => {
    const file = ctx.store.tables.files[rec.id];
    if (!file || terms.length === 0) return [];
    const scored = chunksOf(Buffer.from(file._content, 'base64').toString('utf8'), rec)
      .map((text, at) => {
        const have = new Set(termsOf(text));
        return { text, at, score: Math.round((terms.filter((t) => have.has(t)).length / terms.length) * 1e4) / 1e4 };
      })
      .filter((c) => c.score > 0 && c.score >= threshold)
      .sort((a, b) => b.score - a.score || a.at - b.at);
    const best = scored[0];
    if (!best) return [];
    return [
      {
        order,
        item: {
          file_id: rec.id,
          filename: file.filename,
          score: best.score,
          attributes: rec.attributes,
          content: scored.map((c) => ({ type: 'text' as const, text: c.text })),
        },
      },
    ];
  });
  results.sort((a, b) => b.item.score - a.item.score || a.order - b.order || a.item.file_id.localeCompare(b.item.file_id));
  store.last_active_at = ctx.now;
  ctx.store.markDirty();
  return {
    object: 'vector_store.search_results.page',
    search_query: body.rewrite_query ? [terms.join(' ')] : queries,
    data: results.slice(0, body.max_num_results ?? 10).map((r) => r.item),
    has_more: false,
    next_page: null,
  };
}

const STORE = '/vector_stores/{vector_store_id}';
const STORE_FILE = `${STORE}/files/{file_id}`;
const BATCH = `${STORE}/file_batches/{batch_id}`;

export const vectorStoreRoutes: Route[] = [
  post('/vector_stores', (ctx) => presentStore(ctx, createVectorStore(ctx, ctx.body as VectorStoreCreate, 'file_ids'))),
  get('/vector_stores', (ctx) =>
    paginate(
      ctx,
      ownRecords(ctx, ctx.store.tables.vector_stores),
      (s) => s.id,
      (s) => presentStore(ctx, s),
    ),
  ),
  get(STORE, (ctx) => presentStore(ctx, ownStore(ctx))),
  post(STORE, (ctx) => {
    const rec = applyFields(ctx, ownStore(ctx), ctx.body, ['name', 'metadata', 'expires_after']);
    if (rec.expires_after === null) delete rec.expires_after;
    if (rec.name === null) rec.name = '';
    return presentStore(ctx, rec);
  }),
  del(STORE, (ctx) => {
    const rec = ownStore(ctx);
    const tables = ctx.store.tables;
    for (const f of filesOf(ctx, rec.id)) delete tables.vector_store_files[fileKey(rec.id, f.id)];
    for (const b of Object.values(tables.vector_store_file_batches)) if (b.vector_store_id === rec.id) delete tables.vector_store_file_batches[b.id];
    return remove(ctx, tables.vector_stores, rec.id, rec.id, 'vector_store.deleted');
  }),

  post(`${STORE}/files`, (ctx) => {
    const store = ownStore(ctx);
    const request = ctx.body as unknown as FileRequest;
    checkFilesExist(ctx, [request.file_id], 'file_id');
    const [rec] = attachFiles(ctx, store, [request]);
    return presentFile(ctx, rec as VectorStoreFileRec);
  }),
  get(`${STORE}/files`, (ctx) => listFiles(ctx, filesOf(ctx, ownStore(ctx).id))),
  get(STORE_FILE, (ctx) => presentFile(ctx, ownStoreFile(ctx))),
  post(STORE_FILE, (ctx) => presentFile(ctx, applyFields(ctx, ownStoreFile(ctx), ctx.body, ['attributes']))),
  del(STORE_FILE, (ctx) => {
    const rec = ownStoreFile(ctx);
    return remove(ctx, ctx.store.tables.vector_store_files, fileKey(rec.vector_store_id, rec.id), rec.id, 'vector_store.file.deleted');
  }),
  post(`${STORE}/search`, (ctx) => search(ctx, ownStore(ctx), ctx.body as unknown as SearchRequest)),
  get(`${STORE_FILE}/content`, (ctx) => {
    const rec = ownStoreFile(ctx);
    const file = ctx.store.tables.files[rec.id];
    const text = file ? Buffer.from(file._content, 'base64').toString('utf8') : '';
    return { object: 'vector_store.file_content.page', data: [{ type: 'text', text }], has_more: false, next_page: null };
  }),

  post(`${STORE}/file_batches`, (ctx) => {
    const store = ownStore(ctx);
    const body = ctx.body as {
      file_ids?: string[];
      files?: FileRequest[];
      attributes?: FileRequest['attributes'];
      chunking_strategy?: ChunkingRequest;
    };
    const shared = {
      ...(body.attributes !== undefined ? { attributes: body.attributes } : {}),
      ...(body.chunking_strategy ? { chunking_strategy: body.chunking_strategy } : {}),
    };
    const requests = [...(body.file_ids ?? []).map((file_id) => ({ file_id, ...shared })), ...(body.files ?? [])];
    checkFilesExist(
      ctx,
      requests.map((r) => r.file_id),
      body.files ? 'files' : 'file_ids',
    );
    const id = newId('file_batch');
    const attached = attachFiles(ctx, store, requests, id);
    const batch = insert(ctx, ctx.store.tables.vector_store_file_batches, {
      id,
      object: 'vector_store.files_batch' as const,
      vector_store_id: store.id,
      created_at: ctx.now,
      _project: ctx.projectId,
      _files: attached.map((f) => f.id),
      _cancelled: false,
    });
    return presentBatch(ctx, batch);
  }),
  get(BATCH, (ctx) => presentBatch(ctx, ownBatch(ctx))),
  post(`${BATCH}/cancel`, (ctx) => {
    const batch = ownBatch(ctx);
    for (const id of batch._files) {
      const rec = ctx.store.tables.vector_store_files[fileKey(batch.vector_store_id, id)];
      if (rec && fileStatus(rec, ctx.nowMs) === 'in_progress') {
        rec._final = 'cancelled';
        batch._cancelled = true;
      }
    }
    ctx.store.markDirty();
    return presentBatch(ctx, batch);
  }),
  get(`${BATCH}/files`, (ctx) => {
    const batch = ownBatch(ctx);
    const files = filesOf(ctx, batch.vector_store_id).filter((f) => batch._files.includes(f.id));
    return listFiles(ctx, files);
  }),
];

const TABLES = {
  vector_stores: table<VectorStoreRec>(),
  /** Keyed `${vector_store_id}/${file_id}`. */
  vector_store_files: table<VectorStoreFileRec>(),
  vector_store_file_batches: table<FileBatchRec>(),
};

export const vectorStores: EmulatorModule<typeof TABLES> = {
  name: 'vector-stores',
  serves: {
    vector_store: { path: '/vector_stores', id: 'vector_store' },
    // A vector store file is the file itself, attached: its id is the file's (files.ts mints the shape).
    vector_store_file: { path: '/vector_stores/{vector_store_id}/files', id: 'file' },
    vector_store_file_batch: { path: '/vector_stores/{vector_store_id}/file_batches', id: 'file_batch' },
    // Data only: POST …/search answers it; a result is a file of the store (its id ends with the file's).
    vector_store_search: { path: '/vector_stores/{vector_store_id}', id: 'file' },
  },
  tables: TABLES,
  ids: IDS,
  counts: {
    vector_stores: (t) => rows(t.vector_stores),
    vector_store_files: (t) => rows(t.vector_store_files),
    vector_store_file_batches: (t) => rows(t.vector_store_file_batches),
  },
  routes: vectorStoreRoutes,
};
