// Ajv (draft 2020-12) over the contract: validators compiled lazily per operation and cached; requests that fail
// throw the API's 400 (wording.ts), responses that fail are reported as problems (the server makes them emulator bugs).

import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { badRequest } from '../errors';
import type { JsonSchema, OpenApiDocument } from '../extra-routes';
import { DOC_ID, deref, pointer } from './document';
import type { Operation } from './operations';
import { explain, type SchemaAccess } from './wording';

export class Validator implements SchemaAccess {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, logger: false });
    addFormats(this.ajv);
    // Seconds, never milliseconds: a millisecond timestamp in a response is an emulator bug.
    this.ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 1e11 });
    for (const f of ['int64', 'int32', 'binary', 'float', 'double']) this.ajv.addFormat(f, true);
    this.ajv.addSchema(doc as unknown as JsonSchema, DOC_ID);
  }

  /** The validator of `schema`, compiled once under `key`. */
  compile(key: string, schema: JsonSchema): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) {
      v = this.ajv.compile(schema);
      this.validators.set(key, v);
    }
    return v;
  }

  deref(schema: unknown): JsonSchema {
    return deref(this.doc, schema);
  }

  /** Throws the API's 400 for decoded query parameters that violate the operation's. */
  checkQuery(op: Operation, query: Record<string, unknown>): void {
    const schema = { type: 'object', properties: Object.fromEntries(op.query.map((p) => [p.name, p.schema])) };
    const v = this.compile(`${op.operationId} query`, schema);
    if (!v(query)) throw explain(this, v.errors ?? [], query);
  }

  /** Throws the API's 400 for a body that violates the operation's request schema. */
  checkRequestBody(op: Operation, body: unknown, kind: 'json' | 'multipart'): void {
    const schema = op.body?.[kind];
    if (!schema) {
      const [sent, wanted] = kind === 'json' ? ['application/json', 'multipart/form-data'] : ['multipart/form-data', 'application/json'];
      throw badRequest(`Invalid Content-Type header (${sent}), expected ${wanted}.`);
    }
    const v = this.compile(`${op.operationId} request ${kind}`, schema);
    if (!v(body)) throw explain(this, v.errors ?? [], body);
  }

  /** The problems of a response body the emulator is about to send; empty when it matches the contract. */
  checkResponse(op: Operation, status: number, body: unknown): string[] {
    if (status >= 400) return this.checkErrorBody(body);
    if (!op.responses.has(status)) return [`status ${status} is not declared`];
    const schema = op.responses.get(status);
    if (schema === null || schema === undefined) return body === undefined ? [] : ['a body was sent for a status declared without one'];
    return this.run(`${op.operationId} response ${status}`, schema, body);
  }

  /** The problems of an error body (every error the emulator sends has the API's `ErrorResponse` shape). */
  checkErrorBody(body: unknown): string[] {
    return this.run('ErrorResponse', { $ref: pointer('components', 'schemas', 'ErrorResponse') }, body);
  }

  /** Whether the operation's success response may be raw bytes: declared as a `type: string` body or without content. */
  isRawResponse(op: Operation, status: number): boolean {
    const schema = op.responses.get(status);
    return schema === null || (schema !== undefined && this.deref(schema)['type'] === 'string');
  }

  private run(key: string, schema: JsonSchema, body: unknown): string[] {
    const v = this.compile(key, schema);
    return v(body) ? [] : (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  }
}
