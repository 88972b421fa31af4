import type { FileCreateParams, VectorStoreFile } from 'openai/resources/vector-stores/files';
import { PartialCreateError } from '../client/errors';
import { defineResource, p } from '../spec/define';
import type { Failure, HandlerContext, Json } from '../spec/types';
import { codePoints } from '../spec/validate';
import { compact, FILE_ID, importById, keepIdOnFailure, metadataOut, oneOrNone, poll, splitId, unlessNotFound, VECTOR_STORE_ID } from './common';
import { chunkingIn, chunkingStrategy } from './vector-store';
import { named, namedResource } from '../spec/names';

type Attributes = Record<string, string | number | boolean>;

/** The API's limits on `attributes`: up to 16 pairs, keys ≤ 64 characters, values strings ≤ 512, numbers or booleans. */
const ATTRIBUTE_LIMITS = { maxEntries: 16, keyMaxLength: 64, valueMaxLength: 512 } as const;

function attributeFailures(v: Json): Failure[] {
  if (v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) {
    return [{ path: [], message: `must be a map of strings, numbers and booleans, got ${JSON.stringify(v)}` }];
  }
  const out: Failure[] = [];
  const entries = Object.entries(v);
  if (entries.length > ATTRIBUTE_LIMITS.maxEntries)
    out.push({ path: [], message: `must have at most ${ATTRIBUTE_LIMITS.maxEntries} entries (got ${entries.length})` });
  for (const [k, x] of entries) {
    if (codePoints(k) > ATTRIBUTE_LIMITS.keyMaxLength)
      out.push({ path: [k], message: `key must be at most ${ATTRIBUTE_LIMITS.keyMaxLength} characters (got ${codePoints(k)})` });
    if (typeof x === 'string') {
      if (codePoints(x) > ATTRIBUTE_LIMITS.valueMaxLength)
        out.push({ path: [k], message: `must be at most ${ATTRIBUTE_LIMITS.valueMaxLength} characters (got ${codePoints(x)})` });
    } else if (typeof x !== 'number' && typeof x !== 'boolean') {
      out.push({ path: [k], message: `must be a string, a number or true/false, got ${JSON.stringify(x)}` });
    }
  }
  return out;
}

/**
 * A vector store file's `attributes`. The API's values are strings, numbers or booleans, and file_search filters
 * compare them by type, so they are kept as JSON (Terraform: `jsonencode({…})`) rather than flattened to strings.
 */
export function fileAttributes<const O extends { replaceOnChange?: true; writeOnly?: true }>(extra: string, o: O) {
  return p.json({
    description:
      'Up to 16 key-value pairs that file_search can filter on: keys at most 64 characters, values strings (at most ' +
      `512 characters), numbers or booleans. ${extra}`,
    refine: attributeFailures,
    ...o,
  });
}

/**
 * Checked `attributes` as the SDK types them: the spec keeps them as free-form JSON, and its rule (attributeFailures)
 * admits only a map of strings, numbers and booleans.
 */
export function attributesIn(v: Json | undefined): Attributes | undefined {
  if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Attributes = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = x;
  return out;
}

function toState(f: VectorStoreFile) {
  return {
    vector_store_id: f.vector_store_id,
    file_id: f.id,
    attributes: metadataOut(f.attributes),
    status: f.status,
    usage_bytes: f.usage_bytes,
    last_error: f.last_error ? { code: f.last_error.code, message: f.last_error.message } : null,
    created_at: f.created_at,
  };
}

/** Waits while the file is `in_progress`, reporting its status. */
function settle(ctx: HandlerContext, storeId: string, fileId: string): Promise<VectorStoreFile> {
  return poll(ctx, `file ${fileId} to be processed by vector store ${storeId}`, async () => {
    const f = await ctx.openai.vectorStores.files.retrieve(fileId, { vector_store_id: storeId });
    return { done: f.status !== 'in_progress', value: f, progress: `vector store file ${storeId}/${fileId}: ${f.status.replace('_', ' ')}` };
  });
}

function failureOf(f: VectorStoreFile): string | null {
  if (f.status === 'completed') return null;
  return `the file's processing ended ${f.status}${f.last_error ? ` (${f.last_error.code}: ${f.last_error.message})` : ''}`;
}

const lastErrorOutput = p.object(
  {
    code: p.string({ description: '`server_error`, `unsupported_file` or `invalid_file`.', output: true }),
    message: p.string({ description: 'What went wrong.', output: true }),
  },
  { description: 'Why processing failed, if it did.', output: true },
);

