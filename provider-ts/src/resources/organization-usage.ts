import type { UsageCompletionsResponse } from 'openai/resources/admin/organization/usage';
import { ValidationError } from '../client/errors';
import { defineDataSource, p } from '../spec/define';
import { named } from '../spec/names';
import type { Failure, HandlerContext } from '../spec/types';

/** The usage endpoints of the Admin API (`GET /organization/usage/<kind>`). */
const USAGE_KINDS = [
  'completions',
  'embeddings',
  'moderations',
  'images',
  'audio_speeches',
  'audio_transcriptions',
  'vector_stores',
  'code_interpreter_sessions',
  'file_search_calls',
  'web_search_calls',
] as const;
type UsageKind = (typeof USAGE_KINDS)[number];

const WHO = ['project_id', 'user_id', 'api_key_id', 'model'] as const;
/** Per kind, as the description lists its query parameters: the filters it takes and what it can group by. */
const KINDS: Record<UsageKind, { filters: readonly string[]; groupBy: readonly string[] }> = {
  completions: { filters: ['user_ids', 'api_key_ids', 'models', 'batch'], groupBy: [...WHO, 'batch', 'service_tier'] },
  embeddings: { filters: ['user_ids', 'api_key_ids', 'models'], groupBy: WHO },
  moderations: { filters: ['user_ids', 'api_key_ids', 'models'], groupBy: WHO },
  images: { filters: ['user_ids', 'api_key_ids', 'models', 'sources', 'sizes'], groupBy: [...WHO, 'size', 'source'] },
  audio_speeches: { filters: ['user_ids', 'api_key_ids', 'models'], groupBy: WHO },
  audio_transcriptions: { filters: ['user_ids', 'api_key_ids', 'models'], groupBy: WHO },
  vector_stores: { filters: [], groupBy: ['project_id'] },
  code_interpreter_sessions: { filters: [], groupBy: ['project_id'] },
  file_search_calls: {
    filters: ['user_ids', 'api_key_ids', 'vector_store_ids'],
    groupBy: ['project_id', 'user_id', 'api_key_id', 'vector_store_id'],
  },
  web_search_calls: { filters: ['user_ids', 'api_key_ids', 'models', 'context_levels'], groupBy: [...WHO, 'context_level'] },
};
const KIND_FILTERS = [...new Set(Object.values(KINDS).flatMap((k) => k.filters))];
const GROUP_BY = [...new Set(Object.values(KINDS).flatMap((k) => k.groupBy))];

/** The SDK method of each kind. */
const METHODS = {
  completions: 'completions',
  embeddings: 'embeddings',
  moderations: 'moderations',
  images: 'images',
  audio_speeches: 'audioSpeeches',
  audio_transcriptions: 'audioTranscriptions',
  vector_stores: 'vectorStores',
  code_interpreter_sessions: 'codeInterpreterSessions',
  file_search_calls: 'fileSearchCalls',
  web_search_calls: 'webSearchCalls',
} as const satisfies Record<UsageKind, string>;

/** The buckets of a page, as every usage and costs endpoint answers. */
type Buckets<R> = { start_time: number; end_time: number; results: R[] }[];

/** Every bucket of the query: the `page` cursor is followed until the API says there is no more. */
export async function allBuckets<R>(
  ctx: HandlerContext,
  fetchPage: (page: string | undefined) => Promise<{ data: Buckets<R>; has_more: boolean; next_page: string | null }>,
): Promise<Buckets<R>> {
  const out: Buckets<R> = [];
  let page: string | undefined;
  for (;;) {
    ctx.signal?.throwIfAborted();
    const answer = await fetchPage(page);
    out.push(...answer.data);
    if (!answer.has_more || !answer.next_page) return out;
    page = answer.next_page;
  }
}

/** The time range of a usage or costs query (Unix seconds). */
export const timeArgs = {
  start_time: p.integer({ description: 'Start of the time range (Unix seconds), inclusive.', required: true, min: 0 }),
  end_time: p.integer({ description: 'End of the time range (Unix seconds), exclusive. Default: now.', min: 0 }),
};

/** Refuses a query whose end is not after its start, before any request. */
export function rangeFailures(args: { start_time: number; end_time?: number }): Failure[] {
  return args.end_time !== undefined && args.end_time <= args.start_time
    ? [{ path: ['end_time'], message: `must be later than ${named('start_time')}` }]
    : [];
}

const ids = (description: string) => p.list(p.string({ description: 'an id', minLength: 1 }), { description });

