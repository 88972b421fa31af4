// The contract: the compact subset of the official OpenAPI description generated into this package (contract.ts),
// loaded once per process, plus the explicit extras in extra-routes.ts. Requests that violate it are answered 400
// the way the API words it; responses that violate it are emulator bugs and fail loudly (see server.ts).
//
// One concern per file, under spec/: document.ts (pointers, `$ref`s), operations.ts (the operation index and path matching),
// decode.ts (query strings and multipart fields to JSON), validation.ts (Ajv), wording.ts (Ajv errors in the API's
// words), metadata.ts (limits stated in prose), text.ts (lone surrogates). `Spec` puts them behind one object.

import { loadContract } from './contract';
import { ApiError } from './errors';
import { SPEC_OVERLAYS, type OpenApiDocument } from './extra-routes';
import { decodeQuery, multipartToJson } from './spec/decode';
import { checkMetadataLimits } from './spec/metadata';
import { OperationIndex, type Operation } from './spec/operations';
import { checkWellFormedText } from './spec/text';
import { Validator } from './spec/validation';

export type { HttpMethod, Operation, Security } from './spec/operations';
export { METADATA_LIMITS, checkMetadataLimits } from './spec/metadata';
export { checkWellFormedText } from './spec/text';

export interface ValidationResult {
  valid: boolean;
  /** Ajv errors as `<instancePath> <message>` lines. */
  errors: string[];
}

export class Spec {
  private readonly index: OperationIndex;
  private readonly validator: Validator;

  constructor(private readonly doc: OpenApiDocument) {
    for (const overlay of SPEC_OVERLAYS) overlay.apply(doc);
    this.validator = new Validator(doc);
    this.index = new OperationIndex(doc);
  }

  get operations(): readonly Operation[] {
    return this.index.operations;
  }

  find(method: string, template: string): Operation | undefined {
    return this.index.find(method, template);
  }

  operation(operationId: string): Operation | undefined {
    return this.index.operation(operationId);
  }

  /** The operation a concrete path (without /v1) and method resolve to; literal segments win over parameters. */
  match(method: string, urlPath: string): { op: Operation; params: Record<string, string> } | undefined {
    return this.index.match(method, urlPath);
  }

  /** Query string -> typed object, validated against the operation's query parameters. */
  parseQuery(op: Operation, search: URLSearchParams): Record<string, unknown> {
    const query = decodeQuery(op, search);
    this.validator.checkQuery(op, query);
    return query;
  }

  /** Multipart fields -> the JSON the operation's multipart schema describes (not validated yet). */
  multipartToJson(op: Operation, fields: Record<string, string | string[]>): Record<string, unknown> {
    return multipartToJson(this.doc, op, fields);
  }

  /** Throws the API's 400 for a body that violates the operation's request schema. */
  checkRequestBody(op: Operation, body: unknown, kind: 'json' | 'multipart'): void {
    this.validator.checkRequestBody(op, body, kind);
  }

  /** The problems of a response body the emulator is about to send; empty when it matches the contract. */
  checkResponse(op: Operation, status: number, body: unknown): string[] {
    return this.validator.checkResponse(op, status, body);
  }

  /** The problems of an error body (every error the emulator sends has the API's `ErrorResponse` shape). */
  checkErrorBody(body: unknown): string[] {
    return this.validator.checkErrorBody(body);
  }

  /** Whether the operation's success response may be raw bytes: declared as a `type: string` body or without content. */
  isRawResponse(op: Operation, status: number): boolean {
    return this.validator.isRawResponse(op, status);
  }

  /**
   * Validate an arbitrary body against an operation (for tests and tools). A request body gets every check the
   * server makes before a handler runs: the operation's schema, well-formed text and the metadata limits.
   */
  validate(op: Operation, kind: 'request' | 'response', body: unknown, status = 200): ValidationResult {
    if (kind === 'response') {
      const errors = this.checkResponse(op, status, body);
      return { valid: errors.length === 0, errors };
    }
    if (!op.body) {
      const empty = body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0);
      return { valid: empty, errors: empty ? [] : [`${op.operationId} takes no request body`] };
    }
    try {
      this.checkRequestBody(op, body, op.body.json ? 'json' : 'multipart');
      checkWellFormedText(body);
      checkMetadataLimits(body);
      return { valid: true, errors: [] };
    } catch (e) {
      if (e instanceof ApiError) return { valid: false, errors: [`${e.param ?? '/'} ${e.message}`] };
      throw e;
    }
  }
}

let loaded: Spec | undefined;

/** The process-wide contract, loaded on first use. */
export function getSpec(): Spec {
  loaded ??= new Spec(loadContract());
  return loaded;
}
