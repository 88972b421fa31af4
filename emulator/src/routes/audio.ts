// Audio: voice consent recordings (the consent that authorizes a custom voice). The description states the
// recording's limits (10 MiB; audio/mpeg, audio/wav, audio/x-wav, audio/ogg, audio/aac, audio/flac, audio/webm,
// audio/mp4) and that an update changes the metadata (`name`) only, never the audio. Not modelled: the
// eligibility for custom voices the API asks of an organization, and any check of what the recording says.

import { ApiError, badRequest } from '../errors';
import { idMinter } from '../ids';
import type { VoiceConsentRec } from '../store';
import { insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = { voice_consent: { prefix: 'cons_', alphabet: 'hex', length: 32 } } as const;
const newId = idMinter(IDS);

const MAX_RECORDING_BYTES = 10 * 1024 * 1024;
const RECORDING_TYPES = ['audio/mpeg', 'audio/wav', 'audio/x-wav', 'audio/ogg', 'audio/aac', 'audio/flac', 'audio/webm', 'audio/mp4'];
/** A BCP 47 tag, loosely: a language subtag and optional subtags (`en`, `en-US`, `zh-Hant-TW`). */
const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function ownConsent(ctx: Ctx): VoiceConsentRec {
  const id = ctx.params['consent_id'] as string;
  return ownRecord(
    ctx,
    ctx.store.tables.voice_consents,
    id,
    () => new ApiError(404, `Voice consent '${id}' not found.`, 'invalid_request_error', 'consent_id'),
  );
}

const audioRoutes: Route[] = [
  post('/audio/voice_consents', (ctx) => {
    const recording = ctx.files['recording'];
    if (!recording) throw badRequest("Missing required parameter: 'recording'.", 'recording', 'missing_required_parameter');
    const type = recording.contentType.split(';')[0]!.trim().toLowerCase();
    if (!RECORDING_TYPES.includes(type)) {
      throw badRequest(`Unsupported recording type '${type || 'none'}': use one of ${RECORDING_TYPES.join(', ')}.`, 'recording', 'invalid_value');
    }
    if (recording.bytes.length > MAX_RECORDING_BYTES) throw badRequest('The recording is larger than 10 MiB.', 'recording', 'file_too_large');
    const language = ctx.body['language'] as string;
    if (!BCP47.test(language)) throw badRequest(`Invalid language '${language}': use a BCP 47 tag such as en-US.`, 'language', 'invalid_value');
    const rec = insert(ctx, ctx.store.tables.voice_consents, {
      id: newId('voice_consent'),
      object: 'audio.voice_consent',
      name: ctx.body['name'] as string,
      language,
      created_at: ctx.now,
      _project: ctx.projectId,
      _recording: recording.bytes.toString('base64'),
      _type: type,
    });
    return view(rec);
  }),
  get('/audio/voice_consents', (ctx) => paginate(ctx, ownRecords(ctx, ctx.store.tables.voice_consents), (c) => c.id, view)),
  get('/audio/voice_consents/{consent_id}', (ctx) => view(ownConsent(ctx))),
  post('/audio/voice_consents/{consent_id}', (ctx) => {
    const consent = ownConsent(ctx);
    consent.name = ctx.body['name'] as string;
    ctx.store.markDirty();
    return view(consent);
  }),
  del('/audio/voice_consents/{consent_id}', (ctx) => {
    const consent = ownConsent(ctx);
    return remove(ctx, ctx.store.tables.voice_consents, consent.id, consent.id, 'audio.voice_consent');
  }),
];

const TABLES = { voice_consents: table<VoiceConsentRec>() };

export const audio: EmulatorModule<typeof TABLES> = {
  name: 'audio',
  serves: { voice_consent: { path: '/audio/voice_consents', id: 'voice_consent' } },
  tables: TABLES,
  ids: IDS,
  counts: { voice_consents: (t) => rows(t.voice_consents) },
  routes: audioRoutes,
};
