// Webhook endpoints (not in the OpenAPI description: see extra-routes.ts). Project-scoped; the signing secret is
// returned only on create and rotate. The emulator stores endpoints but never delivers events.

import { notFound } from '../errors';
import { idMinter, newSecret } from '../ids';
import { WEBHOOK_EVENT_TYPES } from '../extra-routes';
import type { ScopedRec } from '../store';
import { applyFields, insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = { webhook_endpoint: { prefix: 'whe_', alphabet: 'hex', length: 32 } } as const;
const newId = idMinter(IDS);

function ownEndpoint(ctx: Ctx): ScopedRec {
  const id = ctx.params['webhook_endpoint_id'] as string;
  return ownRecord(ctx, ctx.store.tables.webhook_endpoints, id, () => notFound('webhook endpoint', id));
}

/** Sets a fresh signing secret; returns the endpoint as create/rotate answer it (with the secret). */
function withNewSecret(ctx: Ctx, endpoint: ScopedRec) {
  const secret = newSecret('whsec_');
  endpoint['_secret'] = secret;
  endpoint['signing_secret_hint'] = `whsec_...${secret.slice(-4)}`;
  endpoint['updated_at'] = ctx.now;
  ctx.store.markDirty();
  return { ...view(endpoint), signing_secret: secret };
}

const ENDPOINT = '/webhook_endpoints/{webhook_endpoint_id}';

const webhookRoutes: Route[] = [
  post('/webhook_endpoints', (ctx) => {
    const endpoint = insert(ctx, ctx.store.tables.webhook_endpoints, {
      id: newId('webhook_endpoint'),
      object: 'webhook_endpoint',
      created_at: ctx.now,
      updated_at: ctx.now,
      event_types: ctx.body['event_types'],
      name: ctx.body['name'],
      url: ctx.body['url'],
      signing_secret_hint: null,
      _project: ctx.projectId,
    });
    return withNewSecret(ctx, endpoint);
  }),
  // Newest first, as the API lists them (the operation takes no `order`, so paginate's default would be oldest first).
  get('/webhook_endpoints', (ctx) => paginate(ctx, ownRecords(ctx, ctx.store.tables.webhook_endpoints).reverse(), (e) => e.id, view)),
  get(ENDPOINT, (ctx) => view(ownEndpoint(ctx))),
  post(ENDPOINT, (ctx) => {
    const endpoint = ownEndpoint(ctx);
    const before = JSON.stringify(view(endpoint));
    applyFields(ctx, endpoint, ctx.body, ['event_types', 'name', 'url']);
    if (JSON.stringify(view(endpoint)) !== before) endpoint['updated_at'] = ctx.now;
    return view(endpoint);
  }),
  del(ENDPOINT, (ctx) => {
    const endpoint = ownEndpoint(ctx);
    return remove(ctx, ctx.store.tables.webhook_endpoints, endpoint.id, endpoint.id, 'webhook_endpoint.deleted');
  }),
  post(`${ENDPOINT}/rotate_secret`, (ctx) => withNewSecret(ctx, ownEndpoint(ctx))),
  get('/webhook_event_types', () => ({ object: 'list', data: [...WEBHOOK_EVENT_TYPES] })),
];

const TABLES = { webhook_endpoints: table<ScopedRec>() };

export const webhooks: EmulatorModule<typeof TABLES> = {
  name: 'webhooks',
  serves: { webhook_endpoint: { path: '/webhook_endpoints', id: 'webhook_endpoint' } },
  tables: TABLES,
  ids: IDS,
  counts: { webhook_endpoints: (t) => rows(t.webhook_endpoints) },
  routes: webhookRoutes,
};
