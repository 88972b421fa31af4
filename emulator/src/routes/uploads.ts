// Uploads: a file sent in parts (create → parts → complete, or cancel). An Upload accepts parts for an hour
// (`uploadLifetimeMs`), then shows `expired` and refuses everything; completing checks that the parts, in the
// order named, add up to the bytes announced and, when an `md5` is given, that it is the md5 of their bytes —
// then makes a File in the Files store (files.ts), as the API does.

import { createHash } from 'node:crypto';
import { ApiError, badRequest } from '../errors';
import { idMinter } from '../ids';
import type { UploadPartRec, UploadRec } from '../store';
import { addFile } from './files';
import { insert, ownRecord, view } from './common';
import { table, type EmulatorModule } from './module';
import { post, type Ctx, type Route } from './types';

const IDS = {
  upload: { prefix: 'upload_', alphabet: 'hex', length: 32 },
  upload_part: { prefix: 'part_', alphabet: 'hex', length: 32 },
} as const;
const newId = idMinter(IDS);

/** The API's limits: 8 GB an upload, 64 MB a part. */
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
const MAX_PART_BYTES = 64 * 1024 ** 2;

type Status = 'pending' | 'completed' | 'cancelled' | 'expired';

const statusOf = (rec: UploadRec, nowMs: number): Status => (rec.status === 'pending' && nowMs >= rec._expires_ms ? 'expired' : rec.status);

function ownUpload(ctx: Ctx): UploadRec {
  const id = ctx.params['upload_id'] as string;
  return ownRecord(
    ctx,
    ctx.store.tables.uploads,
    id,
    () => new ApiError(404, `Upload with id '${id}' not found.`, 'invalid_request_error', 'upload_id'),
  );
}

/** An upload still taking parts, or the API's 400 naming its status. */
function pendingUpload(ctx: Ctx, action: string): UploadRec {
  const rec = ownUpload(ctx);
  const status = statusOf(rec, ctx.nowMs);
  if (status !== 'pending') throw badRequest(`Cannot ${action} Upload ${rec.id}: it is ${status}.`, null, `upload_${status}`);
  return rec;
}

function present(ctx: Ctx, rec: UploadRec) {
  const file = rec._file ? ctx.store.tables.files[rec._file] : undefined;
  return { ...view(rec), status: statusOf(rec, ctx.nowMs), file: file ? view(file) : null };
}

const partsOf = (ctx: Ctx, uploadId: string): UploadPartRec[] => Object.values(ctx.store.tables.upload_parts).filter((p) => p.upload_id === uploadId);

const uploadRoutes: Route[] = [
  post('/uploads', (ctx) => {
    const body = ctx.body as {
      filename: string;
      purpose: string;
      bytes: number;
      mime_type: string;
      expires_after?: UploadRec['_file_expires_after'];
    };
    if (body.bytes < 0 || body.bytes > MAX_UPLOAD_BYTES) throw badRequest(`An Upload takes at most ${MAX_UPLOAD_BYTES} bytes.`, 'bytes');
    const expiresMs = ctx.nowMs + ctx.config.uploadLifetimeMs;
    const rec = insert(ctx, ctx.store.tables.uploads, {
      id: newId('upload'),
      object: 'upload',
      bytes: body.bytes,
      created_at: ctx.now,
      expires_at: Math.floor(expiresMs / 1000),
      filename: body.filename,
      purpose: body.purpose,
      status: 'pending',
      _project: ctx.projectId,
      _mime_type: body.mime_type,
      ...(body.expires_after ? { _file_expires_after: body.expires_after } : {}),
      _expires_ms: expiresMs,
    });
    return present(ctx, rec);
  }),
  post('/uploads/{upload_id}/parts', (ctx) => {
    const upload = pendingUpload(ctx, 'add a Part to');
    const field = ctx.body['data'];
    const data = ctx.files['data']?.bytes ?? (typeof field === 'string' ? Buffer.from(field, 'utf8') : undefined);
    if (!data) throw badRequest("Missing required parameter: 'data'.", 'data', 'missing_required_parameter');
    if (data.length > MAX_PART_BYTES) throw badRequest(`A Part is at most ${MAX_PART_BYTES} bytes; this one has ${data.length}.`, 'data');
    const part = insert(ctx, ctx.store.tables.upload_parts, {
      id: newId('upload_part'),
      object: 'upload.part',
      created_at: ctx.now,
      upload_id: upload.id,
      _project: ctx.projectId,
      _data: data.toString('base64'),
    });
    return view(part);
  }),
  post('/uploads/{upload_id}/complete', (ctx) => {
    const upload = pendingUpload(ctx, 'complete');
    const { part_ids: partIds, md5 } = ctx.body as { part_ids: string[]; md5?: string };
    const mine = new Map(partsOf(ctx, upload.id).map((p) => [p.id, p]));
    const seen = new Set<string>();
    const chunks = partIds.map((id) => {
      const part = mine.get(id);
      if (!part) throw badRequest(`Part ${id} is not a Part of Upload ${upload.id}.`, 'part_ids');
      if (seen.has(id)) throw badRequest(`Part ${id} is named twice.`, 'part_ids');
      seen.add(id);
      return Buffer.from(part._data, 'base64');
    });
    const content = Buffer.concat(chunks);
    if (content.length !== upload.bytes) {
      throw badRequest(`The Parts add up to ${content.length} bytes, but the Upload was created for ${upload.bytes}.`, 'part_ids');
    }
    if (md5 !== undefined && createHash('md5').update(content).digest('hex') !== md5.toLowerCase()) {
      throw badRequest('The md5 checksum does not match the bytes uploaded.', 'md5', 'md5_mismatch');
    }
    const file = addFile(ctx, { filename: upload.filename, purpose: upload.purpose, content, expiresAfter: upload._file_expires_after });
    upload.status = 'completed';
    upload._file = file.id;
    // The parts' bytes live on in the File.
    for (const id of mine.keys()) delete ctx.store.tables.upload_parts[id];
    ctx.store.markDirty();
    return present(ctx, upload);
  }),
  post('/uploads/{upload_id}/cancel', (ctx) => {
    const upload = pendingUpload(ctx, 'cancel');
    upload.status = 'cancelled';
    for (const p of partsOf(ctx, upload.id)) delete ctx.store.tables.upload_parts[p.id];
    ctx.store.markDirty();
    return present(ctx, upload);
  }),
];

const TABLES = { uploads: table<UploadRec>(), upload_parts: table<UploadPartRec>() };

export const uploads: EmulatorModule<typeof TABLES> = {
  name: 'uploads',
  serves: {},
  tables: TABLES,
  ids: IDS,
  // Uploads still taking parts (an expired one no longer counts): what a finished or abandoned create leaves open.
  counts: { pending_uploads: (t) => Object.values(t.uploads).filter((u) => u.status === 'pending' && Date.now() < u._expires_ms).length },
  routes: uploadRoutes,
};
