// The operation index: every operation of the contract (described paths plus EXTRA_OPERATIONS) with what routing
// and validation need — method, template, security, query parameters, body and response schema references — and
// matching a concrete path to its operation.

import { EXTRA_OPERATIONS, type JsonSchema, type OpenApiDocument } from '../extra-routes';
import { coercionOf } from './decode';
import { DOC_ID, deref, pointer } from './document';

/** Which key an operation needs: a project key, or the organization's admin key. */
export type Security = 'project' | 'admin';
export type HttpMethod = 'get' | 'post' | 'delete';

const METHODS: readonly HttpMethod[] = ['get', 'post', 'delete'];

export interface QueryParam {
  name: string;
  schema: JsonSchema;
  default: unknown;
  /** How a query-string value is turned into JSON before validation. */
  coerce: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  itemCoerce: 'string' | 'integer' | 'number' | 'boolean';
  /** An object parameter (`effective_at[gt]=…`, as the SDK writes it): how each member's value is turned into JSON. */
  memberCoerce?: Record<string, 'string' | 'integer' | 'number' | 'boolean'>;
}

export interface Operation {
  method: HttpMethod;
  template: string;
  operationId: string;
  security: Security;
  segments: string[];
  query: QueryParam[];
  /** Request body schema per content kind; absent when the operation takes no body. */
  body: { json?: JsonSchema; multipart?: JsonSchema } | undefined;
  /** Response schema per status code; null when the status is declared without a body. */
  responses: Map<number, JsonSchema | null>;
}

export class OperationIndex {
  readonly operations: Operation[] = [];
  private readonly byId = new Map<string, Operation>();

  constructor(private readonly doc: OpenApiDocument) {
    this.indexDescribedOperations();
    for (const extra of EXTRA_OPERATIONS) {
      this.add({
        method: extra.method,
        template: extra.path,
        operationId: extra.operationId,
        security: extra.security,
        segments: extra.path.split('/'),
        query: Object.entries(extra.query ?? {}).map(([name, schema]) => this.queryParam(name, schema, schema)),
        body: extra.requestBody ? { json: extra.requestBody } : undefined,
        responses: new Map([[200, extra.response]]),
      });
    }
  }

  private add(op: Operation): void {
    if (this.find(op.method, op.template)) throw new Error(`duplicate operation ${op.method} ${op.template}`);
    this.operations.push(op);
    this.byId.set(op.operationId, op);
  }

  private queryParam(name: string, schema: JsonSchema, resolved: JsonSchema): QueryParam {
    const s = deref(this.doc, resolved);
    const isArray = s['type'] === 'array';
    const members = s['type'] === 'object' ? ((s['properties'] as Record<string, JsonSchema> | undefined) ?? {}) : undefined;
    return {
      name: name.replace(/\[\]$/, ''),
      schema,
      default: s['default'],
      coerce: isArray ? 'array' : members ? 'object' : coercionOf(this.doc, s),
      itemCoerce: isArray ? coercionOf(this.doc, (s['items'] as JsonSchema) ?? {}) : 'string',
      ...(members ? { memberCoerce: Object.fromEntries(Object.entries(members).map(([k, m]) => [k, coercionOf(this.doc, m)])) } : {}),
    };
  }

  private indexDescribedOperations(): void {
    for (const [template, pathItem] of Object.entries(this.doc.paths)) {
      if (template.includes('?')) continue; // variants such as `/responses?beta=true` are not separate routes
      const shared = (pathItem['parameters'] as JsonSchema[] | undefined) ?? [];
      for (const method of METHODS) {
        const op = pathItem[method] as JsonSchema | undefined;
        if (!op) continue;
        const params = [
          ...shared.map((p, i) => ({ p, at: pointer('paths', template, 'parameters', i) })),
          ...((op['parameters'] as JsonSchema[] | undefined) ?? []).map((p, i) => ({
            p,
            at: pointer('paths', template, method, 'parameters', i),
          })),
        ].map(({ p, at }) => (typeof p['$ref'] === 'string' ? { p: deref(this.doc, p), at: `${DOC_ID}${p['$ref'] as string}` } : { p, at }));
        const query = params
          .filter(({ p }) => p['in'] === 'query')
          .map(({ p, at }) => this.queryParam(p['name'] as string, { $ref: `${at}/schema` }, p['schema'] as JsonSchema));
        const security = JSON.stringify(op['security'] ?? '').includes('AdminApiKeyAuth') ? 'admin' : 'project';
        this.add({
          method,
          template,
          operationId: op['operationId'] as string,
          security,
          segments: template.split('/'),
          query,
          body: this.describedBody(op, template, method),
          responses: this.describedResponses(op, template, method),
        });
      }
    }
  }

  private describedBody(op: JsonSchema, template: string, method: string): Operation['body'] {
    const requestBody = op['requestBody'] as JsonSchema | undefined;
    if (!requestBody) return undefined;
    const content = deref(this.doc, requestBody)['content'] as Record<string, unknown>;
    const at = (ct: string) => ({ $ref: pointer('paths', template, method, 'requestBody', 'content', ct, 'schema') });
    return {
      ...(content['application/json'] ? { json: at('application/json') } : {}),
      ...(content['multipart/form-data'] ? { multipart: at('multipart/form-data') } : {}),
    };
  }

  private describedResponses(op: JsonSchema, template: string, method: string): Map<number, JsonSchema | null> {
    const out = new Map<number, JsonSchema | null>();
    for (const [status, response] of Object.entries((op['responses'] as Record<string, JsonSchema>) ?? {})) {
      const content = deref(this.doc, response)['content'] as Record<string, unknown> | undefined;
      const json = content?.['application/json'];
      out.set(
        Number(status),
        json ? { $ref: pointer('paths', template, method, 'responses', status, 'content', 'application/json', 'schema') } : null,
      );
    }
    return out;
  }

  find(method: string, template: string): Operation | undefined {
    return this.operations.find((o) => o.method === method && o.template === template);
  }

  operation(operationId: string): Operation | undefined {
    return this.byId.get(operationId);
  }

  /** The operation a concrete path (without /v1) and method resolve to; literal segments win over parameters. */
  match(method: string, urlPath: string): { op: Operation; params: Record<string, string> } | undefined {
    const segments = urlPath.split('/');
    let best: { op: Operation; params: Record<string, string>; score: number } | undefined;
    for (const op of this.operations) {
      if (op.method !== method || op.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      const ok = op.segments.every((seg, i) => {
        const actual = segments[i] as string;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          params[seg.slice(1, -1)] = decodeSegment(actual);
          return actual !== '';
        }
        score += 1;
        return seg === actual;
      });
      if (ok && (!best || score > best.score)) best = { op, params, score };
    }
    return best && { op: best.op, params: best.params };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
