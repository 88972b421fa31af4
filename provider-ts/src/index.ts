export * from './spec/types';
export {
  p,
  defineDataSource,
  defineEphemeral,
  defineResource,
  EPHEMERAL_PROPERTIES,
  isMeta,
  KEEP,
  META_PROPERTIES,
  METADATA_LIMITS,
} from './spec/define';
export type {
  CreatedOf,
  DataSourceDefinition,
  InputsOf,
  InputValue,
  Keep,
  PriorOf,
  Props,
  ResourceDefinition,
  StateOf,
  StateValue,
  TypedHandlers,
} from './spec/define';
export { diffInputs, sameValue, canonicalJson, type DiffResult } from './spec/diff';
export { plan, type Plan } from './spec/plan';
export { checkInputs, checkObject, containsUnknown, formatPath, type CheckResult } from './spec/validate';
export { Registry, withoutWriteOnly } from './spec/registry';
export { defineAction, actionTypeName, type ActionSpec } from './spec/action';
export { getArguments, getFailures, hasGet, idFromArguments, managed } from './spec/lookup';
export {
  idFromIdentity,
  identityFailures,
  identityFromId,
  identityOf,
  type Identity,
  type IdentityAttribute,
  type IdentityValues,
} from './spec/identity';
export * from './spec/names';
export { exportRegistry } from './spec/export';
export { writeGenerated } from './cli/generated';
export { PROVIDER_CONFIG, resolveConfig, DEFAULT_BASE_URL, type ResolvedConfig } from './client/config';
export { OpenAIIacError, ValidationError, PartialCreateError, WriteOnlyKeyNeeded, type ErrorKind } from './client/errors';
export { redactKey, scrub } from './client/redact';
export { PLUGIN_NODE_FLAGS } from './node-flags';
export type { Log } from './client/transport';
export { Provider, debugEnabled, stderrLog, type OperationHooks, type ProviderOptions, type ReadResult } from './provider';
export { actions, registry, resources } from './resources';
export { listable } from './spec/listable';
