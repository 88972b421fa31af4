// A stack of admin objects against a throttled admin API: `count` projects, each with a service account, the
// organization's owner as a member, its gpt-4o rate limit, and an invite to it — 5 × count objects over five
// create endpoints (the end-to-end pacing test and tools/bench-pacing.mts run it).
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();
const count = config.requireNumber('count');
const owner = config.require('ownerUserId');
const tag = config.get('tag') ?? 'paced';

const ids: pulumi.Output<string>[] = [];
for (let i = 0; i < count; i++) {
  const project = new openai.Project(`project-${i}`, { name: `${tag}-${i}` });
  const account = new openai.ProjectServiceAccount(`bot-${i}`, { projectId: project.id, name: `${tag}-bot-${i}` });
  const member = new openai.ProjectUser(`member-${i}`, { projectId: project.id, userId: owner, role: 'member' });
  const limit = new openai.ProjectRateLimit(`limit-${i}`, { projectId: project.id, model: 'gpt-4o', maxRequestsPer1Minute: 100 + i });
  const invite = new openai.Invite(`invite-${i}`, {
    email: `${tag}-${i}@example.com`,
    role: 'reader',
    projects: [{ id: project.id, role: 'member' }],
  });
  ids.push(project.id, account.id, member.id, limit.id, invite.id);
}

export const objects = pulumi.all(ids);
