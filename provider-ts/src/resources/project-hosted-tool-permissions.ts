import type { ProjectHostedToolPermissions } from 'openai/resources/admin/organization/projects/hosted-tool-permissions';
import { KEEP, p } from '../spec/define';
import { PROJECT_ID } from './common';
import { initialSetting, projectArchived, defineSetting } from './setting';

const TOOLS = {
  code_interpreter: 'Code Interpreter',
  file_search: 'file search',
  image_generation: 'image generation',
  mcp: 'remote MCP servers',
  web_search: 'web search',
} as const;
type Tool = keyof typeof TOOLS;
// eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- Object.keys types its keys as string
const NAMES = Object.keys(TOOLS) as Tool[];
const allowed = (t: Tool) => p.bool({ description: `Whether the project may use ${TOOLS[t]}.`, required: true });

/** The permissions as the API takes them: every tool named. */
type Setting = Record<Tool, { enabled: boolean }>;

function valueOf(a: ProjectHostedToolPermissions): Setting {
  // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- one member per tool, built from NAMES
  return Object.fromEntries(NAMES.map((t) => [t, { enabled: a[t].enabled }])) as Setting;
}

export const projectHostedToolPermissions = defineSetting({
  name: 'project_hosted_tool_permissions',
  description:
    "Which of OpenAI's hosted tools one project may use (Admin API: needs an organization admin key). Every project " +
    'has these permissions, so creating this resource records the ones found (`initial_setting`) and sets the ' +
    'configured ones; changes apply in place; deleting it restores the recorded permissions (after an import ' +
    'nothing is on record, and deleting only removes it from state). Manage each project with one resource only.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    code_interpreter_enabled: allowed('code_interpreter'),
    file_search_enabled: allowed('file_search'),
    image_generation_enabled: allowed('image_generation'),
    mcp_enabled: allowed('mcp'),
    web_search_enabled: allowed('web_search'),
    initial_setting: initialSetting('hosted tool permissions'),
  },
  import: { format: 'proj_<id>', example: 'proj_abc123', pattern: PROJECT_ID.regex },
  idParts: ['project_id'],
  example: {
    project_id: '${project.id}',
    code_interpreter_enabled: true,
    file_search_enabled: true,
    image_generation_enabled: false,
    mcp_enabled: false,
    web_search_enabled: true,
  },
  setting: {
    what: 'project hosted tool permissions',
    idOf: (inputs) => inputs.project_id,
    wanted: (inputs): Setting => ({
      code_interpreter: { enabled: inputs.code_interpreter_enabled },
      file_search: { enabled: inputs.file_search_enabled },
      image_generation: { enabled: inputs.image_generation_enabled },
      mcp: { enabled: inputs.mcp_enabled },
      web_search: { enabled: inputs.web_search_enabled },
    }),
    gone: projectArchived,
    get: (ctx, id) => ctx.openai.admin.organization.projects.hostedToolPermissions.retrieve(id),
    valueOf,
    put: (ctx, id, v) => ctx.openai.admin.organization.projects.hostedToolPermissions.update(id, v),
    state: (id, a) => ({
      project_id: id,
      code_interpreter_enabled: a.code_interpreter.enabled,
      file_search_enabled: a.file_search.enabled,
      image_generation_enabled: a.image_generation.enabled,
      mcp_enabled: a.mcp.enabled,
      web_search_enabled: a.web_search.enabled,
      initial_setting: KEEP,
    }),
  },
});
