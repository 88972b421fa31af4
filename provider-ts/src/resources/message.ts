import type { Message, MessageContentPartParam, MessageCreateParams } from 'openai/resources/beta/threads/messages';
import { defineResource, p, type InputValue, type StateValue } from '../spec/define';
import type { Failure } from '../spec/types';
import { ASSISTANTS_DEPRECATION, ASSISTANTS_SUNSET } from './assistant';
import { findSince, importById, member, metadataOut, sameJson, splitId } from './common';
import { named } from '../spec/names';

const part = p.object(
  {
    type: p.string({ description: '`text`, `image_file` or `image_url`.', required: true, enum: ['text', 'image_file', 'image_url'] }),
    text: p.string({ description: 'The text, for `text` parts.' }),
    image_file: p.object(
      {
        file_id: p.string({ description: 'Id of an uploaded image file (purpose `vision`).', required: true }),
        detail: p.string({ description: '`auto`, `low` or `high`.', enum: ['auto', 'low', 'high'], computed: true }),
      },
      { description: 'The image, for `image_file` parts.' },
    ),
    image_url: p.object(
      {
        url: p.string({ description: 'URL of the image.', required: true, pattern: { regex: 'https?://.+', says: 'an http(s) URL' } }),
        detail: p.string({ description: '`auto`, `low` or `high`.', enum: ['auto', 'low', 'high'], computed: true }),
      },
      { description: 'The image, for `image_url` parts.' },
    ),
  },
  {
    description: 'A content part',
    refine: (v) => {
      const t = String(v['type']);
      return ['text', 'image_file', 'image_url']
        .filter((k) => (k === t) !== Boolean(v[k]))
        .map((k) => ({
          path: [k],
          message: k === t ? `is required for a part of type "${t}"` : `is only allowed on a part of type "${k}"`,
        }));
    },
  },
);

function partsOut(m: Message): StateValue<typeof part>[] {
  return m.content.map((c) => {
    if (c.type === 'text') return { type: 'text', text: c.text.value };
    if (c.type === 'image_file') return { type: 'image_file', image_file: { ...c.image_file } };
    if (c.type === 'image_url') return { type: 'image_url', image_url: { ...c.image_url } };
    return { type: c.type };
  });
}

/** `prior`: the configuration (on create) or the saved state, whichever says how the content was given. */
function toState(m: Message, prior: { readonly content_parts?: unknown } | undefined) {
  const parts = partsOut(m);
  // Text given as `content` reads back as `content`; anything else as parts.
  const asText = !prior?.['content_parts'] && parts.length === 1 && parts[0]!['type'] === 'text';
  return {
    thread_id: m.thread_id,
    role: m.role,
    content: asText ? (parts[0]!.text ?? null) : null,
    content_parts: asText ? null : parts,
    attachments: m.attachments?.length ? m.attachments : null,
    metadata: metadataOut(m.metadata),
    created_at: m.created_at,
    run_id: m.run_id ?? null,
    assistant_id: m.assistant_id ?? null,
  };
}

function contentIn(inputs: { readonly content?: string; readonly content_parts?: InputValue<typeof part>[] }): MessageCreateParams['content'] {
  if (typeof inputs.content === 'string') return inputs.content;
  // The spec's rules give exactly one of content and content_parts, and each part the member its type names; the
  // SDK's union of parts says that by type.
  return (inputs.content_parts ?? []).map((pt): MessageContentPartParam => {
    if (pt.type === 'text') return { type: 'text', text: member(pt.text, 'text part') };
    if (pt.type === 'image_file') return { type: 'image_file', image_file: member(pt.image_file, 'image_file part') };
    return { type: 'image_url', image_url: member(pt.image_url, 'image_url part') };
  });
}

