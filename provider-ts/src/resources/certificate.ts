import { X509Certificate } from 'node:crypto';
import type { Certificate, CertificateListResponse } from 'openai/resources/admin/organization/certificates';
import { defineAction } from '../spec/action';
import { defineResource, KEEP, p } from '../spec/define';
import type { Failure, HandlerContext, ValueObject } from '../spec/types';
import { findSince, keepIdOnFailure, PROJECT_ID, unlessNotFound } from './common';

/** Certificate ids (`cert_…`): the pattern inputs naming one take. */
export const CERTIFICATE_ID = { regex: 'cert_[A-Za-z0-9_-]+', says: 'a certificate id (cert_…)' };

/** The validity of a PEM certificate, parsed here as the API parses it; null when it is not one. */
function validity(pem: string): { valid_at: number; expires_at: number } | null {
  const trimmed = pem.trim();
  if (!trimmed.startsWith('-----BEGIN CERTIFICATE-----')) return null;
  try {
    const c = new X509Certificate(trimmed);
    return { valid_at: Math.floor(Date.parse(c.validFrom) / 1000), expires_at: Math.floor(Date.parse(c.validTo) / 1000) };
  } catch {
    return null;
  }
}

function pemRule(inputs: ValueObject): Failure[] {
  const pem = inputs['certificate'];
  if (typeof pem !== 'string' || validity(pem)) return [];
  return [{ path: ['certificate'], message: 'must be a PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE----- …), e.g. file("cert.pem")' }];
}

type Details = Pick<Certificate, 'id' | 'name' | 'created_at' | 'certificate_details'>;

/** The certificate as the API shows it. Its PEM content is KEEP (left unset): the API returns it only when asked. */
function toState(c: Details, active: boolean | null) {
  return {
    certificate: KEEP,
    name: c.name ?? null,
    active,
    certificate_id: c.id,
    created_at: c.created_at,
    valid_at: c.certificate_details.valid_at ?? null,
    expires_at: c.certificate_details.expires_at ?? null,
  };
}

/**
 * Every certificate of the organization, newest first, with whether it is active (the list says; a get does not).
 * Pages of the API's default size: an organization holds at most 50.
 */
function listAll(ctx: HandlerContext): AsyncIterable<CertificateListResponse> {
  return ctx.openai.admin.organization.certificates.list({ order: 'desc' });
}

async function activeNow(ctx: HandlerContext, id: string): Promise<boolean | null> {
  for await (const c of listAll(ctx)) if (c.id === id) return c.active;
  return null;
}

async function setActive(ctx: HandlerContext, id: string | string[], active: boolean): Promise<void> {
  const certificates = ctx.openai.admin.organization.certificates;
  const ids = { certificate_ids: Array.isArray(id) ? id : [id] };
  // the answer is a page of the certificates toggled; nothing in it is needed
  await (active ? certificates.activate(ids) : certificates.deactivate(ids));
}

