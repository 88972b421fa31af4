import type { PermissionListResponse } from 'openai/resources/fine-tuning/checkpoints/permissions';
import { isNotFound } from '../client/errors';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { findSince, PROJECT_ID, splitId, unlessNotFound } from './common';

const CHECKPOINT = { regex: 'ft:[^/\\s]+', says: 'a fine-tuned model checkpoint (ft:…)' };

function toState(checkpoint: string, perm: PermissionListResponse) {
  return { fine_tuned_model_checkpoint: checkpoint, project_id: perm.project_id, created_at: perm.created_at };
}

/** The checkpoint's permissions (of one project, when given), or null when the checkpoint is gone. */
async function permissionsOf(ctx: HandlerContext, checkpoint: string, projectId?: string): Promise<PermissionListResponse[] | null> {
  const out: PermissionListResponse[] = [];
  try {
    for await (const perm of ctx.openai.fineTuning.checkpoints.permissions.list(checkpoint, {
      limit: 100,
      order: 'descending',
      ...(projectId ? { project_id: projectId } : {}),
    })) {
      out.push(perm);
    }
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
  return out;
}

async function* each<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

export const fineTuningCheckpointPermission = defineResource({
  name: 'fine_tuning_checkpoint_permission',
  description:
    "Shares a fine-tuned model checkpoint with one project of the organization (admin key), so that project's keys " +
    'can use it. Every change replaces the permission. The id is `<checkpoint>/cp_…`.',
  key: 'admin',
  properties: {
    fine_tuned_model_checkpoint: p.string({
      description: 'The checkpoint to share (`ft:gpt-4o-mini-2024-07-18:org::abc123:ckpt-step-100`) or a fine-tuned model.',
      required: true,
      replaceOnChange: true,
      pattern: CHECKPOINT,
    }),
    project_id: p.string({ description: 'The project to share it with.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    created_at: p.integer({ description: 'Unix time (seconds) the permission was created.', output: true, stable: true }),
  },
  import: {
    format: '<fine_tuned_model_checkpoint>/cp_<id>',
    example: 'ft:gpt-4o-mini-2024-07-18:org::abc123:ckpt-step-100/cp_abc123',
    pattern: 'ft:[^/\\s]+/cp_[A-Za-z0-9_-]+',
    parts: ['fine_tuned_model_checkpoint', 'permission_id'],
  },
  example: { fine_tuned_model_checkpoint: 'ft:gpt-4o-mini-2024-07-18:org::abc123:ckpt-step-100', project_id: '${project.id}' },
  dataSources: { listAttribute: 'permissions' },
  handlers: {
    async create(ctx, inputs) {
      const checkpoint = inputs.fine_tuned_model_checkpoint;
      const projectId = inputs.project_id;
      const created = await ctx.createOnce(
        async (opts) => {
          const page = await ctx.openai.fineTuning.checkpoints.permissions.create(checkpoint, { project_ids: [projectId] }, opts);
          const perm = page.data.find((x) => x.project_id === projectId);
          if (!perm) throw new Error(`share checkpoint ${checkpoint}: OpenAI's answer holds no permission for project ${projectId}`);
          return perm;
        },
        { find: async (since) => findSince(each((await permissionsOf(ctx, checkpoint, projectId)) ?? []), since, () => true, 'any') },
      );
      return { id: `${checkpoint}/${created.id}`, state: toState(checkpoint, created) };
    },
    async read(ctx, id) {
      const [checkpoint, permId] = splitId(id);
      const found = (await permissionsOf(ctx, checkpoint))?.find((x) => x.id === permId);
      return found ? toState(checkpoint, found) : null;
    },
    async delete(ctx, id) {
      const [checkpoint, permId] = splitId(id);
      await unlessNotFound(ctx.openai.fineTuning.checkpoints.permissions.delete(permId, { fine_tuned_model_checkpoint: checkpoint }));
    },
    async list(ctx, args) {
      const checkpoint = args.fine_tuned_model_checkpoint;
      return ((await permissionsOf(ctx, checkpoint)) ?? []).map((perm) => ({ id: `${checkpoint}/${perm.id}`, state: toState(checkpoint, perm) }));
    },
  },
  listArgs: {
    fine_tuned_model_checkpoint: p.string({ description: 'The checkpoint whose permissions to list.', required: true, pattern: CHECKPOINT }),
  },
});
