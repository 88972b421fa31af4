// Limits the description states in prose only: metadata (16 pairs, keys ≤ 64 characters, values ≤ 512; counted in
// code points, as the description's own `maxLength`).

import { badRequest } from '../errors';
import { codePoints } from './text';
import { paramName } from './wording';

export const METADATA_LIMITS = { pairs: 16, keyLength: 64, valueLength: 512 } as const;

/** Fields holding user-defined JSON (schemas, message content) where a property named `metadata` is not metadata. */
const NOT_METADATA_BEARING = new Set(['tools', 'response_format', 'text', 'parameters', 'schema', 'json_schema', 'content', 'input', 'attributes']);

/** Metadata: at most 16 pairs, keys up to 64 characters, values up to 512 — wherever a `metadata` object appears. */
export function checkMetadataLimits(body: unknown, at = ''): void {
  if (Array.isArray(body)) {
    body.forEach((item, i) => checkMetadataLimits(item, `${at}/${i}`));
    return;
  }
  if (!body || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body)) {
    if (NOT_METADATA_BEARING.has(key)) continue;
    const here = `${at}/${key}`;
    if (key === 'metadata' && value && typeof value === 'object' && !Array.isArray(value)) {
      const param = paramName(here);
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length > METADATA_LIMITS.pairs) {
        throw badRequest(
          `Invalid '${param}': too many properties. Expected an object with at most ${METADATA_LIMITS.pairs} properties, but got an object with ${entries.length} properties instead.`,
          param,
          'object_above_max_properties',
        );
      }
      for (const [k, v] of entries) {
        if (codePoints(k) > METADATA_LIMITS.keyLength) {
          throw badRequest(
            `Invalid '${param}': metadata keys must be at most ${METADATA_LIMITS.keyLength} characters, but got a key with length ${codePoints(k)} instead.`,
            param,
            'string_above_max_length',
          );
        }
        if (typeof v === 'string' && codePoints(v) > METADATA_LIMITS.valueLength) {
          throw badRequest(
            `Invalid '${param}.${k}': string too long. Expected a string with maximum length ${METADATA_LIMITS.valueLength}, but got a string with length ${codePoints(v)} instead.`,
            param,
            'string_above_max_length',
          );
        }
      }
    } else {
      checkMetadataLimits(value, here);
    }
  }
}
