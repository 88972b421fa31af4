// Admin API: projects (/organization/projects). Archived, never deleted; the default project cannot be archived.

import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import { DEFAULT_PROJECT_ID, type ProjectRec } from '../../store';
import { applyFields, insert, paginate, view } from '../common';
import { table, type EmulatorModule } from '../module';
import { get, post, type Ctx, type Route } from '../types';
import { audit } from './audit-logs';

const IDS = { project: { prefix: 'proj_', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

/** The project of the path (`project_id`), or the API's 404. */
export function projectOf(ctx: Ctx): ProjectRec {
  const id = ctx.params['project_id'] as string;
  const project = ctx.store.tables.projects[id];
  if (!project) throw notFound('project', id);
  return project;
}

/** The project of the path, which must not be archived ("Archived projects cannot be used or updated"). */
export function activeProjectOf(ctx: Ctx): ProjectRec {
  const project = projectOf(ctx);
  if (project.status === 'archived') throw badRequest(`Project '${project.id}' is archived and cannot be used or updated.`, 'project_id');
  return project;
}

const routes: Route[] = [
  post('/organization/projects', (ctx) => {
    const body = ctx.body as { name: string; residency?: string | null; external_key_id?: string | null };
    const project = insert(ctx, ctx.store.tables.projects, {
      id: newId('project'),
      object: 'organization.project',
      name: body.name,
      created_at: ctx.now,
      archived_at: null,
      status: 'active',
      ...(body.external_key_id ? { external_key_id: body.external_key_id } : {}),
      ...(body.residency ? { residency: body.residency } : {}),
    });
    audit(ctx, 'project.created', { id: project.id, data: { name: project.name, title: project.name } }, project.id);
    return view(project);
  }),
  get('/organization/projects', (ctx) => {
    const projects = Object.values(ctx.store.tables.projects).filter((p) => ctx.query['include_archived'] === true || p.status === 'active');
    return paginate(ctx, projects, (p) => p.id, view);
  }),
  get('/organization/projects/{project_id}', (ctx) => view(projectOf(ctx))),
  post('/organization/projects/{project_id}', (ctx) => {
    const project = applyFields(ctx, activeProjectOf(ctx), ctx.body, ['name', 'external_key_id']);
    audit(ctx, 'project.updated', { id: project.id, changes_requested: { title: project.name } }, project.id);
    return view(project);
  }),
  post('/organization/projects/{project_id}/archive', (ctx) => {
    const project = projectOf(ctx);
    if (project.id === DEFAULT_PROJECT_ID) throw badRequest('The default project cannot be archived.', 'project_id');
    if (project.status !== 'archived') {
      project.status = 'archived';
      project.archived_at = ctx.now;
      ctx.store.markDirty();
      audit(ctx, 'project.archived', { id: project.id }, project.id);
    }
    return view(project);
  }),
];

const TABLES = { projects: table<ProjectRec>() };

export const projects: EmulatorModule<typeof TABLES> = {
  name: 'admin/projects',
  serves: { project: { path: '/organization/projects', id: 'project' } },
  tables: TABLES,
  ids: IDS,
  counts: { projects: (t) => Object.values(t.projects).filter((p) => p.status === 'active').length },
  routes,
};
