import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileObject } from 'openai/resources/files';
import { defineResource, p } from '../spec/define';
import type { Failure, HandlerContext, Value } from '../spec/types';
import { UNKNOWN, isUnknown } from '../spec/types';
import { sdk } from '../client/sdk';
import { findSince, importById } from './common';
import { MAX_PART_BYTES, UPLOAD_PURPOSES, uploadInParts } from './file-upload';
import { OpenAIIacError } from '../client/errors';
import { named } from '../spec/names';

const PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;

export function contentOf(inputs: { [k: string]: Value }): Buffer | typeof UNKNOWN | undefined {
  const { source, content } = inputs;
  if (isUnknown(source) || isUnknown(content)) return UNKNOWN;
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (typeof source === 'string') {
    try {
      return readFileSync(source);
    } catch (e) {
      const failure: Failure & Error = Object.assign(
        new Error(`cannot read '${source}': ${e instanceof Error && 'code' in e ? String(e.code) : String(e)}`),
        {
          path: ['source'],
        },
      );
      throw failure;
    }
  }
  return undefined;
}

function toState(f: FileObject) {
  return {
    filename: f.filename,
    purpose: f.purpose,
    bytes: f.bytes,
    created_at: f.created_at,
    expires_at: f.expires_at ?? null,
    // The API returns only the deadline; the policy that produced it is recovered from it.
    expires_after: f.expires_at ? { anchor: 'created_at', seconds: f.expires_at - f.created_at } : null,
    status: f.status ?? null,
  };
}

function filenameOf(inputs: { readonly filename?: string; readonly source?: string }): string {
  return typeof inputs.filename === 'string' ? inputs.filename : basename(String(inputs.source));
}

export const file = defineResource({
  name: 'file',
  description:
    'A file uploaded to OpenAI, from a local path (`source`) or inline `content`. Files are immutable: any ' +
    'change of what is uploaded, including a change of the content at `source` (tracked by its sha256), replaces ' +
    'the file (`upload_part_bytes`, how it is sent, changes in place). Content ' +
    'larger than `upload_part_bytes` (64 MiB by default) goes through the Uploads API in parts, with progress in ' +
    'bytes; an apply interrupted midway is resumed by the next apply, which sends only the missing parts.',
  key: 'project',
  properties: {
    source: p.string({
      description: 'Path of a local file to upload. Exactly one of `source` and `content`.',
      minLength: 1,
      replaceOnChange: true,
      writeOnly: true,
    }),
    content: p.string({
      description: 'Inline content to upload (UTF-8). Exactly one of `source` and `content`.',
      replaceOnChange: true,
      writeOnly: true,
    }),
    filename: p.string({
      description: 'The file name OpenAI shows. Defaults to the base name of `source`; required with `content`.',
      computed: true,
      minLength: 1,
      maxLength: 512,
      replaceOnChange: true,
    }),
    purpose: p.string({ description: 'The intended purpose of the file.', required: true, enum: PURPOSES, replaceOnChange: true }),
    expires_after: p.object(
      {
        anchor: p.string({ description: 'Anchor of the expiry: `created_at`.', enum: ['created_at'], default: 'created_at' }),
        seconds: p.integer({
          description: 'Seconds after the anchor at which the file expires (3600 to 2592000).',
          required: true,
          min: 3600,
          max: 2_592_000,
        }),
      },
      {
        description: 'Expiration policy. Unset, the API chooses: batch files expire after 30 days, others never (read back as set).',
        computed: true,
        replaceOnChange: true,
      },
    ),
    upload_part_bytes: p.integer({
      description:
        'Content larger than this many bytes is sent through the Uploads API in parts of this size (at most 64 MiB, ' +
        'the default): resumable, and past the 512 MB a single request takes, up to 8 GB. Smaller content is sent ' +
        'in one request. Changing it changes nothing in OpenAI.',
      min: 1,
      max: MAX_PART_BYTES,
      writeOnly: true,
    }),
    sha256: p.string({
      description: 'SHA-256 of the uploaded content, computed locally; a change replaces the file.',
      output: true,
      replaceOnChange: true,
      derive: (inputs) => {
        const c = contentOf(inputs);
        return c === UNKNOWN ? UNKNOWN : c ? createHash('sha256').update(c).digest('hex') : undefined;
      },
    }),
    bytes: p.integer({ description: 'Size of the file in bytes.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the file was created.', output: true, stable: true }),
    expires_at: p.integer({ description: 'Unix time (seconds) the file expires, if it does.', output: true }),
    status: p.string({ description: 'Deprecated by OpenAI: `uploaded`, `processed` or `error`.', output: true }),
  },
  refine: (inputs) => {
    const has = (k: string) => inputs[k] !== undefined && inputs[k] !== null;
    if (has('source') === has('content')) {
      return [{ path: ['source'], message: `set exactly one of ${named('source')} (a local path) and ${named('content')} (inline text)` }];
    }
    if (has('content') && !has('filename'))
      return [{ path: ['filename'], message: `is required with ${named('content')}: name the file, e.g. "notes.md"` }];
    return [];
  },
  import: importById('file-'),
  example: { source: './docs/handbook.md', purpose: 'assistants' },
  handlers: {
    async create(ctx: HandlerContext, inputs) {
      const body = contentOf(inputs);
      if (!body || body === UNKNOWN) throw new Error('file: no content to upload');
      const filename = filenameOf(inputs);
      const purpose = inputs.purpose;
      const expires = inputs.expires_after;
      const partBytes = inputs.upload_part_bytes ?? MAX_PART_BYTES;
      const inParts = body.length > partBytes;
      if (inParts && !UPLOAD_PURPOSES.includes(purpose)) {
        throw new OpenAIIacError(
          'validation',
          `file ${filename}: its ${body.length} bytes exceed upload_part_bytes (${partBytes}), but the Uploads API does not take purpose ` +
            `'${purpose}' (only ${UPLOAD_PURPOSES.join(', ')}): raise upload_part_bytes to send it in one request (up to 512 MB)`,
        );
      }
      const single = async (opts: { maxRetries: 0 }) =>
        ctx.openai.files.create({ file: await sdk().toFile(body, filename), purpose, ...(expires ? { expires_after: expires } : {}) }, opts);
      const f = await ctx.createOnce(inParts ? uploadInParts(ctx, { body, filename, purpose, expiresAfter: expires, partBytes }) : single, {
        find: (since) =>
          findSince(ctx.openai.files.list({ purpose, order: 'desc', limit: 100 }), since, (x) => x.filename === filename && x.bytes === body.length),
      });
      return { id: f.id, state: toState(f) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.files.retrieve(id));
    },
    // Only `upload_part_bytes` changes in place (every other input replaces): how a future upload is sent.
    async update(ctx, id) {
      return toState(await ctx.openai.files.retrieve(id));
    },
    async delete(ctx, id) {
      await ctx.openai.files.delete(id);
    },
    async list(ctx, args) {
      const purpose = args.purpose;
      const out = [];
      for await (const f of ctx.openai.files.list(purpose ? { purpose, limit: 100 } : { limit: 100 })) out.push({ id: f.id, state: toState(f) });
      return out;
    },
  },
  listArgs: { purpose: p.string({ description: 'Only files with this purpose.' }) },
});
