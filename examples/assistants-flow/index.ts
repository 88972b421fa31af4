// The Assistants quickstart as resources: create an assistant (a math tutor) → create a thread → add a message →
// run the assistant on the thread → list the thread's messages. The run waits until it completes and exposes the
// assistant's reply.
//
// Deprecated API: OpenAI shut the Assistants API down on api.openai.com on 2026-08-26. This runs against the
// openai-iac emulator or an Assistants-compatible endpoint (openai:baseUrl).
// Provider settings come from stack config: openai:baseUrl and the secret openai:apiKey (a project key).
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const config = new pulumi.Config();

const tutor = new openai.Assistant('tutor', {
  name: 'Math Tutor',
  model: config.get('model') ?? 'gpt-4o',
  instructions: 'You are a personal math tutor. Write and run code to answer math questions.',
  tools: [{ type: 'code_interpreter' }],
});

const thread = new openai.Thread('thread', {
  metadata: { stack: `${pulumi.getProject()}-${pulumi.getStack()}` },
});

// The message's id is `thread_…/msg_…` (its thread's and its own); any change but metadata replaces it.
const question = new openai.Message('question', {
  threadId: thread.id,
  role: 'user',
  content: config.get('question') ?? 'I need to solve the equation `3x + 11 = 14`. Can you help me?',
});

// Creating the run waits for it to complete (bounded by timeoutSeconds, default 600). It runs after the message
// (dependsOn: the run takes only the thread's id). It runs again (a replace) only when its overrides or its
// `triggers` change: `pulumi config set runTrigger 2` asks the tutor again. Deleting it only forgets it (the API
// cannot delete runs; they go with their thread).
const run = new openai.Run(
  'run',
  {
    threadId: thread.id,
    assistantId: tutor.id,
    instructions: 'Please address the user as Jane Doe. The user has a premium account.',
    timeoutSeconds: config.getNumber('runTimeoutSeconds') ?? 600,
    ...(config.get('runTrigger') ? { triggers: { round: config.require('runTrigger') } } : {}),
  },
  { dependsOn: [question] },
);

// The thread's messages, oldest first, read once the run is done (its threadId resolves after it completes).
const listed = openai.listMessagesOutput({ threadId: run.threadId });

export const assistantId = tutor.id;
export const threadId = thread.id;
export const messageId = question.id;
export const runId = run.id;
export const runStatus = run.status;
export const reply = run.reply;
export const usage = run.usage;
export const messages = listed.items.apply((items) =>
  items.map((m) => ({ role: m.role, content: m.content ?? (m.contentParts ?? []).map((p) => p.text ?? `[${p.type}]`).join('\n') })),
);
