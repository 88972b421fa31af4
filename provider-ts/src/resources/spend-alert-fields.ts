// What the organization's and a project's spend alerts share: their properties, flattened as the official Terraform
// provider names them (`notification_channel_*`), and the mapping to the API's nested `notification_channel`.
import type { OrganizationSpendAlert, SpendAlertCreateParams } from 'openai/resources/admin/organization/spend-alerts';
import { p } from '../spec/define';
import { mayBeNew, type ListedBefore } from './listed-before';

export const ALERT_PROPERTIES = {
  threshold_amount: p.integer({
    description: 'The spend that sets the alert off, in cents of `currency` (100000: 1,000 USD).',
    required: true,
    min: 0,
  }),
  currency: p.string({ description: 'The currency of the threshold: `USD`.', required: true, enum: ['USD'] }),
  interval: p.string({ description: 'The period spend is measured over: `month`.', required: true, enum: ['month'] }),
  notification_channel_type: p.string({ description: 'How the alert is sent: `email`.', required: true, enum: ['email'] }),
  notification_channel_recipients: p.list(
    p.string({ description: 'An email address.', pattern: { regex: '[^@\\s]+@[^@\\s]+\\.[^@\\s]+', says: 'an email address' } }),
    { description: 'The email addresses the alert is sent to.', required: true, minItems: 1 },
  ),
  notification_channel_subject_prefix: p.string({ description: "A prefix for the alert emails' subject.", minLength: 1 }),
  alert_id: p.string({ description: 'The id of the alert (`alert_…`).', output: true }),
};

/** The inputs both kinds of alert take, as checkInputs gives them. */
interface AlertInputs {
  readonly threshold_amount: number;
  readonly currency: 'USD';
  readonly interval: 'month';
  readonly notification_channel_type: 'email';
  readonly notification_channel_recipients: string[];
  readonly notification_channel_subject_prefix?: string;
}

/** The API's body (create and update take the same, whole), from the flattened inputs. */
export function alertBody(inputs: AlertInputs, clearPrefix = false): SpendAlertCreateParams {
  const prefix = inputs.notification_channel_subject_prefix;
  return {
    threshold_amount: inputs.threshold_amount,
    currency: inputs.currency,
    interval: inputs.interval,
    notification_channel: {
      type: inputs.notification_channel_type,
      recipients: [...inputs.notification_channel_recipients],
      // An update sends the prefix's absence as null, so one removed from the configuration is cleared.
      ...(prefix !== undefined ? { subject_prefix: prefix } : clearPrefix ? { subject_prefix: null } : {}),
    },
  };
}

/** The flattened properties of an alert, as the API shows it (the organization's and a project's have one shape). */
export function alertState(a: Omit<OrganizationSpendAlert, 'object'>) {
  return {
    threshold_amount: a.threshold_amount,
    currency: a.currency,
    interval: a.interval,
    notification_channel_type: a.notification_channel.type,
    notification_channel_recipients: [...a.notification_channel.recipients],
    notification_channel_subject_prefix: a.notification_channel.subject_prefix ?? null,
    alert_id: a.id,
  };
}

/** The same alert as what was sent: what a lost create's answer is looked for by. */
function sameAlert(a: Omit<OrganizationSpendAlert, 'object'>, body: SpendAlertCreateParams): boolean {
  const c = a.notification_channel;
  const want = body.notification_channel;
  return (
    a.threshold_amount === body.threshold_amount &&
    a.currency === body.currency &&
    a.interval === body.interval &&
    c.type === want.type &&
    (c.subject_prefix ?? null) === (want.subject_prefix ?? null) &&
    c.recipients.length === want.recipients.length &&
    c.recipients.every((r, i) => r === want.recipients[i])
  );
}

/**
 * The `find` of a create, for objects with no creation time: the alerts that match what was sent. Those that were
 * there before this create started (`before`, listed first) are left out when looking after this very create; an
 * earlier run's interrupted create (looked for with an earlier `since`) may be any matching alert.
 */
export function alertFinder<T extends Omit<OrganizationSpendAlert, 'object'>>(
  list: () => AsyncIterable<T>,
  body: SpendAlertCreateParams,
  before: ListedBefore,
): (sinceMs: number) => Promise<T[]> {
  return async (sinceMs) => {
    const out: T[] = [];
    for await (const a of list()) {
      if (sameAlert(a, body) && mayBeNew(before, sinceMs, a.id)) out.push(a);
    }
    return out;
  };
}
