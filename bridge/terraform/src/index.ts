// @openai-iac/terraform-bridge: the Terraform-compatible provider (plugin protocol 6) over the core.
export { readHandshake, handshakeLine, HandshakeError, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from './handshake';
export { servePlugin, type PluginOptions, type RunningPlugin } from './plugin';
export { ProviderServer, createProviderServer, terraformLog } from './server';
export { providerSchema, providerSchemaJson, PROVIDER_ADDRESS } from './schema';
export { loadProtocols, PROTO_DIR } from './proto';
export { selfSigned } from './tls';
export * from './msgpack';
