// @openai-iac/pulumi-bridge: the Pulumi resource provider (pulumi-resource-openai) over the openai-iac core.
export { ResourceProviderServer } from './server';
export { serve, engineAddress } from './serve';
export { EngineLog } from './engine-log';
export { pulumiSchema, schemaJson } from './schema';
export { VERSION } from './version';
