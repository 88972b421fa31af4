// Property tests over every resource's inputs, through both adapters' check paths, in this process:
//   - Pulumi: the Check RPC of the provider server, its request through a protobuf round trip (the bytes the engine
//     sends), its failures as the engine reads them (camelCase property paths);
//   - Terraform (OpenTofu's path): ValidateResourceConfig then PlanResourceChange on cty msgpack, with Terraform's
//     own check of the plan (terraform.ts), its diagnostics at attribute paths (snake_case).
// For inputs generated from each spec (inputs.ts) it asserts: no crash; both adapters accept or refuse alike; a
// mutation that breaks one limit is refused at that property, in the engine's spelling, with the limit in the
// message; no request reaches the API (an emulator that counts them) while checking and planning; and inputs both
// accept make create bodies the emulator's own request validation accepts (`validateAgainstSpec`, held to the
// official OpenAPI description). The seed is fixed; fast-check prints the seed and the counterexample on failure.
// One line of counts (crashes, clear rejections of K mutations, per engine) is printed: docs/RELIABILITY.md.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  camelCase,
  formatPath,
  Provider,
  pulumiPropertyName,
  registry,
  resourceNames,
  type JsonObject,
  type PathSegment,
  type PropertySpec,
  type ResourceSpec,
  type TypeSpec,
} from '@openai-iac/core';
import { startEmulator, validateAgainstSpec, type Emulator } from '@openai-iac/emulator';
import { EngineLog, ResourceProviderServer } from '@openai-iac/pulumi-bridge';
import { ProviderServer } from '@openai-iac/terraform-bridge';
import type * as pb from '@pulumi/pulumi/proto/provider_pb';
import { providerpb, structpb } from '../../pulumi/src/proto';
import type { Plugin } from '../../terraform/test/harness';
import { sendable, Terraform, type Diag } from '../../terraform/test/terraform';
import { CERTIFICATE_A } from '../certificates';
import { toPulumi } from './normalise';
import { inputsOf, minimal, mutationsOf, put, settable, sitesOf, valueOf, type Mutation } from './inputs';

const SEED = 20261201;
/** Generated inputs per resource and property (seconds for the whole suite). */
const RUNS = 40;
const silent = { debug: () => {}, info: () => {} };

/**
 * A configuration each resource accepts, to mutate one property of. The smallest values of the required
 * properties, except where a cross-property rule asks for more (stated here, checked by the first test).
 */
const FIXTURES = mkdtempSync(join(tmpdir(), 'property-'));
const SKILL_FOLDER = join(FIXTURES, 'skill');
mkdirSync(SKILL_FOLDER);
writeFileSync(join(SKILL_FOLDER, 'SKILL.md'), '---\nname: base\ndescription: A base skill.\n---\n');
const RECORDING = join(FIXTURES, 'consent.wav');
writeFileSync(RECORDING, 'RIFF....WAVE');
const BASES: Record<string, JsonObject> = {
  certificate: { certificate: CERTIFICATE_A },
  file: { content: 'hello', filename: 'a.txt', purpose: 'assistants' },
  message: { thread_id: 'thread_abc', content: 'hello' },
  organization_user: { user_id: 'user-abc' }, // exactly one of user_id and email
  project_rate_limit: { project_id: 'proj_abc', model: 'gpt-4o', max_requests_per_1_minute: 10 },
  project_user: { project_id: 'proj_abc', user_id: 'user-abc', role: 'member' },
  container_file: { container_id: 'cntr_abc', content: 'hello', filename: 'a.txt' }, // exactly one of source, content, file_id
  // a grader and a data source are typed by their `type`, whose rule requires the members of that type
  eval: {
    data_source_config: { type: 'custom', item_schema: { type: 'object' } },
    testing_criteria: [{ type: 'string_check', name: 'c', input: '{{sample.output_text}}', reference: 'x', operation: 'eq' }],
  },
  eval_run: { eval_id: 'eval_abc', data_source: { type: 'jsonl', source: { type: 'file_content', content: [{ item: { a: 1 } }] } } },
  // a bundle and a recording on disk: their hashes are derived from the files at `source`
  skill: { source: SKILL_FOLDER },
  skill_version: { skill_id: 'skill_abc', source: SKILL_FOLDER },
  voice_consent: { name: 'x', language: 'en-US', source: RECORDING },
};

