import type { CertificateListResponse } from 'openai/resources/admin/organization/projects/certificates';
import { defineResource, p } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { CERTIFICATE_ID } from './certificate';
import { PROJECT_ID, splitId } from './common';

function toState(projectId: string, c: CertificateListResponse) {
  return {
    project_id: projectId,
    certificate_id: c.id,
    name: c.name ?? null,
    active: c.active,
    created_at: c.created_at,
    valid_at: c.certificate_details.valid_at ?? null,
    expires_at: c.certificate_details.expires_at ?? null,
  };
}

async function findInProject(ctx: HandlerContext, projectId: string, certificateId: string): Promise<CertificateListResponse | null> {
  for await (const c of ctx.openai.admin.organization.projects.certificates.list(projectId, { limit: 100 })) {
    if (c.id === certificateId) return c;
  }
  return null;
}

export const projectCertificate = defineResource({
  name: 'project_certificate',
  description:
    'An organization certificate activated for one project (Admin API: needs an organization admin key). Creating ' +
    'it activates the certificate for the project (idempotent: one already active is adopted); deleting it ' +
    'deactivates it there. The certificate itself is a `certificate` resource. Its id is `proj_…/cert_…`.',
  key: 'admin',
  properties: {
    project_id: p.string({ description: 'The project.', required: true, replaceOnChange: true, pattern: PROJECT_ID }),
    certificate_id: p.string({
      description: 'The organization certificate to activate (`cert_…`).',
      required: true,
      replaceOnChange: true,
      pattern: CERTIFICATE_ID,
    }),
    name: p.string({ description: 'The name of the certificate.', output: true }),
    active: p.bool({ description: 'Whether the certificate is active for the project.', output: true }),
    created_at: p.integer({ description: 'Unix time (seconds) the certificate was uploaded.', output: true, stable: true }),
    valid_at: p.integer({ description: 'Unix time (seconds) the certificate becomes valid.', output: true, stable: true }),
    expires_at: p.integer({ description: 'Unix time (seconds) the certificate expires.', output: true, stable: true }),
  },
  import: { format: 'proj_<id>/cert_<id>', example: 'proj_abc123/cert_def456', pattern: `${PROJECT_ID.regex}/${CERTIFICATE_ID.regex}` },
  idParts: ['project_id', 'certificate_id'],
  dataSources: { listAttribute: 'certificates' },
  example: { project_id: '${project.id}', certificate_id: '${certificate.id}' },
  handlers: {
    async create(ctx, inputs) {
      const projectId = inputs.project_id;
      const certificateId = inputs.certificate_id;
      // The link's id is deterministic and activating is idempotent: a lost answer is simply sent again.
      for await (const c of ctx.openai.admin.organization.projects.certificates.activate(projectId, { certificate_ids: [certificateId] })) {
        if (c.id === certificateId) return { id: `${projectId}/${certificateId}`, state: toState(projectId, c) };
      }
      const c = await findInProject(ctx, projectId, certificateId);
      if (!c) throw new Error(`openai-iac: certificate ${certificateId} was activated for ${projectId} but the project does not list it`);
      return { id: `${projectId}/${certificateId}`, state: toState(projectId, c) };
    },
    async read(ctx, id) {
      const [projectId, certificateId] = splitId(id);
      const c = await findInProject(ctx, projectId, certificateId);
      return c?.active ? toState(projectId, c) : null;
    },
    async delete(ctx, id) {
      const [projectId, certificateId] = splitId(id);
      if (!(await findInProject(ctx, projectId, certificateId))?.active) return ctx.debug(`project certificate ${id}: already inactive`);
      await ctx.openai.admin.organization.projects.certificates.deactivate(projectId, { certificate_ids: [certificateId] });
    },
    async list(ctx, args) {
      const projectId = args.project_id;
      const out = [];
      for await (const c of ctx.openai.admin.organization.projects.certificates.list(projectId, { limit: 100 })) {
        out.push({ id: `${projectId}/${c.id}`, state: toState(projectId, c) });
      }
      return out;
    },
  },
  listArgs: { project_id: p.string({ description: 'The project whose certificates to list.', required: true, pattern: PROJECT_ID }) },
});
