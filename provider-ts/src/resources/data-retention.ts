import { KEEP, p } from '../spec/define';
import { PROJECT_ID } from './common';
import { initialSetting, projectArchived, defineSetting } from './setting';

/** The organization's retention types (the API's enum); a project may also follow the organization or keep none. */
const ORGANIZATION_TYPES = [
  'zero_data_retention',
  'modified_abuse_monitoring',
  'enhanced_zero_data_retention',
  'enhanced_modified_abuse_monitoring',
] as const;
const PROJECT_TYPES = ['organization_default', 'none', ...ORGANIZATION_TYPES] as const;

const RULE =
  'Every scope always has a retention setting, so creating this resource adopts the current one (`initial_setting`) ' +
  'and applies `type`; deleting it restores the one found at creation (after an import nothing is on record, and ' +
  'deleting only removes it from state). Manage each scope with one resource only.';

export const organizationDataRetention = defineSetting({
  name: 'organization_data_retention',
  description: `The data retention controls of the organization (Admin API: needs an organization admin key). ${RULE}`,
  key: 'admin',
  properties: {
    type: p.string({
      description: `The organization's retention type: ${ORGANIZATION_TYPES.map((t) => `\`${t}\``).join(', ')}.`,
      required: true,
      enum: ORGANIZATION_TYPES,
    }),
    object: p.string({ description: 'The object type, `organization.data_retention`.', output: true }),
    singleton_id: p.string({ description: 'The id of this organization-wide setting: always `organization`.', output: true }),
    initial_setting: initialSetting('retention setting'),
  },
  import: { format: 'organization', example: 'organization', pattern: 'organization' },
  idParts: [],
  example: { type: 'zero_data_retention' },
  setting: {
    what: 'organization data retention',
    idOf: () => 'organization',
    wanted: (inputs) => ({ retention_type: inputs.type }),
    get: (ctx) => ctx.openai.admin.organization.dataRetention.retrieve(),
    valueOf: (a) => ({ retention_type: a.type }),
    put: (ctx, _id, v) => ctx.openai.admin.organization.dataRetention.update(v),
    state: (id, a) => ({ type: a.type, object: a.object, singleton_id: id, initial_setting: KEEP }),
  },
});

export const projectDataRetention = defineSetting({
  name: 'project_data_retention',
  description: `The data retention controls of one project (Admin API: needs an organization admin key). ${RULE}`,
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    type: p.string({
      description: `The project's retention type: \`organization_default\` (follow the organization), \`none\`, or one of the organization's types (${ORGANIZATION_TYPES.map((t) => `\`${t}\``).join(', ')}).`,
      required: true,
      enum: PROJECT_TYPES,
    }),
    object: p.string({ description: 'The object type, `project.data_retention`.', output: true }),
    initial_setting: initialSetting('retention setting'),
  },
  import: { format: 'proj_<id>', example: 'proj_abc123', pattern: PROJECT_ID.regex },
  idParts: ['project_id'],
  example: { project_id: '${project.id}', type: 'organization_default' },
  setting: {
    what: 'project data retention',
    idOf: (inputs) => inputs.project_id,
    wanted: (inputs) => ({ retention_type: inputs.type }),
    gone: projectArchived,
    get: (ctx, id) => ctx.openai.admin.organization.projects.dataRetention.retrieve(id),
    valueOf: (a) => ({ retention_type: a.type }),
    put: (ctx, id, v) => ctx.openai.admin.organization.projects.dataRetention.update(id, v),
    state: (id, a) => ({ project_id: id, type: a.type, object: a.object, initial_setting: KEEP }),
  },
});
