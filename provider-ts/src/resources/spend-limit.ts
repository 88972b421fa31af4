import type { ProjectSpendLimit } from 'openai/resources/admin/organization/projects/spend-limit';
import type { OrganizationSpendLimit } from 'openai/resources/admin/organization/spend-limit';
import { KEEP, p } from '../spec/define';
import { PROJECT_ID, unlessNotFound } from './common';
import { initialSetting, projectArchived, defineSetting } from './setting';

const RULE =
  'Creating this resource records the limit found (`initial_setting`, `"none"` when there was none) and sets ' +
  'the configured one; changes apply in place; deleting it restores the recorded limit, or removes the limit when ' +
  'there was none (after an import nothing is on record, and deleting only removes it from state). A limit removed ' +
  "behind the tool's back reads as gone. Manage each scope with one resource only.";

/** The limit as the API takes it. */
type Limit = { threshold_amount: number; currency: 'USD'; interval: 'month' };
type Live = OrganizationSpendLimit | ProjectSpendLimit;

const CURRENCIES = ['USD'] as const;
const INTERVALS = ['month'] as const;

/** The API answers currency and interval as open strings; it takes only the values it documents. */
function limitOf(l: Live): Limit {
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the only values the API has today
  return { threshold_amount: l.threshold_amount, currency: l.currency as 'USD', interval: l.interval as 'month' };
}

const wanted = (inputs: {
  readonly threshold_amount: number;
  readonly currency: (typeof CURRENCIES)[number];
  readonly interval: (typeof INTERVALS)[number];
}): Limit => ({
  threshold_amount: inputs.threshold_amount,
  currency: inputs.currency,
  interval: inputs.interval,
});

const limitProperties = {
  threshold_amount: p.integer({ description: 'The hard spend limit, in cents (e.g. `10000` for 100 USD).', required: true, min: 1 }),
  currency: p.string({ description: 'The currency of `threshold_amount`: only `USD`.', required: true, enum: CURRENCIES }),
  interval: p.string({ description: 'The period spend is measured over: only `month`.', required: true, enum: INTERVALS }),
  enforcement_status: p.string({ description: 'Whether the limit is being enforced now: `inactive` or `enforcing`.', output: true }),
  object: p.string({ description: 'The object type.', output: true }),
  initial_setting: initialSetting('spend limit'),
};

const liveState = (l: Live) => ({ ...limitOf(l), enforcement_status: l.enforcement.status, object: l.object, initial_setting: KEEP });

export const organizationSpendLimit = defineSetting({
  name: 'organization_spend_limit',
  description: `The hard spend limit of the organization (Admin API: needs an organization admin key). ${RULE}`,
  key: 'admin',
  properties: {
    ...limitProperties,
    singleton_id: p.string({ description: 'The id of this organization-wide setting: always `organization`.', output: true }),
  },
  import: { format: 'organization', example: 'organization', pattern: 'organization' },
  idParts: [],
  example: { threshold_amount: 10000, currency: 'USD', interval: 'month' },
  setting: {
    what: 'organization spend limit',
    idOf: () => 'organization',
    wanted,
    get: (ctx) => unlessNotFound(ctx.openai.admin.organization.spendLimit.retrieve()),
    valueOf: limitOf,
    put: (ctx, _id, v) => ctx.openai.admin.organization.spendLimit.update(v),
    clear: async (ctx) => void (await ctx.openai.admin.organization.spendLimit.delete()),
    state: (id, l) => ({ ...liveState(l), singleton_id: id }),
  },
});

export const projectSpendLimit = defineSetting({
  name: 'project_spend_limit',
  description: `The hard spend limit of one project (Admin API: needs an organization admin key). ${RULE}`,
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    ...limitProperties,
  },
  import: { format: 'proj_<id>', example: 'proj_abc123', pattern: PROJECT_ID.regex },
  idParts: ['project_id'],
  example: { project_id: '${project.id}', threshold_amount: 10000, currency: 'USD', interval: 'month' },
  setting: {
    what: 'project spend limit',
    idOf: (inputs) => inputs.project_id,
    wanted,
    gone: projectArchived,
    get: (ctx, id) => unlessNotFound(ctx.openai.admin.organization.projects.spendLimit.retrieve(id)),
    valueOf: limitOf,
    put: (ctx, id, v) => ctx.openai.admin.organization.projects.spendLimit.update(id, v),
    clear: async (ctx, id) => void (await ctx.openai.admin.organization.projects.spendLimit.delete(id)),
    state: (id, l) => ({ project_id: id, ...liveState(l) }),
  },
});
