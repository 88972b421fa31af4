import { KEEP, p } from '../spec/define';
import { PROJECT_ID } from './common';
import { initialSetting, projectArchived, defineSetting } from './setting';

const MODES = ['allow_list', 'deny_list'] as const;

export const projectModelPermissions = defineSetting({
  name: 'project_model_permissions',
  description:
    'Which models one project may use: an allow list or a deny list of model ids (Admin API: needs an organization ' +
    'admin key). Creating this resource records the permissions found (`initial_setting`, `"none"` when every model ' +
    'was allowed) and sets the configured ones; changes apply in place; deleting it restores the recorded ' +
    'permissions, or removes the restriction when there was none (after an import nothing is on record, and deleting ' +
    'only removes it from state). Manage each project with one resource only.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    mode: p.string({ description: '`allow_list`: only the models in `model_ids`; `deny_list`: every model but those.', required: true, enum: MODES }),
    model_ids: p.list(p.string({ description: 'A model id, e.g. `gpt-4o`.', minLength: 1 }), {
      description: 'The model ids the list names.',
      required: true,
    }),
    object: p.string({ description: 'The object type, `project.model_permissions`.', output: true }),
    initial_setting: initialSetting('model permissions'),
  },
  import: { format: 'proj_<id>', example: 'proj_abc123', pattern: PROJECT_ID.regex },
  idParts: ['project_id'],
  example: { project_id: '${project.id}', mode: 'allow_list', model_ids: ['gpt-4o', 'gpt-4o-mini'] },
  setting: {
    what: 'project model permissions',
    idOf: (inputs) => inputs.project_id,
    wanted: (inputs) => ({ mode: inputs.mode, model_ids: [...inputs.model_ids] }),
    gone: projectArchived,
    get: (ctx, id) => ctx.openai.admin.organization.projects.modelPermissions.retrieve(id),
    valueOf: (a) => ({ mode: a.mode, model_ids: a.model_ids }),
    // a deny list of no models restricts nothing: the state of a project whose permissions were never set
    isNone: (a) => a.mode === 'deny_list' && a.model_ids.length === 0,
    put: (ctx, id, v) => ctx.openai.admin.organization.projects.modelPermissions.update(id, v),
    clear: async (ctx, id) => void (await ctx.openai.admin.organization.projects.modelPermissions.delete(id)),
    state: (id, a) => ({ project_id: id, mode: a.mode, model_ids: a.model_ids, object: a.object, initial_setting: KEEP }),
  },
});
