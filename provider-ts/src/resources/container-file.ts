// A file inside a container (`cntr_…/cfile_…`): uploaded from a local path or inline content, or copied from a file
// of the Files API. The API has no update: every change replaces the file.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { FileRetrieveResponse } from 'openai/resources/containers/files/files';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { UNKNOWN } from '../spec/types';
import { sdk } from '../client/sdk';
import { FILE_ID, findSince, importById, splitId, unlessNotFound } from './common';
import { ENDED } from './container';
import { contentOf } from './file';
import { named } from '../spec/names';

const CONTAINER_ID = { regex: 'cntr_[A-Za-z0-9_-]+', says: 'a container id (cntr_…)' };

function toState(f: FileRetrieveResponse) {
  return {
    container_id: f.container_id,
    container_file_id: f.id,
    path: f.path,
    bytes: f.bytes,
    origin: f.source,
    created_at: f.created_at,
  };
}

/** The name the file gets in the container: `filename`, else the base name of `source`. */
function filenameOf(inputs: { readonly filename?: string; readonly source?: string }): string {
  return typeof inputs.filename === 'string' ? inputs.filename : basename(String(inputs.source));
}

/** A container path names this file: `/mnt/data/<name>`, or `/mnt/data/<hash>-<name>` as the live API writes some. */
const pathNames = (path: string, name: string): boolean => {
  const last = basename(path);
  return last === name || last.endsWith(`-${name}`);
};

/** Reads as gone when the container has ended (expired or deleted): its files went with it. */
async function containerEnded(ctx: HandlerContext, containerId: string): Promise<boolean> {
  const c = await ctx.openai.containers.retrieve(containerId);
  if (!ENDED.has(c.status)) return false;
  ctx.debug(`container ${containerId} is ${c.status}: its file reads as gone`);
  return true;
}

