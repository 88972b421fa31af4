// A file sent through the Uploads API: POST /uploads, then its parts, then POST /uploads/{id}/complete with the
// part ids in order and the md5 of the whole content (the API refuses a mismatch). Resumable: after every step the
// upload's id and the ids of the parts sent so far are saved in the create journal (CreateCheckpoint), so a run
// interrupted midway (killed, cancelled, cut off) is continued by the next apply, which sends only the missing
// parts and completes the same upload — one file, never two. An upload that expired (they live an hour), was
// cancelled, or whose content or part size changed since is begun again. A failure that can still be resumed
// cancels nothing; a final refusal (the API's 4xx on a part or on the completion) cancels the upload.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { FileObject, FilePurpose } from 'openai/resources/files';
import { classify } from '../client/create-once';
import { OpenAIIacError } from '../client/errors';
import { sdk } from '../client/sdk';
import type { CreateCheckpoint, HandlerContext, JsonObject } from '../spec/types';

/** The API's largest part, and the default part size. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
/** The purposes the Uploads API takes (CreateUploadRequest). */
export const UPLOAD_PURPOSES: readonly string[] = ['assistants', 'batch', 'fine-tune', 'vision'];
/** An upload within this long of its expiry is not resumed (its remaining parts might not make it). */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** The API requires a MIME type that fits the purpose: inferred from the file name's extension. */
const MIME_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.json': 'application/json',
  '.jsonl': 'application/jsonl',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};
const mimeTypeOf = (filename: string): string => MIME_TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';

/** What the journal keeps of an upload in progress. */
interface Saved extends JsonObject {
  upload_id: string;
  /** Epoch ms the upload expires. */
  expires_ms: number;
  sha256: string;
  bytes: number;
  part_bytes: number;
  /** The ids of the parts sent, by index (null: not sent yet). */
  part_ids: (string | null)[];
}

function isSaved(v: JsonObject | undefined): v is Saved {
  return (
    v !== undefined &&
    typeof v['upload_id'] === 'string' &&
    typeof v['expires_ms'] === 'number' &&
    typeof v['sha256'] === 'string' &&
    typeof v['bytes'] === 'number' &&
    typeof v['part_bytes'] === 'number' &&
    Array.isArray(v['part_ids'])
  );
}

/** `128/512 MB`, `3/32 bytes`: the amounts in the unit that suits the total. */
function amount(done: number, total: number): string {
  const [unit, size] = total >= 1024 * 1024 ? ['MB', 1024 * 1024] : total >= 1024 ? ['KB', 1024] : ['bytes', 1];
  const show = (n: number) => (size === 1 ? String(n) : String(Math.round((n / size) * 10) / 10));
  return `${show(done)}/${show(total)} ${unit}`;
}

interface UploadRequest {
  body: Buffer;
  filename: string;
  purpose: FilePurpose;
  expiresAfter: { anchor: 'created_at'; seconds: number } | undefined;
  partBytes: number;
}

/**
 * A `send` for ctx.createOnce: called again after an ambiguous failure in this process (then it continues from
 * where this process got, in `state`), or by the next run with the journal's checkpoint.
 */
