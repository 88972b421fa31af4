// Admin API: the organization's and the projects' settings — data retention, hard spend limits, model permissions
// and hosted tool permissions. Each is one object per scope (the organization, or a project), never minted: a
// fresh organization has the standard retention and no spend limit; a fresh project inherits the organization's
// retention, has no spend limit, may use every model and every hosted tool. Only changes from those are stored.

import { ApiError, badRequest } from '../../errors';
import { table, rows, type EmulatorModule } from '../module';
import { MODEL_CATALOGUE } from '../models';
import { del, get, post, type Ctx, type Route } from '../types';
import { activeProjectOf, projectOf } from './projects';

/** The organization's own row in the per-scope tables (project rows are keyed by project id). */
const ORG = 'organization';

type SpendLimitRec = {
  threshold_amount: number;
  currency: string;
  interval: string;
};
type ModelPermissionsRec = {
  mode: 'allow_list' | 'deny_list';
  model_ids: string[];
};
const TOOLS = ['file_search', 'web_search', 'image_generation', 'mcp', 'code_interpreter'] as const;
type Tools = Record<(typeof TOOLS)[number], boolean>;

/** A fresh organization's retention (the description's example): abuse monitoring as modified by agreement. */
const ORG_DEFAULT_RETENTION = 'modified_abuse_monitoring';

const noSpendLimit = (scope: string): ApiError =>
  new ApiError(404, scope === ORG ? 'No hard spend limit is set for this organization.' : `No hard spend limit is set for project '${scope}'.`);

function spendLimit(scope: string, rec: SpendLimitRec) {
  return {
    object: scope === ORG ? 'organization.spend_limit' : 'project.spend_limit',
    threshold_amount: rec.threshold_amount,
    currency: rec.currency,
    interval: rec.interval,
    // the emulator bills nothing: no limit is ever reached
    enforcement: { status: 'inactive' },
  };
}

function modelPermissions(ctx: Ctx, projectId: string) {
  const rec = ctx.store.tables.model_permissions[projectId] ?? { mode: 'deny_list', model_ids: [] };
  return { object: 'project.model_permissions', mode: rec.mode, model_ids: [...rec.model_ids] };
}

function hostedTools(ctx: Ctx, projectId: string) {
  const rec = ctx.store.tables.hosted_tool_permissions[projectId];
  return Object.fromEntries(TOOLS.map((t) => [t, { enabled: rec?.[t] ?? true }]));
}

/** Spend limit routes for a scope: GET (404 when none), POST creates or replaces, DELETE removes. */
function spendLimitRoutes(path: string, scopeOf: (ctx: Ctx, write: boolean) => string): Route[] {
  return [
    get(path, (ctx) => {
      const scope = scopeOf(ctx, false);
      const rec = ctx.store.tables.spend_limits[scope];
      if (!rec) throw noSpendLimit(scope);
      return spendLimit(scope, rec);
    }),
    post(path, (ctx) => {
      const scope = scopeOf(ctx, true);
      const body = ctx.body as unknown as SpendLimitRec;
      const rec = { threshold_amount: body.threshold_amount, currency: body.currency, interval: body.interval };
      ctx.store.tables.spend_limits[scope] = rec;
      ctx.store.markDirty();
      return spendLimit(scope, rec);
    }),
    del(path, (ctx) => {
      const scope = scopeOf(ctx, true);
      if (!ctx.store.tables.spend_limits[scope]) throw noSpendLimit(scope);
      delete ctx.store.tables.spend_limits[scope];
      ctx.store.markDirty();
      return { object: scope === ORG ? 'organization.spend_limit.deleted' : 'project.spend_limit.deleted', deleted: true };
    }),
  ];
}

const PROJECT = '/organization/projects/{project_id}';
const projectScope = (ctx: Ctx, write: boolean): string => (write ? activeProjectOf(ctx) : projectOf(ctx)).id;

