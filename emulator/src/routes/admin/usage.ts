// Admin API: usage and costs (GET /organization/usage/{kind}, GET /organization/costs). Nothing here is made up:
// every figure is derived from what the emulator itself holds —
//   - completions: the runs it completed (their `usage`, model and project);
//   - vector_stores: the bytes of the files its vector stores hold, from the bucket in which each was added (a
//     removed file leaves no trace in its tables, so it counts in no bucket);
//   - code_interpreter_sessions: the containers it created (one session each);
//   - costs: those completions priced per token of their model, and that vector storage per GB-day.
// The emulator serves no embeddings, images, audio, moderations, file search or web search endpoints: those kinds
// answer valid empty buckets. Buckets follow the description: `bucket_width` 1m/1h/1d (costs: 1d), starting on the
// width's boundary at or before start_time, up to end_time (default now), `limit` buckets a page (1d: default 7,
// at most 31; 1h: 24, 168; 1m: 60, 1440; costs: 7, 180) and a `page` cursor for the next ones. Results are one
// per bucket (all usage summed) or, with `group_by`, one per group, with the dimensions not grouped by null.

import { badRequest } from '../../errors';
import type { Tables } from '../index';
import type { EmulatorModule } from '../module';
import { get, type Ctx, type Route } from '../types';

type Dim =
  | 'project_id'
  | 'user_id'
  | 'api_key_id'
  | 'model'
  | 'batch'
  | 'service_tier'
  | 'vector_store_id'
  | 'size'
  | 'source'
  | 'context_level'
  | 'line_item';

/** One measured thing: its dimensions and its measures (summed when results are grouped). */
interface Row {
  dims: Partial<Record<Dim, string | boolean | null>>;
  measures: Record<string, number>;
}

interface Kind {
  /** The result's `object`. */
  object: string;
  /** Every dimension the result shows (null unless grouped by). */
  dims: readonly Dim[];
  /** Measures every result carries, zero when nothing was used. */
  measures: readonly string[];
  /** What was used in [start, end): the rows of that bucket. */
  rows(t: Tables, start: number, end: number): Row[];
  /** A result as the API shows it; by default its object, measures and dimensions side by side. */
  present?: (dims: Row['dims'], measures: Record<string, number>) => object;
}

const none = (): Row[] => [];

/** Runs the emulator completed in [start, end), as completions usage. */
function completionRows(t: Tables, start: number, end: number): Row[] {
  const out: Row[] = [];
  for (const run of Object.values(t.runs)) {
    const at = run['completed_at'];
    const usage = run['usage'] as { prompt_tokens: number; completion_tokens: number } | null | undefined;
    if (typeof at !== 'number' || at < start || at >= end || !usage) continue;
    out.push({
      dims: {
        project_id: run._project,
        user_id: null,
        api_key_id: null,
        model: (run['model'] as string | null) ?? null,
        batch: false,
        service_tier: 'default',
      },
      measures: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens, num_model_requests: 1 },
    });
  }
  return out;
}

/** The bytes of the files the vector stores hold that were ready by the end of the bucket. */
function vectorStoreRows(t: Tables, _start: number, end: number): Row[] {
  const out: Row[] = [];
  for (const f of Object.values(t.vector_store_files)) {
    if (f.created_at >= end || f._final !== undefined || f._ready_ms > end * 1000) continue;
    const bytes = t.files[f.id]?.bytes ?? 0;
    if (bytes > 0) out.push({ dims: { project_id: f._project }, measures: { usage_bytes: bytes } });
  }
  return out;
}

/** Containers (code interpreter sessions) created in [start, end). */
function containerRows(t: Tables, start: number, end: number): Row[] {
  return Object.values(t.containers)
    .filter((c) => typeof c['created_at'] === 'number' && (c['created_at'] as number) >= start && (c['created_at'] as number) < end)
    .map((c) => ({ dims: { project_id: c._project }, measures: { num_sessions: 1 } }));
}

const WHO: readonly Dim[] = ['project_id', 'user_id', 'api_key_id', 'model'];

