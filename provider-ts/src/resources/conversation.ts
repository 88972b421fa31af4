import type { Conversation, ConversationCreateParams } from 'openai/resources/conversations/conversations';
import { defineResource, p } from '../spec/define';
import { compact, importById, metadataOut, unlessNotFound } from './common';
import { named } from '../spec/names';

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;

function toState(c: Conversation) {
  // The SDK types a conversation's metadata as `unknown`; the API's is the usual string map.
  const metadata = c.metadata !== null && typeof c.metadata === 'object' ? Object.entries(c.metadata) : [];
  return {
    metadata: metadataOut(Object.fromEntries(metadata.filter((kv): kv is [string, string] => typeof kv[1] === 'string'))),
    created_at: c.created_at,
  };
}

const NOT_HERE = (what: string) =>
  `is not part of a conversation: ${what} is chosen per response (Responses API \`model\`/\`instructions\`, or a prompt), ` +
  'and the conversation only holds the items';

export const conversation = defineResource({
  name: 'conversation',
  description:
    'A conversation of the Responses API: durable state that responses read and append to. Initial `items` (text ' +
    'messages) are sent once at creation and never read back; a change of them replaces the conversation with a new one ' +
    'holding the new items. `metadata` changes in place. Items added later by responses are not managed here.',
  key: 'project',
  properties: {
    items: p.list(
      p.object(
        {
          role: p.string({ description: '`user` (default), `assistant`, `system` or `developer`.', enum: ROLES, default: 'user' }),
          content: p.string({ description: 'The text of the message.', required: true, minLength: 1 }),
        },
        { description: 'A message item' },
      ),
      {
        description: 'Messages the conversation starts with (at most 20). Sent only at creation; the API does not return them here.',
        writeOnly: true,
        replaceOnChange: true,
        maxItems: 20,
      },
    ),
    metadata: p.metadata(),
    created_at: p.integer({ description: 'Unix time (seconds) the conversation was created.', output: true, stable: true }),
  },
  unsupported: {
    messages: `is ${named('items')} in the Conversations API: a list of { role, content } messages`,
    model: NOT_HERE('the model'),
    instructions: NOT_HERE('the instructions'),
  },
  import: importById('conv_'),
  example: {
    items: [
      { role: 'developer', content: 'Answer in French.' },
      { role: 'user', content: 'Hello!' },
    ],
    metadata: { topic: 'demo' },
  },
  handlers: {
    async create(ctx, inputs) {
      const items = inputs.items ?? [];
      const body: ConversationCreateParams = compact({
        items: items.length > 0 ? items.map((i) => ({ type: 'message' as const, role: i.role, content: i.content })) : undefined,
        metadata: inputs.metadata,
      });
      // Conversations cannot be listed: after an ambiguous failure nothing can be looked up, so nothing is resent; a
      // conversation whose answer reached an earlier, killed run is found by its id.
      const c = await ctx.createOnce((opts) => ctx.openai.conversations.create(body, opts), {
        retrieve: (id) => unlessNotFound(ctx.openai.conversations.retrieve(id)),
      });
      return { id: c.id, state: toState(c) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.conversations.retrieve(id));
    },
    async update(ctx, id, _olds, news) {
      return toState(await ctx.openai.conversations.update(id, { metadata: news.metadata ?? {} }));
    },
    async delete(ctx, id) {
      await ctx.openai.conversations.delete(id);
    },
  },
});