function baseOf(spec: ResourceSpec): JsonObject {
  return BASES[spec.name] ?? (minimal({ kind: 'object', properties: spec.properties }) as JsonObject);
}

// ---- the two adapters, in process -------------------------------------------------------------------------

type Outcome = { kind: 'crash'; message: string } | { kind: 'accepted' } | { kind: 'refused'; failures: Array<{ path: string; message: string }> };

let emulator: Emulator;
let pulumiService: ReturnType<ResourceProviderServer['service']>;
let tf: Terraform;

/** A unary RPC of the Pulumi provider server, its request as the bytes the engine sends. */
function pulumiRpc<Req extends { serializeBinary(): Uint8Array }, Res>(method: string, req: Req, type: { deserializeBinary(b: Uint8Array): Req }) {
  const onWire = type.deserializeBinary(req.serializeBinary());
  const handler = pulumiService[method] as unknown as (call: { request: Req }, cb: (e: unknown, r: Res) => void) => void;
  return new Promise<Res>((resolve, reject) =>
    handler({ request: onWire }, (e, r) => (e ? reject(e instanceof Error ? e : new Error(JSON.stringify(e))) : resolve(r))),
  );
}

/** What the provider receives of a Pulumi value: the engine's protobuf encoding may already have changed it. */
function afterPulumiWire(spec: ResourceSpec, values: JsonObject): unknown {
  const struct = structpb.Struct.fromJavaScript(toPulumi(spec.properties, values) as Parameters<typeof structpb.Struct.fromJavaScript>[0]);
  return structpb.Struct.deserializeBinary(struct.serializeBinary()).toJavaScript();
}

async function throughPulumi(spec: ResourceSpec, values: JsonObject): Promise<Outcome> {
  const token = resourceNames(spec).pulumiToken;
  const news = structpb.Struct.fromJavaScript(toPulumi(spec.properties, values) as Parameters<typeof structpb.Struct.fromJavaScript>[0]);
  const req = new providerpb.CheckRequest().setUrn(`urn:pulumi:test::prop::${token}::x`).setType(token).setNews(news);
  try {
    const res = await pulumiRpc<pb.CheckRequest, pb.CheckResponse>('check', req, providerpb.CheckRequest);
    const failures = res.getFailuresList().map((f) => ({ path: f.getProperty(), message: f.getReason() }));
    return failures.length === 0 ? { kind: 'accepted' } : { kind: 'refused', failures };
  } catch (e) {
    return { kind: 'crash', message: (e as Error).message };
  }
}

/** Attribute path steps (as the server answers them in process, without the wire's `selector`) rendered `a.b[0].c`. */
function stepsPath(steps: Array<Record<string, string | number>>): string {
  return steps.reduce<string>((s, step) => {
    if (step['element_key_int'] !== undefined) return `${s}[${step['element_key_int']}]`;
    const name = String(step['attribute_name'] ?? step['element_key_string']);
    return s ? `${s}.${name}` : name;
  }, '');
}

async function throughTerraform(spec: ResourceSpec, values: JsonObject): Promise<Outcome> {
  const config = tf.config(spec.name, values);
  try {
    // Warnings (a deprecated resource type or argument in use) do not refuse a configuration.
    const seen = (ds: Diag[]) =>
      ds.filter((d) => d.severity === 'ERROR').map((d) => ({ path: d.attribute ? stepsPath(d.attribute.steps) : '', message: d.detail }));
    const validated = seen(await tf.validate(spec.name, config));
    const planned = await tf.plan(spec.name, null, config);
    const failures = [...validated, ...seen(planned.diagnostics)];
    if (validated.length === 0 && seen(planned.diagnostics).length > 0)
      failures.push({ path: '', message: 'validation passed but the plan refused' });
    return failures.length === 0 ? { kind: 'accepted' } : { kind: 'refused', failures };
  } catch (e) {
    return { kind: 'crash', message: (e as Error).message };
  }
}

/** A property path as Pulumi spells it (camelCase names, `[i]`, map keys as `.key` or `["key"]`). */
function pulumiPath(props: Record<string, PropertySpec>, path: readonly PathSegment[]): string {
  let out = '';
  let t: TypeSpec | undefined = { kind: 'object', properties: props };
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      t = t?.kind === 'list' ? t.items : undefined;
    } else if (t?.kind === 'object') {
      const prop: PropertySpec | undefined = t.properties[seg];
      out += `${out ? '.' : ''}${prop ? pulumiPropertyName(seg, prop) : camelCase(seg)}`;
      t = prop?.type;
    } else {
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
      t = t?.kind === 'map' ? t.values : undefined;
    }
  }
  return out;
}

