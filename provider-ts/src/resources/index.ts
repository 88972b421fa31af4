// THE list of resources. Adding one (CONTRIBUTING.md, checked by bridge/conformance/test/registration.test.ts):
// a spec file here, listed below; an emulator route module serving it (emulator/src/routes/, listed in MODULES of
// emulator/src/routes/index.ts); a scenario (bridge/conformance/scenarios.ts); bad-input rows
// (provider-ts/test/bad-inputs.ts); then `make generate` (docs/resources/<name>.md shows the spec's example).
import type { ActionSpec } from '../spec/action';
import { Registry } from '../spec/registry';
import { adminApiKey } from './admin-api-key';
import { assistant } from './assistant';
import { auditLogs } from './audit-logs';
import { certificate, certificateActivate, certificateDeactivate } from './certificate';
import { container } from './container';
import { organizationDataRetention, projectDataRetention } from './data-retention';
import { conversation } from './conversation';
import { conversationItem } from './conversation-item';
import { containerFile } from './container-file';
import { evaluation } from './eval';
import { evalRun } from './eval-run';
import { file } from './file';
import { group } from './group';
import { groupRole } from './group-role';
import { groupUser } from './group-user';
import { invite } from './invite';
import { message } from './message';
import { model } from './model';
import { organizationCosts } from './organization-costs';
import { organizationUsage } from './organization-usage';
import { vectorStoreSearch } from './vector-store-search';
import { projectApiKey } from './project-api-key';
import { organizationUser } from './organization-user';
import { organizationSpendAlert } from './organization-spend-alert';
import { project, projectArchive } from './project';
import { projectCertificate } from './project-certificate';
import { projectHostedToolPermissions } from './project-hosted-tool-permissions';
import { projectModelPermissions } from './project-model-permissions';
import { projectGroup } from './project-group';
import { projectGroupRole } from './project-group-role';
import { projectRateLimit } from './project-rate-limit';
import { projectRole } from './project-role';
import { projectServiceAccount } from './project-service-account';
import { projectServiceAccountApiKey } from './project-service-account-api-key';
import { projectSpendAlert } from './project-spend-alert';
import { projectUser } from './project-user';
import { projectUserRole } from './project-user-role';
import { role } from './role';
import { run } from './run';
import { fineTuningJob, fineTuningJobRun } from './fine-tuning-job';
import { fineTuningCheckpointPermission } from './fine-tuning-checkpoint-permission';
import { batch, batchRun } from './batch';
import { organizationSpendLimit, projectSpendLimit } from './spend-limit';
import { thread } from './thread';
import { userRole } from './user-role';
import { vectorStore } from './vector-store';
import { vectorStoreFile } from './vector-store-file';
import { vectorStoreFileBatch } from './vector-store-file-batch';
import { webhookEndpoint } from './webhook-endpoint';
import { skill } from './skill';
import { skillVersion } from './skill-version';
import { voiceConsent } from './voice-consent';

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
  projectRole,
  projectUserRole,
  projectGroup,
  projectGroupRole,
  projectRateLimit,
  invite,
  organizationUser,
  role,
  userRole,
  group,
  groupUser,
  groupRole,
  adminApiKey,
  projectServiceAccountApiKey,
  organizationSpendAlert,
  projectSpendAlert,
  organizationDataRetention,
  projectDataRetention,
  organizationSpendLimit,
  projectSpendLimit,
  projectModelPermissions,
  projectHostedToolPermissions,
  certificate,
  projectCertificate,
  // read-only data (data sources only): the models, and the organization's keys, costs, usage and audit log
  model,
  projectApiKey,
  organizationCosts,
  organizationUsage,
  auditLogs,
  vectorStoreSearch,
  // Responses API state, tools and delivery
  conversation,
  conversationItem,
  container,
  containerFile,
  webhookEndpoint,
  // the legacy Assistants API
  assistant,
  thread,
  message,
  run,
  // fine-tuning and batches
  fineTuningJob,
  fineTuningCheckpointPermission,
  batch,
  // evals
  evaluation,
  evalRun,
  // skills (bundles mounted into shell environments)
  skill,
  skillVersion,
  // audio
  voiceConsent,
];

/** THE list of actions (Terraform >= 1.14), each declared next to the resource it acts on. */
export const actions: readonly ActionSpec[] = [certificateActivate, certificateDeactivate, projectArchive, batchRun, fineTuningJobRun];

export const registry = new Registry(resources, actions);
