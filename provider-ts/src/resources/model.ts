import type { Model } from 'openai/resources/models';
import { defineDataSource, p } from '../spec/define';
import { answerFor } from './common';

const toState = (m: Model) => ({ model_id: m.id, created: m.created, owned_by: m.owned_by });

/** A model id as the API spells them: `gpt-4o`, `ft:gpt-4o-mini:org::abc123` … */
const MODEL_ID = '[A-Za-z0-9][A-Za-z0-9._:-]*';

export const model = defineDataSource({
  name: 'model',
  description:
    "The models the key can use (`GET /models`): each model's id, when it was made and who owns it (`system`, " +
    'or your organization for fine-tuned models).',
  key: 'project',
  properties: {
    model_id: p.string({ description: 'The model id, as requests name it (`gpt-4o`).', output: true }),
    created: p.integer({ description: 'Unix time (seconds) the model was made.', output: true }),
    owned_by: p.string({ description: 'The organization that owns the model.', output: true }),
  },
  idParts: ['model_id'],
  dataSources: { listAttribute: 'models' },
  import: { format: '<model id>', example: 'gpt-4o', pattern: MODEL_ID },
  example: { model_id: 'gpt-4o' },
  handlers: {
    async read(ctx, id) {
      return toState(answerFor('model', id, await ctx.openai.models.retrieve(id)));
    },
    async list(ctx) {
      const models = [];
      for await (const m of ctx.openai.models.list()) models.push({ id: m.id, state: toState(m) });
      return models;
    },
  },
});
