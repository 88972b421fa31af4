// Assistants (Assistants API v2: requires `OpenAI-Beta: assistants=v2`).

import { ApiError, notFound } from '../errors';
import { idMinter } from '../ids';
import type { ScopedRec } from '../store';
import { applyFields, insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { MODEL_CATALOGUE } from './models';
import { createVectorStore, ownVectorStoreById, type VectorStoreCreate } from './vector-stores';
import { ownFile } from './files';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = { assistant: { prefix: 'asst_', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

interface ToolResourcesRequest {
  code_interpreter?: { file_ids?: string[] };
  file_search?: { vector_store_ids?: string[]; vector_stores?: VectorStoreCreate[] };
}

/** The API's 400 for a model it does not serve. */
export function checkModel(model: unknown, param = 'model'): void {
  if (typeof model === 'string' && !MODEL_CATALOGUE[model]) {
    throw new ApiError(400, `The requested model '${model}' does not exist.`, 'invalid_request_error', param, 'model_not_found');
  }
}

/**
 * `tool_resources` as stored: referenced files and vector stores must exist in the caller's project;
 * `file_search.vector_stores` creates the vector stores and answers with their ids.
 */
export function resolveToolResources(ctx: Ctx, request: ToolResourcesRequest | null | undefined) {
  // Check every reference before creating anything, so a bad id leaves no half-made vector store behind.
  for (const spec of request?.file_search?.vector_stores ?? []) (spec.file_ids ?? []).forEach((id) => ownFile(ctx, id));
  const out: Record<string, unknown> = {};
  const fileIds = request?.code_interpreter?.file_ids;
  if (request?.code_interpreter) {
    (fileIds ?? []).forEach((id) => ownFile(ctx, id));
    out['code_interpreter'] = { file_ids: fileIds ?? [] };
  }
  const search = request?.file_search;
  if (search) {
    const ids = (search.vector_store_ids ?? []).map((id) => ownVectorStoreById(ctx, id, 'tool_resources.file_search.vector_store_ids').id);
    for (const spec of search.vector_stores ?? []) ids.push(createVectorStore(ctx, spec, 'tool_resources.file_search.vector_stores.file_ids').id);
    out['file_search'] = { vector_store_ids: ids };
  }
  return out;
}

const ASSISTANT_FIELDS = [
  'model',
  'name',
  'description',
  'instructions',
  'tools',
  'metadata',
  'temperature',
  'top_p',
  'response_format',
  'reasoning_effort',
] as const;

export function ownAssistant(ctx: Ctx, id = ctx.params['assistant_id'] as string, param: string | null = null): ScopedRec {
  return ownRecord(ctx, ctx.store.tables.assistants, id, () => notFound('assistant', id, param));
}

/** Marks routes as Assistants API routes (they need the `OpenAI-Beta: assistants=v2` header). */
export const assistantsBeta = (routes: Route[]): Route[] => routes.map((r) => ({ ...r, assistantsBeta: true }));

const assistantRoutes: Route[] = assistantsBeta([
  post('/assistants', (ctx) => {
    checkModel(ctx.body['model']);
    const toolResources = resolveToolResources(ctx, ctx.body['tool_resources'] as ToolResourcesRequest | null);
    const rec = insert(ctx, ctx.store.tables.assistants, {
      id: newId('assistant'),
      object: 'assistant',
      created_at: ctx.now,
      name: null,
      description: null,
      instructions: null,
      tools: [],
      metadata: {},
      temperature: 1,
      top_p: 1,
      response_format: 'auto',
      reasoning_effort: null,
      tool_resources: toolResources,
      _project: ctx.projectId,
    });
    return view(applyFields(ctx, rec, ctx.body, ASSISTANT_FIELDS));
  }),
  get('/assistants', (ctx) => paginate(ctx, ownRecords(ctx, ctx.store.tables.assistants), (a) => a.id, view)),
  get('/assistants/{assistant_id}', (ctx) => view(ownAssistant(ctx))),
  post('/assistants/{assistant_id}', (ctx) => {
    const rec = ownAssistant(ctx);
    checkModel(ctx.body['model']);
    const toolResources =
      'tool_resources' in ctx.body ? resolveToolResources(ctx, ctx.body['tool_resources'] as ToolResourcesRequest | null) : undefined;
    applyFields(ctx, rec, ctx.body, ASSISTANT_FIELDS);
    if (toolResources) rec['tool_resources'] = toolResources;
    return view(rec);
  }),
  del('/assistants/{assistant_id}', (ctx) => {
    const rec = ownAssistant(ctx);
    return remove(ctx, ctx.store.tables.assistants, rec.id, rec.id, 'assistant.deleted');
  }),
]);

const TABLES = { assistants: table<ScopedRec>() };

export const assistants: EmulatorModule<typeof TABLES> = {
  name: 'assistants',
  serves: { assistant: { path: '/assistants', id: 'assistant' } },
  tables: TABLES,
  ids: IDS,
  counts: { assistants: (t) => rows(t.assistants) },
  routes: assistantRoutes,
};
