import type { UsageCostsResponse } from 'openai/resources/admin/organization/usage';
import { ValidationError } from '../client/errors';
import { defineDataSource, p } from '../spec/define';
import { allBuckets, rangeFailures, timeArgs } from './organization-usage';

type Result = UsageCostsResponse.Data['results'][number];

/** A cost result (other result kinds never appear in a costs answer; they would show as empty). */
function resultState(r: Result) {
  const c = r.object === 'organization.costs.result' ? r : undefined;
  return {
    amount: c?.amount ? { value: c.amount.value ?? null, currency: c.amount.currency ?? null } : null,
    line_item: c?.line_item ?? null,
    project_id: c?.project_id ?? null,
    api_key_id: c?.api_key_id ?? null,
    quantity: c?.quantity ?? null,
    quantity_unit: c?.quantity_unit ?? null,
  };
}

const out = { output: true } as const;
const ids = (description: string) => p.list(p.string({ description: 'an id', minLength: 1 }), { description });

export const organizationCosts = defineDataSource({
  name: 'organization_costs',
  description:
    "What the organization spent (Admin API: needs an organization admin key), in daily buckets: each bucket's " +
    'results are amounts in a currency, one in all or one per group of `group_by` (project, line item, API key). ' +
    'Every page of buckets is read.',
  key: 'admin',
  properties: {
    start_time: p.integer({ description: 'Start of the bucket (Unix seconds), inclusive.', ...out }),
    end_time: p.integer({ description: 'End of the bucket (Unix seconds), exclusive.', ...out }),
    results: p.list(
      p.object(
        {
          amount: p.object(
            {
              value: p.number({ description: 'The amount.', ...out }),
              currency: p.string({ description: 'Its currency (`usd`).', ...out }),
            },
            { description: 'What was spent.', ...out },
          ),
          line_item: p.string({ description: 'The line item, when grouped by line item.', ...out }),
          project_id: p.string({ description: 'The project, when grouped by project.', ...out }),
          api_key_id: p.string({ description: 'The API key, when grouped by key.', ...out }),
          quantity: p.number({ description: 'How much of the line item was used, when the API says.', ...out }),
          quantity_unit: p.string({ description: 'The unit of `quantity` (`tokens`, `gibibyte_hours` …).', ...out }),
        },
        { description: 'A cost of the bucket.', ...out },
      ),
      { description: 'What was spent in the bucket: none when nothing was.', ...out },
    ),
  },
  idParts: ['start_time', 'end_time'],
  dataSources: { get: false, listName: 'organization_costs' },
  import: { format: '<start_time>/<end_time>', example: '1730419200/1730505600', pattern: '[0-9]+/[0-9]+' },
  example: { start_time: 1730419200, group_by: ['project_id'] },
  handlers: {
    async read(): Promise<null> {
      return null; // buckets are answers to a query, not objects: there is nothing to read again by id
    },
    async list(ctx, args) {
      const failures = rangeFailures(args);
      if (failures.length > 0) throw new ValidationError('organization_costs', failures);
      const buckets = await allBuckets(ctx, (page) => ctx.openai.admin.organization.usage.costs({ ...args, ...(page ? { page } : {}) }));
      return buckets.map((b) => ({
        id: `${b.start_time}/${b.end_time}`,
        state: { start_time: b.start_time, end_time: b.end_time, results: b.results.map(resultState) },
      }));
    },
  },
  listArgs: {
    ...timeArgs,
    bucket_width: p.string({ description: 'The width of each time bucket: `1d` (the only width costs have).', enum: ['1d'] }),
    project_ids: ids('Only costs of these projects.'),
    api_key_ids: ids('Only costs of these API keys.'),
    group_by: p.list(p.string({ description: 'a field', enum: ['project_id', 'line_item', 'api_key_id'] }), {
      description: 'Split each bucket into one result per value of these fields: `project_id`, `line_item`, `api_key_id`.',
    }),
    limit: p.integer({ description: 'Buckets fetched a request (every page is read whatever it is); 1 to 180.', min: 1, max: 180 }),
  },
});
