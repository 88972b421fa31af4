// Secrets canaries, for both end-to-end tiers (tests/e2e/secrets.test.ts, tests/e2e-tofu/secrets.test.ts): every
// kind of secret the provider handles gets values that cannot occur by accident — the provider's project and
// admin keys (made up per run), a resource's own key (minted by the emulator), and every secret the API returns
// once (captured as the emulator answers) — and every place a user could look at or share is searched for them.
import { randomBytes } from 'node:crypto';
import { registry } from '@openai-iac/core';
import type { Emulator } from '@openai-iac/emulator';
import { ROUTES } from '../../emulator/src/routes/index';
import { overrideHandler } from '../../emulator/src/testing';

/** A made-up key of the given prefix that names what it is (`sk-proj-canaryprovider…`). */
export function canaryKey(prefix: 'sk-proj' | 'sk-admin', what: string): string {
  return `${prefix}-canary${what}${randomBytes(16).toString('hex')}`;
}

/**
 * The secrets the API returns once, by the resource property that keeps them: the emulator route that answers
 * with the value and where in its answer it is. `returnedSecretsCovered()` checks this list against the registry,
 * so a new secret output is searched for as soon as it exists.
 */
const RETURNED: Array<{ resource: string; property: string; method: 'post'; path: string; value: (body: Record<string, unknown>) => unknown }> = [
  {
    resource: 'project_service_account',
    property: 'api_key_value',
    method: 'post',
    path: '/organization/projects/{project_id}/service_accounts',
    value: (b) => (b['api_key'] as { value?: unknown } | null)?.value,
  },
  { resource: 'webhook_endpoint', property: 'signing_secret', method: 'post', path: '/webhook_endpoints', value: (b) => b['signing_secret'] },
  { resource: 'admin_api_key', property: 'value', method: 'post', path: '/organization/admin_api_keys', value: (b) => b['value'] },
  {
    resource: 'project_service_account_api_key',
    property: 'value',
    method: 'post',
    path: '/organization/projects/{project_id}/service_accounts/{service_account_id}/api_keys',
    value: (b) => b['value'],
  },
];

/** [resource.property] of every secret output in the registry, and of the ones RETURNED captures. */
export function returnedSecretsCovered(): { registry: string[]; captured: string[] } {
  const all = registry.resources.flatMap((spec) =>
    Object.entries(spec.properties)
      .filter(([, p]) => p.secret && p.input === 'output')
      .map(([name]) => `${spec.name}.${name}`),
  );
  return { registry: all.sort(), captured: RETURNED.map((r) => `${r.resource}.${r.property}`).sort() };
}

/** Named secret values, counted in texts. A name can hold several values (two service accounts made: two keys). */
export class Canaries {
  private readonly values = new Map<string, Set<string>>();

  add(name: string, value: string): void {
    if (value.length < 16) throw new Error(`canary ${name} is too short to be distinctive: ${value.length} characters`);
    const set = this.values.get(name) ?? new Set<string>();
    set.add(value);
    this.values.set(name, set);
  }

  get names(): string[] {
    return [...this.values.keys()];
  }

  /** The values a name holds, in the order they were added (a test that must use the secret it captured). */
  valuesOf(name: string): string[] {
    return [...(this.values.get(name) ?? [])];
  }

  /** How many values a name holds (for reports: the search covered them all). */
  size(name: string): number {
    return this.values.get(name)?.size ?? 0;
  }

  /** Occurrences of each canary in a text (non-overlapping, all of the name's values). */
  count(text: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, set] of this.values) out[name] = [...set].reduce((n, v) => n + text.split(v).length - 1, 0);
    return out;
  }

  /**
   * Makes every secret the emulator returns once a canary (under `resource.property`), for as long as the returned
   * restore function is not called.
   */
  captureReturnedSecrets(emu: Emulator): () => void {
    const restores = RETURNED.map((r) => {
      const route = ROUTES.find((x) => x.method === r.method && x.path === r.path);
      if (!route) throw new Error(`no emulator route ${r.method} ${r.path}`);
      return overrideHandler(emu, r.method, r.path, async (ctx) => {
        const body = (await route.handler(ctx)) as Record<string, unknown>;
        const value = r.value(body);
        if (typeof value !== 'string') throw new Error(`${r.method} ${r.path} answered no ${r.property}`);
        this.add(`${r.resource}.${r.property}`, value);
        return body;
      });
    });
    return () => restores.forEach((restore) => restore());
  }
}

/** One row of a report: a place, the command that produced it, and each canary's hits there. */
export interface Place {
  place: string;
  command: string;
  hits: Record<string, number>;
}

/** The rows as a table for the test's log (the figures docs/RELIABILITY.md records). */
export function table(title: string, canaries: Canaries, rows: Place[]): string {
  const names = canaries.names;
  const head = ['place', 'command', ...names.map((n) => `${n} (${canaries.size(n)})`)];
  const lines = rows.map((r) => [r.place, r.command, ...names.map((n) => String(r.hits[n] ?? 0))]);
  return [title, head.join(' | '), ...lines.map((l) => l.join(' | '))].join('\n');
}

/** Sums the hits of several texts. */
export function sum(...hits: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hits) for (const [k, v] of Object.entries(h)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Only the canaries with hits (what a test expects to be `{}`). */
export function nonZero(hits: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(hits).filter(([, v]) => v > 0));
}
