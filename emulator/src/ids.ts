// Ids shaped like the live API's: the real prefix and a random suffix of the real alphabet and length. Each route
// module declares the shapes of the ids it mints (routes/index.ts lists them all); this file only knows how to mint.

import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Crockford's base32, as in ULIDs (role and group ids). */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
const hex = (length: number): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);

/** The shape of one kind of id: `prefix` then `length` random characters of `alphabet`. */
export interface IdShape {
  prefix: string;
  alphabet: 'alnum' | 'base58' | 'hex' | 'crockford';
  length: number;
}

/** A fresh id of that shape. */
export function mint(shape: IdShape): string {
  const suffix =
    shape.alphabet === 'hex' ? hex(shape.length) : randomString({ alnum: ALNUM, base58: BASE58, crockford: CROCKFORD }[shape.alphabet], shape.length);
  return `${shape.prefix}${suffix}`;
}

/** `newId(kind)` over a module's own shapes. */
export const idMinter =
  <K extends string>(shapes: Readonly<Record<K, IdShape>>) =>
  (kind: K): string =>
    mint(shapes[kind]);

/** The `x-request-id` of every answer (not an object id: no module owns it). */
export const REQUEST_ID: IdShape = { prefix: 'req_', alphabet: 'hex', length: 32 };

/** Secret key values: `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` followed by 48 random characters. */
export const newSecret = (prefix: 'sk-proj-' | 'sk-svcacct-' | 'sk-admin-' | 'whsec_'): string => `${prefix}${randomString(ALNUM, 48)}`;

/** How the API shows a key: its prefix (`sk-proj-` …), an ellipsis, its last four characters; short strings not at all. */
export const redact = (secret: string): string =>
  secret.length < 16 ? '***' : `${secret.slice(0, secret.indexOf('-', 3) + 1 || 3)}...${secret.slice(-4)}`;