export const containerFile = defineResource({
  name: 'container_file',
  description:
    'A file inside a container (the code interpreter sandbox): uploaded from a local path (`source`) or inline ' +
    '`content`, or copied from a file of the Files API (`file_id`). The Containers API has no update: every change, ' +
    'including a change of the content at `source` (tracked by its sha256), replaces the file. A file goes with its ' +
    'container: once the container expires or is deleted, the file reads as gone.',
  key: 'project',
  properties: {
    container_id: p.string({ description: 'The container to put the file in.', required: true, replaceOnChange: true, pattern: CONTAINER_ID }),
    source: p.string({
      description: 'Path of a local file to upload. Exactly one of `source`, `content` and `file_id`.',
      minLength: 1,
      replaceOnChange: true,
      writeOnly: true,
    }),
    content: p.string({
      description: 'Inline content to upload (UTF-8), named by `filename`. Exactly one of `source`, `content` and `file_id`.',
      replaceOnChange: true,
      writeOnly: true,
    }),
    file_id: p.string({
      description: 'A file of the Files API to copy into the container. Exactly one of `source`, `content` and `file_id`.',
      replaceOnChange: true,
      writeOnly: true,
      pattern: FILE_ID,
    }),
    filename: p.string({
      description: 'The name of the file in the container (`/mnt/data/<filename>`). Defaults to the base name of `source`; required with `content`.',
      minLength: 1,
      maxLength: 512,
      replaceOnChange: true,
      writeOnly: true,
    }),
    sha256: p.string({
      description: 'SHA-256 of the uploaded content, computed locally (not with `file_id`); a change replaces the file.',
      output: true,
      derive: (inputs) => {
        const c = contentOf(inputs);
        return c === UNKNOWN ? UNKNOWN : c ? createHash('sha256').update(c).digest('hex') : undefined;
      },
    }),
    container_file_id: p.string({ description: 'The id of the file in the container (`cfile_…`).', output: true }),
    path: p.string({ description: 'Path of the file in the container, e.g. `/mnt/data/data.csv`.', output: true }),
    bytes: p.integer({ description: 'Size of the file in bytes.', output: true }),
    origin: p.string({
      description: "Who put the file there: `user` (uploaded) or `assistant` (written by the model's code). The API's `source`.",
      output: true,
    }),
    created_at: p.integer({ description: 'Unix time (seconds) the file was created.', output: true, stable: true }),
  },
  refine: (inputs) => {
    const has = (k: string) => inputs[k] !== undefined && inputs[k] !== null;
    const given = ['source', 'content', 'file_id'].filter(has);
    if (given.length !== 1) {
      return [
        {
          path: [given[1] ?? 'source'],
          message: `set exactly one of ${named('source')} (a local path), ${named('content')} (inline text) and ${named('file_id')} (a file of the Files API)`,
        },
      ];
    }
    if (has('content') && !has('filename'))
      return [{ path: ['filename'], message: `is required with ${named('content')}: name the file, e.g. "data.csv"` }];
    if (has('file_id') && has('filename'))
      return [{ path: ['filename'], message: `is not allowed with ${named('file_id')}: the copy keeps the name of the file` }];
    return [];
  },
  unsupported: {
    file: `is ${named('source')} (a local path), ${named('content')} (inline text) or ${named('file_id')} (a file of the Files API) here`,
  },
  // A replacement usually has the same path (`/mnt/data/<name>`): the old file goes before the new one is written.
  deleteBeforeReplace: true,
  import: importById('cntr_', 'cfile_'),
  idParts: ['container_id', 'container_file_id'],
  dataSources: { listAttribute: 'files' },
  example: { container_id: '${container.id}', source: './data/sales.csv' },
  handlers: {
    async create(ctx, inputs) {
      const containerId = inputs.container_id;
      const fileId = inputs.file_id;
      const files = ctx.openai.containers.files;
      let send: (opts: { maxRetries: 0 }) => Promise<FileRetrieveResponse>;
      let fingerprint: () => Promise<{ name: string; bytes: number }>;
      if (typeof fileId === 'string') {
        send = (opts) => files.create(containerId, { file_id: fileId }, opts);
        fingerprint = async () => {
          const f = await ctx.openai.files.retrieve(fileId);
          return { name: f.filename, bytes: f.bytes };
        };
      } else {
        const body = contentOf(inputs);
        if (!body || body === UNKNOWN) throw new Error('container_file: no content to upload');
        const name = filenameOf(inputs);
        send = async (opts) => files.create(containerId, { file: await sdk().toFile(body, name) }, opts);
        fingerprint = () => Promise.resolve({ name, bytes: body.length });
      }
      const f = await ctx.createOnce(send, {
        find: async (since) => {
          const { name, bytes } = await fingerprint();
          return findSince(files.list(containerId, { order: 'desc', limit: 100 }), since, (x) => x.bytes === bytes && pathNames(x.path, name));
        },
        // an earlier run's create whose answer arrived: by its id
        retrieve: (fileId) => unlessNotFound(files.retrieve(fileId, { container_id: containerId })),
      });
      return { id: `${containerId}/${f.id}`, state: toState(f) };
    },
    async read(ctx, id) {
      const [containerId, fileId] = splitId(id);
      if (await containerEnded(ctx, containerId)) return null;
      return toState(await ctx.openai.containers.files.retrieve(fileId, { container_id: containerId }));
    },
    async delete(ctx, id) {
      const [containerId, fileId] = splitId(id);
      await ctx.openai.containers.files.delete(fileId, { container_id: containerId });
    },
    async list(ctx, args) {
      const containerId = args.container_id;
      const out = [];
      for await (const f of ctx.openai.containers.files.list(containerId, { order: 'asc', limit: 100 })) {
        out.push({ id: `${containerId}/${f.id}`, state: toState(f) });
      }
      return out;
    },
  },
  listArgs: { container_id: p.string({ description: 'The container whose files to list.', required: true, pattern: CONTAINER_ID }) },
});
