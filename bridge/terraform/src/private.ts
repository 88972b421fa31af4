// A managed resource's private state: bytes Terraform keeps beside the state (in the state file, base64) and hands
// back to ReadResource, PlanResourceChange and ApplyResourceChange, never shown in plans. This provider keeps one
// thing there: the SHA-256 of the write-only key (`api_key_wo`) the resource was last applied with, so that a
// refresh or delete, which get no configuration, can tell whether the provider's key is that same key (the core's
// OperationHooks.writeOnlyKeySha256). A digest, never a key.

interface Private {
  api_key_wo_sha256?: string;
}

/** The private bytes for a resource applied with a write-only key of this digest (none: empty). */
export function privateBytes(digest: string | undefined): Buffer {
  return digest === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ api_key_wo_sha256: digest } satisfies Private), 'utf8');
}

/** The write-only key's digest kept in private bytes, if any (bytes this provider did not write hold none). */
export function writeOnlyDigest(bytes: Buffer | Uint8Array | null | undefined): string | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as Private;
    const digest = parsed.api_key_wo_sha256;
    return typeof digest === 'string' && /^[0-9a-f]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}
