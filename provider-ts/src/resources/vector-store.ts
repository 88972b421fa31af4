import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import { PartialCreateError } from '../client/errors';
import { defineResource, p, type InputValue } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { compact, FILE_ID, findSince, importById, inConfiguredOrder, keepIdOnFailure, metadataOut, poll, sameJson } from './common';

/** The API's chunking strategy, as `chunkingStrategy` declares it. */
type Chunking = { type: 'auto' } | { type: 'static'; static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } };

/**
 * The checked `chunkingStrategy` input as the SDK's union. The same value: `type` is set (its default), and the
 * spec's rule allows `static` with, and only with, `type: 'static'`.
 */
export function chunkingIn(c: InputValue<ReturnType<typeof chunkingStrategy>> | undefined): Chunking | undefined {
  if (!c) return undefined;
  return c.type === 'static' && c.static ? { type: 'static', static: c.static } : { type: 'auto' };
}

function toState(vs: VectorStore, fileIds: string[]) {
  return {
    name: vs.name,
    file_ids: fileIds,
    expires_after: vs.expires_after ? { ...vs.expires_after } : null,
    metadata: metadataOut(vs.metadata),
    status: vs.status,
    file_counts: { ...vs.file_counts },
    usage_bytes: vs.usage_bytes,
    created_at: vs.created_at,
    expires_at: vs.expires_at ?? null,
    last_active_at: vs.last_active_at ?? null,
  };
}

async function attachedFiles(ctx: HandlerContext, id: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const f of ctx.openai.vectorStores.files.list(id, { limit: 100 })) ids.push(f.id);
  return ids;
}

/**
 * The store's own files: `file_ids` manages only the files it lists, so `vector_store_file` resources, batches and
 * the dashboard can attach others to the same store without a plan ever detaching them (as providers treat inline
 * versus separate rules). Of the attached files, those `owned` (the configured or previously saved list) are the
 * state's; with no such list (an import), every attached file is. In the configured order when the set is the same.
 * No listing when none can be: the store has no files (its `file_counts.total` counts every attached file, whatever
 * its status) or none is owned. A refresh of a store without files is then one request, not two.
 */
async function ownedFiles(ctx: HandlerContext, vs: VectorStore, owned: readonly string[] | null | undefined): Promise<string[]> {
  if (vs.file_counts.total === 0 || (Array.isArray(owned) && owned.length === 0)) return [];
  const attached = await attachedFiles(ctx, vs.id);
  return inConfiguredOrder(Array.isArray(owned) ? attached.filter((f) => owned.includes(f)) : attached, owned ? [...owned] : undefined);
}

/** Waits until no file is in progress; reports n/total; a failed file is a partial create/update. */
async function settle(ctx: HandlerContext, id: string, owned: readonly string[]): Promise<VectorStore> {
  const vs = await poll(ctx, `vector store ${id} to process its files`, async () => {
    const v = await ctx.openai.vectorStores.retrieve(id);
    const c = v.file_counts;
    return {
      done: c.in_progress === 0,
      value: v,
      ...(c.total > 0 ? { progress: `vector store ${id}: ${c.completed}/${c.total} files processed` } : {}),
    };
  });
  if (vs.file_counts.failed > 0) {
    const failed: string[] = [];
    for await (const f of ctx.openai.vectorStores.files.list(id, { filter: 'failed', limit: 100 })) {
      failed.push(`${f.id}${f.last_error ? ` (${f.last_error.code}: ${f.last_error.message})` : ''}`);
    }
    throw new PartialCreateError(
      id,
      toState(vs, await ownedFiles(ctx, vs, owned)),
      `${failed.length} file(s) failed to process: ${failed.join(', ')}`,
    );
  }
  return vs;
}

/**
 * The API's chunking strategy (`auto` or `static`), as a create-only, write-only input: the API answers with the
 * strategy it resolved (`auto` reads back as `static` 800/400), so the configured value is kept.
 */
export function chunkingStrategy(description: string) {
  return p.object(
    {
      type: p.string({ description: '`auto` (800-token chunks, 400 overlap) or `static`.', enum: ['auto', 'static'], default: 'auto' }),
      static: p.object(
        {
          max_chunk_size_tokens: p.integer({ description: 'Maximum tokens per chunk (100 to 4096).', required: true, min: 100, max: 4096 }),
          chunk_overlap_tokens: p.integer({
            description: 'Tokens of overlap between chunks; at most half of max_chunk_size_tokens.',
            required: true,
            min: 0,
          }),
        },
        {
          description: 'Settings of the `static` strategy.',
          refine: (v) =>
            typeof v['chunk_overlap_tokens'] === 'number' &&
            typeof v['max_chunk_size_tokens'] === 'number' &&
            v['chunk_overlap_tokens'] > v['max_chunk_size_tokens'] / 2
              ? [{ path: ['chunk_overlap_tokens'], message: `must not exceed half of max_chunk_size_tokens (${v['max_chunk_size_tokens'] / 2})` }]
              : [],
        },
      ),
    },
    {
      description,
      writeOnly: true,
      replaceOnChange: true,
      refine: (v) =>
        v['type'] === 'static' && !v['static']
          ? [{ path: ['static'], message: 'is required when type is "static"' }]
          : v['type'] === 'auto' && v['static']
            ? [{ path: ['static'], message: 'is only allowed when type is "static"' }]
            : [],
    },
  );
}

