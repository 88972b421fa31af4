// The loaded contract as one JSON document: its id for Ajv, JSON pointers into it, and `$ref` resolution.

import type { JsonSchema, OpenApiDocument } from '../extra-routes';

/** The id the contract is registered under in Ajv; every `$ref` the emulator builds points into it. */
export const DOC_ID = 'openapi.json';

const escapePointer = (segment: string): string => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

/** `openapi.json#/a/b…`, each segment escaped. */
export const pointer = (...segments: (string | number)[]): string => `${DOC_ID}#/${segments.map((s) => escapePointer(String(s))).join('/')}`;

/** Follows `$ref`s (absolute or document-relative) until a schema that is not a reference. */
export function deref(doc: OpenApiDocument, schema: unknown): JsonSchema {
  let s = schema as JsonSchema;
  while (s && typeof s['$ref'] === 'string') {
    const ref = (s['$ref'] as string).replace(/^openapi\.json/, '');
    s = ref
      .slice(2)
      .split('/')
      .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], doc) as JsonSchema;
  }
  return s;
}

/** A schema taken out of the document (an Ajv error's `schema`), with its document-relative refs made absolute. */
export function absolutise(schema: unknown): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`)) as JsonSchema;
}
