// Ids shaped like the live API's: the real prefix and a random suffix of the real alphabet and length.

import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function randomString(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
const hex = (length: number): string => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);

/** Every kind of id the emulator mints, with its shape. */
const SHAPES = {
  file: () => `file-${randomString(BASE58, 22)}`,
  vector_store: () => `vs_${hex(32)}`,
  file_batch: () => `vsfb_${hex(32)}`,
  project: () => `proj_${randomString(ALNUM, 24)}`,
  assistant: () => `asst_${randomString(ALNUM, 24)}`,
  thread: () => `thread_${randomString(ALNUM, 24)}`,
  message: () => `msg_${randomString(ALNUM, 24)}`,
  run: () => `run_${randomString(ALNUM, 24)}`,
  run_step: () => `step_${randomString(ALNUM, 24)}`,
  conversation: () => `conv_${hex(48)}`,
  conversation_item: () => `msg_${hex(48)}`,
  container: () => `cntr_${hex(48)}`,
  container_file: () => `cfile_${hex(32)}`,
  service_account: () => `svc_acct_${randomString(ALNUM, 24)}`,
  api_key: () => `key_${randomString(ALNUM, 16)}`,
  user: () => `user-${randomString(ALNUM, 24)}`,
  invite: () => `invite-${randomString(ALNUM, 24)}`,
  webhook_endpoint: () => `whe_${hex(32)}`,
  request: () => `req_${hex(32)}`,
} as const;

export type IdKind = keyof typeof SHAPES;

export const newId = (kind: IdKind): string => SHAPES[kind]();

/** Secret key values: `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` followed by 48 random characters. */
export const newSecret = (prefix: 'sk-proj-' | 'sk-svcacct-' | 'sk-admin-' | 'whsec_'): string =>
  `${prefix}${randomString(ALNUM, 48)}`;

/** How the API shows a key: its prefix (`sk-proj-` …), an ellipsis, its last four characters; short strings not at all. */
export const redact = (secret: string): string =>
  secret.length < 16 ? '***' : `${secret.slice(0, secret.indexOf('-', 3) + 1 || 3)}...${secret.slice(-4)}`;
