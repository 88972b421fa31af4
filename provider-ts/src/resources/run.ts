import type { Run, RunCreateParamsNonStreaming } from 'openai/resources/beta/threads/runs/runs';
import { defineResource, KEEP, p, type InputsOf, type StateOf } from '../spec/define';
import type { HandlerContext } from '../spec/types';
import { ASSISTANTS_DEPRECATION, ASSISTANTS_SUNSET, tool, toolsIn, toolsOut } from './assistant';
import { awaitEnd, compact, findSince, importById, metadataOut, splitId } from './common';

const DONE = new Set(['completed', 'failed', 'cancelled', 'expired', 'incomplete', 'requires_action']);
/** Ends that a Run resource reports as an error (failureOf). */
const FAILED = new Set([...DONE].filter((s) => s !== 'completed'));

/** The assistant's reply: the text of the messages this run wrote, oldest first. */
async function replyOf(ctx: HandlerContext, run: Run): Promise<string | null> {
  if (run.status !== 'completed') return null;
  const texts: string[] = [];
  for await (const m of ctx.openai.beta.threads.messages.list(run.thread_id, { run_id: run.id, order: 'asc', limit: 100 })) {
    for (const c of m.content) if (c.type === 'text') texts.push(c.text.value);
  }
  return texts.join('\n\n');
}

async function toState(ctx: HandlerContext, run: Run): Promise<StateOf<typeof properties>> {
  return {
    thread_id: run.thread_id,
    assistant_id: run.assistant_id,
    model: run.model,
    instructions: run.instructions,
    tools: toolsOut(run.tools),
    triggers: KEEP, // never sent: the configured values are kept
    temperature: run.temperature ?? null,
    top_p: run.top_p ?? null,
    max_prompt_tokens: run.max_prompt_tokens ?? null,
    max_completion_tokens: run.max_completion_tokens ?? null,
    metadata: metadataOut(run.metadata),
    status: run.status,
    usage: run.usage ?? null,
    reply: await replyOf(ctx, run),
    last_error: run.last_error ?? null,
    created_at: run.created_at,
    completed_at: run.completed_at ?? null,
  };
}

/** Why a finished run is not a success, in words that say what it needs. */
function failureOf(run: Run): string | null {
  switch (run.status) {
    case 'completed':
      return null;
    case 'requires_action': {
      const calls = run.required_action?.submit_tool_outputs.tool_calls ?? [];
      const named = calls.map((c) => `${c.function.name}(${c.function.arguments})`).join(', ');
      return (
        `the run requires action: the assistant called ${named || 'a function'} and waits for tool outputs, which a ` +
        'Run resource cannot submit. Remove function tools from the run (tools) or the assistant, or drive this run from code'
      );
    }
    case 'incomplete':
      return `the run ended incomplete (${run.incomplete_details?.reason ?? 'no reason given'}); raise max_prompt_tokens / max_completion_tokens`;
    default:
      return `the run ended ${run.status}${run.last_error ? ` (${run.last_error.code}: ${run.last_error.message})` : ''}`;
  }
}

/**
 * Waits for a run to end, reporting progress, for at most `timeoutSeconds`. Whatever stops the wait, the run
 * exists: every failure is a partial create/update that keeps its id and says what the run needs.
 */
function awaitRun(ctx: HandlerContext, id: string, timeoutSeconds: number): Promise<Run> {
  const [threadId, runId] = splitId(id);
  return awaitEnd(
    ctx,
    {
      id,
      what: `run ${runId}`,
      retrieve: () => ctx.openai.beta.threads.runs.retrieve(runId, { thread_id: threadId }),
      step: (r) => ({ done: DONE.has(r.status), progress: `run ${runId}: ${r.status.replace('_', ' ')}` }),
      toState: (r) => toState(ctx, r),
      failureOf,
    },
    timeoutSeconds,
  );
}

const properties = {
  thread_id: p.string({
    description: 'The thread to run.',
    required: true,
    replaceOnChange: true,
    pattern: { regex: 'thread_[A-Za-z0-9_-]+', says: 'a thread id (thread_…)' },
  }),
  assistant_id: p.string({
    description: 'The assistant to run.',
    required: true,
    replaceOnChange: true,
    pattern: { regex: 'asst_[A-Za-z0-9_-]+', says: 'an assistant id (asst_…)' },
  }),
  model: p.string({ description: "Overrides the assistant's model.", computed: true, replaceOnChange: true }),
  instructions: p.string({ description: "Overrides the assistant's instructions.", computed: true, replaceOnChange: true, maxLength: 256_000 }),
  additional_instructions: p.string({ description: 'Appended to the instructions for this run only.', writeOnly: true, replaceOnChange: true }),
  tools: p.list(tool, { description: "Overrides the assistant's tools.", computed: true, replaceOnChange: true, maxItems: 128 }),
  temperature: p.number({ description: 'Sampling temperature, 0 to 2.', min: 0, max: 2, computed: true, replaceOnChange: true }),
  top_p: p.number({ description: 'Nucleus sampling, 0 to 1.', min: 0, max: 1, computed: true, replaceOnChange: true }),
  max_prompt_tokens: p.integer({ description: 'Most prompt tokens the run may use (at least 256).', min: 256, replaceOnChange: true }),
  max_completion_tokens: p.integer({ description: 'Most completion tokens the run may use (at least 256).', min: 256, replaceOnChange: true }),
  triggers: p.map(p.string({ description: 'value' }), {
    description: 'Arbitrary values kept in state (not sent); any change, adding them included, re-runs (replaces) the run.',
    replaceOnChange: true,
  }),
  timeout_seconds: p.integer({
    description: 'How long to wait for the run to finish (default 600); kept in state, not sent.',
    default: 600,
    min: 1,
    max: 86_400,
    writeOnly: true,
  }),
  metadata: p.metadata(),
  status: p.string({ description: 'The final status: `completed` on success.', output: true }),
  usage: p.object(
    p.each(['prompt_tokens', 'completion_tokens', 'total_tokens'], (k) => p.integer({ description: k.replace('_', ' '), output: true })),
    { description: 'Tokens used by the run.', output: true },
  ),
  reply: p.string({ description: "The assistant's reply: the text of the messages the run wrote.", output: true }),
  last_error: p.object(
    { code: p.string({ description: 'Error code.', output: true }), message: p.string({ description: 'Error message.', output: true }) },
    { description: 'Why the run failed, if it did.', output: true },
  ),
  created_at: p.integer({ description: 'Unix time (seconds) the run was created.', output: true, stable: true }),
  completed_at: p.integer({ description: 'Unix time (seconds) the run completed.', output: true }),
};

