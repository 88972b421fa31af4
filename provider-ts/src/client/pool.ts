// One SDK client per distinct credential; each distinct key validated at most once per process.
import type OpenAI from 'openai';
import type { KeyKind } from '../spec/types';
import type { ResolvedConfig } from './config';
import { FreshObjects } from './consistency';
import { OpenAIIacError, SET_ADMIN_KEY, SET_KEY } from './errors';
import { Pacer } from './pacer';
import { redactKey } from './redact';
import { sdk } from './sdk';
import { Transport, type Log } from './transport';
import { named } from '../spec/names';

export interface Credential {
  kind: KeyKind;
  key: string;
  /** Where the key came from, for messages: 'provider configuration', 'OPENAI_API_KEY', 'the resource's apiKey'. */
  source: string;
  /** A resource's own key: the provider's project header is not sent with it (it may belong elsewhere). */
  own: boolean;
}

/** Extra time the SDK allows on top of the per-request timeout, for waits in the pacing queue. */
const QUEUE_ALLOWANCE_MS = 30 * 60_000;

export class ClientPool {
  private readonly clients = new Map<string, OpenAI>();
  private readonly validated = new Map<string, Promise<void>>();
  /** Per-endpoint pacing, shared by every credential and operation of the process (the API throttles per endpoint). */
  readonly pacer: Pacer;

  constructor(
    readonly config: ResolvedConfig,
    private readonly log: Log,
    private readonly fetchImpl?: typeof fetch,
    /** Objects made moments ago (client/consistency.ts), shared by every credential's transport. */
    readonly fresh: FreshObjects = new FreshObjects(),
  ) {
    this.pacer = new Pacer({ windowMs: config.throttleWindowMs, log });
  }

  /** The credential an operation uses: the resource's own key, else the provider's key of the right kind. */
  credential(kind: KeyKind, resourceKey?: string): Credential {
    if (resourceKey) return { kind, key: resourceKey, source: `the resource's ${named('api_key')}`, own: true };
    const key = kind === 'admin' ? this.config.adminApiKey : this.config.apiKey;
    const name = kind === 'admin' ? 'admin_api_key' : 'api_key';
    if (!key) {
      throw new OpenAIIacError(
        'config',
        kind === 'admin'
          ? 'no admin key: admin resources (projects, users, invites …) need an organization admin key (sk-admin-…, ' +
              `scope api.management.write). Set ${named('admin_api_key')} ` +
              `(${SET_ADMIN_KEY}) or OPENAI_ADMIN_KEY, ` +
              `or give the resource its own ${named('api_key')}.`
          : `no API key: set ${named('api_key')} (${SET_KEY}) ` + `or OPENAI_API_KEY, or give the resource its own ${named('api_key')}.`,
      );
    }
    return { kind, key, source: this.config.sources[name] ?? 'provider configuration', own: false };
  }

  client(cred: Credential): OpenAI {
    const id = `${cred.kind}\u0000${cred.own}\u0000${cred.key}`;
    let c = this.clients.get(id);
    if (!c) {
      const transport = new Transport({
        key: cred.key,
        pacePerMinute: cred.kind === 'admin' ? this.config.adminRequestsPerMinute : 0,
        requestTimeoutMs: this.config.requestTimeoutMs,
        log: this.log,
        fresh: this.fresh,
        pacer: this.pacer,
        ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
      });
      // Everything is explicit: the SDK must not read OPENAI_* from the environment behind our back.
      c = new (sdk().OpenAI)({
        apiKey: cred.kind === 'project' ? cred.key : null,
        adminAPIKey: cred.kind === 'admin' ? cred.key : null,
        organization: this.config.organization ?? null,
        project: cred.kind === 'project' && !cred.own ? (this.config.project ?? null) : null,
        webhookSecret: null,
        baseURL: this.config.baseUrl,
        maxRetries: this.config.maxRetries,
        timeout: this.config.requestTimeoutMs + QUEUE_ALLOWANCE_MS,
        fetch: transport.fetch,
      });
      this.clients.set(id, c);
    }
    return c;
  }

  /**
   * Proves a key works with one cheap read, once per key per process (concurrent callers share the answer).
   * Used in preview so a bad key fails before anything is planned as creatable.
   */
  validate(cred: Credential): Promise<void> {
    const id = `${cred.kind}\u0000${cred.key}`;
    let v = this.validated.get(id);
    if (!v) {
      const client = this.client(cred);
      const probe = cred.kind === 'admin' ? client.admin.organization.projects.list({ limit: 1 }) : client.models.list();
      v = probe.then(
        () => this.log.debug(`key ${redactKey(cred.key)} (${cred.kind}) is valid`),
        (e: unknown) => {
          const status = (e as { status?: number }).status;
          const detail = status === 401 || status === 403 ? `OpenAI answered ${status}` : String((e as Error).message ?? e);
          throw new OpenAIIacError(
            'unauthorized',
            `the ${cred.kind === 'admin' ? 'admin key' : 'API key'} ${redactKey(cred.key)} from ${cred.source} ` +
              `does not work against ${this.config.baseUrl}: ${detail}. ` +
              (cred.kind === 'admin'
                ? 'An admin key (sk-admin-…) with the api.management.write scope is needed'
                : 'Use an active project key (sk-proj-…) of the project that owns these objects') +
              (cred.own
                ? `: fix the resource's ${named('api_key')}, or remove it to use the provider's key.`
                : cred.kind === 'admin'
                  ? `: set it as ${named('admin_api_key')} (${SET_ADMIN_KEY}) or OPENAI_ADMIN_KEY.`
                  : `: set it as ${named('api_key')} (${SET_KEY}) or OPENAI_API_KEY.`),
            status,
          );
        },
      );
      this.validated.set(id, v);
    }
    return v;
  }
}