/** A crash is an RPC that failed, or a message that is a JavaScript error rather than the core's words. */
const JS_ERROR = /TypeError|ReferenceError|RangeError|Cannot read propert|is not a function|is not iterable|undefined|\[object Object\]/;

function crashed(o: Outcome): string | undefined {
  if (o.kind === 'crash') return o.message;
  if (o.kind === 'refused') return o.failures.find((f) => JS_ERROR.test(f.message))?.message;
  return undefined;
}

// ---- one case through both ----------------------------------------------------------------------------

interface Judged {
  pulumi: Outcome;
  terraform: Outcome | undefined;
  /** The Pulumi engine's own encoding changed the value before the provider saw it (a lone surrogate dropped). */
  alteredByPulumiWire: boolean;
}

/** The one request a check may send: proving a key (pool.ts), once per key per adapter process. */
const KEY_PROBES = new Set(['GET /v1/models', 'GET /v1/organization/projects']);

async function judge(spec: ResourceSpec, values: JsonObject, wrongType = false): Promise<Judged> {
  const before = emulator.requests.length;
  const pulumi = await throughPulumi(spec, values);
  // Terraform core converts or refuses values of another type itself: only what it could send reaches the provider.
  const terraform = !wrongType && sendable(spec.name, values) ? await throughTerraform(spec, values) : undefined;
  const requests = emulator.requests
    .slice(before)
    .map((r) => `${r.method} ${r.path}`)
    .filter((r) => !KEY_PROBES.has(r));
  if (requests.length > 0) throw new Error(`checking ${spec.name} sent requests to the API: ${requests.join(', ')}`);
  const sent = JSON.stringify(toPulumi(spec.properties, values));
  return { pulumi, terraform, alteredByPulumiWire: JSON.stringify(afterPulumiWire(spec, values)) !== sent };
}

function clear(o: Outcome | undefined, path: string, says: readonly string[]): boolean {
  return o?.kind === 'refused' && o.failures.some((f) => f.path === path && says.every((s) => f.message.includes(s)));
}

function describeOutcome(o: Outcome | undefined): string {
  if (!o) return 'not sendable';
  return o.kind === 'refused' ? o.failures.map((f) => `${f.path}: ${f.message}`).join(' | ') : o.kind === 'crash' ? `CRASH ${o.message}` : 'accepted';
}

// ---- the emulator's verdict on the create bodies of accepted inputs -------------------------------------

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/** Multipart fields as the JSON the operation describes: `a[b]` nests, repeated `a[]` parts are a list, whole numbers and booleans are typed. */
function multipartJson(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (name.endsWith('[]')) {
      ((out[name.slice(0, -2)] ??= []) as unknown[]).push(typeof value === 'string' ? value : value.name);
      continue;
    }
    const parts = name.replace(/\]/g, '').split('[');
    let node = out;
    parts.slice(0, -1).forEach((p) => (node = (node[p] ??= {}) as Record<string, unknown>));
    const scalar = (v: string): unknown => (/^\d+$/.test(v) ? Number(v) : v === 'true' || v === 'false' ? v === 'true' : v);
    node[parts[parts.length - 1]!] = typeof value === 'string' ? scalar(value) : value.name;
  }
  return out;
}

/**
 * The requests a create sends, captured before they leave: the first write is recorded and answered 400, so the
 * handler stops there; a read before it is answered 404. No server state, no references needed.
 */
async function createRequests(spec: ResourceSpec, inputs: JsonObject): Promise<Sent[]> {
  const sent: Sent[] = [];
  const answer = (status: number) =>
    new Response(JSON.stringify({ error: { message: 'recorded by the test', type: 'invalid_request_error', param: null, code: null } }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method === 'GET') return answer(404);
    const path = new URL(url instanceof Request ? url.url : String(url)).pathname;
    const raw = init?.body;
    const body = raw instanceof FormData ? multipartJson(raw) : typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    sent.push({ method, path, body });
    return answer(400);
  };
  const env = {
    OPENAI_API_KEY: 'sk-proj-property-test-0000',
    OPENAI_ADMIN_KEY: 'sk-admin-property-test-0000',
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
  };
  const provider = new Provider(registry, { env, cwd: __dirname, log: silent, fetch: fetch as typeof globalThis.fetch });
  provider.configure({ max_retries: 0 });
  await provider.create(spec.name, inputs).catch(() => undefined);
  return sent;
}

