// Secrets never leave the process in clear. A key is shown in one format, whatever the path (the provider's key,
// a resource's own key, a key the API names in its answer): its type prefix, `…`, its last 4 characters —
// `sk-proj-…abcd`. Known secrets are scrubbed.

/** The type prefix of an OpenAI key (`sk-proj-`, `sk-admin-`, `sk-svcacct-`, `sk-None-`, `sk-`), or ''. */
function keyPrefix(text: string): string {
  const m = /^sk-(?:(admin|proj|svcacct|None)(?=$|[-.*…]))?/.exec(text);
  if (!m) return '';
  return m[1] ? `sk-${m[1]}-` : 'sk-';
}

/**
 * `sk-proj-abc…xyz` → `sk-proj-…wxyz`; a key not shaped like an OpenAI key → `…wxyz`. A short one (under 12
 * characters) shows none of its own characters: `sk-…`, `…`.
 */
export function redactKey(key: string | undefined | null): string {
  if (!key) return '(none)';
  const prefix = keyPrefix(key);
  return key.length < 12 ? `${prefix}…` : `${prefix}…${key.slice(-4)}`;
}

/** Matches things that look like OpenAI keys anywhere in a text. */
const KEY_LIKE = /\bsk-[A-Za-z0-9_-]{8,}/g;

/** A key as the API redacts it in its answers (`sk-abc...def`, `sk-proj-****wxyz`), to be shown in our format. */
const API_REDACTED = /\bsk-[A-Za-z0-9_-]*?(?:\.{3}|\*{3,}|…)([A-Za-z0-9]{1,4})\b/g;

/** Scrubs every known secret and anything key-shaped from a text before it is logged or raised. */
export function scrub(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join(s.startsWith('sk-') ? redactKey(s) : '[secret]');
  return out.replace(KEY_LIKE, (k) => redactKey(k)).replace(API_REDACTED, (k, tail: string) => `${keyPrefix(k)}…${tail}`);
}
