// An organization governed as code through the generated SDK: a team project with its members, groups and roles,
// a service account with a second key, spend controls, data retention and model and tool permissions, an admin
// key and a certificate. Stack config: `userIds` (three organization members, JSON), `certificate` (a PEM), and
// `budget` (the spend limit in cents; changed in place by the test).
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();
const [lead, dev, auditor] = config.requireObject<string[]>('userIds');
const budget = config.getNumber('budget') ?? 50_000;

const team = new openai.Project('team', { name: 'governed-team' });

// people
const leadMember = new openai.OrganizationUser('lead', { userId: lead!, role: 'owner' });
const devMember = new openai.ProjectUser('dev', { projectId: team.id, userId: dev!, role: 'member' });
const platform = new openai.Group('platform', { name: 'platform-engineers' });
new openai.GroupUser('platform-lead', { groupId: platform.id, userId: leadMember.id });
const auditors = new openai.Role('auditors', {
  roleName: 'governed-auditor',
  permissions: ['api.organization.read'],
  description: 'Reads the organization, changes nothing.',
});
new openai.UserRole('auditor', { userId: auditor!, roleId: auditors.id });
new openai.GroupRole('platform-auditors', { groupId: platform.id, roleId: auditors.id });

// project access: a custom project role for the member, the group in the project with a role and one more
const releasers = new openai.ProjectRole('releasers', {
  projectId: team.id,
  roleName: 'releaser',
  permissions: ['api.model.request'],
  description: 'Ships model changes.',
});
new openai.ProjectUserRole(
  'dev-releaser',
  { projectId: team.id, userId: dev!, roleId: releasers.roleId.apply((id) => id ?? '') },
  { dependsOn: [devMember] },
);
const platformInTeam = new openai.ProjectGroup('platform-in-team', {
  projectId: team.id,
  groupId: platform.id,
  role: 'role-api-project-member',
});
new openai.ProjectGroupRole(
  'platform-releasers',
  { projectId: team.id, groupId: platform.id, roleId: releasers.roleId.apply((id) => id ?? '') },
  { dependsOn: [platformInTeam] },
);

// machines
const deployer = new openai.ProjectServiceAccount('deployer', { projectId: team.id, name: 'deployer' });
const rotation = new openai.ProjectServiceAccountApiKey('deployer-next', {
  projectId: team.id,
  serviceAccountId: deployer.serviceAccountId.apply((id) => id ?? ''),
  name: 'next rotation',
});
const automation = new openai.AdminApiKey('automation', { name: 'governance automation' });

// money and limits
new openai.ProjectSpendLimit('cap', { projectId: team.id, thresholdAmount: budget, currency: 'USD', interval: 'month' });
new openai.ProjectSpendAlert('warn', {
  projectId: team.id,
  thresholdAmount: Math.floor(budget * 0.8),
  currency: 'USD',
  interval: 'month',
  notificationChannelType: 'email',
  notificationChannelRecipients: ['finance@example.com'],
});
new openai.ProjectRateLimit('gpt-4o', { projectId: team.id, model: 'gpt-4o', maxRequestsPer1Minute: 60 });

// data and capabilities
new openai.ProjectDataRetention('retention', { projectId: team.id, type: 'zero_data_retention' });
new openai.ProjectModelPermissions('models', { projectId: team.id, mode: 'allow_list', modelIds: ['gpt-4o', 'gpt-4o-mini'] });
new openai.ProjectHostedToolPermissions('tools', {
  projectId: team.id,
  codeInterpreterEnabled: true,
  fileSearchEnabled: true,
  imageGenerationEnabled: false,
  mcpEnabled: false,
  webSearchEnabled: true,
});
const cert = new openai.Certificate('mtls', { certificate: config.requireSecret('certificate'), name: 'governed-mtls' });
new openai.ProjectCertificate('team-mtls', { projectId: team.id, certificateId: cert.id });

export const projectId = team.id;
export const groupId = platform.id;
export const roleId = auditors.id;
export const rotationKey = rotation.value;
export const automationKey = automation.value;
