// The go-plugin side of the binary, as a host meets it: refusal to run by hand, the handshake line, mutual TLS,
// health, stdio, Shutdown, UNIMPLEMENTED for what is not served, and the schema RPCs.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { credentials, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { hasGet, registry, resourceNames } from '@openai-iac/core';
import { HandshakeError, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, readHandshake } from '../src/handshake';
import { loadProtocols } from '../src/proto';
import { dataSources } from '../src/schema';
import { selfSigned } from '../src/tls';
import { pluginEnv, providerBinary, startPlugin, type Plugin } from './harness';

jest.setTimeout(30_000);

function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return providerBinary().then(
    (bin) =>
      new Promise((resolve) => {
        const child = spawn(bin, [], { env: pluginEnv(env) });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      }),
  );
}

describe('the handshake environment', () => {
  const cookie = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE };
  test.each([
    ['no cookie', {}, 'This binary is a plugin'],
    ['a wrong cookie', { [MAGIC_COOKIE_KEY]: 'x' }, 'This binary is a plugin'],
    ['only older protocols', { ...cookie, PLUGIN_PROTOCOL_VERSIONS: '5' }, 'the host offered 5'],
  ])('%s is refused', (_what, env, message) => {
    expect(() => readHandshake(env)).toThrow(HandshakeError);
    expect(() => readHandshake(env)).toThrow(message);
  });

  test.each([
    [
      'protocol 6 among others, with a certificate',
      { ...cookie, PLUGIN_PROTOCOL_VERSIONS: '5, 6', PLUGIN_CLIENT_CERT: 'PEM' },
      { clientCert: 'PEM' },
    ],
    ['no version list (a legacy host)', cookie, {}],
  ])('%s is accepted', (_what, env, expected) => {
    expect(readHandshake(env)).toEqual(expected);
  });
});