const routes: Route[] = [
  // ---- data retention
  get('/organization/data_retention', (ctx) => ({
    object: 'organization.data_retention',
    type: ctx.store.tables.data_retention[ORG] ?? ORG_DEFAULT_RETENTION,
  })),
  post('/organization/data_retention', (ctx) => {
    const type = ctx.body['retention_type'] as string;
    ctx.store.tables.data_retention[ORG] = type;
    ctx.store.markDirty();
    return { object: 'organization.data_retention', type };
  }),
  get(`${PROJECT}/data_retention`, (ctx) => ({
    object: 'project.data_retention',
    type: ctx.store.tables.data_retention[projectOf(ctx).id] ?? 'organization_default',
  })),
  post(`${PROJECT}/data_retention`, (ctx) => {
    const project = activeProjectOf(ctx);
    const type = ctx.body['retention_type'] as string;
    ctx.store.tables.data_retention[project.id] = type;
    ctx.store.markDirty();
    return { object: 'project.data_retention', type };
  }),

  // ---- hard spend limits
  ...spendLimitRoutes('/organization/spend_limit', () => ORG),
  ...spendLimitRoutes(`${PROJECT}/spend_limit`, projectScope),

  // ---- model permissions
  get(`${PROJECT}/model_permissions`, (ctx) => modelPermissions(ctx, projectOf(ctx).id)),
  post(`${PROJECT}/model_permissions`, (ctx) => {
    const project = activeProjectOf(ctx);
    const body = ctx.body as unknown as ModelPermissionsRec;
    body.model_ids.forEach((id, i) => {
      if (!(id in MODEL_CATALOGUE))
        throw badRequest(`Invalid 'model_ids[${i}]': the model '${id}' does not exist.`, `model_ids[${i}]`, 'model_not_found');
    });
    ctx.store.tables.model_permissions[project.id] = { mode: body.mode, model_ids: [...new Set(body.model_ids)] };
    ctx.store.markDirty();
    return modelPermissions(ctx, project.id);
  }),
  del(`${PROJECT}/model_permissions`, (ctx) => {
    const project = activeProjectOf(ctx);
    delete ctx.store.tables.model_permissions[project.id];
    ctx.store.markDirty();
    return { object: 'project.model_permissions.deleted', deleted: true };
  }),

  // ---- hosted tool permissions: a partial update (a tool left out or null stays as it is)
  get(`${PROJECT}/hosted_tool_permissions`, (ctx) => hostedTools(ctx, projectOf(ctx).id)),
  post(`${PROJECT}/hosted_tool_permissions`, (ctx) => {
    const project = activeProjectOf(ctx);
    const current = Object.fromEntries(Object.entries(hostedTools(ctx, project.id)).map(([t, v]) => [t, v.enabled])) as Tools;
    for (const t of TOOLS) {
      const change = ctx.body[t] as { enabled: boolean } | null | undefined;
      if (change) current[t] = change.enabled;
    }
    ctx.store.tables.hosted_tool_permissions[project.id] = current;
    ctx.store.markDirty();
    return hostedTools(ctx, project.id);
  }),
];

/** Keyed by scope: 'organization' or a project id. */
const TABLES = {
  data_retention: table<string>(),
  spend_limits: table<SpendLimitRec>(),
  model_permissions: table<ModelPermissionsRec>(),
  hosted_tool_permissions: table<Tools>(),
};

export const settings: EmulatorModule<typeof TABLES> = {
  name: 'admin/settings',
  serves: {
    organization_data_retention: { path: '/organization/data_retention' },
    project_data_retention: { path: `${PROJECT}/data_retention` },
    organization_spend_limit: { path: '/organization/spend_limit' },
    project_spend_limit: { path: `${PROJECT}/spend_limit` },
    project_model_permissions: { path: `${PROJECT}/model_permissions` },
    project_hosted_tool_permissions: { path: `${PROJECT}/hosted_tool_permissions` },
  },
  tables: TABLES,
  ids: {},
  // Only spend limits come and go; the other settings always exist (their tables hold changes from the defaults).
  counts: { spend_limits: (t) => rows(t.spend_limits) },
  routes,
};
