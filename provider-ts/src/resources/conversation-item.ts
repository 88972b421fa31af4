// One item of a conversation (`conv_…/msg_…`), so that seeded history is managed item by item. Items have no update:
// every change replaces the item.
import type { ConversationItem } from 'openai/resources/conversations/items';
import type { EasyInputMessage } from 'openai/resources/responses/responses';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { OpenAIIacError } from '../client/errors';
import { answerFor, importById, splitId, unlessNotFound } from './common';
import { named, namedResource } from '../spec/names';

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;
const CONVERSATION_ID = { regex: 'conv_[A-Za-z0-9_-]+', says: 'a conversation id (conv_…)' };

/** The text of a message item: its text parts, joined; null for an item that is not a text message. */
function textOf(item: ConversationItem): string | null {
  if (item.type !== 'message') return null;
  const texts = item.content.map((c) => ('text' in c && typeof c.text === 'string' ? c.text : null));
  return texts.length > 0 && texts.every((t) => t !== null) ? texts.join('') : null;
}

function toState(conversationId: string, item: ConversationItem) {
  return {
    conversation_id: conversationId,
    item_id: item.id ?? null,
    type: item.type,
    role: item.type === 'message' ? item.role : null,
    content: textOf(item),
    status: 'status' in item && typeof item.status === 'string' ? item.status : null,
  };
}

/** The conversation's items newest first, down to (not including) `stop`. */
async function itemsAfter(ctx: HandlerContext, conversationId: string, stop: string | undefined): Promise<ConversationItem[]> {
  const out: ConversationItem[] = [];
  for await (const item of ctx.openai.conversations.items.list(conversationId, { order: 'desc', limit: 100 })) {
    if (item.id === stop) break;
    out.push(item);
  }
  return out;
}

/**
 * The newest item's id: what a lost create answer's item would be newer than. A conversation that is not there has
 * no items (the create then fails on its own 404, which no look-up follows).
 */
async function newestItem(ctx: HandlerContext, conversationId: string): Promise<string | undefined> {
  const page = await unlessNotFound(ctx.openai.conversations.items.list(conversationId, { order: 'desc', limit: 1 }));
  return page?.data[0]?.id;
}

export const conversationItem = defineResource({
  name: 'conversation_item',
  description:
    'One item (a text message) added to an existing conversation, so that the history a conversation is seeded ' +
    'with can be managed item by item. Items cannot be changed: any change replaces the item (the old one is ' +
    'deleted and the new one appended at the end of the conversation). Deleting removes the item from the ' +
    'conversation; a deleted conversation takes its items with it (they then read as gone).',
  key: 'project',
  properties: {
    conversation_id: p.string({
      description: 'The conversation to add the item to.',
      required: true,
      replaceOnChange: true,
      pattern: CONVERSATION_ID,
    }),
    type: p.string({ description: 'The type of the item: `message`.', enum: ['message'], default: 'message', replaceOnChange: true }),
    role: p.string({ description: '`user`, `assistant`, `system` or `developer`.', required: true, enum: ROLES, replaceOnChange: true }),
    content: p.string({ description: 'The text of the message.', required: true, minLength: 1, replaceOnChange: true }),
    item_id: p.string({ description: 'The id of the item in the conversation (`msg_…`).', output: true }),
    status: p.string({ description: 'Status of the item: `in_progress`, `completed` or `incomplete`.', output: true }),
  },
  unsupported: {
    items: `is one item here: use one ${namedResource('conversation_item')} per message, or the ${named('items')} of the ${namedResource('conversation')} resource`,
    text: `is ${named('content')} here: the text of the message`,
  },
  // An item is always appended: replacing deletes the old one first, so the conversation never holds both.
  deleteBeforeReplace: true,
  import: importById('conv_', 'msg_'),
  idParts: ['conversation_id', 'item_id'],
  dataSources: { listAttribute: 'items' },
  example: { conversation_id: '${conversation.id}', role: 'developer', content: 'Answer in French.' },
  handlers: {
    async create(ctx, inputs) {
      const conversationId = inputs.conversation_id;
      const message: EasyInputMessage = { type: 'message', role: inputs.role, content: inputs.content };
      const items = ctx.openai.conversations.items;
      // Items carry no timestamp: a lost answer's item is one newer than the newest item before the send. A look-up
      // for an earlier run (its start before this one's) can only trust the newest item.
      const startedMs = Date.now();
      const before = await newestItem(ctx, conversationId);
      const matches = (x: ConversationItem) => x.type === 'message' && x.role === message.role && textOf(x) === message.content;
      const item = await ctx.createOnce(
        async (opts) => {
          const list = await items.create(conversationId, { items: [message] }, opts);
          const created = list.data[0];
          if (!created?.id)
            throw new OpenAIIacError('api', `conversation_item: OpenAI's answer is malformed: it holds no item (conversation ${conversationId})`);
          return { ...created, id: created.id };
        },
        {
          find: async (since) => {
            const found =
              since >= startedMs ? await itemsAfter(ctx, conversationId, before) : (await itemsAfter(ctx, conversationId, undefined)).slice(0, 1);
            return found.filter(matches).map((x) => ({ ...x, id: x.id ?? '' }));
          },
          retrieve: (id) => unlessNotFound(items.retrieve(id, { conversation_id: conversationId })).then((x) => (x ? { ...x, id } : null)),
        },
      );
      return { id: `${conversationId}/${item.id}`, state: toState(conversationId, item) };
    },
    async read(ctx, id) {
      const [conversationId, itemId] = splitId(id);
      const item = await ctx.openai.conversations.items.retrieve(itemId, { conversation_id: conversationId });
      // An item has no timestamp the core could miss: an empty or foreign answer is refused here, never saved.
      return toState(conversationId, answerFor('conversation_item', itemId, item));
    },
    async delete(ctx, id) {
      const [conversationId, itemId] = splitId(id);
      await ctx.openai.conversations.items.delete(itemId, { conversation_id: conversationId });
    },
    async list(ctx, args) {
      const conversationId = args.conversation_id;
      const out = [];
      for await (const item of ctx.openai.conversations.items.list(conversationId, { order: 'asc', limit: 100 })) {
        if (item.id) out.push({ id: `${conversationId}/${item.id}`, state: toState(conversationId, item) });
      }
      return out;
    },
  },
  listArgs: { conversation_id: p.string({ description: 'The conversation whose items to list.', required: true, pattern: CONVERSATION_ID }) },
});
