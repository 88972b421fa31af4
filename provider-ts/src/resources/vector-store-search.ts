import type { ComparisonFilter, CompoundFilter } from 'openai/resources/shared';
import type { VectorStoreSearchParams, VectorStoreSearchResponse } from 'openai/resources/vector-stores/vector-stores';
import { ValidationError } from '../client/errors';
import { defineDataSource, p } from '../spec/define';
import { checkObject } from '../spec/validate';
import type { Failure, Json, PathSegment } from '../spec/types';
import { VECTOR_STORE_ID } from './common';

const COMPARISONS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin'];
const COMPOUNDS = ['and', 'or'];

const isObject = (v: Json): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A filter as the API takes it (ComparisonFilter or CompoundFilter, nested): failures relative to it. */
function filterFailures(v: Json, at: PathSegment[] = []): Failure[] {
  if (!isObject(v)) return [{ path: at, message: 'must be a filter object: {type, key, value} or {type: "and"|"or", filters}' }];
  const type = v['type'];
  if (typeof type === 'string' && COMPOUNDS.includes(type)) {
    const filters = v['filters'];
    if (!Array.isArray(filters) || filters.length === 0)
      return [{ path: [...at, 'filters'], message: `is required with type '${type}': a list of filters` }];
    const extra = Object.keys(v).filter((k) => k !== 'type' && k !== 'filters');
    if (extra.length > 0) return [{ path: [...at, extra[0]!], message: `is not a member of a compound filter (type, filters)` }];
    return filters.flatMap((f, i) => filterFailures(f, [...at, 'filters', i]));
  }
  if (typeof type !== 'string' || !COMPARISONS.includes(type)) {
    return [{ path: [...at, 'type'], message: `must be one of ${[...COMPARISONS, ...COMPOUNDS].map((t) => `'${t}'`).join(', ')}` }];
  }
  const failures: Failure[] = [];
  if (typeof v['key'] !== 'string' || v['key'] === '') failures.push({ path: [...at, 'key'], message: 'is required: the attribute to compare' });
  const value = v['value'];
  const scalar = (x: Json) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (type === 'in' || type === 'nin') {
    if (!Array.isArray(value) || !value.every((x) => typeof x === 'string' || typeof x === 'number')) {
      failures.push({ path: [...at, 'value'], message: `must be a list of strings or numbers with type '${type}'` });
    }
  } else if (value === undefined || !scalar(value)) {
    failures.push({ path: [...at, 'value'], message: 'must be a string, a number or a boolean' });
  }
  const extra = Object.keys(v).filter((k) => !['type', 'key', 'value'].includes(k));
  if (extra.length > 0) failures.push({ path: [...at, extra[0]!], message: 'is not a member of a comparison filter (type, key, value)' });
  return failures;
}

const listArgs = {
  vector_store_id: p.string({ description: 'The vector store to search.', required: true, pattern: VECTOR_STORE_ID }),
  query: p.string({ description: 'What to search for.', required: true, minLength: 1 }),
  queries: p.list(p.string({ description: 'a query', minLength: 1 }), {
    description: 'More queries, searched together with `query` in one search.',
    minItems: 1,
  }),
  max_num_results: p.integer({ description: 'The most results (files) to return, 1 to 50 (default 10).', min: 1, max: 50 }),
  filters: p.json({
    description:
      'A filter on the files\' attributes, as the API takes it: a comparison `{"type": "eq", "key": "author", "value": "Jane"}` ' +
      '(`eq`, `ne`, `gt`, `gte`, `lt`, `lte`, `in`, `nin`) or a compound `{"type": "and", "filters": [...]}` (`and`, `or`), nested. ' +
      'Terraform takes it as a JSON string (`jsonencode({...})`).',
    refine: (v) => filterFailures(v),
  }),
  ranking_options: p.object(
    {
      ranker: p.string({
        description: 'The ranker: `auto` (the default), `default-2024-11-15`, or `none`.',
        enum: ['none', 'auto', 'default-2024-11-15'],
      }),
      score_threshold: p.number({ description: 'Only results scoring at least this, 0 to 1.', min: 0, max: 1 }),
    },
    { description: 'How results are ranked.' },
  ),
  rewrite_query: p.bool({ description: 'Whether OpenAI rewrites the query for vector search (`search_query` shows the query searched).' }),
};

