// Admin API: project rate limits — organization defaults per model, overridden (lowered) per project. Ids are
// `rl-<model>` over the model catalogue, never minted; only the overrides are stored.

import { badRequest, notFound } from '../../errors';
import { paginate } from '../common';
import { table, type EmulatorModule } from '../module';
import { MODEL_CATALOGUE } from '../models';
import { get, post, type Ctx, type Route } from '../types';
import { activeProjectOf, projectOf } from './projects';
import { audit } from './audit-logs';

type Limits = Record<string, number>;
const RATE_LIMIT_FIELDS = [
  'max_requests_per_1_minute',
  'max_tokens_per_1_minute',
  'max_images_per_1_minute',
  'max_audio_megabytes_per_1_minute',
  'max_requests_per_1_day',
  'batch_1_day_max_input_tokens',
];

function organizationLimits(model: string): Limits {
  return model.startsWith('text-embedding')
    ? {
        max_requests_per_1_minute: 3000,
        max_tokens_per_1_minute: 1_000_000,
        max_requests_per_1_day: 200_000,
        batch_1_day_max_input_tokens: 3_000_000,
      }
    : { max_requests_per_1_minute: 500, max_tokens_per_1_minute: 30_000, max_requests_per_1_day: 10_000, batch_1_day_max_input_tokens: 90_000 };
}

function rateLimits(ctx: Ctx, projectId: string) {
  const overrides = ctx.store.tables.rate_limits[projectId] ?? {};
  return Object.keys(MODEL_CATALOGUE).map((model) => {
    const id = `rl-${model}`;
    return { object: 'project.rate_limit', id, model, ...organizationLimits(model), ...overrides[id] };
  });
}

const LIMITS = '/organization/projects/{project_id}/rate_limits';

const routes: Route[] = [
  get(LIMITS, (ctx) => {
    const project = projectOf(ctx);
    return paginate(
      ctx,
      rateLimits(ctx, project.id),
      (l) => l.id,
      (l) => l,
    );
  }),
  post(`${LIMITS}/{rate_limit_id}`, (ctx) => {
    const project = activeProjectOf(ctx);
    const id = ctx.params['rate_limit_id'] as string;
    const current = rateLimits(ctx, project.id).find((l) => l.id === id);
    if (!current) throw notFound('rate limit', id);
    const ceiling = organizationLimits(current.model);
    const changes: Limits = {};
    for (const field of RATE_LIMIT_FIELDS) {
      const value = ctx.body[field];
      if (typeof value !== 'number') continue;
      const max = ceiling[field];
      if (max === undefined || value > max) {
        throw badRequest(
          `Invalid '${field}': the project limit cannot exceed the organization limit${max === undefined ? '' : ` of ${max}`}.`,
          field,
        );
      }
      changes[field] = value;
    }
    const overrides = (ctx.store.tables.rate_limits[project.id] ??= {});
    overrides[id] = { ...overrides[id], ...changes };
    ctx.store.markDirty();
    audit(ctx, 'rate_limit.updated', { id, changes_requested: changes }, project.id);
    return { ...current, ...overrides[id] };
  }),
];

/** Per project: rate limit id -> the limits changed from the organization default. */
const TABLES = { rate_limits: table<Record<string, Limits>>() };

export const projectRateLimits: EmulatorModule<typeof TABLES> = {
  name: 'admin/rate-limits',
  serves: { project_rate_limit: { path: LIMITS } },
  tables: TABLES,
  ids: {},
  // Not counted: a rate limit always exists; the table holds only overrides.
  counts: {},
  routes,
};
