import type { Assistant, AssistantCreateParams, AssistantTool } from 'openai/resources/beta/assistants';
import { defineResource, p, type InputsOf, type InputValue, type StateValue } from '../spec/define';
import type { Failure, Json, ValueObject } from '../spec/types';
import { compact, findSince, importById, member, metadataOut, sameJson } from './common';
import { named } from '../spec/names';

export const ASSISTANTS_SUNSET = {
  date: '2026-08-26',
  replacement: 'the Responses API with Conversations (resource `conversation`) and prompts',
};
export const ASSISTANTS_DEPRECATION =
  `OpenAI shut the Assistants API down on api.openai.com on ${ASSISTANTS_SUNSET.date}. This resource still works against ` +
  `Assistants-compatible endpoints (the provider's ${named('base_url')}) and the bundled emulator. New work: use the Responses API ` +
  'and Conversations.';

const FUNCTION_NAME = { regex: '[a-zA-Z0-9_-]{1,64}', says: 'letters, digits, _ or -, at most 64 characters' };

/** One tool of an assistant or a run. */
/** A JSON Schema is an object (the API and the SDK take nothing else). */
function schemaObject(v: Json): Failure[] {
  return v === null || (typeof v === 'object' && !Array.isArray(v))
    ? []
    : [{ path: [], message: `must be a JSON Schema object, got ${JSON.stringify(v)}` }];
}

export const tool = p.object(
  {
    type: p.string({
      description: '`code_interpreter`, `file_search` or `function`.',
      required: true,
      enum: ['code_interpreter', 'file_search', 'function'],
    }),
    file_search: p.object(
      {
        max_num_results: p.integer({ description: 'Most results the tool returns (1 to 50).', min: 1, max: 50, computed: true }),
        ranking_options: p.object(
          {
            ranker: p.string({ description: 'The ranker: `auto` or `default_2024_08_21`.', enum: ['auto', 'default_2024_08_21'], computed: true }),
            score_threshold: p.number({ description: 'Minimum score of a result (0 to 1).', required: true, min: 0, max: 1 }),
          },
          { description: 'Ranking options.', computed: true },
        ),
      },
      { description: 'Options of the `file_search` tool.', computed: true },
    ),
    function: p.object(
      {
        name: p.string({ description: 'The function name.', required: true, pattern: FUNCTION_NAME }),
        description: p.string({ description: 'What the function does, for the model.' }),
        parameters: p.json({ description: 'The parameters as a JSON Schema object.', refine: schemaObject }),
        strict: p.bool({ description: 'Strict schema adherence.', computed: true }),
      },
      { description: 'The function definition, for `function` tools.' },
    ),
  },
  {
    description: 'A tool',
    refine: (v) => {
      const out: Failure[] = [];
      if (v['type'] === 'function' && !v['function']) out.push({ path: ['function'], message: 'is required for a tool of type "function"' });
      if (v['type'] !== 'function' && v['function'])
        out.push({ path: ['function'], message: `is only allowed with type "function", not "${String(v['type'])}"` });
      if (v['type'] !== 'file_search' && v['file_search']) out.push({ path: ['file_search'], message: 'is only allowed with type "file_search"' });
      return out;
    },
  },
);

/**
 * Files for code_interpreter and a vector store for file_search, on an assistant or a thread. A `file_search`
 * must name its vector store (CreateAssistantRequest and CreateThreadRequest require `vector_store_ids` there).
 */
export function toolResources(owner: string) {
  return p.object(
    {
      code_interpreter: p.object(
        { file_ids: p.list(p.string({ description: 'file id' }), { description: 'Files for code_interpreter (at most 20).', maxItems: 20 }) },
        { description: 'Resources of the code_interpreter tool.' },
      ),
      file_search: p.object(
        {
          vector_store_ids: p.list(p.string({ description: 'vector store id' }), {
            description: 'The vector store for file_search (at most 1).',
            maxItems: 1,
          }),
        },
        {
          description: 'Resources of the file_search tool.',
          refine: (v: ValueObject) =>
            v['vector_store_ids'] ? [] : [{ path: ['vector_store_ids'], message: 'is required with file_search: the vector store it searches' }],
        },
      ),
    },
    { description: `Resources the ${owner}'s tools use: files for code_interpreter, a vector store for file_search.` },
  );
}

const properties = {
  model: p.string({ description: 'Id of the model, e.g. `gpt-4o`.', required: true, minLength: 1 }),
  name: p.string({ description: 'The name of the assistant (at most 256 characters).', maxLength: 256 }),
  description: p.string({ description: 'The description of the assistant (at most 512 characters).', maxLength: 512 }),
  instructions: p.string({ description: 'System instructions (at most 256,000 characters).', maxLength: 256_000 }),
  tools: p.list(tool, { description: 'Tools enabled on the assistant (at most 128).', maxItems: 128 }),
  tool_resources: toolResources('assistant'),
  metadata: p.metadata(),
  temperature: p.number({ description: 'Sampling temperature, 0 to 2.', min: 0, max: 2, computed: true }),
  top_p: p.number({ description: 'Nucleus sampling, 0 to 1.', min: 0, max: 1, computed: true }),
  response_format: p.object(
    {
      type: p.string({
        description: '`auto`, `text`, `json_object` or `json_schema`.',
        required: true,
        enum: ['auto', 'text', 'json_object', 'json_schema'],
      }),
      json_schema: p.object(
        {
          name: p.string({ description: 'Name of the format.', required: true, pattern: FUNCTION_NAME }),
          description: p.string({ description: 'What the format is for.' }),
          schema: p.json({ description: 'The JSON Schema of the output.', refine: schemaObject }),
          strict: p.bool({ description: 'Strict schema adherence.', computed: true }),
        },
        { description: 'The schema, for `json_schema`.' },
      ),
    },
    {
      description: 'The output format.',
      computed: true,
      refine: (v) =>
        (v['type'] === 'json_schema') !== Boolean(v['json_schema'])
          ? [{ path: ['json_schema'], message: 'is required with type "json_schema" and only allowed with it' }]
          : [],
    },
  ),
  reasoning_effort: p.string({
    description: 'Reasoning effort for reasoning models. The API does not return it, so it is kept as configured.',
    enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'],
    writeOnly: true,
  }),
  created_at: p.integer({ description: 'Unix time (seconds) the assistant was created.', output: true, stable: true }),
};