export const message = defineResource({
  name: 'message',
  description:
    'A message in a thread of the legacy Assistants API. Only `metadata` changes in place; any other change ' +
    'replaces the message. ' +
    ASSISTANTS_DEPRECATION,
  deprecated: ASSISTANTS_DEPRECATION,
  sunset: ASSISTANTS_SUNSET,
  key: 'project',
  properties: {
    thread_id: p.string({
      description: 'The thread the message belongs to.',
      required: true,
      replaceOnChange: true,
      pattern: { regex: 'thread_[A-Za-z0-9_-]+', says: 'a thread id (thread_…)' },
    }),
    role: p.string({ description: '`user` (default) or `assistant`.', enum: ['user', 'assistant'], default: 'user', replaceOnChange: true }),
    content: p.string({ description: 'The text of the message. Exactly one of `content` and `content_parts`.', minLength: 1, replaceOnChange: true }),
    content_parts: p.list(part, {
      description: 'Content as parts (text and images). Exactly one of `content` and `content_parts`.',
      minItems: 1,
      replaceOnChange: true,
    }),
    attachments: p.list(
      p.object(
        {
          file_id: p.string({ description: 'Id of the attached file.', required: true }),
          tools: p.list(
            p.object(
              { type: p.string({ description: '`code_interpreter` or `file_search`.', required: true, enum: ['code_interpreter', 'file_search'] }) },
              { description: 'A tool' },
            ),
            { description: 'Tools the file is added to.', minItems: 1 },
          ),
        },
        { description: 'An attachment' },
      ),
      { description: 'Files attached to the message and the tools they are added to.', replaceOnChange: true },
    ),
    metadata: p.metadata(),
    created_at: p.integer({ description: 'Unix time (seconds) the message was created.', output: true, stable: true }),
    run_id: p.string({ description: 'The run that wrote the message, for assistant replies.', output: true }),
    assistant_id: p.string({ description: 'The assistant that wrote the message, for replies.', output: true }),
  },
  refine: (inputs) => {
    const has = (k: string) => inputs[k] !== undefined && inputs[k] !== null;
    return has('content') === has('content_parts')
      ? [{ path: ['content'], message: `set exactly one of ${named('content')} (text) and ${named('content_parts')}` } satisfies Failure]
      : [];
  },
  import: { ...importById('thread_', 'msg_'), parts: ['thread_id', 'message_id'] },
  example: { thread_id: '${thread.id}', role: 'user', content: 'I need to solve the equation `3x + 11 = 14`. Can you help me?' },
  handlers: {
    async create(ctx, inputs) {
      const threadId = inputs.thread_id;
      const body: MessageCreateParams = {
        role: inputs.role,
        content: contentIn(inputs),
        ...(inputs.attachments ? { attachments: inputs.attachments } : {}),
        ...(inputs.metadata ? { metadata: inputs.metadata } : {}),
      };
      const text = typeof body.content === 'string' ? body.content : undefined;
      const m = await ctx.createOnce((opts) => ctx.openai.beta.threads.messages.create(threadId, body, opts), {
        find: (since) =>
          findSince(ctx.openai.beta.threads.messages.list(threadId, { order: 'desc', limit: 100 }), since, (x) => {
            const first = x.content[0];
            const sameText = text === undefined || (first?.type === 'text' && first.text.value === text);
            return x.role === body.role && sameText && sameJson(metadataOut(x.metadata), body.metadata ?? null);
          }),
      });
      return { id: `${threadId}/${m.id}`, state: toState(m, inputs) };
    },
    async read(ctx, id, prior) {
      const [threadId, messageId] = splitId(id);
      return toState(await ctx.openai.beta.threads.messages.retrieve(messageId, { thread_id: threadId }), prior);
    },
    async update(ctx, id, olds, news) {
      const [threadId, messageId] = splitId(id);
      const m = await ctx.openai.beta.threads.messages.update(messageId, { thread_id: threadId, metadata: news.metadata ?? {} });
      return toState(m, olds);
    },
    async delete(ctx, id) {
      const [threadId, messageId] = splitId(id);
      await ctx.openai.beta.threads.messages.delete(messageId, { thread_id: threadId });
    },
    async list(ctx, args) {
      const threadId = args.thread_id;
      const out = [];
      for await (const m of ctx.openai.beta.threads.messages.list(threadId, { order: 'asc', limit: 100 }))
        out.push({ id: `${threadId}/${m.id}`, state: toState(m, undefined) });
      return out;
    },
  },
  listArgs: { thread_id: p.string({ description: 'The thread whose messages to list.', required: true }) },
});
