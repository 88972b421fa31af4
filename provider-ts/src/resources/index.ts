// THE list of resources. Adding one (CONTRIBUTING.md, checked by bridge/conformance/test/registration.test.ts):
// a spec file here, listed below; an emulator route module serving it (emulator/src/routes/, listed in MODULES of
// emulator/src/routes/index.ts); a scenario (bridge/conformance/scenarios.ts); bad-input rows
// (provider-ts/test/bad-inputs.ts); then `make generate` (docs/resources/<name>.md shows the spec's example).
import { Registry } from '../spec/registry';
import { assistant } from './assistant';
import { auditLogs } from './audit-logs';
import { container } from './container';
import { conversation } from './conversation';
import { file } from './file';
import { invite } from './invite';
import { message } from './message';
import { model } from './model';
import { organizationCosts } from './organization-costs';
import { organizationUsage } from './organization-usage';
import { project } from './project';
import { projectApiKey } from './project-api-key';
import { projectRateLimit } from './project-rate-limit';
import { projectServiceAccount } from './project-service-account';
import { projectUser } from './project-user';
import { run } from './run';
import { thread } from './thread';
import { vectorStore } from './vector-store';
import { vectorStoreFile } from './vector-store-file';
import { vectorStoreFileBatch } from './vector-store-file-batch';
import { webhookEndpoint } from './webhook-endpoint';

export const resources = [
  // files and retrieval
  file,
  vectorStore,
  vectorStoreFile,
  vectorStoreFileBatch,
  // the organization (admin key)
  project,
  projectServiceAccount,
  projectUser,
  projectRateLimit,
  invite,
  // read-only data (data sources only): the models, and the organization's keys, costs, usage and audit log
  model,
  projectApiKey,
  organizationCosts,
  organizationUsage,
  auditLogs,
  // Responses API state, tools and delivery
  conversation,
  container,
  webhookEndpoint,
  // the legacy Assistants API
  assistant,
  thread,
  message,
  run,
];

export const registry = new Registry(resources);
