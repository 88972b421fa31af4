import { defineResource } from '../spec/define';
import { importById } from './common';
import { listedBefore } from './listed-before';
import { ALERT_PROPERTIES, alertBody, alertFinder, alertState } from './spend-alert-fields';

export const organizationSpendAlert = defineResource({
  name: 'organization_spend_alert',
  description:
    "An alert on the organization's spend (Admin API: needs an organization admin key): once the spend of the " +
    'interval (a calendar month) passes `threshold_amount` (in cents), OpenAI emails the recipients. Every field ' +
    'changes in place. The notification channel, one object in the API, is spread over the `notification_channel_*` ' +
    'properties.',
  key: 'admin',
  properties: ALERT_PROPERTIES,
  unsupported: {
    notification_channel: 'is spread over notification_channel_type, notification_channel_recipients and notification_channel_subject_prefix',
  },
  import: importById('alert_'),
  idParts: ['alert_id'],
  dataSources: { listAttribute: 'spend_alerts' },
  example: {
    threshold_amount: 100000,
    currency: 'USD',
    interval: 'month',
    notification_channel_type: 'email',
    notification_channel_recipients: ['finance@example.com'],
  },
  handlers: {
    async create(ctx, inputs) {
      const alerts = ctx.openai.admin.organization.spendAlerts;
      const body = alertBody(inputs);
      // Alerts carry no creation time: a lost answer is told apart from the alerts there were by listing those first.
      const before = await listedBefore(alerts.list({ limit: 100 }));
      const a = await ctx.createOnce((opts) => alerts.create(body, opts), { find: alertFinder(() => alerts.list({ limit: 100 }), body, before) });
      return { id: a.id, state: alertState(a) };
    },
    async read(ctx, id) {
      return alertState(await ctx.openai.admin.organization.spendAlerts.retrieve(id));
    },
    async update(ctx, id, _olds, news) {
      return alertState(await ctx.openai.admin.organization.spendAlerts.update(id, alertBody(news, true)));
    },
    async delete(ctx, id) {
      await ctx.openai.admin.organization.spendAlerts.delete(id);
    },
    async list(ctx) {
      const out = [];
      for await (const a of ctx.openai.admin.organization.spendAlerts.list({ limit: 100 })) out.push({ id: a.id, state: alertState(a) });
      return out;
    },
  },
});