export const vectorStore = defineResource({
  name: 'vector_store',
  description:
    'A vector store: a collection of processed files for the `file_search` tool. Creating or changing ' +
    '`file_ids` waits until every file is processed, reporting progress.',
  key: 'project',
  properties: {
    name: p.string({ description: 'The name of the vector store.', computed: true, maxLength: 256 }),
    description: p.string({
      description: 'A description of the vector store. The API never returns it, so it is kept as configured; a change replaces the store.',
      writeOnly: true,
      replaceOnChange: true,
      maxLength: 512,
    }),
    file_ids: p.list(p.string({ description: 'file id', pattern: FILE_ID }), {
      description:
        'Ids of files the vector store uses, added and removed in place. It manages only the files it lists: files attached ' +
        'by `vector_store_file` resources, batches or by hand are left alone (list a file in one place only).',
      maxItems: 500,
    }),
    chunking_strategy: chunkingStrategy('How files are chunked. Applies to the files given at creation; a change replaces the store.'),
    expires_after: p.object(
      {
        anchor: p.string({ description: 'Anchor of the expiry: `last_active_at`.', enum: ['last_active_at'], default: 'last_active_at' }),
        days: p.integer({ description: 'Days after the anchor at which the store expires (1 to 365).', required: true, min: 1, max: 365 }),
      },
      { description: 'Expiration policy.' },
    ),
    metadata: p.metadata(),
    status: p.string({ description: '`in_progress`, `completed` or `expired`.', output: true }),
    file_counts: p.object(
      p.each(['in_progress', 'completed', 'failed', 'cancelled', 'total'], (k) =>
        p.integer({ description: `Files ${k.replace('_', ' ')}.`, output: true }),
      ),
      { description: 'Counts of files by processing status.', output: true },
    ),
    usage_bytes: p.integer({ description: 'Bytes used by the processed files.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the store was created.', output: true, stable: true }),
    expires_at: p.integer({ description: 'Unix time (seconds) the store expires, if it does.', output: true }),
    last_active_at: p.integer({ description: 'Unix time (seconds) the store was last active.', output: true }),
  },
  refine: (inputs) =>
    inputs['chunking_strategy'] && !(Array.isArray(inputs['file_ids']) && inputs['file_ids'].length > 0)
      ? [{ path: ['chunking_strategy'], message: 'only applies together with file_ids; remove it or add files' }]
      : [],
  import: importById('vs_'),
  example: { name: 'handbook', file_ids: ['${file.id}'], expires_after: { anchor: 'last_active_at', days: 7 }, metadata: { team: 'docs' } },
  handlers: {
    async create(ctx, inputs) {
      const fileIds = inputs.file_ids ?? [];
      const body = compact({
        name: inputs.name,
        description: inputs.description,
        file_ids: fileIds.length > 0 ? fileIds : undefined,
        chunking_strategy: chunkingIn(inputs.chunking_strategy),
        expires_after: inputs.expires_after,
        metadata: inputs.metadata,
      });
      const created = await ctx.createOnce((opts) => ctx.openai.vectorStores.create(body, opts), {
        find: (since) =>
          findSince(
            ctx.openai.vectorStores.list({ order: 'desc', limit: 100 }),
            since,
            (v) => v.name === (body.name ?? v.name) && sameJson(metadataOut(v.metadata), inputs.metadata ?? null),
          ),
      });
      const stateNow = async () => {
        const vs = await ctx.openai.vectorStores.retrieve(created.id);
        return toState(vs, await ownedFiles(ctx, vs, fileIds));
      };
      // Every step after the create, the closing file listing included, keeps the id: a failure is a partial
      // create the engine saves, never an orphaned store and a second one on the next run.
      return keepIdOnFailure(
        created.id,
        async () => {
          // A store made without files is settled as the create answers it: no second request.
          const vs = fileIds.length === 0 && created.file_counts.in_progress === 0 ? created : await settle(ctx, created.id, fileIds);
          return { id: vs.id, state: toState(vs, await ownedFiles(ctx, vs, fileIds)) };
        },
        stateNow,
      );
    },
    async read(ctx, id, prior) {
      const vs = await ctx.openai.vectorStores.retrieve(id);
      return toState(vs, await ownedFiles(ctx, vs, prior ? (prior.file_ids ?? []) : undefined));
    },
    async update(ctx, id, olds, news, changed) {
      if (changed.some((c) => c === 'name' || c === 'expires_after' || c === 'metadata')) {
        await ctx.openai.vectorStores.update(id, {
          ...(changed.includes('name') ? { name: news.name ?? null } : {}),
          ...(changed.includes('expires_after') ? { expires_after: news.expires_after ?? null } : {}),
          ...(changed.includes('metadata') ? { metadata: news.metadata ?? {} } : {}),
        });
      }
      const want = news.file_ids ?? [];
      if (changed.includes('file_ids')) {
        // Only the store's own files are detached: those the previous list held and the new one does not.
        const attached = new Set(await attachedFiles(ctx, id));
        const before = olds.file_ids ?? [];
        for (const f of before) if (attached.has(f) && !want.includes(f)) await ctx.openai.vectorStores.files.delete(f, { vector_store_id: id });
        for (const f of want) if (!attached.has(f)) await ctx.openai.vectorStores.files.create(id, { file_id: f });
        await settle(ctx, id, want);
      }
      const vs = await ctx.openai.vectorStores.retrieve(id);
      return toState(vs, await ownedFiles(ctx, vs, want));
    },
    async delete(ctx, id) {
      await ctx.openai.vectorStores.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const vs of ctx.openai.vectorStores.list({ limit: 100 })) out.push({ id: vs.id, state: toState(vs, []) });
      return out;
    },
  },
});
