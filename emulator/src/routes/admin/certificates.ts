// Admin API: the organization's certificates (mutual TLS), uploaded as PEM, activated for the organization and per
// project. Uploading does not activate; a certificate must be inactive everywhere to be deleted.

import { X509Certificate } from 'node:crypto';
import { badRequest, notFound } from '../../errors';
import { idMinter } from '../../ids';
import { paginate, remove } from '../common';
import { rows, table, type EmulatorModule } from '../module';
import { del, get, post, type Ctx, type Route } from '../types';
import { activeProjectOf, projectOf } from './projects';
import { audit } from './audit-logs';

const IDS = { certificate: { prefix: 'cert_', alphabet: 'alnum', length: 24 } } as const;
const newId = idMinter(IDS);

/** The API's ceiling on uploaded certificates per organization. */
const MAX_CERTIFICATES = 50;

type CertificateRec = {
  id: string;
  name: string | null;
  created_at: number;
  content: string;
  valid_at: number;
  expires_at: number;
  /** Active at the organization level. */
  active: boolean;
};

/** A project's activation of a certificate, keyed `project_id/certificate_id`. */
type ActivationRec = {
  project_id: string;
  certificate_id: string;
};

const details = (c: CertificateRec) => ({ valid_at: c.valid_at, expires_at: c.expires_at });

/** The certificate as upload, get and modify answer: `certificate`, without `active`. */
const single = (c: CertificateRec, withContent = false) => ({
  object: 'certificate',
  id: c.id,
  name: c.name,
  created_at: c.created_at,
  certificate_details: withContent ? { ...details(c), content: c.content } : details(c),
});
const inOrganization = (c: CertificateRec) => ({
  object: 'organization.certificate',
  id: c.id,
  name: c.name,
  created_at: c.created_at,
  certificate_details: details(c),
  active: c.active,
});
const inProject = (ctx: Ctx, projectId: string) => (c: CertificateRec) => ({
  object: 'organization.project.certificate',
  id: c.id,
  name: c.name,
  created_at: c.created_at,
  certificate_details: details(c),
  active: `${projectId}/${c.id}` in ctx.store.tables.project_certificates,
});

/** Parses a PEM certificate as the API does: anything else is refused. */
function parsePem(pem: string): { valid_at: number; expires_at: number } {
  const trimmed = pem.trim();
  if (!/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(trimmed)) {
    throw badRequest("Invalid 'certificate': expected a PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- …).", 'certificate');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(trimmed);
  } catch {
    throw badRequest("Invalid 'certificate': the PEM content is not a valid X.509 certificate.", 'certificate');
  }
  return { valid_at: Math.floor(Date.parse(cert.validFrom) / 1000), expires_at: Math.floor(Date.parse(cert.validTo) / 1000) };
}

function certificateOf(ctx: Ctx, id = ctx.params['certificate_id'] as string): CertificateRec {
  const c = ctx.store.tables.certificates[id];
  if (!c) throw notFound('certificate', id, 'certificate_id');
  return c;
}

/** The certificates of a toggle request, each of which must exist (the request is atomic). */
function toggled(ctx: Ctx): CertificateRec[] {
  return (ctx.body['certificate_ids'] as string[]).map((id) => certificateOf(ctx, id));
}

const oldestFirst = (ctx: Ctx) => Object.values(ctx.store.tables.certificates).sort((a, b) => a.created_at - b.created_at);

/** A certificate as audit events name it. */
const named = (c: CertificateRec) => ({ id: c.id, ...(c.name === null ? {} : { name: c.name }) });

const CERTIFICATES = '/organization/certificates';
const CERTIFICATE = `${CERTIFICATES}/{certificate_id}`;
const PROJECT_CERTIFICATES = '/organization/projects/{project_id}/certificates';