export const certificate = defineResource({
  name: 'certificate',
  description:
    'A certificate uploaded to the organization for mutual TLS (Admin API: needs an organization admin key). ' +
    '`certificate` is the PEM content (e.g. `file("cert.pem")`), kept as a secret; a change of it uploads a new ' +
    'certificate (a replacement). `name` changes in place. `active` (optional) activates or deactivates it for the ' +
    'whole organization; unset, it is left as it is (uploading does not activate). To activate it for one project, ' +
    'use `project_certificate`. Deleting deactivates it for the organization, then deletes it; the API refuses while ' +
    'a project still has it active.',
  key: 'admin',
  properties: {
    certificate: p.string({ description: 'The certificate, PEM-encoded (X.509).', required: true, secret: true, replaceOnChange: true }),
    name: p.string({ description: 'A name for the certificate.', minLength: 1 }),
    active: p.bool({ description: 'Whether the certificate is active for the organization. Unset: left as it is.', computed: true }),
    certificate_id: p.string({ description: 'The id of the certificate (`cert_…`).', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the certificate was uploaded.', output: true, stable: true }),
    valid_at: p.integer({ description: 'Unix time (seconds) the certificate becomes valid (its notBefore).', output: true, stable: true }),
    expires_at: p.integer({ description: 'Unix time (seconds) the certificate expires (its notAfter).', output: true, stable: true }),
  },
  refine: pemRule,
  import: { format: 'cert_<id>', example: 'cert_abc123', pattern: CERTIFICATE_ID.regex },
  idParts: ['certificate_id'],
  dataSources: { listAttribute: 'certificates' },
  // (the PEM abridged: a configuration reads it with file("cert.pem"), which examples cannot show)
  example: { certificate: '-----BEGIN CERTIFICATE-----\nMIIBmzCCAUGgAwIBAgIU…\n-----END CERTIFICATE-----\n', name: 'mtls-client' },
  handlers: {
    async create(ctx, inputs) {
      const certificates = ctx.openai.admin.organization.certificates;
      const pem = inputs.certificate;
      const name = inputs.name ?? null;
      const v = validity(pem);
      const created: Details = await ctx.createOnce<Details>((opts) => certificates.create({ certificate: pem, ...(name ? { name } : {}) }, opts), {
        // the same PEM under the same name, uploaded since: its validity (parsed from the PEM) identifies it
        find: (since) =>
          findSince(
            listAll(ctx),
            since,
            (c) => (c.name ?? null) === name && c.certificate_details.valid_at === v?.valid_at && c.certificate_details.expires_at === v?.expires_at,
          ),
      });
      const active = inputs.active;
      return keepIdOnFailure(
        created.id,
        async () => {
          if (active !== undefined) await setActive(ctx, created.id, active);
          return { id: created.id, state: { ...toState(created, active ?? (await activeNow(ctx, created.id))), certificate: pem } };
        },
        async () => ({ ...toState(await certificates.retrieve(created.id), await activeNow(ctx, created.id)), certificate: pem }),
      );
    },
    async read(ctx, id, prior) {
      // On import only (no state yet: at most an api_key): the content is fetched, so the imported state holds
      // what the configuration gives.
      const importing = !prior?.certificate_id;
      const c = await unlessNotFound(ctx.openai.admin.organization.certificates.retrieve(id, importing ? { include: ['content'] } : {}));
      if (!c) return null;
      const state = toState(c, await activeNow(ctx, id));
      return importing ? { ...state, certificate: c.certificate_details.content ?? null } : state;
    },
    async update(ctx, id, olds, news, changed) {
      const certificates = ctx.openai.admin.organization.certificates;
      let c: Details = changed.includes('name') && news.name ? await certificates.update(id, { name: news.name }) : await certificates.retrieve(id);
      if (changed.includes('name') && !news.name) {
        ctx.debug(`certificate ${id}: the API cannot remove a name; it stays '${String(olds.name)}'`);
        c = await certificates.retrieve(id);
      }
      if (changed.includes('active') && news.active !== undefined) await setActive(ctx, id, news.active);
      return toState(c, await activeNow(ctx, id));
    },
    async delete(ctx, id) {
      // The API deletes only inactive certificates: deactivating is idempotent, so it is done whatever state says.
      if (!(await unlessNotFound(setActive(ctx, id, false).then(() => true)))) return;
      await unlessNotFound(ctx.openai.admin.organization.certificates.delete(id));
    },
    async list(ctx) {
      const out = [];
      for await (const c of listAll(ctx)) out.push({ id: c.id, state: { ...toState(c, c.active), certificate: null } });
      return out;
    },
  },
});

const certificateIds = p.list(p.string({ description: 'certificate id', pattern: CERTIFICATE_ID }), {
  description: 'The certificates (`cert_…`), uploaded to the organization.',
  required: true,
  minItems: 1,
  maxItems: 50,
});

function certificateToggle(active: boolean) {
  const verb = active ? 'activate' : 'deactivate';
  return defineAction({
    name: `certificate_${verb}`,
    description:
      `${active ? 'Activates' : 'Deactivates'} organization certificates for the whole organization (Admin API: needs an ` +
      `organization admin key); with \`project_id\`, for that project only. Idempotent: a certificate already ${verb}d stays so.`,
    resource: certificate,
    properties: {
      certificate_ids: certificateIds,
      project_id: p.string({ description: `The project to ${verb} them for; unset: the organization.`, pattern: PROJECT_ID }),
    },
    async invoke(ctx, inputs) {
      const ids = { certificate_ids: [...inputs.certificate_ids] };
      const where = inputs.project_id ? `project ${inputs.project_id}` : 'the organization';
      if (inputs.project_id) {
        const certs = ctx.openai.admin.organization.projects.certificates;
        // both answers are pages of the certificates toggled; walking them is not needed
        await (active ? certs.activate(inputs.project_id, ids) : certs.deactivate(inputs.project_id, ids));
      } else {
        await setActive(ctx, ids.certificate_ids, active);
      }
      ctx.progress(`${ids.certificate_ids.length} certificate(s) ${verb}d for ${where}`);
    },
  });
}

/** `action "openai_certificate_activate"` / `"openai_certificate_deactivate"`. */
export const certificateActivate = certificateToggle(true);
export const certificateDeactivate = certificateToggle(false);
