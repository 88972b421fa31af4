// Secrets never leave the process in clear: keys are shown as `sk-proj-…abcd`, known secrets are scrubbed.

/** `sk-proj-abc…xyz` → `sk-proj-…wxyz`; anything short or unrecognised → `…wxyz` / `***`. */
export function redactKey(key: string | undefined | null): string {
  if (!key) return '(none)';
  if (key.length < 12) return '***';
  const prefix = /^(sk-(?:admin|proj|svcacct|None)?-?)/.exec(key)?.[1] ?? '';
  return `${prefix}…${key.slice(-4)}`;
}

/** Matches things that look like OpenAI keys anywhere in a text. */
const KEY_LIKE = /\bsk-[A-Za-z0-9_-]{8,}/g;

/** Scrubs every known secret and anything key-shaped from a text before it is logged or raised. */
export function scrub(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join(s.startsWith('sk-') ? redactKey(s) : '[secret]');
  return out.replace(KEY_LIKE, (k) => redactKey(k));
}
