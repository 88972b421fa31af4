// One lifecycle fixture per resource of the registry, adapter-neutral: snake_case inputs as the core takes
// them, expected outcomes, and out-of-band changes made with the official SDK. Every adapter's lifecycle tests
// (and later bridge/conformance) drive the same table.
import type OpenAI from 'openai';
import type { JsonObject, PathSegment } from '@openai-iac/core';

/** SDK clients for out-of-band work, bound to the keys the scenario uses. */
export interface Clients {
  /** A project key (the one the scenario's resources belong to). */
  project: OpenAI;
  /** The organization admin key. */
  admin: OpenAI;
}

export interface LifecycleFixture {
  /** The resource's snake_case name in the registry. */
  resource: string;
  /**
   * Makes the objects the inputs refer to (through the SDK, with the scenario's keys). `${name}` in any input
   * string is replaced by the value returned under `name`.
   */
  setup?(c: Clients): Promise<Record<string, string>>;
  /** Inputs of the first create. */
  create: JsonObject;
  /** Part of the state expected after create. */
  created: JsonObject;
  /** A change applied in place (merged over `create`) and part of the state it yields; absent: no in-place update. */
  update?: { inputs: JsonObject; state: JsonObject };
  /** A change that cannot be applied in place (merged over the current inputs) and the properties forcing it. */
  replace?: { inputs: JsonObject; replaces: string[] };
  /** Inputs (merged over `create`) the core rejects before any request, and where the failure is. */
  invalid: { inputs: JsonObject; path: PathSegment[] };
  /** A change made behind the tool's back, and the part of the state a refresh must then show. */
  outOfBand?: { change(c: Clients, id: string): Promise<void>; drifted: JsonObject };
  /** Deletes (or archives) the object behind the tool's back. */
  remove(c: Clients, id: string): Promise<void>;
}

export const fixtures: LifecycleFixture[] = [
  {
    resource: 'file',
    create: { content: 'hello from the lifecycle test\n', filename: 'notes.md', purpose: 'assistants' },
    created: { filename: 'notes.md', purpose: 'assistants', bytes: 30 },
    replace: { inputs: { content: 'changed content\n' }, replaces: ['content', 'sha256'] },
    invalid: { inputs: { purpose: 'training' }, path: ['purpose'] },
    remove: async (c, id) => void (await c.project.files.delete(id)),
  },
  {
    resource: 'vector_store',
    setup: async (c) => {
      const f = await c.project.files.create({ file: new File(['vector store fixture'], 'kb.txt'), purpose: 'assistants' });
      return { file_id: f.id };
    },
    create: { name: 'handbook', description: 'the team handbook', file_ids: ['${file_id}'], metadata: { team: 'docs' } },
    created: { name: 'handbook', file_ids: ['${file_id}'], metadata: { team: 'docs' }, status: 'completed' },
    update: {
      inputs: { name: 'handbook v2', metadata: { team: 'support', 'owner email': 'a@example.com' }, expires_after: { days: 7 } },
      state: { name: 'handbook v2', metadata: { team: 'support', 'owner email': 'a@example.com' }, expires_after: { anchor: 'last_active_at', days: 7 } },
    },
    replace: { inputs: { description: 'a new description' }, replaces: ['description'] },
    invalid: { inputs: { expires_after: { days: 400 } }, path: ['expires_after', 'days'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.vectorStores.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.project.vectorStores.delete(id)),
  },
  {
    resource: 'project',
    create: { name: 'lifecycle project' },
    created: { name: 'lifecycle project', status: 'active' },
    update: { inputs: { name: 'lifecycle project, renamed' }, state: { name: 'lifecycle project, renamed' } },
    replace: { inputs: { residency: 'EU_STORAGE_PROCESSING' }, replaces: ['residency'] },
    invalid: { inputs: { name: '' }, path: ['name'] },
    outOfBand: {
      change: async (c, id) => void (await c.admin.admin.organization.projects.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.admin.admin.organization.projects.archive(id)),
  },
  {
    resource: 'assistant',
    create: {
      model: 'gpt-4o',
      name: 'Math Tutor',
      instructions: 'You are a personal math tutor.',
      tools: [{ type: 'function', function: { name: 'add', parameters: { type: 'object', properties: { a: { type: 'number' } } } } }],
      metadata: { team: 'edu' },
    },
    created: { model: 'gpt-4o', name: 'Math Tutor', metadata: { team: 'edu' } },
    update: {
      inputs: { name: 'Algebra Tutor', temperature: 0.5, tools: [{ type: 'code_interpreter' }] },
      state: { name: 'Algebra Tutor', temperature: 0.5, tools: [{ type: 'code_interpreter' }] },
    },
    invalid: { inputs: { tools: [{ type: 'function', function: { name: 'not a valid name!' } }] }, path: ['tools', 0, 'function', 'name'] },
    outOfBand: {
      change: async (c, id) => void (await c.project.beta.assistants.update(id, { name: 'renamed elsewhere' })),
      drifted: { name: 'renamed elsewhere' },
    },
    remove: async (c, id) => void (await c.project.beta.assistants.delete(id)),
  },
];

/** Replaces `${name}` placeholders in every string of a value. */
export function resolve<T>(value: T, vars: Record<string, string>): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
    typeof v === 'string' ? v.replace(/\$\{([a-z_]+)\}/g, (m, name: string) => vars[name] ?? m) : v,
  ) as T;
}