const USAGE_KINDS: Readonly<Record<string, Kind>> = {
  completions: {
    object: 'organization.usage.completions.result',
    dims: [...WHO, 'batch', 'service_tier'],
    measures: ['input_tokens', 'output_tokens', 'num_model_requests', 'input_cached_tokens', 'input_audio_tokens', 'output_audio_tokens'],
    rows: completionRows,
  },
  embeddings: { object: 'organization.usage.embeddings.result', dims: WHO, measures: ['input_tokens', 'num_model_requests'], rows: none },
  moderations: { object: 'organization.usage.moderations.result', dims: WHO, measures: ['input_tokens', 'num_model_requests'], rows: none },
  images: { object: 'organization.usage.images.result', dims: [...WHO, 'source', 'size'], measures: ['images', 'num_model_requests'], rows: none },
  audio_speeches: { object: 'organization.usage.audio_speeches.result', dims: WHO, measures: ['characters', 'num_model_requests'], rows: none },
  audio_transcriptions: {
    object: 'organization.usage.audio_transcriptions.result',
    dims: WHO,
    measures: ['seconds', 'num_model_requests'],
    rows: none,
  },
  vector_stores: { object: 'organization.usage.vector_stores.result', dims: ['project_id'], measures: ['usage_bytes'], rows: vectorStoreRows },
  code_interpreter_sessions: {
    object: 'organization.usage.code_interpreter_sessions.result',
    dims: ['project_id'],
    measures: ['num_sessions'],
    rows: containerRows,
  },
  file_search_calls: {
    object: 'organization.usage.file_searches.result',
    dims: ['project_id', 'user_id', 'api_key_id', 'vector_store_id'],
    measures: ['num_requests'],
    rows: none,
  },
  web_search_calls: {
    object: 'organization.usage.web_searches.result',
    dims: [...WHO, 'context_level'],
    measures: ['num_model_requests', 'num_requests'],
    rows: none,
  },
};

/** USD per million tokens (input, output); models not listed are priced like the last line. */
const TOKEN_PRICES: Readonly<Record<string, [number, number]>> = {
  'gpt-4o': [2.5, 10],
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4.1': [2, 8],
  'gpt-4.1-mini': [0.4, 1.6],
  'o3-mini': [1.1, 4.4],
  '*': [1, 4],
};
/** USD per GB of vector storage a day. */
const STORAGE_PRICE = 0.1;
const STORAGE_LINE_ITEM = 'vector store storage';

/** What the bucket cost: its completions per model and direction, and its vector storage (pro rata of a day). */
function costRows(t: Tables, start: number, end: number): Row[] {
  const out: Row[] = [];
  for (const r of completionRows(t, start, end)) {
    const model = (r.dims.model as string | null) ?? 'unknown';
    const [inPrice, outPrice] = TOKEN_PRICES[model] ?? TOKEN_PRICES['*']!;
    const project_id = r.dims.project_id ?? null;
    const input = r.measures['input_tokens'] ?? 0;
    const output = r.measures['output_tokens'] ?? 0;
    out.push({
      dims: { project_id, api_key_id: null, line_item: `${model}, input` },
      measures: { amount: (input * inPrice) / 1e6, quantity: input },
    });
    out.push({
      dims: { project_id, api_key_id: null, line_item: `${model}, output` },
      measures: { amount: (output * outPrice) / 1e6, quantity: output },
    });
  }
  const days = (end - start) / 86_400;
  for (const r of vectorStoreRows(t, start, end)) {
    const gb = (r.measures['usage_bytes'] ?? 0) / 1e9;
    out.push({
      dims: { project_id: r.dims.project_id ?? null, api_key_id: null, line_item: STORAGE_LINE_ITEM },
      measures: { amount: gb * STORAGE_PRICE * days, quantity: ((r.measures['usage_bytes'] ?? 0) / 2 ** 30) * 24 * days },
    });
  }
  return out;
}

const WIDTHS: Readonly<Record<string, { seconds: number; defaultLimit: number; maxLimit: number }>> = {
  '1m': { seconds: 60, defaultLimit: 60, maxLimit: 1440 },
  '1h': { seconds: 3600, defaultLimit: 24, maxLimit: 168 },
  '1d': { seconds: 86_400, defaultLimit: 7, maxLimit: 31 },
};

/** Filter parameter -> the dimension it filters on. */
const FILTERS: Readonly<Record<string, Dim>> = {
  project_ids: 'project_id',
  user_ids: 'user_id',
  api_key_ids: 'api_key_id',
  models: 'model',
  vector_store_ids: 'vector_store_id',
  sources: 'source',
  sizes: 'size',
  context_levels: 'context_level',
};

const PAGE_PREFIX = 'page_';
const encodePage = (start: number): string => PAGE_PREFIX + Buffer.from(String(start)).toString('base64url');
function decodePage(page: string): number {
  const n = page.startsWith(PAGE_PREFIX) ? Number(Buffer.from(page.slice(PAGE_PREFIX.length), 'base64url').toString()) : NaN;
  if (!Number.isInteger(n)) throw badRequest(`Invalid 'page': '${page}' is not a page cursor of this query.`, 'page');
  return n;
}

/** The rows that pass the query's filters. */
function filtered(ctx: Ctx, rows: Row[]): Row[] {
  return rows.filter((r) => {
    for (const [param, dim] of Object.entries(FILTERS)) {
      const want = ctx.query[param] as unknown[] | undefined;
      if (Array.isArray(want) && want.length > 0 && !want.includes(r.dims[dim] ?? null)) return false;
    }
    const batch = ctx.query['batch'];
    return typeof batch !== 'boolean' || r.dims.batch === batch;
  });
}

