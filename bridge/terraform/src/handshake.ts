// hashicorp/go-plugin's handshake, as Terraform and OpenTofu start a provider: the host sets a magic cookie,
// the plugin protocol versions it speaks and its client certificate; the plugin answers with one stdout line,
//   CORE-PROTOCOL|APP-PROTOCOL|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT
// before anything else is written there.

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const PROTOCOL_VERSION = 6;

export class HandshakeError extends Error {}

export interface Handshake {
  /** The host's certificate (PEM) for mutual TLS; absent when the host runs without AutoMTLS. */
  clientCert?: string;
}

export function readHandshake(env: NodeJS.ProcessEnv): Handshake {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      'This binary is a plugin. These are not meant to be executed directly. Please execute the program that ' +
        'consumes these plugins, which will load any plugins automatically.\n' +
        'terraform-provider-openai is started by Terraform or OpenTofu: declare it in required_providers ' +
        '(or point a dev_overrides entry of the CLI configuration at its directory) and run terraform or tofu.',
    );
  }
  const offered = (env['PLUGIN_PROTOCOL_VERSIONS'] ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (offered.length > 0 && !offered.includes(String(PROTOCOL_VERSION))) {
    throw new HandshakeError(
      `terraform-provider-openai speaks plugin protocol ${PROTOCOL_VERSION}; the host offered ${offered.join(', ')}. ` +
        'Use Terraform 1.0 or later, or OpenTofu.',
    );
  }
  const clientCert = env['PLUGIN_CLIENT_CERT'];
  return clientCert ? { clientCert } : {};
}

export function handshakeLine(port: number, certLine: string): string {
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|${certLine}`;
}