export function toolsOut(tools: AssistantTool[]): StateValue<typeof tool>[] {
  return tools.map((t) => {
    if (t.type === 'function') return { type: 'function', function: compact({ ...t.function }) };
    if (t.type === 'file_search') return { type: 'file_search', ...(t.file_search ? { file_search: t.file_search } : {}) };
    return { type: t.type };
  });
}

function responseFormatOut(rf: Assistant['response_format']): StateValue<typeof properties.response_format> | null {
  if (rf === undefined || rf === null) return null;
  return typeof rf === 'string' ? { type: rf } : rf;
}

/** A JSON Schema given as JSON, as the SDK types it (an object; `schemaObject` refuses anything else at check). */
function schemaIn(schema: Json | undefined): Record<string, unknown> | undefined {
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? schema : undefined;
}

/** Checked tools as the SDK's union of tools, told apart by type as the spec's rule does. */
export function toolsIn(tools: InputValue<typeof tool>[] | undefined): AssistantTool[] | undefined {
  return tools?.map((t): AssistantTool => {
    if (t.type === 'code_interpreter') return { type: 'code_interpreter' };
    if (t.type === 'file_search') return { type: 'file_search', ...(t.file_search ? { file_search: t.file_search } : {}) };
    const { parameters, ...fn } = member(t.function, 'function tool');
    const schema = schemaIn(parameters);
    return { type: 'function', function: { ...fn, ...(schema ? { parameters: schema } : {}) } };
  });
}

function responseFormatIn(rf: InputsOf<typeof properties>['response_format']): AssistantCreateParams['response_format'] | undefined {
  if (!rf) return undefined;
  if (rf.type !== 'json_schema') return rf.type === 'auto' ? 'auto' : { type: rf.type };
  const { schema, ...format } = member(rf.json_schema, 'json_schema response format');
  const parsed = schemaIn(schema);
  return { type: 'json_schema', json_schema: { ...format, ...(parsed ? { schema: parsed } : {}) } };
}

function toState(a: Assistant) {
  return {
    model: a.model,
    name: a.name,
    description: a.description,
    instructions: a.instructions,
    tools: toolsOut(a.tools),
    tool_resources: a.tool_resources ?? null,
    metadata: metadataOut(a.metadata),
    temperature: a.temperature ?? null,
    top_p: a.top_p ?? null,
    response_format: responseFormatOut(a.response_format),
    created_at: a.created_at,
  };
}

function body(inputs: InputsOf<typeof properties>, clearing: boolean) {
  const nul = clearing ? null : undefined;
  return {
    model: inputs.model,
    name: inputs.name ?? nul,
    description: inputs.description ?? nul,
    instructions: inputs.instructions ?? nul,
    tools: toolsIn(inputs.tools) ?? (clearing ? [] : undefined),
    tool_resources: inputs.tool_resources ?? nul,
    metadata: inputs.metadata ?? (clearing ? {} : undefined),
    temperature: inputs.temperature ?? undefined,
    top_p: inputs.top_p ?? undefined,
    response_format: responseFormatIn(inputs.response_format),
    reasoning_effort: inputs.reasoning_effort ?? undefined,
  };
}

export const assistant = defineResource({
  name: 'assistant',
  description:
    'An assistant of the legacy Assistants API (header `OpenAI-Beta: assistants=v2`): a model with instructions and tools. ' + ASSISTANTS_DEPRECATION,
  deprecated: ASSISTANTS_DEPRECATION,
  sunset: ASSISTANTS_SUNSET,
  key: 'project',
  properties,
  import: importById('asst_'),
  example: { model: 'gpt-4o', name: 'Math Tutor', instructions: 'You are a personal math tutor.', tools: [{ type: 'code_interpreter' }] },
  handlers: {
    async create(ctx, inputs) {
      const { model, ...rest } = body(inputs, false);
      const b: AssistantCreateParams = { model, ...compact(rest) };
      const a = await ctx.createOnce((opts) => ctx.openai.beta.assistants.create(b, opts), {
        find: (since) =>
          findSince(
            ctx.openai.beta.assistants.list({ order: 'desc', limit: 100 }),
            since,
            (x) => x.model === b.model && x.name === (b.name ?? null) && sameJson(metadataOut(x.metadata), b.metadata ?? null),
          ),
      });
      return { id: a.id, state: toState(a) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.beta.assistants.retrieve(id));
    },
    async update(ctx, id, _olds, news, changed) {
      const all: Record<string, unknown> = body(news, true);
      const patch = Object.fromEntries(changed.filter((c) => c in all && all[c] !== undefined).map((c) => [c, all[c]]));
      return toState(await ctx.openai.beta.assistants.update(id, patch));
    },
    async delete(ctx, id) {
      await ctx.openai.beta.assistants.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const a of ctx.openai.beta.assistants.list({ limit: 100 })) out.push({ id: a.id, state: toState(a) });
      return out;
    },
  },
});
