// Containers (code interpreter sandboxes) and their files.

import { badRequest, notFound } from '../errors';
import { idMinter } from '../ids';
import type { ScopedRec } from '../store';
import { insert, ownRecord, ownRecords, paginate, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { ownFile } from './files';
import { NO_CONTENT, RawBody, del, get, post, type Ctx, type Route } from './types';

const IDS = {
  container: { prefix: 'cntr_', alphabet: 'hex', length: 48 },
  container_file: { prefix: 'cfile_', alphabet: 'hex', length: 32 },
} as const;
const newId = idMinter(IDS);

const DEFAULT_EXPIRY = { anchor: 'last_active_at', minutes: 20 };

function ownContainer(ctx: Ctx): ScopedRec {
  const id = ctx.params['container_id'] as string;
  return ownRecord(ctx, ctx.store.tables.containers, id, () => notFound('container', id));
}

function addFile(ctx: Ctx, containerId: string, filename: string, bytes: Buffer): ScopedRec {
  return insert(ctx, ctx.store.tables.container_files, {
    id: newId('container_file'),
    object: 'container.file',
    container_id: containerId,
    created_at: ctx.now,
    bytes: bytes.length,
    path: `/mnt/data/${filename}`,
    source: 'user',
    _project: ctx.projectId,
    _content: bytes.toString('base64'),
  });
}

/** Copies an uploaded file (Files API) into a container. */
function copyFile(ctx: Ctx, containerId: string, fileId: string): ScopedRec {
  const file = ownFile(ctx, fileId);
  return addFile(ctx, containerId, file.filename, Buffer.from(file._content, 'base64'));
}

const filesOf = (ctx: Ctx, containerId: string): ScopedRec[] =>
  ownRecords(ctx, ctx.store.tables.container_files).filter((f) => f['container_id'] === containerId);

function ownContainerFile(ctx: Ctx): ScopedRec {
  const container = ownContainer(ctx);
  const id = ctx.params['file_id'] as string;
  const file = ctx.store.tables.container_files[id];
  if (!file || file['container_id'] !== container.id) throw notFound('container file', id);
  return file;
}

const CONTAINER = '/containers/{container_id}';
const FILE = `${CONTAINER}/files/{file_id}`;

const containerRoutes: Route[] = [
  post('/containers', (ctx) => {
    const body = ctx.body as { name: string; file_ids?: string[]; expires_after?: unknown; memory_limit?: string; network_policy?: unknown };
    (body.file_ids ?? []).forEach((id) => ownFile(ctx, id));
    const container = insert(ctx, ctx.store.tables.containers, {
      id: newId('container'),
      object: 'container',
      name: body.name,
      created_at: ctx.now,
      status: 'running',
      last_active_at: ctx.now,
      expires_after: body.expires_after ?? DEFAULT_EXPIRY,
      memory_limit: body.memory_limit ?? '1g',
      ...(body.network_policy ? { network_policy: body.network_policy } : {}),
      _project: ctx.projectId,
    });
    for (const id of body.file_ids ?? []) copyFile(ctx, container.id, id);
    return view(container);
  }),
  get('/containers', (ctx) => {
    const name = ctx.query['name'];
    const containers = ownRecords(ctx, ctx.store.tables.containers).filter((c) => name === undefined || c['name'] === name);
    return paginate(ctx, containers, (c) => c.id, view);
  }),
  get(CONTAINER, (ctx) => view(ownContainer(ctx))),
  del(CONTAINER, (ctx) => {
    const container = ownContainer(ctx);
    for (const f of filesOf(ctx, container.id)) delete ctx.store.tables.container_files[f.id];
    delete ctx.store.tables.containers[container.id];
    ctx.store.markDirty();
    return NO_CONTENT;
  }),

  post(`${CONTAINER}/files`, (ctx) => {
    const container = ownContainer(ctx);
    const upload = ctx.files['file'];
    const fileId = ctx.body['file_id'];
    if (upload) return view(addFile(ctx, container.id, upload.filename, upload.bytes));
    if (typeof fileId !== 'string')
      throw badRequest("Missing required parameter: 'file_id' (or upload 'file').", 'file_id', 'missing_required_parameter');
    return view(copyFile(ctx, container.id, fileId));
  }),
  get(`${CONTAINER}/files`, (ctx) => paginate(ctx, filesOf(ctx, ownContainer(ctx).id), (f) => f.id, view)),
  get(FILE, (ctx) => view(ownContainerFile(ctx))),
  del(FILE, (ctx) => {
    const file = ownContainerFile(ctx);
    delete ctx.store.tables.container_files[file.id];
    ctx.store.markDirty();
    return NO_CONTENT;
  }),
  get(`${FILE}/content`, (ctx) => new RawBody(Buffer.from(ownContainerFile(ctx)['_content'] as string, 'base64'), 'application/octet-stream')),
];

const TABLES = { containers: table<ScopedRec>(), container_files: table<ScopedRec>() };

export const containers: EmulatorModule<typeof TABLES> = {
  name: 'containers',
  serves: {
    container: { path: '/containers', id: 'container' },
    container_file: { path: '/containers/{container_id}/files', id: 'container_file' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { containers: (t) => rows(t.containers), container_files: (t) => rows(t.container_files) },
  routes: containerRoutes,
};
