import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { VoiceConsent } from 'openai/resources/audio/voice-consents';
import { defineResource, p } from '../spec/define';
import type { Failure, Value } from '../spec/types';
import { UNKNOWN, isUnknown } from '../spec/types';
import { sdk } from '../client/sdk';
import { findSince, importById, unlessNotFound } from './common';
import { fsReason } from './skill-bundle';

/** The recording types the API takes, by file extension. */
const TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.mpeg': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.webm': 'audio/webm',
  '.mp4': 'audio/mp4',
  '.m4a': 'audio/mp4',
};
const MAX_BYTES = 10 * 1024 * 1024;

function bad(message: string): Failure & Error {
  return Object.assign(new Error(message), { path: ['source'] });
}

/** The recording at `source` and its MIME type, checked against the API's limits. */
function recording(source: string): { bytes: Buffer; type: string } {
  const type = TYPES[extname(source).toLowerCase()];
  if (!type) throw bad(`'${source}' is not a recording the API takes: use a ${Object.keys(TYPES).join(', ')} file`);
  let size: number;
  try {
    size = statSync(source).size;
  } catch (e) {
    throw bad(`cannot read '${source}': ${fsReason(e)}`);
  }
  if (size > MAX_BYTES) throw bad(`'${source}' is ${size} bytes; a consent recording is at most 10 MiB`);
  return { bytes: readFileSync(source), type };
}

function toState(c: VoiceConsent) {
  return { name: c.name, language: c.language, created_at: c.created_at };
}

export const voiceConsent = defineResource({
  name: 'voice_consent',
  description:
    'A consent recording that authorizes creating a custom voice (custom voices are limited to eligible ' +
    'customers). `name` changes in place; the API never replaces the audio, so a change of the recording ' +
    '(tracked by `recording_sha256`) or of `language` replaces the consent.',
  key: 'project',
  properties: {
    name: p.string({ description: 'The label of the consent recording.', required: true, minLength: 1 }),
    language: p.string({
      description: 'The BCP 47 language tag of the consent phrase, e.g. `en-US`.',
      required: true,
      replaceOnChange: true,
      pattern: { regex: '[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*', says: 'a BCP 47 language tag (e.g. en-US)' },
    }),
    source: p.string({
      description: 'Path of the local audio recording (mp3, wav, ogg, aac, flac, webm or mp4; at most 10 MiB).',
      required: true,
      minLength: 1,
      writeOnly: true,
    }),
    recording_sha256: p.string({
      description: 'SHA-256 of the recording, computed locally; a change replaces the consent.',
      output: true,
      replaceOnChange: true,
      derive: (inputs: { [k: string]: Value }) => {
        const source = inputs['source'];
        if (isUnknown(source)) return UNKNOWN;
        return typeof source === 'string' ? createHash('sha256').update(recording(source).bytes).digest('hex') : undefined;
      },
    }),
    created_at: p.integer({ description: 'Unix time (seconds) the consent recording was uploaded.', output: true, stable: true }),
  },
  import: importById('cons_'),
  example: { name: 'John Doe', language: 'en-US', source: './consent/john_doe.wav' },
  handlers: {
    async create(ctx, inputs) {
      const { bytes, type } = recording(inputs.source);
      const file = await sdk().toFile(bytes, basename(inputs.source), { type });
      const body = { name: inputs.name, language: inputs.language, recording: file };
      // The list has no order: a lost answer is looked for among all consents, by name and language.
      const c = await ctx.createOnce((opts) => ctx.openai.audio.voiceConsents.create(body, opts), {
        find: (since) =>
          findSince(ctx.openai.audio.voiceConsents.list({ limit: 100 }), since, (x) => x.name === body.name && x.language === body.language, 'any'),
        // an earlier run's create whose answer arrived: by its id
        retrieve: (id) => unlessNotFound(ctx.openai.audio.voiceConsents.retrieve(id)),
      });
      return { id: c.id, state: toState(c) };
    },
    async read(ctx, id) {
      return toState(await ctx.openai.audio.voiceConsents.retrieve(id));
    },
    async update(ctx, id, _olds, news) {
      return toState(await ctx.openai.audio.voiceConsents.update(id, { name: news.name }));
    },
    async delete(ctx, id) {
      await ctx.openai.audio.voiceConsents.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const c of ctx.openai.audio.voiceConsents.list({ limit: 100 })) out.push({ id: c.id, state: toState(c) });
      return out;
    },
  },
});