function body(inputs: InputsOf<typeof properties>): RunCreateParamsNonStreaming {
  return {
    assistant_id: inputs.assistant_id,
    // The overrides, when set.
    ...compact({
      model: inputs.model,
      instructions: inputs.instructions,
      additional_instructions: inputs.additional_instructions,
      tools: toolsIn(inputs.tools),
      temperature: inputs.temperature,
      top_p: inputs.top_p,
      max_prompt_tokens: inputs.max_prompt_tokens,
      max_completion_tokens: inputs.max_completion_tokens,
    }),
    ...(inputs.metadata ? { metadata: inputs.metadata } : {}),
  };
}

export const run = defineResource({
  name: 'run',
  description:
    'Runs an assistant on a thread to completion (legacy Assistants API) and exposes its status, usage and the ' +
    "assistant's `reply`. Creating waits for the run, reporting progress, up to `timeout_seconds`; a run that " +
    'ends failed, expired, incomplete or waiting for tool outputs is an error that says what it needs, and the ' +
    'next apply runs it again; a run whose wait ran out is waited for again by the next apply, not re-run. The run ' +
    'is re-run (replaced) only when its overrides or `triggers` change. The API cannot delete runs: deleting ' +
    'this resource only removes it from state (deleting its thread removes the run). ' +
    ASSISTANTS_DEPRECATION,
  deprecated: ASSISTANTS_DEPRECATION,
  sunset: ASSISTANTS_SUNSET,
  key: 'project',
  // A run saved after it ended without completing (the create failed, its id kept) is run again by the next
  // apply. Still queued or in progress (the wait timed out): left alone.
  failedBy: (state) => (typeof state['status'] === 'string' && FAILED.has(state['status']) ? 'status' : undefined),
  // Saved while still queued or in progress (the wait timed out): the next apply waits for it again, in place.
  pendingBy: (state) => (typeof state['status'] === 'string' && !DONE.has(state['status']) ? 'status' : undefined),
  properties,
  import: { ...importById('thread_', 'run_'), parts: ['thread_id', 'run_id'] },
  example: { thread_id: '${thread.id}', assistant_id: '${assistant.id}', instructions: 'Please address the user as Jane Doe.' },
  handlers: {
    async create(ctx, inputs) {
      const threadId = inputs.thread_id;
      const b = body(inputs);
      const created = await ctx.createOnce((opts) => ctx.openai.beta.threads.runs.create(threadId, b, opts), {
        find: (since) =>
          findSince(ctx.openai.beta.threads.runs.list(threadId, { order: 'desc', limit: 100 }), since, (r) => r.assistant_id === b.assistant_id),
      });
      const id = `${threadId}/${created.id}`;
      const finished = await awaitRun(ctx, id, inputs.timeout_seconds);
      return { id, state: await toState(ctx, finished) };
    },
    async read(ctx, id) {
      const [threadId, runId] = splitId(id);
      return toState(ctx, await ctx.openai.beta.threads.runs.retrieve(runId, { thread_id: threadId }));
    },
    async update(ctx, id, olds, news, changed) {
      const [threadId, runId] = splitId(id);
      // timeout_seconds alone: nothing to send, the saved state stands (a member it lacks reads as KEEP).
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- the saved state, complete since its create
      let state = olds as StateOf<typeof properties>;
      if (changed.includes('metadata')) {
        const metadata = news.metadata ?? {};
        state = await toState(ctx, await ctx.openai.beta.threads.runs.update(runId, { thread_id: threadId, metadata }));
      }
      // A run whose wait ran out while it was still going: wait for it again instead of running it twice.
      if (changed.includes('status')) state = await toState(ctx, await awaitRun(ctx, id, news.timeout_seconds));
      return state;
    },
    async delete(ctx, id) {
      ctx.debug(`run ${id}: the API has no run deletion; removing it from state only`);
    },
  },
});
