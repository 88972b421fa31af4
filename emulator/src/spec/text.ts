// Text the API stores as configured: strings are counted in code points (as the description's `maxLength` is, by
// Ajv), and a lone surrogate — half a UTF-16 pair, which JSON can escape (`"\ud800"`) but UTF-8 cannot hold — is
// refused before anything is stored, at the parameter that holds it.

import { badRequest } from '../errors';
import { paramName } from './wording';

/** A string's length in Unicode code points (an emoji counts once). */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** With the `u` flag a surrogate code unit matches only when it is not half of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Throws the API's 400 for the first string (or object key) of a request body that holds a lone surrogate. */
export function checkWellFormedText(body: unknown, at = ''): void {
  if (typeof body === 'string') {
    if (LONE_SURROGATE.test(body)) {
      const param = paramName(at);
      throw badRequest(`Invalid '${param}': string contains a lone UTF-16 surrogate, which is not valid Unicode text.`, param, 'invalid_value');
    }
  } else if (Array.isArray(body)) {
    body.forEach((item, i) => checkWellFormedText(item, `${at}/${i}`));
  } else if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      checkWellFormedText(key, at);
      checkWellFormedText(value, `${at}/${key}`);
    }
  }
}