/** The bucket's results: one per group of `group_by` (one in all without it); none when nothing was used. */
function results(
  kind: Kind,
  rows: Row[],
  groupBy: readonly Dim[],
  present: (dims: Row['dims'], measures: Record<string, number>) => object,
): object[] {
  const groups = new Map<string, { dims: Row['dims']; measures: Record<string, number> }>();
  for (const r of rows) {
    const dims = Object.fromEntries(kind.dims.map((d) => [d, groupBy.includes(d) ? (r.dims[d] ?? null) : null]));
    const key = JSON.stringify(dims);
    const g = groups.get(key) ?? { dims, measures: Object.fromEntries(kind.measures.map((m) => [m, 0])) };
    for (const [m, v] of Object.entries(r.measures)) g.measures[m] = (g.measures[m] ?? 0) + v;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => present(g.dims, g.measures));
}

/** One page of buckets for the query. */
function buckets(ctx: Ctx, kind: Kind, widths: readonly string[], maxLimit?: number): object {
  const q = ctx.query;
  const widthName = (q['bucket_width'] as string | undefined) ?? '1d';
  const width = WIDTHS[widthName];
  if (!width || !widths.includes(widthName)) {
    throw badRequest(`Invalid 'bucket_width': expected one of ${widths.join(', ')}.`, 'bucket_width', 'invalid_value');
  }
  const max = maxLimit ?? width.maxLimit;
  const limit = typeof q['limit'] === 'number' ? q['limit'] : width.defaultLimit;
  if (limit < 1 || limit > max) {
    throw badRequest(`Invalid 'limit': expected a value between 1 and ${max} for bucket_width '${widthName}', but got ${limit} instead.`, 'limit');
  }
  const startTime = q['start_time'] as number;
  const endTime = typeof q['end_time'] === 'number' ? q['end_time'] : ctx.now;
  if (endTime <= startTime) throw badRequest("Invalid 'end_time': it must be later than 'start_time'.", 'end_time');
  const first = Math.floor(startTime / width.seconds) * width.seconds;
  let from = typeof q['page'] === 'string' ? decodePage(q['page']) : first;
  if (from < first || (from - first) % width.seconds !== 0) throw badRequest(`Invalid 'page': not a page of this query.`, 'page');
  const groupBy = ((q['group_by'] as string[] | undefined) ?? []) as Dim[];
  const data: object[] = [];
  while (from < endTime && data.length < limit) {
    const to = from + width.seconds;
    const rows = filtered(ctx, kind.rows(ctx.store.tables, from, to));
    data.push({ object: 'bucket', start_time: from, end_time: to, results: results(kind, rows, groupBy, kind.present ?? present(kind)) });
    from = to;
  }
  const hasMore = from < endTime;
  return { object: 'page', data, has_more: hasMore, next_page: hasMore ? encodePage(from) : null };
}

/** A usage result: its object, its measures and its dimensions. */
const present =
  (kind: Kind) =>
  (dims: Row['dims'], measures: Record<string, number>): object => ({ object: kind.object, ...measures, ...dims });

/** A costs result: `amount` in USD with its currency; a quantity when the result is one line item's. */
function presentCost(dims: Row['dims'], measures: Record<string, number>): object {
  return {
    object: 'organization.costs.result',
    amount: { value: Math.round((measures['amount'] ?? 0) * 1e6) / 1e6, currency: 'usd' },
    ...dims,
    ...(dims.line_item === null
      ? {}
      : { quantity: measures['quantity'] ?? 0, quantity_unit: dims.line_item === STORAGE_LINE_ITEM ? 'gibibyte_hours' : 'tokens' }),
  };
}

const COSTS: Kind = {
  object: 'organization.costs.result',
  dims: ['project_id', 'line_item', 'api_key_id'],
  measures: ['amount', 'quantity'],
  rows: costRows,
  present: presentCost,
};

const routes: Route[] = [
  ...Object.entries(USAGE_KINDS).map(([name, kind]) => get(`/organization/usage/${name}`, (ctx) => buckets(ctx, kind, ['1m', '1h', '1d']))),
  get('/organization/costs', (ctx) => buckets(ctx, COSTS, ['1d'], 180)),
];

/** No tables, ids or counts: usage is derived from the other modules' tables. */
export const usage: EmulatorModule<Record<never, never>> = {
  name: 'admin/usage',
  serves: { organization_usage: { path: '/organization/usage' }, organization_costs: { path: '/organization/costs' } },
  tables: {},
  ids: {},
  counts: {},
  routes,
};
