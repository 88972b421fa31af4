// Provider configuration: explicit value > environment > `.env` file, per setting.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { p } from '../spec/define';
import { consistencyGrace } from './consistency';
import type { PropertySpec, ValueObject } from '../spec/types';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Whether a base URL is OpenAI's own API (pacing, the Assistants shutdown), not an emulator or a compatible endpoint. */
export function isOfficialApi(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The provider's configuration properties (snake_case; adapters derive apiKey / api_key spellings). */
export const PROVIDER_CONFIG: Record<string, PropertySpec> = {
  api_key: p.string({
    description: 'Project API key for project resources. Falls back to OPENAI_API_KEY, then a .env file.',
    secret: true,
  }),
  admin_api_key: p.string({
    description:
      'Organization admin key (sk-admin-…, scope api.management.write) for admin resources such as projects. ' +
      'Falls back to OPENAI_ADMIN_KEY, then a .env file.',
    secret: true,
  }),
  base_url: p.string({
    description:
      'API base URL, e.g. an Assistants-compatible endpoint or the local emulator (http://127.0.0.1:8787/v1). ' +
      'Falls back to OPENAI_BASE_URL; default https://api.openai.com/v1.',
    pattern: { regex: 'https?://.+', says: 'an http(s) URL' },
  }),
  organization: p.string({ description: 'Organization id sent as OpenAI-Organization. Falls back to OPENAI_ORG_ID.' }),
  project: p.string({
    description: 'Project id sent as OpenAI-Project with the provider key. Falls back to OPENAI_PROJECT_ID.',
  }),
  max_retries: p.integer({
    description:
      'Retries for requests that are safe to repeat (429, 5xx, connection errors; a create only once it is known not to have been applied). Default 5.',
    min: 0,
    max: 10,
  }),
  request_timeout: p.integer({ description: 'Seconds to wait for one HTTP response. Default 60.', min: 1, max: 3600 }),
  admin_requests_per_minute: p.integer({
    description:
      'Client-side pacing of admin API requests per endpoint before the API throttles (the admin API throttles near ' +
      '7/min and sends no Retry-After). Default 7 against api.openai.com, none elsewhere; 0: none. Whatever it is, an ' +
      'endpoint that answers 429 without Retry-After is paced at the rate it allows, learned from its 429s.',
    min: 0,
  }),
};

const ENV: Record<string, string> = {
  api_key: 'OPENAI_API_KEY',
  admin_api_key: 'OPENAI_ADMIN_KEY',
  base_url: 'OPENAI_BASE_URL',
  organization: 'OPENAI_ORG_ID',
  project: 'OPENAI_PROJECT_ID',
};

export interface ResolvedConfig {
  apiKey?: string;
  adminApiKey?: string;
  baseUrl: string;
  organization?: string;
  project?: string;
  maxRetries: number;
  requestTimeoutMs: number;
  adminRequestsPerMinute: number;
  /**
   * The throttle window the pacer assumes when it learns an endpoint's budget from its 429s: a minute, as the live
   * admin API's; OPENAI_ADMIN_THROTTLE_WINDOW (seconds) sets another, for an emulator throttled with a short window.
   */
  throttleWindowMs: number;
  /**
   * How long after a create a 404 for the object is doubted and retried (client/consistency.ts): a minute;
   * OPENAI_CONSISTENCY_GRACE (seconds) sets another, 0 for an endpoint consistent at once (the emulator).
   */
  consistencyGraceMs: number;
  /** Where each credential came from, for error messages (never the value). */
  sources: Record<string, string>;
}

function readDotEnv(cwd: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(join(cwd, '.env'), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** OPENAI_ADMIN_THROTTLE_WINDOW: seconds (a positive number), else the live API's minute. */
function throttleWindow(value: string | undefined): number {
  const secs = Number(value);
  return value && Number.isFinite(secs) && secs > 0 ? Math.round(secs * 1000) : 60_000;
}

/** Resolves checked provider config (snake_case) against the environment and `.env`. */
export function resolveConfig(explicit: ValueObject, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ResolvedConfig {
  let dotenv: Record<string, string> | undefined;
  const sources: Record<string, string> = {};
  const pick = (name: string): string | undefined => {
    const v = explicit[name];
    if (typeof v === 'string' && v !== '') return ((sources[name] = 'provider configuration'), v);
    const envName = ENV[name];
    if (!envName) return undefined;
    const e = env[envName];
    if (e) return ((sources[name] = envName), e);
    dotenv ??= readDotEnv(cwd);
    const d = dotenv[envName];
    if (d) return ((sources[name] = `${envName} in .env`), d);
    return undefined;
  };
  const num = (name: string): number | undefined => (typeof explicit[name] === 'number' ? (explicit[name] as number) : undefined);
  const baseUrl = (pick('base_url') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const out: ResolvedConfig = {
    baseUrl,
    maxRetries: num('max_retries') ?? 5,
    requestTimeoutMs: (num('request_timeout') ?? 60) * 1000,
    adminRequestsPerMinute: num('admin_requests_per_minute') ?? (isOfficialApi(baseUrl) ? 7 : 0),
    throttleWindowMs: throttleWindow(env['OPENAI_ADMIN_THROTTLE_WINDOW']),
    consistencyGraceMs: consistencyGrace(env['OPENAI_CONSISTENCY_GRACE']),
    sources,
  };
  for (const [field, name] of [
    ['apiKey', 'api_key'],
    ['adminApiKey', 'admin_api_key'],
    ['organization', 'organization'],
    ['project', 'project'],
  ] as const) {
    const v = pick(name);
    if (v !== undefined) out[field] = v;
  }
  return out;
}
