import type { ProjectRateLimit, RateLimitUpdateRateLimitParams } from 'openai/resources/admin/organization/projects/rate-limits';
import { OpenAIIacError } from '../client/errors';
import { defineResource, KEEP, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { PROJECT_ID, splitId } from './common';
import { named } from '../spec/names';

const LIMITS = {
  max_requests_per_1_minute: 'Most requests per minute.',
  max_tokens_per_1_minute: 'Most tokens per minute.',
  max_images_per_1_minute: 'Most images per minute (image models only).',
  max_audio_megabytes_per_1_minute: 'Most audio megabytes per minute (audio models only).',
  max_requests_per_1_day: 'Most requests per day (some models only).',
  batch_1_day_max_input_tokens: 'Most batch input tokens per day (some models only).',
} as const;
type Limit = keyof typeof LIMITS;
// eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- Object.keys types its keys as string
const FIELDS = Object.keys(LIMITS) as Limit[];
const RATE_LIMIT_ID = { regex: 'rl[-_][A-Za-z0-9._:-]+', says: 'a rate limit id (rl-<model>)' };

type Limits = { [F in Limit]?: number | null };

function limitsOf(rl: ProjectRateLimit): Limits {
  const out: Limits = {};
  for (const f of FIELDS) if (typeof rl[f] === 'number') out[f] = rl[f];
  return out;
}

/** `initial_limits` is KEEP (left unset): it is found at creation only, and kept from then on. */
function toState(projectId: string, rl: ProjectRateLimit) {
  return {
    project_id: projectId,
    model: rl.model,
    rate_limit_id: rl.id,
    max_requests_per_1_minute: rl.max_requests_per_1_minute ?? null,
    max_tokens_per_1_minute: rl.max_tokens_per_1_minute ?? null,
    max_images_per_1_minute: rl.max_images_per_1_minute ?? null,
    max_audio_megabytes_per_1_minute: rl.max_audio_megabytes_per_1_minute ?? null,
    max_requests_per_1_day: rl.max_requests_per_1_day ?? null,
    batch_1_day_max_input_tokens: rl.batch_1_day_max_input_tokens ?? null,
    initial_limits: KEEP,
  };
}

/** The fields of `inputs` that are set (the ones this resource manages). */
function configured(inputs: { readonly [F in Limit]?: number | null }, only?: readonly string[]): Omit<RateLimitUpdateRateLimitParams, 'project_id'> {
  const out: Partial<Record<Limit, number>> = {};
  for (const f of FIELDS) if (typeof inputs[f] === 'number' && (!only || only.includes(f))) out[f] = inputs[f];
  return out;
}

async function findLimit(ctx: HandlerContext, projectId: string, match: (rl: ProjectRateLimit) => boolean): Promise<ProjectRateLimit | null> {
  for await (const rl of ctx.openai.admin.organization.projects.rateLimits.listRateLimits(projectId, { limit: 100 })) {
    if (match(rl)) return rl;
  }
  return null;
}

/** Archived projects keep their limits on record but cannot be updated: they count as gone. */
async function archived(ctx: HandlerContext, projectId: string): Promise<boolean> {
  return (await ctx.openai.admin.organization.projects.retrieve(projectId)).status === 'archived';
}

export const projectRateLimit = defineResource({
  name: 'project_rate_limit',
  description:
    'The rate limits of one model in a project (Admin API: needs an organization admin key). Every project already ' +
    'has a rate limit per model and the API cannot create or delete them, so creating this resource adopts the ' +
    "model's limit and sets the configured fields (the others stay as they are), and deleting it restores the " +
    'values found at creation (`initial_limits`; after an import there are none, and deleting only removes it from ' +
    'state). Limits change in place; a change of `project_id` or `model` replaces the resource. A project limit ' +
    "cannot exceed the organization's. Manage each project and model with one resource only.",
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    model: p.string({
      description: 'The model whose limits to set, e.g. `gpt-4o`. Set `model` or `rate_limit_id`.',
      minLength: 1,
      computed: true,
      replaceOnChange: true,
    }),
    rate_limit_id: p.string({
      description:
        "The id of the rate limit, e.g. `rl-gpt-4o`: another way to name the model (the official provider's). Set `model` or `rate_limit_id`.",
      computed: true,
      replaceOnChange: true,
      pattern: RATE_LIMIT_ID,
    }),
    ...p.each(FIELDS, (f) => p.integer({ description: `${LIMITS[f]} Unset: left as it is.`, computed: true, min: 0 })),
    initial_limits: p.object(
      p.each(FIELDS, (f) => p.integer({ description: LIMITS[f], output: true })),
      { description: 'The limits found when this resource was created; deleting restores them.', output: true },
    ),
  },
  refine: (inputs) =>
    inputs['model'] == null && inputs['rate_limit_id'] == null
      ? [{ path: ['model'], message: `is required: set ${named('model')} (e.g. gpt-4o) or ${named('rate_limit_id')} (e.g. rl-gpt-4o)` }]
      : [],
  unsupported: {
    max_requests_per_minute: 'is `max_requests_per_1_minute`',
    max_tokens_per_minute: 'is `max_tokens_per_1_minute`',
  },
  import: { format: 'proj_<id>/rl-<model>', example: 'proj_abc123/rl-gpt-4o', pattern: `proj_[A-Za-z0-9_-]+/${RATE_LIMIT_ID.regex}` },
  idParts: ['project_id', 'rate_limit_id'],
  dataSources: { listAttribute: 'rate_limits' },
  example: { project_id: '${project.id}', model: 'gpt-4o', max_requests_per_1_minute: 100, max_tokens_per_1_minute: 10000 },
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const { model, rate_limit_id: rateLimitId } = inputs;
      const limits = ctx.openai.admin.organization.projects.rateLimits;
      // Nothing is created: the model's limit exists; setting it again is harmless, so no create-once care is needed.
      const found = await findLimit(ctx, projectId, (rl) => (model == null || rl.model === model) && (rateLimitId == null || rl.id === rateLimitId));
      if (!found) {
        const named =
          model != null && rateLimitId != null
            ? `model '${model}' with id '${rateLimitId}'`
            : model != null
              ? `model '${model}'`
              : `id '${rateLimitId}'`;
        throw new OpenAIIacError(
          'validation',
          `project ${projectId} has no rate limit for ${named}: check the name (list the project's limits with the project_rate_limits data source)`,
        );
      }
      const set = await limits.updateRateLimit(found.id, { project_id: projectId, ...configured(inputs) });
      return { id: `${projectId}/${found.id}`, state: { ...toState(projectId, set), initial_limits: limitsOf(found) } };
    },
    async read(ctx, id) {
      const [projectId, rateLimitId] = splitId(id);
      if (await archived(ctx, projectId)) {
        ctx.debug(`rate limit ${id}: project ${projectId} is archived; treating it as gone`);
        return null;
      }
      const rl = await findLimit(ctx, projectId, (x) => x.id === rateLimitId);
      return rl ? toState(projectId, rl) : null;
    },
    async update(ctx, id, _olds, news, changed) {
      const [projectId, rateLimitId] = splitId(id);
      return toState(
        projectId,
        await ctx.openai.admin.organization.projects.rateLimits.updateRateLimit(rateLimitId, { project_id: projectId, ...configured(news, changed) }),
      );
    },
    async delete(ctx, id, state) {
      const [projectId, rateLimitId] = splitId(id);
      const initial = state.initial_limits;
      if (!initial || Object.keys(initial).length === 0) {
        ctx.debug(`rate limit ${id}: no initial limits on record (imported); removing it from state only`);
        return;
      }
      if (await archived(ctx, projectId)) return ctx.debug(`rate limit ${id}: project ${projectId} is archived; nothing to restore`);
      await ctx.openai.admin.organization.projects.rateLimits.updateRateLimit(rateLimitId, { project_id: projectId, ...configured(initial) });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const rl of ctx.openai.admin.organization.projects.rateLimits.listRateLimits(projectId, { limit: 100 })) {
        out.push({ id: `${projectId}/${rl.id}`, state: toState(projectId, rl) });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose rate limits to list.', required: true, pattern: PROJECT_ID }) },
});