const out = { output: true } as const;

/** The search page as the API answers it (the SDK's page keeps `data` only; `search_query` is the query searched). */
interface SearchPage {
  search_query: string[] | string;
  data: VectorStoreSearchResponse[];
}

export const vectorStoreSearch = defineDataSource({
  name: 'vector_store_search',
  description:
    'A search of a vector store (its files must have finished ingesting): the files whose chunks best match the query, ' +
    "best first, each with its score and matching chunks, narrowed by a filter on the files' attributes. For checking " +
    'a deployed knowledge base (that a question finds the right document).',
  key: 'project',
  properties: {
    vector_store_id: p.string({ description: 'The vector store searched.', ...out }),
    file_id: p.string({ description: 'The file the result is from.', ...out }),
    filename: p.string({ description: 'Its name.', ...out }),
    score: p.number({ description: 'How well it matches, 0 to 1.', ...out }),
    attributes: p.json({ description: "The file's attributes in the vector store (null when none).", ...out }),
    content: p.list(
      p.object(
        { type: p.string({ description: 'Always `text`.', ...out }), text: p.string({ description: 'The chunk of text.', ...out }) },
        { description: 'A matching chunk.', ...out },
      ),
      { description: 'The matching chunks of the file.', ...out },
    ),
    search_query: p.list(p.string({ description: 'a query', ...out }), {
      description: 'The query searched (rewritten, with `rewrite_query`).',
      ...out,
    }),
  },
  idParts: ['vector_store_id', 'file_id'],
  dataSources: { get: false, listName: 'vector_store_search', listAttribute: 'results' },
  import: { format: 'vs_<id>/file-<id>', example: 'vs_abc123/file-def456', pattern: 'vs_[A-Za-z0-9_-]+/file-[A-Za-z0-9_-]+' },
  example: {
    vector_store_id: '${vector_store.id}',
    query: 'What is the return policy?',
    max_num_results: 5,
    filters: { type: 'eq', key: 'team', value: 'support' },
  },
  handlers: {
    async read(): Promise<null> {
      return null; // a search result is an answer to a query, not an object: nothing to read again by id
    },
    async list(ctx, args) {
      // Refused before any request whichever engine asked (Terraform checks the arguments too; a function call may not).
      const failures = checkObject(listArgs, args).failures;
      if (failures.length > 0) throw new ValidationError('vector_store_search', failures);
      const { vector_store_id: storeId, query, queries, filters, ...rest } = args;
      const body: VectorStoreSearchParams = {
        query: queries ? [query, ...queries] : query,
        ...rest,
        // filterFailures checked its shape before any request.
        // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- a checked JSON value of the API's filter shape
        ...(filters !== undefined && filters !== null ? { filters: filters as unknown as ComparisonFilter | CompoundFilter } : {}),
      };
      ctx.signal?.throwIfAborted();
      // The SDK's page keeps only `data`: the answer's `search_query` is read through the client's own post.
      const page = await ctx.openai.post<SearchPage>(`/vector_stores/${storeId}/search`, { body, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      const searched = Array.isArray(page.search_query) ? page.search_query : [page.search_query];
      return page.data.map((r) => ({
        id: `${storeId}/${r.file_id}`,
        state: {
          vector_store_id: storeId,
          file_id: r.file_id,
          filename: r.filename,
          score: r.score,
          attributes: r.attributes ?? null,
          content: r.content.map((c) => ({ type: c.type, text: c.text })),
          search_query: searched,
        },
      }));
    },
  },
  listArgs,
});
