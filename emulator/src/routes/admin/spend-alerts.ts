// Admin API: spend alerts of the organization (/organization/spend_alerts) and of a project
// (/organization/projects/{project_id}/spend_alerts). An alert emails its recipients when the month's spend passes
// its threshold (in cents); the emulator keeps them and pages them like the API, and never spends anything.

import { notFound } from '../../errors';
import { idMinter } from '../../ids';
import type { AlertBody, NotificationChannel, SpendAlertRec } from '../../store';
import { insert, paginate, remove, view } from '../common';
import { table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { activeProjectOf, projectOf } from './projects';

const IDS = { spend_alert: { prefix: 'alert_', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

const channelOf = (c: NotificationChannel): NotificationChannel => ({
  type: c.type,
  recipients: [...c.recipients],
  ...(c.subject_prefix !== undefined ? { subject_prefix: c.subject_prefix } : {}),
});

function fields(body: Record<string, unknown>): AlertBody {
  const b = body as unknown as AlertBody;
  return {
    threshold_amount: b.threshold_amount,
    currency: b.currency,
    interval: b.interval,
    notification_channel: channelOf(b.notification_channel),
  };
}

/** The alerts of the organization (null) or of a project, oldest first (the table's insertion order). */
function alertsOf(ctx: Ctx, project: string | null): SpendAlertRec[] {
  return Object.values(ctx.store.tables.spend_alerts).filter((a) => a._project === project);
}

function alertOf(ctx: Ctx, project: string | null): SpendAlertRec {
  const id = ctx.params['alert_id'] as string;
  const alert = ctx.store.tables.spend_alerts[id];
  if (!alert || alert._project !== project) throw notFound('spend alert', id);
  return alert;
}

function create(ctx: Ctx, project: string | null): SpendAlertRec {
  return insert(ctx, ctx.store.tables.spend_alerts, {
    id: newId('spend_alert'),
    object: project === null ? 'organization.spend_alert' : 'project.spend_alert',
    ...fields(ctx.body),
    _project: project,
  });
}

function update(ctx: Ctx, alert: SpendAlertRec): SpendAlertRec {
  Object.assign(alert, fields(ctx.body));
  ctx.store.markDirty();
  return alert;
}

const ORG = '/organization/spend_alerts';
const PROJECT = '/organization/projects/{project_id}/spend_alerts';

const routes: Route[] = [
  post(ORG, (ctx) => view(create(ctx, null))),
  get(ORG, (ctx) => paginate(ctx, alertsOf(ctx, null), (a) => a.id, view)),
  get(`${ORG}/{alert_id}`, (ctx) => view(alertOf(ctx, null))),
  post(`${ORG}/{alert_id}`, (ctx) => view(update(ctx, alertOf(ctx, null)))),
  del(`${ORG}/{alert_id}`, (ctx) => {
    const alert = alertOf(ctx, null);
    return remove(ctx, ctx.store.tables.spend_alerts, alert.id, alert.id, 'organization.spend_alert.deleted');
  }),
  post(PROJECT, (ctx) => view(create(ctx, activeProjectOf(ctx).id))),
  get(PROJECT, (ctx) => paginate(ctx, alertsOf(ctx, projectOf(ctx).id), (a) => a.id, view)),
  get(`${PROJECT}/{alert_id}`, (ctx) => view(alertOf(ctx, projectOf(ctx).id))),
  post(`${PROJECT}/{alert_id}`, (ctx) => view(update(ctx, alertOf(ctx, activeProjectOf(ctx).id)))),
  del(`${PROJECT}/{alert_id}`, (ctx) => {
    const alert = alertOf(ctx, projectOf(ctx).id);
    return remove(ctx, ctx.store.tables.spend_alerts, alert.id, alert.id, 'project.spend_alert.deleted');
  }),
];

const TABLES = { spend_alerts: table<SpendAlertRec>() };

export const spendAlerts: EmulatorModule<typeof TABLES> = {
  name: 'admin/spend-alerts',
  serves: {
    organization_spend_alert: { path: ORG, id: 'spend_alert' },
    project_spend_alert: { path: PROJECT, id: 'spend_alert' },
  },
  tables: TABLES,
  ids: IDS,
  counts: {
    organization_spend_alerts: (t) => Object.values(t.spend_alerts).filter((a) => a._project === null).length,
    project_spend_alerts: (t) => Object.values(t.spend_alerts).filter((a) => a._project !== null).length,
  },
  routes,
};
