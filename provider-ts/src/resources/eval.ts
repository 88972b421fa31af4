import type { EvalCreateParams, EvalRetrieveResponse } from 'openai/resources/evals/evals';
import { defineResource, p, type InputValue, type StateValue } from '../spec/define';
import type { Failure, Json, ValueObject } from '../spec/types';
import { compact, findSince, importById, member, metadataOut, sameJson, unlessNotFound } from './common';

/** Which members each grader type takes (besides `type` and `name`), and which of them it requires. */
const GRADER_MEMBERS: Record<string, { takes: string[]; requires: string[] }> = {
  string_check: { takes: ['input', 'reference', 'operation'], requires: ['input', 'reference', 'operation'] },
  text_similarity: {
    takes: ['input', 'reference', 'evaluation_metric', 'pass_threshold'],
    requires: ['input', 'reference', 'evaluation_metric', 'pass_threshold'],
  },
  label_model: { takes: ['model', 'input_messages', 'labels', 'passing_labels'], requires: ['model', 'input_messages', 'labels', 'passing_labels'] },
  score_model: { takes: ['model', 'input_messages', 'range', 'pass_threshold', 'sampling_params'], requires: ['model', 'input_messages'] },
  python: { takes: ['source', 'image_tag', 'pass_threshold'], requires: ['source'] },
};
const GRADER_TYPES = ['string_check', 'text_similarity', 'label_model', 'score_model', 'python'] as const;
const METRICS = ['cosine', 'fuzzy_match', 'bleu', 'gleu', 'meteor', 'rouge_1', 'rouge_2', 'rouge_3', 'rouge_4', 'rouge_5', 'rouge_l'] as const;

const message = p.object(
  {
    role: p.string({
      description: '`user`, `assistant`, `system` or `developer`.',
      required: true,
      enum: ['user', 'assistant', 'system', 'developer'],
    }),
    content: p.string({ description: 'The text, with `{{item.…}}` / `{{sample.output_text}}` templates.', required: true }),
  },
  { description: 'A message' },
);

