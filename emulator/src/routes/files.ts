// Files: multipart upload, list, retrieve, delete, content.

import { ApiError, badRequest } from '../errors';
import { idMinter } from '../ids';
import type { FileRec } from '../store';
import { insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { RawBody, del, get, post, type Ctx, type Route } from './types';

const IDS = { file: { prefix: 'file-', alphabet: 'base58', length: 22 } } as const;
const newId = idMinter(IDS);
/** A fresh file id, for files other modules write (a batch's output, a fine-tuning job's results). */
export const newFileId = (): string => newId('file');

const BATCH_FILE_LIFETIME_SECONDS = 30 * 24 * 3600;

/** The API's 404 for a file id. */
const fileNotFound = (id: string): ApiError => new ApiError(404, `No such File object: ${id}`, 'invalid_request_error', 'id');

/** A file of the caller's project, or the API's 404. */
export const ownFile = (ctx: Ctx, id: string): FileRec => ownRecord(ctx, ctx.store.tables.files, id, () => fileNotFound(id));

/** Stores a new file of the caller's project (an upload through /files, or a completed Upload: uploads.ts). */
export function addFile(
  ctx: Ctx,
  file: { filename: string; purpose: string; content: Buffer; expiresAfter?: { anchor: 'created_at'; seconds: number } | undefined },
): FileRec {
  const lifetime = file.expiresAfter?.seconds ?? (file.purpose === 'batch' ? BATCH_FILE_LIFETIME_SECONDS : null);
  return insert(ctx, ctx.store.tables.files, {
    id: newId('file'),
    object: 'file',
    bytes: file.content.length,
    created_at: ctx.now,
    ...(lifetime === null ? {} : { expires_at: ctx.now + lifetime }),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    _project: ctx.projectId,
    _content: file.content.toString('base64'),
  });
}

const fileRoutes: Route[] = [
  post('/files', (ctx) => {
    const upload = ctx.files['file'];
    if (!upload) throw badRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
    const expiresAfter = ctx.body['expires_after'] as { anchor: 'created_at'; seconds: number } | undefined;
    return view(addFile(ctx, { filename: upload.filename, purpose: ctx.body['purpose'] as string, content: upload.bytes, expiresAfter }));
  }),
  get('/files', (ctx) => {
    const purpose = ctx.query['purpose'];
    const files = ownRecords(ctx, ctx.store.tables.files).filter((f) => purpose === undefined || f.purpose === purpose);
    return paginate(ctx, files, (f) => f.id, view);
  }),
  get('/files/{file_id}', (ctx) => view(ownFile(ctx, ctx.params['file_id'] as string))),
  del('/files/{file_id}', (ctx) => {
    const file = ownFile(ctx, ctx.params['file_id'] as string);
    return remove(ctx, ctx.store.tables.files, file.id, file.id, 'file');
  }),
  get('/files/{file_id}/content', (ctx) => {
    const file = ownFile(ctx, ctx.params['file_id'] as string);
    return new RawBody(Buffer.from(file._content, 'base64'), 'application/octet-stream');
  }),
];

const TABLES = { files: table<FileRec>() };

export const files: EmulatorModule<typeof TABLES> = {
  name: 'files',
  serves: { file: { path: '/files', id: 'file' } },
  tables: TABLES,
  ids: IDS,
  counts: { files: (t) => rows(t.files) },
  routes: fileRoutes,
};