const routes: Route[] = [
  post(CERTIFICATES, (ctx) => {
    const body = ctx.body as { certificate: string; name?: string };
    const validity = parsePem(body.certificate);
    if (Object.keys(ctx.store.tables.certificates).length >= MAX_CERTIFICATES) {
      throw badRequest(`An organization can upload at most ${MAX_CERTIFICATES} certificates; delete one first.`, null, 'certificate_limit_reached');
    }
    const rec: CertificateRec = {
      id: newId('certificate'),
      name: body.name ?? null,
      created_at: ctx.now,
      content: body.certificate,
      ...validity,
      active: false,
    };
    ctx.store.tables.certificates[rec.id] = rec;
    ctx.store.markDirty();
    audit(ctx, 'certificate.created', { id: rec.id, ...(rec.name === null ? {} : { name: rec.name }) });
    return single(rec);
  }),
  get(CERTIFICATES, (ctx) => paginate(ctx, oldestFirst(ctx), (c) => c.id, inOrganization)),
  get(CERTIFICATE, (ctx) => single(certificateOf(ctx), ((ctx.query['include'] as string[] | undefined) ?? []).includes('content'))),
  post(CERTIFICATE, (ctx) => {
    const c = certificateOf(ctx);
    if (typeof ctx.body['name'] === 'string') c.name = ctx.body['name'];
    ctx.store.markDirty();
    audit(ctx, 'certificate.updated', { id: c.id, ...(c.name === null ? {} : { name: c.name }) });
    return single(c);
  }),
  del(CERTIFICATE, (ctx) => {
    const c = certificateOf(ctx);
    const inUse = c.active || Object.values(ctx.store.tables.project_certificates).some((a) => a.certificate_id === c.id);
    if (inUse) throw badRequest(`Certificate '${c.id}' is active; deactivate it for the organization and every project before deleting it.`);
    audit(ctx, 'certificate.deleted', { id: c.id, ...(c.name === null ? {} : { name: c.name }) });
    return remove(ctx, ctx.store.tables.certificates, c.id, c.id, 'certificate.deleted');
  }),
  post(`${CERTIFICATES}/activate`, (ctx) => {
    const certs = toggled(ctx);
    for (const c of certs) c.active = true;
    ctx.store.markDirty();
    audit(ctx, 'certificates.activated', { certificates: certs.map(named) });
    return { object: 'organization.certificate.activation', data: certs.map(inOrganization) };
  }),
  post(`${CERTIFICATES}/deactivate`, (ctx) => {
    const certs = toggled(ctx);
    for (const c of certs) c.active = false;
    ctx.store.markDirty();
    audit(ctx, 'certificates.deactivated', { certificates: certs.map(named) });
    return { object: 'organization.certificate.deactivation', data: certs.map(inOrganization) };
  }),
  get(PROJECT_CERTIFICATES, (ctx) => {
    const project = projectOf(ctx);
    return paginate(ctx, oldestFirst(ctx), (c) => c.id, inProject(ctx, project.id));
  }),
  post(`${PROJECT_CERTIFICATES}/activate`, (ctx) => {
    const project = activeProjectOf(ctx);
    const certs = toggled(ctx);
    for (const c of certs) ctx.store.tables.project_certificates[`${project.id}/${c.id}`] = { project_id: project.id, certificate_id: c.id };
    ctx.store.markDirty();
    audit(ctx, 'certificates.activated', { certificates: certs.map(named) }, project.id);
    return { object: 'organization.project.certificate.activation', data: certs.map(inProject(ctx, project.id)) };
  }),
  post(`${PROJECT_CERTIFICATES}/deactivate`, (ctx) => {
    const project = activeProjectOf(ctx);
    const certs = toggled(ctx);
    for (const c of certs) delete ctx.store.tables.project_certificates[`${project.id}/${c.id}`];
    ctx.store.markDirty();
    audit(ctx, 'certificates.deactivated', { certificates: certs.map(named) }, project.id);
    return { object: 'organization.project.certificate.deactivation', data: certs.map(inProject(ctx, project.id)) };
  }),
];

const TABLES = { certificates: table<CertificateRec>(), project_certificates: table<ActivationRec>() };

export const certificates: EmulatorModule<typeof TABLES> = {
  name: 'admin/certificates',
  serves: {
    certificate: { path: CERTIFICATES, id: 'certificate' },
    project_certificate: { path: PROJECT_CERTIFICATES, id: 'certificate' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { certificates: (t) => rows(t.certificates), project_certificates: (t) => rows(t.project_certificates) },
  routes,
};