const listArgs = {
  kind: p.string({ description: `What usage to read: ${USAGE_KINDS.map((k) => `\`${k}\``).join(', ')}.`, required: true, enum: USAGE_KINDS }),
  ...timeArgs,
  bucket_width: p.string({ description: 'The width of each time bucket: `1m`, `1h` or `1d` (the default).', enum: ['1m', '1h', '1d'] }),
  project_ids: ids('Only usage of these projects.'),
  user_ids: ids('Only usage by these users (not for `vector_stores`, `code_interpreter_sessions`).'),
  api_key_ids: ids('Only usage with these API keys (not for `vector_stores`, `code_interpreter_sessions`).'),
  models: ids('Only usage of these models (not for `vector_stores`, `code_interpreter_sessions`, `file_search_calls`).'),
  batch: p.bool({ description: 'Only batch (true) or only non-batch (false) usage (`completions` only).' }),
  vector_store_ids: ids('Only searches of these vector stores (`file_search_calls` only).'),
  sources: p.list(p.string({ description: 'a source', enum: ['image.generation', 'image.edit', 'image.variation'] }), {
    description: 'Only images made this way: `image.generation`, `image.edit`, `image.variation` (`images` only).',
  }),
  sizes: p.list(p.string({ description: 'a size', enum: ['256x256', '512x512', '1024x1024', '1792x1792', '1024x1792'] }), {
    description: 'Only images of these sizes (`images` only).',
  }),
  context_levels: p.list(p.string({ description: 'a context level', enum: ['low', 'medium', 'high'] }), {
    description: 'Only web searches with these search context sizes: `low`, `medium`, `high` (`web_search_calls` only).',
  }),
  group_by: p.list(p.string({ description: 'a field', enum: GROUP_BY }), {
    description:
      'Split each bucket into one result per value of these fields (which fields depends on `kind`: `project_id` ' +
      'always; `user_id`, `api_key_id`, `model` for most kinds; `batch` and `service_tier` for completions; `size` and ' +
      '`source` for images; `vector_store_id` for file searches; `context_level` for web searches).',
  }),
  limit: p.integer({
    description: 'Buckets fetched a request (every page is read whatever it is): at most 31 for `1d`, 168 for `1h`, 1440 for `1m`.',
    min: 1,
    max: 1440,
  }),
};

/** The most buckets a page holds, per bucket width (the API's limits). */
const MAX_BUCKETS: Readonly<Record<string, number>> = { '1m': 1440, '1h': 168, '1d': 31 };

/** The filters and groupings `kind` does not take, named with the kinds that take them: refused before any request. */
function usageFailures(args: { kind: UsageKind; group_by?: string[] } & Record<string, unknown>): Failure[] {
  const kind = KINDS[args.kind];
  const failures: Failure[] = [];
  for (const filter of KIND_FILTERS) {
    if (args[filter] === undefined || kind.filters.includes(filter)) continue;
    const takers = USAGE_KINDS.filter((k) => KINDS[k].filters.includes(filter));
    failures.push({
      path: [filter],
      message: `is not a filter of ${named('kind')} '${args.kind}': only ${takers.map((k) => `'${k}'`).join(', ')} take it`,
    });
  }
  const width = typeof args['bucket_width'] === 'string' ? args['bucket_width'] : '1d';
  const most = MAX_BUCKETS[width];
  if (typeof args['limit'] === 'number' && most !== undefined && args['limit'] > most) {
    failures.push({ path: ['limit'], message: `must be at most ${most} with ${named('bucket_width')} '${width}'` });
  }
  (args.group_by ?? []).forEach((g, i) => {
    if (kind.groupBy.includes(g)) return;
    failures.push({
      path: ['group_by', i],
      message: `${named('kind')} '${args.kind}' cannot be grouped by '${g}': it groups by ${kind.groupBy.map((x) => `'${x}'`).join(', ')}`,
    });
  });
  return failures;
}

const out = { output: true } as const;
const int = (description: string) => p.integer({ description, ...out });
const str = (description: string) => p.string({ description, ...out });

/** One result of a bucket: every usage endpoint answers the same union of result kinds. */
type Result = UsageCompletionsResponse.Data['results'][number];

function resultState(r: Result) {
  const field = new Map<string, unknown>(Object.entries(r));
  const text = (k: string): string | null => {
    const v = field.get(k);
    return typeof v === 'string' ? v : null;
  };
  const num = (k: string): number | null => {
    const v = field.get(k);
    return typeof v === 'number' ? v : null;
  };
  const batch = field.get('batch');
  return {
    object: text('object'),
    project_id: text('project_id'),
    user_id: text('user_id'),
    api_key_id: text('api_key_id'),
    model: text('model'),
    batch: typeof batch === 'boolean' ? batch : null,
    service_tier: text('service_tier'),
    vector_store_id: text('vector_store_id'),
    source: text('source'),
    size: text('size'),
    context_level: text('context_level'),
    num_model_requests: num('num_model_requests'),
    num_requests: num('num_requests'),
    num_sessions: num('num_sessions'),
    input_tokens: num('input_tokens'),
    output_tokens: num('output_tokens'),
    input_cached_tokens: num('input_cached_tokens'),
    input_audio_tokens: num('input_audio_tokens'),
    output_audio_tokens: num('output_audio_tokens'),
    usage_bytes: num('usage_bytes'),
    images: num('images'),
    characters: num('characters'),
    seconds: num('seconds'),
    json: r,
  };
}

export const organizationUsage = defineDataSource({
  name: 'organization_usage',
  description:
    "The organization's usage over time (Admin API: needs an organization admin key), for one `kind` of usage " +
    '(completions, embeddings, images, vector storage …), in time buckets of `bucket_width`. Each bucket holds one ' +
    'result (or one per group of `group_by`); its common fields are typed and the whole result is in `json`. Every ' +
    'page of buckets is read. A filter the kind does not take is refused before any request.',
  key: 'admin',
  properties: {
    kind: str('The kind of usage.'),
    start_time: int('Start of the bucket (Unix seconds), inclusive.'),
    end_time: int('End of the bucket (Unix seconds), exclusive.'),
    results: p.list(
      p.object(
        {
          object: str('The kind of result (`organization.usage.completions.result` …).'),
          project_id: str('The project, when grouped by project.'),
          user_id: str('The user, when grouped by user.'),
          api_key_id: str('The API key, when grouped by key.'),
          model: str('The model, when grouped by model.'),
          batch: p.bool({ description: 'Batch or not, when grouped by batch (completions).', ...out }),
          service_tier: str('The service tier, when grouped by it (completions).'),
          vector_store_id: str('The vector store, when grouped by it (file searches).'),
          source: str('How the images were made, when grouped by source (images).'),
          size: str('The image size, when grouped by size (images).'),
          context_level: str('The search context size, when grouped by it (web searches).'),
          num_model_requests: int('Requests to models.'),
          num_requests: int('Tool calls (file searches, web searches).'),
          num_sessions: int('Code interpreter sessions.'),
          input_tokens: int('Input tokens (completions, embeddings, moderations).'),
          output_tokens: int('Output tokens (completions).'),
          input_cached_tokens: int('Cached input tokens (completions).'),
          input_audio_tokens: int('Audio input tokens (completions).'),
          output_audio_tokens: int('Audio output tokens (completions).'),
          usage_bytes: int('Bytes of vector storage.'),
          images: int('Images made.'),
          characters: int('Characters spoken (audio speeches).'),
          seconds: int('Seconds transcribed (audio transcriptions).'),
          json: p.json({ description: 'The whole result as the API answered it.', ...out }),
        },
        { description: 'A result of the bucket.', ...out },
      ),
      { description: 'What was used in the bucket: none when nothing was.', ...out },
    ),
  },
  idParts: ['kind', 'start_time', 'end_time'],
  dataSources: { get: false, listName: 'organization_usage' },
  import: { format: '<kind>/<start_time>/<end_time>', example: 'completions/1730419200/1730505600', pattern: '[a-z_]+/[0-9]+/[0-9]+' },
  example: { kind: 'completions', start_time: 1730419200, bucket_width: '1d', group_by: ['project_id'] },
  handlers: {
    async read(): Promise<null> {
      return null; // buckets are answers to a query, not objects: there is nothing to read again by id
    },
    async list(ctx, args) {
      const failures = [...rangeFailures(args), ...usageFailures(args)];
      if (failures.length > 0) throw new ValidationError('organization_usage', failures);
      const { kind, limit, ...query } = args;
      const usage = ctx.openai.admin.organization.usage;
      // One call shape for every kind: each method takes these parameters (usageFailures kept the others out).
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the methods' parameters differ only in the filters and groupings usageFailures checked
      const call = usage[METHODS[kind]].bind(usage) as unknown as (q: object) => Promise<UsageCompletionsResponse>;
      const buckets = await allBuckets<Result>(ctx, (page) =>
        call({ ...query, ...(limit !== undefined ? { limit } : {}), ...(page ? { page } : {}) }),
      );
      return buckets.map((b) => ({
        id: `${kind}/${b.start_time}/${b.end_time}`,
        state: { kind, start_time: b.start_time, end_time: b.end_time, results: b.results.map(resultState) },
      }));
    },
  },
  listArgs,
});
