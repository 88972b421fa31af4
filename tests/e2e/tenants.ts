// Isolation under concurrency, for both end-to-end tiers (tests/e2e/isolation.test.ts, tests/e2e-tofu/isolation.test.ts):
// 5 project keys bound to 5 projects, 50 resources of 5 kinds (10 per key) each carrying its own key, and the
// check of the emulator's request log that every request carried its own resource's key and that key's project.
import type { Emulator, RecordedRequest } from '@openai-iac/emulator';
import { api } from './harness';

export const TENANTS = 5;
/** The API collection of each kind the programs make, by resource name. */
export const COLLECTION: Record<string, string> = {
  vector_store: 'vector_stores',
  assistant: 'assistants',
  conversation: 'conversations',
  webhook_endpoint: 'webhook_endpoints',
  file: 'files',
};
const COLLECTIONS = Object.values(COLLECTION);

export interface Tenant {
  project: string;
  key: string;
  hint: string;
}

/** An object the engine made: its id, its collection and the index of the tenant whose key it carries. */
export interface Owned {
  id: string;
  collection: string;
  tenant: number;
}

/** 5 projects, a key minted for each; the request log's key hints (last four characters) must tell them apart. */
export async function makeTenants(emu: Emulator): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const project = (await api<{ id: string }>(emu, 'POST', '/organization/projects', emu.adminKey, { name: `tenant-${i}` })).id;
    const { key } = await emu.createProjectKey(project);
    tenants.push({ project, key, hint: key.slice(-4) });
  }
  const hints = new Set([...tenants.map((t) => t.hint), emu.projectKey.slice(-4), emu.adminKey.slice(-4)]);
  if (hints.size !== TENANTS + 2) throw new Error('two keys end in the same four characters: the request log cannot tell them apart');
  return tenants;
}

export const isCreate = (r: RecordedRequest): boolean => r.method === 'POST' && COLLECTIONS.some((c) => r.path === `/v1/${c}`);

/** The API requests since `from`, and those that did not carry their own resource's key (or its key's project). */
export function wrongKeys(
  emu: Emulator,
  from: number,
  tenants: Tenant[],
  objects: Record<string, Owned>,
): { wrong: string[]; log: RecordedRequest[] } {
  const log = emu.requests.slice(from).filter((r) => r.path.startsWith('/v1/'));
  const wrong: string[] = [];
  for (const r of log) {
    const tenant = tenants.findIndex((t) => t.hint === r.keyHint);
    if (tenant < 0) {
      wrong.push(`${r.method} ${r.path}: …${r.keyHint}, a key of none of the resources`);
      continue;
    }
    if (r.projectId !== tenants[tenant]!.project) wrong.push(`${r.method} ${r.path}: answered for ${r.projectId}, not ${tenants[tenant]!.project}`);
    const segments = r.path.split('/');
    const target = Object.entries(objects).find(([, o]) => segments.includes(o.id));
    if (target && target[1].tenant !== tenant)
      wrong.push(`${r.method} ${r.path} (${target[0]}): …${r.keyHint}, not …${tenants[target[1].tenant]!.hint}`);
    if (!target && !isCreate(r) && r.path !== '/v1/models') wrong.push(`${r.method} ${r.path}: about none of the resources`);
  }
  return { wrong, log };
}

/** For each tenant: how many creates its key sent, and the projects they landed in. */
export function createsByTenant(log: RecordedRequest[], tenants: Tenant[]): Array<[number, number, Array<string | null>]> {
  return tenants.map((t, i) => {
    const creates = log.filter((r) => isCreate(r) && r.keyHint === t.hint);
    return [i, creates.length, [...new Set(creates.map((r) => r.projectId))]];
  });
}

/** Objects that another tenant's key (or the provider's) can read, or their own key cannot. */
export async function visibleToOthers(emu: Emulator, tenants: Tenant[], objects: Record<string, Owned>): Promise<string[]> {
  const status = async (path: string, key: string) =>
    (await fetch(`${emu.url}${path}`, { headers: { authorization: `Bearer ${key}`, 'openai-beta': 'assistants=v2' } })).status;
  const problems: string[] = [];
  for (const [name, o] of Object.entries(objects)) {
    const path = `/${o.collection}/${o.id}`;
    if ((await status(path, tenants[o.tenant]!.key)) !== 200) problems.push(`${name}: its own key cannot read it`);
    for (const [i, other] of tenants.entries())
      if (i !== o.tenant && (await status(path, other.key)) !== 404) problems.push(`${name}: tenant ${i} reads it`);
    if ((await status(path, emu.projectKey)) !== 404) problems.push(`${name}: the provider's key reads it`);
  }
  return problems;
}

/** The update round's contract: every object but the files (which have nothing to update) was updated in place,
 * each by a POST to its own path, and nothing was created. */
export function expectUpdatedInPlace(log: RecordedRequest[], objects: Record<string, Owned>): void {
  const updated = new Set(log.filter((r) => r.method === 'POST' && !isCreate(r)).map((r) => r.path));
  const changed = Object.values(objects).filter((o) => o.collection !== 'files');
  expect([...updated].sort()).toEqual(changed.map((o) => `/v1/${o.collection}/${o.id}`).sort());
  expect(log.filter(isCreate)).toEqual([]);
}