export function uploadInParts(ctx: HandlerContext, req: UploadRequest) {
  const sha256 = createHash('sha256').update(req.body).digest('hex');
  const md5 = createHash('md5').update(req.body).digest('hex');
  const count = Math.max(1, Math.ceil(req.body.length / req.partBytes));
  let current: Saved | undefined;
  /** Whether `current` was begun by this run (a refusal is then final) or resumed from an earlier one. */
  let resumedUpload = false;
  let first = true;

  const cancel = async (uploadId: string) => {
    try {
      await ctx.openai.uploads.cancel(uploadId);
    } catch (e) {
      ctx.debug(
        `file ${req.filename}: cancelling upload ${uploadId} failed (${e instanceof Error ? e.message : String(e)}); it expires within the hour`,
      );
    }
  };

  return async (opts: { maxRetries: 0 }, checkpoint: CreateCheckpoint): Promise<FileObject> => {
    if (first) {
      first = false;
      const earlier = checkpoint.resumed;
      if (isSaved(earlier)) {
        const same =
          earlier.sha256 === sha256 && earlier.bytes === req.body.length && earlier.part_bytes === req.partBytes && earlier.part_ids.length === count;
        if (same && earlier.expires_ms - EXPIRY_MARGIN_MS > Date.now()) {
          current = earlier;
          resumedUpload = true;
          const sent = earlier.part_ids.filter((id) => id !== null).length;
          ctx.progress(`file ${req.filename}: resuming upload ${earlier.upload_id} (${sent}/${count} parts already sent)`);
        } else {
          ctx.debug(
            `file ${req.filename}: the interrupted upload ${earlier.upload_id} ${same ? 'expires too soon' : 'was of other content'}; starting again`,
          );
          if (!same) await cancel(earlier.upload_id);
          checkpoint.save(null);
        }
      }
    }
    for (;;) {
      ctx.signal?.throwIfAborted();
      if (!current) {
        const up = await ctx.openai.uploads.create(
          {
            bytes: req.body.length,
            filename: req.filename,
            mime_type: mimeTypeOf(req.filename),
            purpose: req.purpose,
            ...(req.expiresAfter ? { expires_after: req.expiresAfter } : {}),
          },
          ctx.signal ? { signal: ctx.signal } : {},
        );
        current = {
          upload_id: up.id,
          expires_ms: up.expires_at * 1000,
          sha256,
          bytes: req.body.length,
          part_bytes: req.partBytes,
          part_ids: new Array<string | null>(count).fill(null),
        };
        resumedUpload = false;
        checkpoint.save(current);
      }
      const upload = current;
      try {
        return await sendParts(upload, opts, checkpoint);
      } catch (e) {
        const refused = e instanceof sdk().APIError && classify(e) === 'rejected' ? e : undefined;
        if (!refused) throw e; // cut short: resumable, the checkpoint stays
        if (resumedUpload) {
          // An earlier run's upload the API no longer takes (expired, cancelled, completed elsewhere): begin again.
          ctx.progress(
            `file ${req.filename}: the interrupted upload ${upload.upload_id} can no longer be continued (${refused.message}); starting again`,
          );
          current = undefined;
          checkpoint.save(null);
          continue;
        }
        await cancel(upload.upload_id);
        checkpoint.save(null);
        current = undefined;
        throw e;
      }
    }
  };

  async function sendParts(upload: Saved, opts: { maxRetries: 0 }, checkpoint: CreateCheckpoint): Promise<FileObject> {
    const total = req.body.length;
    const sentBytes = () => upload.part_ids.reduce((n, id, i) => n + (id === null ? 0 : partOf(i).length), 0);
    const partOf = (i: number) => req.body.subarray(i * req.partBytes, Math.min(total, (i + 1) * req.partBytes));
    for (let i = 0; i < count; i++) {
      if (upload.part_ids[i] !== null) continue;
      ctx.signal?.throwIfAborted();
      // A part sent twice is harmless (only the ids named at completion count): the SDK's own retries may resend it.
      const part = await ctx.openai.uploads.parts.create(
        upload.upload_id,
        { data: await sdk().toFile(partOf(i), `${req.filename}.part${i}`) },
        ctx.signal ? { signal: ctx.signal } : {},
      );
      upload.part_ids[i] = part.id;
      checkpoint.save(upload);
      ctx.progress(`file ${req.filename}: ${amount(sentBytes(), total)} uploaded`);
    }
    ctx.signal?.throwIfAborted();
    // The completion makes the file: sent once (createOnce looks the file up after an ambiguous failure).
    const done = await ctx.openai.uploads.complete(upload.upload_id, { part_ids: upload.part_ids.filter((id) => id !== null), md5 }, opts);
    if (!done.file) {
      throw new OpenAIIacError('api', `file ${req.filename}: OpenAI completed upload ${upload.upload_id} (status ${done.status}) without a file`);
    }
    checkpoint.save(null);
    return done.file;
  }
}
