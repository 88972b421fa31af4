import type { FileBatchCreateParams, VectorStoreFileBatch } from 'openai/resources/vector-stores/file-batches';
import { PartialCreateError } from '../client/errors';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { compact, FILE_ID, importById, inConfiguredOrder, keepIdOnFailure, poll, splitId, unlessNotFound, VECTOR_STORE_ID } from './common';
import { chunkingIn, chunkingStrategy } from './vector-store';
import { attributesIn, fileAttributes } from './vector-store-file';
import { namedResource } from '../spec/names';

const COUNTS = ['in_progress', 'completed', 'failed', 'cancelled', 'total'] as const;

/** The ids of the batch's files still attached to the store. */
async function batchFiles(ctx: HandlerContext, storeId: string, batchId: string, filter?: 'failed'): Promise<string[]> {
  const ids: string[] = [];
  for await (const f of ctx.openai.vectorStores.fileBatches.listFiles(batchId, {
    vector_store_id: storeId,
    limit: 100,
    ...(filter ? { filter } : {}),
  })) {
    ids.push(f.id);
  }
  return ids;
}

function toState(b: VectorStoreFileBatch, fileIds: string[], configured: string[] | null | undefined) {
  return {
    vector_store_id: b.vector_store_id,
    file_ids: inConfiguredOrder(fileIds, configured),
    status: b.status,
    file_counts: { ...b.file_counts },
    created_at: b.created_at,
  };
}

/** Waits while the batch is `in_progress`, reporting n/total. */
function settle(ctx: HandlerContext, storeId: string, batchId: string): Promise<VectorStoreFileBatch> {
  return poll(ctx, `file batch ${batchId} of vector store ${storeId}`, async () => {
    const b = await ctx.openai.vectorStores.fileBatches.retrieve(batchId, { vector_store_id: storeId });
    const c = b.file_counts;
    return { done: b.status !== 'in_progress', value: b, progress: `file batch ${batchId}: ${c.completed}/${c.total} files processed` };
  });
}

export const vectorStoreFileBatch = defineResource({
  name: 'vector_store_file_batch',
  description:
    'Attaches many files to a vector store in one batch, with shared `attributes` and `chunking_strategy`. Creating ' +
    'waits until the batch completes, reporting n/total; a batch with failed or cancelled files is a partial create. ' +
    'Batches cannot be changed: any change replaces the batch, the old one first (a file is attached to a store once, ' +
    "so the old batch's files are detached before the new batch attaches them). The API has no batch deletion, so deleting this " +
    "resource detaches the batch's files from the store (cancelling the batch first if it is still running); the " +
    'files themselves stay. A batch none of whose files is attached any more reads as gone.',
  key: 'project',
  properties: {
    vector_store_id: p.string({ description: 'The vector store to add the files to.', required: true, pattern: VECTOR_STORE_ID }),
    file_ids: p.list(p.string({ description: 'file id', pattern: FILE_ID }), {
      description: 'The files to attach (1 to 2000).',
      required: true,
      minItems: 1,
      maxItems: 2000,
    }),
    attributes: fileAttributes('Applied to every file of the batch; the batch does not return them, so they are kept as configured.', {
      writeOnly: true,
    }),
    chunking_strategy: chunkingStrategy('How the files are chunked (`auto` when unset); a change replaces the batch.'),
    status: p.string({ description: '`in_progress`, `completed`, `cancelled` or `failed`.', output: true }),
    file_counts: p.object(
      p.each(COUNTS, (k) => p.integer({ description: `Files ${k.replace('_', ' ')}.`, output: true })),
      { description: 'Counts of the batch files by processing status.', output: true },
    ),
    created_at: p.integer({ description: 'Unix time (seconds) the batch was created.', output: true, stable: true }),
  },
  unsupported: {
    files: `per-file attributes are not supported by this resource: use one ${namedResource('vector_store_file')} per file for that`,
  },
  // Deleting the old batch detaches its files, which a new batch in the same store may share: delete first.
  deleteBeforeReplace: true,
  import: { ...importById('vs_', 'vsfb_'), parts: ['vector_store_id', 'batch_id'] },
  example: { vector_store_id: '${vector_store.id}', file_ids: ['${file.id}', 'file-abc123'], attributes: { source: 'handbook' } },
  handlers: {
    async create(ctx, inputs) {
      const storeId = inputs.vector_store_id;
      // The attributes are JSON: sent as they are (strings, numbers, booleans), never stringified.
      const body: FileBatchCreateParams = {
        file_ids: inputs.file_ids,
        ...compact({ attributes: attributesIn(inputs.attributes), chunking_strategy: chunkingIn(inputs.chunking_strategy) }),
      };
      // Batches cannot be listed: after an ambiguous failure nothing can be looked up, so nothing is resent; a batch
      // whose answer reached an earlier, killed run is found by its id.
      const created = await ctx.createOnce((opts) => ctx.openai.vectorStores.fileBatches.create(storeId, body, opts), {
        retrieve: (batchId) => unlessNotFound(ctx.openai.vectorStores.fileBatches.retrieve(batchId, { vector_store_id: storeId })),
      });
      const id = `${storeId}/${created.id}`;
      const stateOf = async (b: VectorStoreFileBatch) => toState(b, await batchFiles(ctx, storeId, b.id), inputs.file_ids);
      const done = await keepIdOnFailure(
        id,
        () => settle(ctx, storeId, created.id),
        async () => stateOf(await ctx.openai.vectorStores.fileBatches.retrieve(created.id, { vector_store_id: storeId })),
      );
      if (done.status !== 'completed' || done.file_counts.failed > 0 || done.file_counts.cancelled > 0) {
        const failed = await batchFiles(ctx, storeId, done.id, 'failed');
        const c = done.file_counts;
        throw new PartialCreateError(
          id,
          await stateOf(done),
          `the batch ended ${done.status}: ${c.failed} failed, ${c.cancelled} cancelled of ${c.total}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
        );
      }
      return { id, state: await stateOf(done) };
    },
    async read(ctx, id, prior) {
      const [storeId, batchId] = splitId(id);
      const b = await ctx.openai.vectorStores.fileBatches.retrieve(batchId, { vector_store_id: storeId });
      const files = await batchFiles(ctx, storeId, batchId);
      if (files.length === 0) {
        ctx.debug(`file batch ${id}: none of its files is attached any more; treating it as gone`);
        return null;
      }
      return toState(b, files, prior?.file_ids);
    },
    async delete(ctx, id) {
      const [storeId, batchId] = splitId(id);
      const b = await ctx.openai.vectorStores.fileBatches.retrieve(batchId, { vector_store_id: storeId });
      if (b.status === 'in_progress') await ctx.openai.vectorStores.fileBatches.cancel(batchId, { vector_store_id: storeId });
      const files = await batchFiles(ctx, storeId, batchId);
      ctx.debug(`file batch ${id}: the API cannot delete batches; detaching its ${files.length} file(s) from the store`);
      for (const fileId of files) await unlessNotFound(ctx.openai.vectorStores.files.delete(fileId, { vector_store_id: storeId }));
    },
  },
});
