import type { Thread, ThreadCreateParams } from 'openai/resources/beta/threads/threads';
import { defineResource, p } from '../spec/define';
import { ASSISTANTS_DEPRECATION, ASSISTANTS_SUNSET, toolResources } from './assistant';
import { compact, importById, metadataOut } from './common';

function toState(t: Thread) {
  return {
    tool_resources: t.tool_resources ?? null,
    metadata: metadataOut(t.metadata),
    created_at: t.created_at,
  };
}

const initialMessage = p.object(
  {
    role: p.string({ description: '`user` or `assistant`.', enum: ['user', 'assistant'], default: 'user' }),
    content: p.string({ description: 'The text of the message.', required: true, minLength: 1 }),
    metadata: p.metadata(),
  },
  { description: 'A message' },
);

export const thread = defineResource({
  name: 'thread',
  description:
    'A conversation thread of the legacy Assistants API. Initial `messages` are sent once at creation (a change ' +
    'replaces the thread); add later messages with the `message` resource. ' +
    ASSISTANTS_DEPRECATION,
  deprecated: ASSISTANTS_DEPRECATION,
  sunset: ASSISTANTS_SUNSET,
  key: 'project',
  properties: {
    messages: p.list(initialMessage, {
      description: 'Messages the thread starts with. Sent only at creation; the API does not return them here.',
      writeOnly: true,
      replaceOnChange: true,
      maxItems: 32,
    }),
    tool_resources: toolResources('thread'),
    metadata: p.metadata(),
    created_at: p.integer({ description: 'Unix time (seconds) the thread was created.', output: true, stable: true }),
  },
  import: importById('thread_'),
  example: { messages: [{ role: 'user', content: 'I need to solve the equation `3x + 11 = 14`. Can you help me?' }], metadata: { topic: 'algebra' } },
  handlers: {
    async create(ctx, inputs) {
      const body: ThreadCreateParams = compact({
        messages: inputs.messages,
        tool_resources: inputs.tool_resources,
        metadata: inputs.metadata,
      });
      // Threads cannot be listed: after an ambiguous failure nothing can be looked up, so nothing is resent.
      const t = await ctx.createOnce((opts) => ctx.openai.beta.threads.create(body, opts), undefined);
      return { id: t.id, state: toState(t) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.beta.threads.retrieve(id));
    },
    async update(ctx, id, _olds, news, changed) {
      return toState(
        await ctx.openai.beta.threads.update(id, {
          ...(changed.includes('metadata') ? { metadata: news.metadata ?? {} } : {}),
          ...(changed.includes('tool_resources') ? { tool_resources: news.tool_resources ?? {} } : {}),
        }),
      );
    },
    async delete(ctx, id) {
      await ctx.openai.beta.threads.delete(id);
    },
  },
});
