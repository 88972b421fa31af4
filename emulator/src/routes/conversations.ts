// Conversations and their items. Message items are stored as the Responses API returns them; other item types
// (tool calls, reasoning …) are answered 501 rather than stored approximately.

import { ApiError, notFound } from '../errors';
import { idMinter } from '../ids';
import type { ScopedRec } from '../store';
import { applyFields, insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = {
  conversation: { prefix: 'conv_', alphabet: 'hex', length: 48 },
  conversation_item: { prefix: 'msg_', alphabet: 'hex', length: 48 },
} as const;
const newId = idMinter(IDS);

interface InputMessage {
  type?: 'message';
  role: string;
  content: string | Record<string, unknown>[];
}

function ownConversation(ctx: Ctx): ScopedRec {
  const id = ctx.params['conversation_id'] as string;
  return ownRecord(ctx, ctx.store.tables.conversations, id, () => notFound('conversation', id));
}

function itemContent(message: InputMessage): unknown[] {
  if (typeof message.content !== 'string') return message.content;
  return message.role === 'assistant'
    ? [{ type: 'output_text', text: message.content, annotations: [], logprobs: [] }]
    : [{ type: 'input_text', text: message.content }];
}

/** Checks every item first (all-or-nothing), then stores them; returns the stored items. */
function addItems(ctx: Ctx, conversationId: string, items: Record<string, unknown>[]): ScopedRec[] {
  items.forEach((item, i) => {
    if ((item['type'] ?? 'message') !== 'message' || !('role' in item)) {
      throw new ApiError(
        501,
        `The OpenAI emulator stores only message items in conversations; items[${i}] has type '${String(item['type'])}'.`,
        'invalid_request_error',
        `items[${i}].type`,
        'not_implemented',
        { 'x-should-retry': 'false' },
      );
    }
  });
  return items.map((item) => {
    const message = item as unknown as InputMessage;
    return insert(ctx, ctx.store.tables.conversation_items, {
      id: newId('conversation_item'),
      type: 'message',
      status: 'completed',
      role: message.role,
      content: itemContent(message),
      _project: ctx.projectId,
      _conversation: conversationId,
    });
  });
}

const itemsOf = (ctx: Ctx, conversationId: string): ScopedRec[] =>
  ownRecords(ctx, ctx.store.tables.conversation_items).filter((i) => i['_conversation'] === conversationId);

function ownItem(ctx: Ctx): ScopedRec {
  const conversation = ownConversation(ctx);
  const id = ctx.params['item_id'] as string;
  const item = ctx.store.tables.conversation_items[id];
  if (!item || item['_conversation'] !== conversation.id) throw notFound('item', id);
  return item;
}

const CONVERSATION = '/conversations/{conversation_id}';

const conversationRoutes: Route[] = [
  post('/conversations', (ctx) => {
    const conversation = insert(ctx, ctx.store.tables.conversations, {
      id: newId('conversation'),
      object: 'conversation',
      created_at: ctx.now,
      metadata: ctx.body['metadata'] ?? {},
      _project: ctx.projectId,
    });
    addItems(ctx, conversation.id, (ctx.body['items'] as Record<string, unknown>[] | null | undefined) ?? []);
    return view(conversation);
  }),
  get(CONVERSATION, (ctx) => view(ownConversation(ctx))),
  post(CONVERSATION, (ctx) => view(applyFields(ctx, ownConversation(ctx), ctx.body, ['metadata']))),
  del(CONVERSATION, (ctx) => {
    const conversation = ownConversation(ctx);
    for (const item of itemsOf(ctx, conversation.id)) delete ctx.store.tables.conversation_items[item.id];
    return remove(ctx, ctx.store.tables.conversations, conversation.id, conversation.id, 'conversation.deleted');
  }),
  post(`${CONVERSATION}/items`, (ctx) => {
    const stored = addItems(ctx, ownConversation(ctx).id, ctx.body['items'] as Record<string, unknown>[]);
    return { object: 'list', data: stored.map(view), first_id: stored[0]?.id ?? null, last_id: stored.at(-1)?.id ?? null, has_more: false };
  }),
  get(`${CONVERSATION}/items`, (ctx) => paginate(ctx, itemsOf(ctx, ownConversation(ctx).id), (i) => i.id, view)),
  get(`${CONVERSATION}/items/{item_id}`, (ctx) => view(ownItem(ctx))),
  del(`${CONVERSATION}/items/{item_id}`, (ctx) => {
    const item = ownItem(ctx);
    delete ctx.store.tables.conversation_items[item.id];
    ctx.store.markDirty();
    return view(ownConversation(ctx));
  }),
];

const TABLES = { conversations: table<ScopedRec>(), conversation_items: table<ScopedRec>() };

export const conversations: EmulatorModule<typeof TABLES> = {
  name: 'conversations',
  serves: {
    conversation: { path: '/conversations', id: 'conversation' },
    conversation_item: { path: '/conversations/{conversation_id}/items', id: 'conversation_item' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { conversations: (t) => rows(t.conversations), conversation_items: (t) => rows(t.conversation_items) },
  routes: conversationRoutes,
};