describe('started by hand', () => {
  test('without the magic cookie it says what it is and exits 1, printing nothing on stdout', async () => {
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('This binary is a plugin. These are not meant to be executed directly.');
  });

  test('a host that does not speak protocol 6 is told so', async () => {
    const r = await run({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '4,5' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('speaks plugin protocol 6; the host offered 4, 5');
  });
});

describe('served to a host', () => {
  let plugin: Plugin;
  beforeAll(async () => {
    plugin = await startPlugin();
  });
  afterAll(async () => plugin?.close());

  test('the first stdout line is the handshake: core 1, protocol 6, tcp on loopback, grpc, our certificate', () => {
    const h = plugin.handshake;
    expect([h.core, h.protocol, h.network, h.rpc]).toEqual(['1', '6', 'tcp', 'grpc']);
    expect(h.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(h.cert).toMatch(/^[A-Za-z0-9+/]+$/); // base64 without padding
    const cert = new X509Certificate(Buffer.from(h.cert, 'base64'));
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.ca).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  test('health: "plugin" is SERVING', async () => {
    expect(await plugin.health['Check']!({ service: 'plugin' })).toEqual({ status: 'SERVING' });
  });

  test('stdio: the stream opens and carries nothing', async () => {
    const stream = plugin.stdio.StreamStdio({});
    const got: unknown[] = [];
    stream.on('data', (d) => got.push(d));
    stream.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual([]);
    stream.cancel();
  });

  test('RPCs the provider does not serve answer UNIMPLEMENTED', async () => {
    const client = plugin.stdio as unknown as Client;
    for (const path of [
      '/tfplugin6.Provider/CallFunction',
      '/tfplugin6.Provider/ValidateEphemeralResourceConfig',
      '/tfplugin6.Provider/MoveResourceState',
    ]) {
      const err = await new Promise<ServiceError | null>((resolve) =>
        client.makeUnaryRequest(
          path,
          (x: Buffer) => x,
          (x: Buffer) => x,
          Buffer.alloc(0),
          (e) => resolve(e),
        ),
      );
      expect([path, err?.code]).toEqual([path, status.UNIMPLEMENTED]);
    }
  });

  test('a client without the host certificate is refused', async () => {
    const stranger = selfSigned('stranger');
    const serverPem = new X509Certificate(Buffer.from(plugin.handshake.cert, 'base64')).toString();
    const { health: Health } = loadProtocols();
    const client = new Health(
      plugin.handshake.address,
      credentials.createSsl(Buffer.from(serverPem), Buffer.from(stranger.keyPem), Buffer.from(stranger.certPem)),
      {
        'grpc.ssl_target_name_override': 'localhost',
      },
    );
    const err = await new Promise<ServiceError | null>((resolve) =>
      (client as unknown as { Check(r: object, o: object, cb: (e: ServiceError | null) => void): void }).Check(
        { service: 'plugin' },
        { deadline: Date.now() + 3000 },
        resolve,
      ),
    );
    client.close();
    expect(err?.code).toBe(status.UNAVAILABLE);
  });

  test('GetMetadata lists every resource and data source; schema is optional to fetch again', async () => {
    const m = await plugin.provider['GetMetadata']!({});
    const types = (m['resources'] as Array<{ type_name: string }>).map((r) => r.type_name).sort();
    // Data-only specs (defineDataSource) are data sources only, and those without a get only a list.
    expect(types).toEqual(
      registry.resources
        .filter((r) => !r.dataOnly)
        .map((r) => resourceNames(r).terraformType)
        .sort(),
    );
    const data = (m['data_sources'] as Array<{ type_name: string }>).map((r) => r.type_name);
    for (const spec of registry.resources) {
      if (hasGet(spec)) expect(data).toContain(resourceNames(spec).terraformType);
      if (spec.handlers.list) expect(data).toContain(resourceNames(spec).terraformListType);
    }
    expect(m['server_capabilities']).toMatchObject({ get_provider_schema_optional: true, plan_destroy: false });
  });

  test('GetProviderSchema: a consistent block for the provider, every resource and data source', async () => {
    const s = await plugin.provider['GetProviderSchema']!({});
    expect(s['diagnostics']).toEqual([]);
    type Attr = {
      name: string;
      type: Buffer;
      nested_type: { attributes: Attr[]; nesting: string } | null;
      required: boolean;
      optional: boolean;
      computed: boolean;
      sensitive: boolean;
    };
    const check = (attrs: Attr[], where: string) => {
      for (const a of attrs) {
        const at = `${where}.${a.name}`;
        expect([at, a.required || a.optional || a.computed]).toEqual([at, true]);
        if (a.required) expect([at, a.optional || a.computed]).toEqual([at, false]);
        expect([at, a.type.length > 0 !== Boolean(a.nested_type)]).toEqual([at, true]);
        if (a.nested_type) check(a.nested_type.attributes, at);
      }
    };
    const provider = s['provider'] as { block: { attributes: Attr[] } };
    check(provider.block.attributes, 'provider');
    const byName = Object.fromEntries(provider.block.attributes.map((a) => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual([
      'admin_api_key',
      'admin_requests_per_minute',
      'api_key',
      'base_url',
      'max_retries',
      'organization',
      'project',
      'request_timeout',
    ]);
    expect([byName['api_key']!.sensitive, byName['admin_api_key']!.sensitive, byName['base_url']!.sensitive]).toEqual([true, true, false]);
    const lists = new Set([...dataSources(registry.resources)].filter(([, ds]) => ds.list).map(([type]) => type));
    for (const [kind, schemas] of [
      ['resource', s['resource_schemas']],
      ['data source', s['data_source_schemas']],
    ] as const) {
      for (const [type, schema] of Object.entries(schemas as Record<string, { version: number; block: { attributes: Attr[] } }>)) {
        expect(schema.version).toBe(0);
        check(schema.block.attributes, `${kind} ${type}`);
        const names = schema.block.attributes.map((a) => a.name);
        expect(names).toContain(kind === 'data source' && lists.has(type) ? 'ids' : 'id'); // (a resource may have `items`)
        expect(names).toContain('api_key');
        expect(schema.block.attributes.find((a) => a.name === 'api_key')!.sensitive).toBe(true);
      }
    }
    expect(s['functions']).toEqual({});
    expect(await plugin.provider['GetFunctions']!({})).toEqual({ functions: {}, diagnostics: [] });
    // Every listable resource (and only those, until resources carry identities) has an identity: its id.
    const identities = await plugin.provider['GetResourceIdentitySchemas']!({});
    const listed = ((await plugin.provider['GetMetadata']!({}))['list_resources'] as { type_name: string }[]).map((r) => r.type_name);
    expect(Object.keys(identities['identity_schemas'] as object).sort()).toEqual(listed.sort());
  });

  test('an unknown type name is a diagnostic, not a crash', async () => {
    const r = await plugin.provider['ValidateResourceConfig']!({ type_name: 'openai_nothing', config: { msgpack: Buffer.from([0xc0]) } });
    expect((r['diagnostics'] as Array<{ summary: string; detail: string }>)[0]).toMatchObject({ summary: 'Unknown resource type openai_nothing' });
  });

  test('StopProvider answers', async () => {
    expect(await plugin.provider['StopProvider']!({})).toEqual({ Error: '' });
  });
});

test('Shutdown: the plugin exits 0 promptly', async () => {
  const plugin = await startPlugin();
  const t0 = Date.now();
  await plugin.controller['Shutdown']!({});
  expect(await plugin.exited).toBe(0);
  expect(Date.now() - t0).toBeLessThan(2000);
  await plugin.close();
});

test('without a client certificate (no AutoMTLS) it serves plain gRPC and says so with an empty certificate', async () => {
  const bin = await providerBinary();
  const child = spawn(bin, [], { env: pluginEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6' }) });
  const line = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().split('\n')[0]!)));
  expect(line).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|$/);
  const { health: Health } = loadProtocols();
  const client = new Health(line.split('|')[3]!, credentials.createInsecure());
  const r = await new Promise((resolve, reject) =>
    (client as unknown as { Check(r: object, cb: (e: Error | null, v: unknown) => void): void }).Check({ service: 'plugin' }, (e, v) =>
      e ? reject(e) : resolve(v),
    ),
  );
  expect(r).toEqual({ status: 'SERVING' });
  client.close();
  child.kill('SIGKILL');
});

test('a plugin whose host dies without Shutdown exits by itself', async () => {
  const bin = await providerBinary();
  // A stand-in host (sh) starts the plugin, reports its pid, and is then killed outright.
  const host = spawn('sh', ['-c', '"$0" & echo "$!" >&2; wait', bin], {
    env: pluginEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '6' }),
  });
  const pid = await new Promise<number>((resolve) => host.stderr.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  await new Promise<void>((resolve) => host.stdout.once('data', () => resolve()));
  host.kill('SIGKILL');
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 5000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const survived = alive();
  if (survived) process.kill(pid, 'SIGKILL');
  host.stdout.destroy();
  host.stderr.destroy();
  expect(survived).toBe(false);
});