const grader = p.object(
  {
    type: p.string({
      description: '`string_check`, `text_similarity`, `label_model`, `score_model` or `python`.',
      required: true,
      enum: GRADER_TYPES,
    }),
    name: p.string({ description: 'The name of the grader.', required: true, minLength: 1 }),
    input: p.string({
      description: 'The text graded, a template such as `{{sample.output_text}}` (`string_check`, `text_similarity`).',
    }),
    reference: p.string({ description: 'The text compared against, a template such as `{{item.label}}` (`string_check`, `text_similarity`).' }),
    operation: p.string({ description: '`eq`, `ne`, `like` or `ilike` (`string_check`).', enum: ['eq', 'ne', 'like', 'ilike'] }),
    evaluation_metric: p.string({
      description: `The similarity metric (\`text_similarity\`): ${METRICS.map((m) => `\`${m}\``).join(', ')}.`,
      enum: METRICS,
    }),
    pass_threshold: p.number({
      description: 'The score at or above which an item passes (`text_similarity`, required; `score_model`, `python`).',
    }),
    model: p.string({ description: 'The model that grades (`label_model`, `score_model`).', minLength: 1 }),
    input_messages: p.list(message, {
      description: "The grader's prompt, sent as its `input` (`label_model`, `score_model`).",
      minItems: 1,
    }),
    labels: p.list(p.string({ description: 'label' }), { description: 'The labels to classify each item into (`label_model`).', minItems: 1 }),
    passing_labels: p.list(p.string({ description: 'label' }), {
      description: 'The labels that mean a pass; each one of `labels` (`label_model`).',
      minItems: 1,
    }),
    range: p.list(p.number({ description: 'bound' }), {
      description: 'The range of the score, `[min, max]` (`score_model`; the API defaults to `[0, 1]`).',
      minItems: 2,
      maxItems: 2,
    }),
    sampling_params: p.object(
      {
        temperature: p.number({ description: 'Sampling temperature.', min: 0, max: 2 }),
        top_p: p.number({ description: 'Nucleus sampling.', min: 0, max: 1 }),
        seed: p.integer({ description: 'Seed for sampling.' }),
        max_completions_tokens: p.integer({ description: 'Most tokens the grader may write.', min: 1 }),
        reasoning_effort: p.string({
          description: 'Reasoning effort of a reasoning model.',
          enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'],
        }),
      },
      { description: "The grader model's sampling parameters (`score_model`)." },
    ),
    source: p.string({ description: 'The Python source of the grader (`python`).', minLength: 1 }),
    image_tag: p.string({ description: 'The image the Python grader runs in (`python`).' }),
  },
  {
    description: 'A grader',
    refine: (v) => {
      const kind = GRADER_MEMBERS[String(v['type'])];
      if (!kind) return [];
      const out: Failure[] = [];
      for (const k of kind.requires)
        if (v[k] === undefined || v[k] === null) out.push({ path: [k], message: `is required for a ${String(v['type'])} grader` });
      for (const [k, value] of Object.entries(v)) {
        if (k === 'type' || k === 'name' || value === undefined || value === null || kind.takes.includes(k)) continue;
        const hint = k === 'input' ? ' (a model grader takes its prompt as input_messages)' : '';
        out.push({ path: [k], message: `is not allowed for a ${String(v['type'])} grader${hint}` });
      }
      const labels = v['labels'];
      const passing = v['passing_labels'];
      if (Array.isArray(labels) && Array.isArray(passing)) {
        for (const [i, l] of passing.entries()) {
          if (!labels.includes(l)) out.push({ path: ['passing_labels', i], message: `'${String(l)}' is not one of labels` });
        }
      }
      const range = v['range'];
      if (Array.isArray(range) && range.length === 2 && Number(range[0]) >= Number(range[1])) {
        out.push({ path: ['range'], message: 'must be [min, max] with min below max' });
      }
      return out;
    },
  },
);

/** A JSON Schema is an object. */
function schemaObject(v: Json): Failure[] {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? []
    : [{ path: [], message: `must be a JSON Schema object, got ${JSON.stringify(v)}` }];
}

const properties = {
  name: p.string({ description: 'The name of the eval (the API names it when unset).', computed: true }),
  metadata: p.metadata(),
  data_source_config: p.object(
    {
      type: p.string({
        description: '`custom` (items you give to each run), `logs` or `stored_completions` (your stored completions).',
        required: true,
        enum: ['custom', 'logs', 'stored_completions'],
      }),
      item_schema: p.json({ description: 'The JSON Schema of each item (`custom`).', refine: schemaObject }),
      include_sample_schema: p.bool({
        description: 'Whether runs sample a model, so graders can read `{{sample.output_text}}` (`custom`; default false).',
      }),
      metadata: p.map(p.string({ description: 'value' }), {
        description: 'Which stored completions or logs the eval reads, by their metadata (`logs`, `stored_completions`).',
      }),
    },
    {
      description: 'Where the items graded come from, and their schema. A change replaces the eval.',
      required: true,
      replaceOnChange: true,
      refine: (v: ValueObject) => {
        if (v['type'] === 'custom') {
          const out: Failure[] = v['item_schema'] ? [] : [{ path: ['item_schema'], message: 'is required for a custom data source' }];
          if (v['metadata']) out.push({ path: ['metadata'], message: 'is only allowed with type "logs" or "stored_completions"' });
          return out;
        }
        return ['item_schema', 'include_sample_schema']
          .filter((k) => v[k] !== undefined && v[k] !== null)
          .map((k) => ({ path: [k], message: 'is only allowed with type "custom"' }));
      },
    },
  ),
  testing_criteria: p.list(grader, {
    description: 'The graders every item of a run is graded by. A change replaces the eval.',
    required: true,
    minItems: 1,
    replaceOnChange: true,
  }),
  schema: p.json({ description: 'The JSON Schema of the items (and samples) as the API derives it from `data_source_config`.', output: true }),
  created_at: p.integer({ description: 'Unix time (seconds) the eval was created.', output: true, stable: true }),
};

type GraderIn = InputValue<typeof grader>;
type GraderOut = StateValue<typeof grader>;
type Criterion = EvalCreateParams['testing_criteria'][number];
type AnyGrader = EvalRetrieveResponse['testing_criteria'][number];

/**
 * A prompt message as the API takes it unambiguously: a bare `{role, content}` matches two members of the
 * description's `oneOf`, a message whose content is an `input_text` part only one.
 */
export function messagesIn(messages: readonly { role: 'user' | 'assistant' | 'system' | 'developer'; content: string }[]) {
  return messages.map((m) => ({ type: 'message' as const, role: m.role, content: { type: 'input_text' as const, text: m.content } }));
}

/** The checked graders as the SDK's union, told apart by type as the spec's rule does. */
function gradersIn(graders: readonly GraderIn[]): Criterion[] {
  return graders.map((g): Criterion => {
    const { type, name } = g;
    switch (type) {
      case 'string_check':
        return {
          type,
          name,
          input: member(g.input, 'input'),
          reference: member(g.reference, 'reference'),
          operation: member(g.operation, 'operation'),
        };
      case 'text_similarity':
        return {
          type,
          name,
          input: member(g.input, 'input'),
          reference: member(g.reference, 'reference'),
          evaluation_metric: member(g.evaluation_metric, 'evaluation_metric'),
          pass_threshold: member(g.pass_threshold, 'pass_threshold'),
        };
      case 'label_model':
        return {
          type,
          name,
          model: member(g.model, 'model'),
          input: messagesIn(member(g.input_messages, 'input_messages')),
          labels: member(g.labels, 'labels'),
          passing_labels: member(g.passing_labels, 'passing_labels'),
        };
      case 'score_model':
        return {
          type,
          name,
          model: member(g.model, 'model'),
          input: messagesIn(member(g.input_messages, 'input_messages')),
          ...compact({
            range: g.range,
            pass_threshold: g.pass_threshold,
            sampling_params: g.sampling_params ? compact({ ...g.sampling_params }) : undefined,
          }),
        };
      case 'python':
        return { type, name, source: member(g.source, 'source'), ...compact({ image_tag: g.image_tag, pass_threshold: g.pass_threshold }) };
    }
  });
}

/** A message's text: sent as an `input_text` part. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (content && typeof content === 'object' && 'text' in content && typeof content.text === 'string') return content.text;
  return JSON.stringify(content);
}

function graderOut(g: AnyGrader): GraderOut {
  switch (g.type) {
    case 'string_check':
      return { type: g.type, name: g.name, input: g.input, reference: g.reference, operation: g.operation };
    case 'text_similarity':
      return {
        type: g.type,
        name: g.name,
        input: g.input,
        reference: g.reference,
        evaluation_metric: g.evaluation_metric,
        pass_threshold: g.pass_threshold,
      };
    case 'label_model':
      return {
        type: g.type,
        name: g.name,
        model: g.model,
        input_messages: g.input.map((m) => ({ role: m.role, content: textOf(m.content) })),
        labels: g.labels,
        passing_labels: g.passing_labels,
      };
    case 'score_model':
      return {
        type: g.type,
        name: g.name,
        model: g.model,
        input_messages: g.input.map((m) => ({ role: m.role, content: textOf(m.content) })),
        range: g.range ?? null,
        pass_threshold: g.pass_threshold ?? null,
        sampling_params: g.sampling_params ? compact({ ...g.sampling_params }) : null,
      };
    case 'python':
      return { type: g.type, name: g.name, source: g.source, image_tag: g.image_tag ?? null, pass_threshold: g.pass_threshold ?? null };
  }
}

type Config = EvalRetrieveResponse['data_source_config'];

/**
 * The configured data source as the API's answer shows it: a custom source's item schema is the `item` member of
 * the schema it answers (with a `sample` member when runs sample a model).
 */
function configOut(c: Config): StateValue<typeof properties.data_source_config> {
  if (c.type === 'custom') {
    const found = c.schema['properties'];
    const props: Record<string, unknown> = found !== null && typeof found === 'object' && !Array.isArray(found) ? { ...found } : {};
    return { type: 'custom', item_schema: props['item'] ?? null, include_sample_schema: 'sample' in props };
  }
  return { type: c.type, metadata: metadataOut(c.metadata) };
}

function configIn(c: InputValue<typeof properties.data_source_config>): EvalCreateParams['data_source_config'] {
  if (c.type === 'custom') {
    const schema = c.item_schema;
    const itemSchema = schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? schema : {};
    return { type: 'custom', item_schema: itemSchema, ...compact({ include_sample_schema: c.include_sample_schema }) };
  }
  return { type: c.type, ...(c.metadata ? { metadata: c.metadata } : {}) };
}

function toState(e: EvalRetrieveResponse) {
  return {
    name: e.name,
    metadata: metadataOut(e.metadata),
    data_source_config: configOut(e.data_source_config),
    testing_criteria: e.testing_criteria.map(graderOut),
    schema: e.data_source_config.schema,
    created_at: e.created_at,
  };
}

export const evaluation = defineResource({
  name: 'eval',
  description:
    'An eval: the graders (`testing_criteria`) that judge items of a data source, and the schema of those items ' +
    '(`data_source_config`). Runs (resource `eval_run`) grade data against it. `name` and `metadata` update in ' +
    'place; any other change replaces the eval (the API cannot change them), and with it its runs.',
  key: 'project',
  properties,
  import: importById('eval_'),
  example: {
    name: 'Sentiment',
    data_source_config: {
      type: 'custom',
      item_schema: { type: 'object', properties: { text: { type: 'string' }, label: { type: 'string' } }, required: ['text', 'label'] },
      include_sample_schema: true,
    },
    testing_criteria: [{ type: 'string_check', name: 'Match label', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' }],
  },
  handlers: {
    async create(ctx, inputs) {
      const body: EvalCreateParams = {
        data_source_config: configIn(inputs.data_source_config),
        testing_criteria: gradersIn(inputs.testing_criteria),
        ...compact({ name: inputs.name, metadata: inputs.metadata }),
      };
      const e = await ctx.createOnce((opts) => ctx.openai.evals.create(body, opts), {
        find: (since) =>
          findSince(
            ctx.openai.evals.list({ order: 'desc', limit: 100 }),
            since,
            (x) => (body.name === undefined || x.name === body.name) && sameJson(metadataOut(x.metadata), body.metadata ?? null),
          ),
        // an earlier run's create whose answer arrived: by its id
        retrieve: (id) => unlessNotFound(ctx.openai.evals.retrieve(id)),
      });
      return { id: e.id, state: toState(e) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.evals.retrieve(id));
    },
    async update(ctx, id, _olds, news, changed) {
      const patch = {
        ...(changed.includes('name') && news.name !== undefined ? { name: news.name } : {}),
        ...(changed.includes('metadata') ? { metadata: news.metadata ?? {} } : {}),
      };
      return toState(await ctx.openai.evals.update(id, patch));
    },
    async delete(ctx, id) {
      await ctx.openai.evals.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const e of ctx.openai.evals.list({ limit: 100 })) out.push({ id: e.id, state: toState(e) });
      return out;
    },
  },
});