export const vectorStoreFile = defineResource({
  name: 'vector_store_file',
  description:
    'A file attached to a vector store (for `file_search`). Creating waits until the file is processed, reporting ' +
    'progress; a file that fails to process is a partial create (kept in state, with `last_error`). Only ' +
    '`attributes` change in place; a change of `vector_store_id`, `file_id` or `chunking_strategy` replaces the ' +
    'attachment (detach first, then attach again). Deleting detaches the file from the store; the file itself stays (delete it ' +
    "with its `file` resource). Attach a file either here or in the vector store's `file_ids`, not both.",
  key: 'project',
  properties: {
    vector_store_id: p.string({
      description: 'The vector store to attach the file to.',
      required: true,
      replaceOnChange: true,
      pattern: VECTOR_STORE_ID,
    }),
    file_id: p.string({
      description: 'The file to attach (uploaded with purpose `assistants` or `user_data`).',
      required: true,
      replaceOnChange: true,
      pattern: FILE_ID,
    }),
    attributes: fileAttributes('Changed in place.', {}),
    chunking_strategy: chunkingStrategy('How the file is chunked (`auto` when unset). Sent at creation only; a change re-attaches the file.'),
    status: p.string({ description: '`in_progress`, `completed`, `cancelled` or `failed`; `completed` means ready for use.', output: true }),
    usage_bytes: p.integer({ description: 'Bytes the processed file uses in the store (may differ from the file size).', output: true }),
    last_error: lastErrorOutput,
    created_at: p.integer({ description: 'Unix time (seconds) the file was attached.', output: true, stable: true }),
  },
  unsupported: {
    file_ids: `attaches one file: use ${named('file_id')}, or the ${namedResource('vector_store_file_batch')} resource for many files at once`,
    metadata: `is ${named('attributes')} on a vector store file (values may be strings, numbers or booleans)`,
  },
  // A file is attached to a store once (the id is store/file): the old attachment must go before the new one comes.
  deleteBeforeReplace: true,
  import: { ...importById('vs_', 'file-'), parts: ['vector_store_id', 'file_id'] },
  example: { vector_store_id: '${vector_store.id}', file_id: '${file.id}', attributes: { author: 'Jane Doe', year: 2024, public: true } },
  handlers: {
    async create(ctx, inputs) {
      const storeId = inputs.vector_store_id;
      const fileId = inputs.file_id;
      const body: FileCreateParams = {
        file_id: fileId,
        ...compact({ attributes: attributesIn(inputs.attributes), chunking_strategy: chunkingIn(inputs.chunking_strategy) }),
      };
      const retrieve = () => ctx.openai.vectorStores.files.retrieve(fileId, { vector_store_id: storeId });
      // The child id is the file's own id: after a lost answer, the attachment is simply looked up.
      const attached = await ctx.createOnce((opts) => ctx.openai.vectorStores.files.create(storeId, body, opts), {
        find: () => oneOrNone(unlessNotFound(retrieve())),
      });
      const id = `${storeId}/${attached.id}`;
      const done = await keepIdOnFailure(
        id,
        () => settle(ctx, storeId, fileId),
        async () => toState(await retrieve()),
      );
      const failure = failureOf(done);
      if (failure) throw new PartialCreateError(id, toState(done), failure);
      return { id, state: toState(done) };
    },
    async read(ctx, id) {
      const [storeId, fileId] = splitId(id);
      return toState(await ctx.openai.vectorStores.files.retrieve(fileId, { vector_store_id: storeId }));
    },
    async update(ctx, id, _olds, news) {
      const [storeId, fileId] = splitId(id);
      return toState(
        await ctx.openai.vectorStores.files.update(fileId, { vector_store_id: storeId, attributes: attributesIn(news.attributes) ?? null }),
      );
    },
    async delete(ctx, id) {
      const [storeId, fileId] = splitId(id);
      await ctx.openai.vectorStores.files.delete(fileId, { vector_store_id: storeId });
    },
    async list(ctx, args) {
      const storeId = args.vector_store_id;
      const filter = args.filter;
      const out = [];
      for await (const f of ctx.openai.vectorStores.files.list(storeId, { limit: 100, ...(filter ? { filter } : {}) })) {
        out.push({ id: `${storeId}/${f.id}`, state: toState(f) });
      }
      return out;
    },
  },
  listArgs: {
    vector_store_id: p.string({ description: 'The vector store whose files to list.', required: true, pattern: VECTOR_STORE_ID }),
    filter: p.string({ description: 'Only files with this status.', enum: ['in_progress', 'completed', 'failed', 'cancelled'] }),
  },
});