// ---- the suite -----------------------------------------------------------------------------------------

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true });
  const env = { OPENAI_BASE_URL: emulator.url };
  pulumiService = new ResourceProviderServer(registry, new EngineLog(false), env).service();
  const args = structpb.Struct.fromJavaScript({ baseUrl: emulator.url, apiKey: emulator.projectKey, adminApiKey: emulator.adminKey });
  await pulumiRpc('configure', new providerpb.ConfigureRequest().setArgs(args).setAcceptsecrets(true), providerpb.ConfigureRequest);
  const server = new ProviderServer(new Provider(registry, { env, log: silent }));
  const provider = new Proxy(
    {},
    { get: (_t, name: string) => (req: object) => (server as unknown as Record<string, (r: object) => unknown>)[name]!(req) },
  );
  tf = new Terraform({ provider } as unknown as Plugin);
  expect(await tf.configure({ base_url: emulator.url, api_key: emulator.projectKey, admin_api_key: emulator.adminKey })).toEqual([]);
});

afterAll(async () => {
  await emulator?.close();
});

// Resource inputs only: a data-only spec (defineDataSource) has no configuration to mutate.
const specs = registry.resources.filter((s) => !s.dataOnly).map((s) => [s.name, s] as const);

test.each(specs)('%s: the base configuration the mutations start from is accepted by both adapters', async (_name, spec) => {
  const j = await judge(spec, baseOf(spec));
  expect([describeOutcome(j.pulumi), describeOutcome(j.terraform)]).toEqual(['accepted', 'accepted']);
});

/** Every (site, mutation) pair of every resource, one value each: the counts docs/RELIABILITY.md reports. */
function everyMutation(spec: ResourceSpec): Mutation[] {
  return sitesOf(spec).flatMap((site) => mutationsOf(site).map((arb) => fc.sample(arb, { numRuns: 1, seed: SEED })[0]!));
}

interface Tally {
  cases: number;
  crashes: string[];
  clear: number;
  unclear: string[];
  /** Refused by neither and not clear: values the engine's wire changed before the provider saw them. */
  wire: string[];
}

const tally = (): Tally => ({ cases: 0, crashes: [], clear: 0, unclear: [], wire: [] });

function record(t: Tally, spec: ResourceSpec, m: Mutation, o: Outcome, path: string, altered: boolean): void {
  t.cases++;
  const crash = crashed(o);
  const where = `${spec.name} ${formatPath(m.at)} (${m.kind})`;
  if (crash) t.crashes.push(`${where}: ${crash}`);
  else if (clear(o, path, m.says)) t.clear++;
  else if (altered) t.wire.push(`${where}: ${describeOutcome(o)}`);
  else t.unclear.push(`${where}: ${describeOutcome(o)}`);
}

test('every limit of every resource, broken one at a time: refused at the property with the limit, by both adapters', async () => {
  const pulumi = tally();
  const terraform = tally();
  for (const spec of registry.resources) {
    const base = baseOf(spec);
    for (const m of everyMutation(spec)) {
      const values = put(spec, base, m.at, m.value);
      const j = await judge(spec, values, m.wrongType);
      record(pulumi, spec, m, j.pulumi, pulumiPath(spec.properties, m.path), j.alteredByPulumiWire);
      if (j.terraform) record(terraform, spec, m, j.terraform, formatPath(m.path), false);
    }
  }
  const line = (name: string, t: Tally) =>
    `${name}: ${t.crashes.length} crashes, ${t.clear} of ${t.cases} clear rejections` +
    (t.wire.length ? `, ${t.wire.length} values changed by the engine's wire before the provider saw them (e.g. ${t.wire[0]})` : '');
  // The figures of docs/RELIABILITY.md ("Bad input").
  process.stdout.write(`bad input: ${line('Pulumi', pulumi)}; ${line('Terraform/OpenTofu', terraform)}\n`);
  expect({ pulumi: [...pulumi.crashes, ...pulumi.unclear], terraform: [...terraform.crashes, ...terraform.unclear, ...terraform.wire] }).toEqual({
    pulumi: [],
    terraform: [],
  });
  expect(terraform.cases).toBeGreaterThan(100);
});

