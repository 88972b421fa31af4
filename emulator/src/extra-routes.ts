// Everything the emulator serves or checks that the official OpenAPI description does not say.
//
// 1. EXTRA_OPERATIONS: routes the description lacks (webhook endpoints, project API key update). Their schemas are
//    written from the `openai` SDK's types (the SDK is generated from a newer, unpublished description); each entry
//    names the SDK file it follows. They are validated exactly like described operations.
// 2. SPEC_OVERLAYS: corrections applied in memory to the loaded contract (contract.ts) where the live API is known
//    to answer differently. The committed contract stays exactly what the description says.

import type { Security } from './spec';

export type JsonSchema = Record<string, unknown>;

interface ExtraOperation {
  method: 'get' | 'post' | 'delete';
  /** Path template without the /v1 prefix, as in the description. */
  path: string;
  operationId: string;
  security: Security;
  /** The SDK declaration the schemas were written from. */
  source: string;
  query?: Record<string, JsonSchema>;
  requestBody?: JsonSchema;
  /** The 200 response body. */
  response: JsonSchema;
}

const ref = (name: string): JsonSchema => ({ $ref: `openapi.json#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const unixtime: JsonSchema = { type: 'integer', format: 'unixtime' };

/** `WebhookCreateParams['event_types']` in openai/resources/webhooks/webhooks.d.ts. */
export const WEBHOOK_EVENT_TYPES = [
  'batch.completed',
  'batch.failed',
  'batch.expired',
  'batch.cancelled',
  'response.completed',
  'response.failed',
  'response.cancelled',
  'response.incomplete',
  'eval.run.succeeded',
  'eval.run.failed',
  'eval.run.canceled',
  'fine_tuning.job.succeeded',
  'fine_tuning.job.failed',
  'fine_tuning.job.cancelled',
  'realtime.call.incoming',
  'video.completed',
  'video.failed',
  'agent.environment.ready',
  'agent.environment.failed',
  'agent.environment.suspended',
  'agent.environment.expired',
  'agent.session.created',
  'agent.session.action_required',
  'agent.session.in_progress',
  'agent.session.idle',
  'agent.session.failed',
  'safety.alert.created',
] as const;

const eventTypes: JsonSchema = { type: 'array', minItems: 1, items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] } };
/** Limits from the API reference of WebhookCreateParams / WebhookUpdateParams (name 1–256, url https ≤ 2048). */
const endpointName: JsonSchema = { type: 'string', minLength: 1, maxLength: 256 };
const endpointUrl: JsonSchema = { type: 'string', format: 'uri', pattern: '^https://', maxLength: 2048 };

const webhookEndpointProps: Record<string, JsonSchema> = {
  id: { type: 'string' },
  object: { type: 'string', enum: ['webhook_endpoint'] },
  created_at: unixtime,
  updated_at: unixtime,
  event_types: { type: 'array', items: { type: 'string' } },
  name: { type: 'string' },
  url: { type: 'string' },
  signing_secret_hint: nullable({ type: 'string' }),
};
const webhookEndpointRequired = ['id', 'object', 'created_at', 'event_types', 'name', 'url', 'signing_secret_hint'];

/** `WebhookEndpoint` */
const webhookEndpoint: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: webhookEndpointProps,
  required: webhookEndpointRequired,
};
/** `WebhookEndpointWithSecret` */
const webhookEndpointWithSecret: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...webhookEndpointProps, signing_secret: { type: 'string' } },
  required: [...webhookEndpointRequired, 'signing_secret'],
};
const webhookPath = '/webhook_endpoints/{webhook_endpoint_id}';
const webhooksSource = 'openai/resources/webhooks/webhooks.d.ts';

export const EXTRA_OPERATIONS: readonly ExtraOperation[] = [
  {
    method: 'post',
    path: '/webhook_endpoints',
    operationId: 'createWebhookEndpoint',
    security: 'project',
    source: `${webhooksSource} WebhookCreateParams -> WebhookEndpointWithSecret`,
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['event_types', 'name', 'url'],
      properties: { event_types: eventTypes, name: endpointName, url: endpointUrl },
    },
    response: webhookEndpointWithSecret,
  },
  {
    method: 'get',
    path: '/webhook_endpoints',
    operationId: 'listWebhookEndpoints',
    security: 'project',
    source: `${webhooksSource} WebhookListParams -> WebhookEndpointList`,
    query: { limit: { type: 'integer', default: 20 }, after: { type: 'string' } },
    response: {
      type: 'object',
      additionalProperties: false,
      required: ['object', 'data', 'first_id', 'last_id', 'has_more'],
      properties: {
        object: { type: 'string', enum: ['list'] },
        data: { type: 'array', items: webhookEndpoint },
        first_id: nullable({ type: 'string' }),
        last_id: nullable({ type: 'string' }),
        has_more: { type: 'boolean' },
      },
    },
  },
  {
    method: 'get',
    path: webhookPath,
    operationId: 'retrieveWebhookEndpoint',
    security: 'project',
    source: `${webhooksSource} WebhookEndpoint`,
    response: webhookEndpoint,
  },
  {
    method: 'post',
    path: webhookPath,
    operationId: 'updateWebhookEndpoint',
    security: 'project',
    source: `${webhooksSource} WebhookUpdateParams -> WebhookEndpoint`,
    requestBody: {
      type: 'object',
      additionalProperties: false,
      properties: { event_types: eventTypes, name: endpointName, url: endpointUrl },
    },
    response: webhookEndpoint,
  },
  {
    method: 'delete',
    path: webhookPath,
    operationId: 'deleteWebhookEndpoint',
    security: 'project',
    source: `${webhooksSource} DeletedWebhookEndpoint`,
    response: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'object', 'deleted'],
      properties: { id: { type: 'string' }, object: { type: 'string', enum: ['webhook_endpoint.deleted'] }, deleted: { type: 'boolean' } },
    },
  },
  {
    method: 'post',
    path: `${webhookPath}/rotate_secret`,
    operationId: 'rotateWebhookEndpointSecret',
    security: 'project',
    source: `${webhooksSource} WebhookRotateSecretParams -> WebhookEndpointWithSecret`,
    requestBody: { type: 'object', additionalProperties: false, properties: { keep_old_secret_active_for_24_hours: { type: 'boolean' } } },
    response: webhookEndpointWithSecret,
  },
  {
    method: 'get',
    path: '/webhook_event_types',
    operationId: 'listWebhookEventTypes',
    security: 'project',
    source: 'openai/resources/webhooks/event-types.d.ts WebhookEventTypeList',
    response: {
      type: 'object',
      additionalProperties: false,
      required: ['object', 'data'],
      properties: { object: { type: 'string', enum: ['list'] }, data: { type: 'array', items: { type: 'string' } } },
    },
  },
  {
    method: 'post',
    path: '/organization/projects/{project_id}/api_keys/{api_key_id}',
    operationId: 'update-project-api-key',
    security: 'admin',
    source: 'openai/resources/admin/organization/projects/api-keys.d.ts APIKeyUpdateParams -> ProjectAPIKey',
    requestBody: {
      type: 'object',
      additionalProperties: false,
      properties: { expires_in_seconds: { type: 'integer', minimum: 1 }, scopes: { type: 'array', items: { type: 'string' } } },
    },
    response: {
      allOf: [ref('ProjectApiKey'), { properties: { expires_at: nullable(unixtime) } }],
    },
  },
  {
    // The description's cancelEvalRun is a POST on the run itself; the SDK and the reference's own curl example
    // post to `/cancel`.
    method: 'post',
    path: '/evals/{eval_id}/runs/{run_id}/cancel',
    operationId: 'cancelEvalRunSdk',
    security: 'project',
    source: 'openai/resources/evals/runs/runs.d.ts Runs.cancel -> RunCancelResponse',
    response: ref('EvalRun'),
  },
];

interface SpecOverlay {
  why: string;
  apply(doc: OpenApiDocument): void;
}

/** The parts of an OpenAPI document the overlays touch. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; [k: string]: unknown };
  [k: string]: unknown;
}

const LIST_CURSORS = ['first_id', 'last_id'] as const;

export const SPEC_OVERLAYS: readonly SpecOverlay[] = [
  {
    why: 'List envelopes declare first_id/last_id as strings, but an empty page carries null for both (live API and the SDK types).',
    apply(doc) {
      for (const schema of Object.values(doc.components.schemas)) {
        const props = schema['properties'] as Record<string, JsonSchema> | undefined;
        if (!props?.['data'] || !props['has_more']) continue;
        for (const key of LIST_CURSORS) {
          const cursor = props[key];
          if (cursor?.['type'] === 'string') props[key] = nullable(cursor);
        }
      }
    },
  },
  {
    why: "Files uploaded with purpose 'evals' (allowed by CreateFileRequest) are answered with that purpose, which OpenAIFile.purpose omits.",
    apply(doc) {
      (schemaProperty(doc, 'OpenAIFile', 'purpose')['enum'] as string[]).push('evals');
    },
  },
  {
    why: '`description` is accepted and returned by the API (SDK: VectorStoreCreateParams, AssistantCreateParams, AssistantUpdateParams, Assistant) but missing from these closed schemas.',
    apply(doc) {
      for (const name of ['CreateVectorStoreRequest', 'CreateAssistantRequest', 'ModifyAssistantRequest', 'AssistantObject']) {
        const props = doc.components.schemas[name]?.['properties'] as Record<string, JsonSchema> | undefined;
        if (!props) throw new Error(`spec overlay: schema ${name} has no properties`);
        props['description'] = nullable({ type: 'string', maxLength: 512 });
      }
    },
  },
  {
    why: 'The fine-tuning hyperparameter schemas write `exclusiveMinimum: true` beside `minimum` (OpenAPI 3.0 style), which JSON Schema 2020-12 (OpenAPI 3.1, the validator) reads only as a number: the same bound, written as a number.',
    apply(doc) {
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (node === null || typeof node !== 'object') return;
        const o = node as Record<string, unknown>;
        if (o['exclusiveMinimum'] === true && typeof o['minimum'] === 'number') {
          o['exclusiveMinimum'] = o['minimum'];
          delete o['minimum'];
        }
        Object.values(o).forEach(visit);
      };
      visit(doc.components.schemas);
    },
  },
  {
    why: 'The checkpoint permission operations declare the default ApiKeyAuth, but their summaries say they require an admin API key (and the SDK sends the admin key: __security adminAPIKeyAuth); the live API refuses a project key.',
    apply(doc) {
      const path = doc.paths['/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions'];
      const one = doc.paths['/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions/{permission_id}'];
      const ops = [path?.['get'], path?.['post'], one?.['delete']] as (Record<string, unknown> | undefined)[];
      for (const op of ops) {
        if (!op) throw new Error('spec overlay: a checkpoint permission operation is missing from the description');
        op['security'] = [{ AdminApiKeyAuth: [] }];
      }
    },
  },
  {
    why: "An eval run that has not failed answers `error: null` (the reference's examples, the SDK's RunRetrieveResponse), which EvalRun's `error` omits.",
    apply(doc) {
      const props = doc.components.schemas['EvalRun']?.['properties'] as Record<string, JsonSchema> | undefined;
      if (!props?.['error']) throw new Error('spec overlay: EvalRun.error not found in the OpenAPI description');
      props['error'] = nullable(props['error']);
    },
  },
];

/** A property schema of a component schema; throws when the description no longer has it (overlay is stale). */
function schemaProperty(doc: OpenApiDocument, schema: string, property: string): JsonSchema {
  const found = (doc.components.schemas[schema]?.['properties'] as Record<string, JsonSchema> | undefined)?.[property];
  if (!found) throw new Error(`spec overlay: ${schema}.${property} not found in the OpenAPI description`);
  return found;
}
