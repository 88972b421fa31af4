// GET /models, GET /models/{model}: a small fixed catalogue (clients use it to check a key works).

import { ApiError } from '../errors';
import type { EmulatorModule } from './module';
import { get, type Route } from './types';

/** Model id -> (creation time, owner) as the live API lists them. */
export const MODEL_CATALOGUE: Readonly<Record<string, { created: number; owned_by: string }>> = {
  'gpt-4o': { created: 1715367049, owned_by: 'system' },
  'gpt-4o-mini': { created: 1721172741, owned_by: 'system' },
  'gpt-4.1': { created: 1744316542, owned_by: 'system' },
  'gpt-4.1-mini': { created: 1744318173, owned_by: 'system' },
  'o3-mini': { created: 1737146383, owned_by: 'system' },
  'text-embedding-3-small': { created: 1705948997, owned_by: 'system' },
  'text-embedding-3-large': { created: 1705953180, owned_by: 'system' },
};

const modelObject = (id: string) => ({ id, object: 'model', ...MODEL_CATALOGUE[id] });

/** The API's answer for a model id it does not serve. */
const modelNotFound = (model: string, param: string | null = 'model'): ApiError =>
  new ApiError(404, `The model '${model}' does not exist or you do not have access to it.`, 'invalid_request_error', param, 'model_not_found');

const modelRoutes: Route[] = [
  get('/models', () => ({ object: 'list', data: Object.keys(MODEL_CATALOGUE).map(modelObject) })),
  get('/models/{model}', ({ params }) => {
    const model = params['model'] as string;
    if (!MODEL_CATALOGUE[model]) throw modelNotFound(model);
    return modelObject(model);
  }),
];

/** No tables, no ids: a fixed catalogue the other modules check model names against. */
export const models: EmulatorModule<Record<never, never>> = {
  name: 'models',
  serves: { model: { path: '/models' } },
  tables: {},
  ids: {},
  counts: {},
  routes: modelRoutes,
};