describe.each(specs)('%s', (_name, spec) => {
  test('random mutations of one limit are refused at the property, with the limit, by both adapters', async () => {
    const sites = sitesOf(spec).filter((s) => mutationsOf(s).length > 0);
    const mutation = fc.constantFrom(...sites).chain((s) => fc.oneof(...mutationsOf(s)));
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const values = put(spec, baseOf(spec), m.at, m.value);
        const j = await judge(spec, values, m.wrongType);
        expect(crashed(j.pulumi)).toBeUndefined();
        if (!j.alteredByPulumiWire && !clear(j.pulumi, pulumiPath(spec.properties, m.path), m.says)) {
          throw new Error(`Pulumi: ${describeOutcome(j.pulumi)} — wanted ${pulumiPath(spec.properties, m.path)}: ${m.says.join(' … ')}`);
        }
        if (j.terraform && !clear(j.terraform, formatPath(m.path), m.says)) {
          throw new Error(`Terraform: ${describeOutcome(j.terraform)} — wanted ${formatPath(m.path)}: ${m.says.join(' … ')}`);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  test('generated inputs never crash, both adapters agree, and what both accept the emulator accepts too', async () => {
    let accepted = 0;
    let validated = 0;
    // Wholly generated inputs (cross-property rules refuse many), and the base with one property at any value of
    // its type (values at a length limit in emoji included): most are accepted, so their bodies are judged.
    const sites = sitesOf(spec);
    const oneProperty = fc.constantFrom(...sites).chain((site) => valueOf(site.type).map((v) => put(spec, baseOf(spec), site.at, v)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(inputsOf(spec), oneProperty), async (values) => {
        const j = await judge(spec, values);
        expect([crashed(j.pulumi), j.terraform && crashed(j.terraform)]).toEqual([undefined, undefined]);
        // A refusal says something, at a property the resource has (in that engine's spelling) or at the resource.
        const names = {
          pulumi: new Set(Object.entries(spec.properties).map(([n, p]) => pulumiPropertyName(n, p))),
          terraform: new Set(Object.keys(spec.properties)),
        };
        for (const [engine, o] of [
          ['pulumi', j.pulumi],
          ['terraform', j.terraform],
        ] as const) {
          if (o?.kind !== 'refused') continue;
          for (const f of o.failures) {
            expect(f.message).not.toBe('');
            const top = f.path.split(/[.[]/)[0]!;
            if (top !== '' && !names[engine].has(top))
              throw new Error(`${engine} refused at ${f.path}, not a property of ${spec.name}: ${f.message}`);
          }
        }
        if (j.terraform && !j.alteredByPulumiWire) expect(j.pulumi.kind).toBe(j.terraform.kind);
        if (j.pulumi.kind !== 'accepted' || j.terraform?.kind !== 'accepted') return;
        accepted++;
        // The body the handler would send, judged by the emulator's own request validation.
        for (const r of await createRequests(spec, values)) {
          validated++;
          const verdict = validateAgainstSpec({ method: r.method, path: r.path }, 'request', r.body);
          if (!verdict.valid)
            throw new Error(`${r.method} ${r.path} refused by the emulator: ${verdict.errors.join('; ')}\nbody: ${JSON.stringify(r.body)}`);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    process.stdout.write(
      `${spec.name}: ${accepted} of ${RUNS} generated inputs accepted, ${validated} create request(s) validated by the emulator\n`,
    );
  });
});

test('no request reached the API while checking and planning, but proving each key once per adapter', () => {
  const requests = emulator.requests.map((r) => `${r.method} ${r.path}`);
  expect(requests.filter((r) => !KEY_PROBES.has(r))).toEqual([]);
  // the provider's project key and admin key, each proven once by the Pulumi adapter and once by the Terraform one
  expect([...requests].sort()).toEqual(['GET /v1/models', 'GET /v1/models', 'GET /v1/organization/projects', 'GET /v1/organization/projects']);
});

test('the generators only set settable properties', () => {
  for (const spec of registry.resources) {
    const names = new Set(settable(spec).map(([n]) => n));
    for (const v of fc.sample(inputsOf(spec), { numRuns: 5, seed: SEED })) for (const k of Object.keys(v)) expect(names.has(k)).toBe(true);
  }
});
