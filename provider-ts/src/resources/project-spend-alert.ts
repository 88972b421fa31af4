import { defineResource, p } from '../spec/define';
import { importById, PROJECT_ID, splitId } from './common';
import { listedBefore } from './listed-before';
import { ALERT_PROPERTIES, alertBody, alertFinder, alertState } from './spend-alert-fields';

export const projectSpendAlert = defineResource({
  name: 'project_spend_alert',
  description:
    "An alert on a project's spend (Admin API: needs an organization admin key): once the project's spend of the " +
    'interval (a calendar month) passes `threshold_amount` (in cents), OpenAI emails the recipients. Every field ' +
    'but `project_id` changes in place; a change of `project_id` replaces the alert. The notification channel, one ' +
    'object in the API, is spread over the `notification_channel_*` properties.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project whose spend to watch.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    ...ALERT_PROPERTIES,
  },
  unsupported: {
    notification_channel: 'is spread over notification_channel_type, notification_channel_recipients and notification_channel_subject_prefix',
  },
  import: importById('proj_', 'alert_'),
  idParts: ['project_id', 'alert_id'],
  dataSources: { listAttribute: 'spend_alerts' },
  example: {
    project_id: '${project.id}',
    threshold_amount: 50000,
    currency: 'USD',
    interval: 'month',
    notification_channel_type: 'email',
    notification_channel_recipients: ['team-lead@example.com'],
    notification_channel_subject_prefix: '[chatbot]',
  },
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const alerts = ctx.openai.admin.organization.projects.spendAlerts;
      const body = alertBody(inputs);
      // Alerts carry no creation time: a lost answer is told apart from the alerts there were by listing those first.
      const before = await listedBefore(alerts.list(projectId, { limit: 100 }));
      const a = await ctx.createOnce((opts) => alerts.create(projectId, body, opts), {
        find: alertFinder(() => alerts.list(projectId, { limit: 100 }), body, before),
      });
      return { id: `${projectId}/${a.id}`, state: { project_id: projectId, ...alertState(a) } };
    },
    async read(ctx, id) {
      const [projectId, alertId] = splitId(id);
      return {
        project_id: projectId,
        ...alertState(await ctx.openai.admin.organization.projects.spendAlerts.retrieve(alertId, { project_id: projectId })),
      };
    },
    async update(ctx, id, _olds, news) {
      const [projectId, alertId] = splitId(id);
      const a = await ctx.openai.admin.organization.projects.spendAlerts.update(alertId, { project_id: projectId, ...alertBody(news, true) });
      return { project_id: projectId, ...alertState(a) };
    },
    async delete(ctx, id) {
      const [projectId, alertId] = splitId(id);
      await ctx.openai.admin.organization.projects.spendAlerts.delete(alertId, { project_id: projectId });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const a of ctx.openai.admin.organization.projects.spendAlerts.list(projectId, { limit: 100 })) {
        out.push({ id: `${projectId}/${a.id}`, state: { project_id: projectId, ...alertState(a) } });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose spend alerts to list.', required: true, pattern: PROJECT_ID }) },
});
