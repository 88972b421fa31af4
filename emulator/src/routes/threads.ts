// Threads, messages and runs (Assistants API v2). A run goes queued -> in_progress (after half of runDelayMs)
// -> completed (after runDelayMs), derived from timestamps whenever the thread is read; completing appends a
// deterministic assistant reply (replyTo: a solved linear equation, or an echo). Emulator.failNextRuns makes runs fail instead,
// Emulator.requireActionNextRuns stops them at requires_action with a function call.

import { badRequest, notFound } from '../errors';
import { idMinter } from '../ids';
import type { ScopedRec } from '../store';
import { assistantsBeta, checkModel, ownAssistant, resolveToolResources } from './assistants';
import { applyFields, insert, ownRecord, ownRecords, paginate, remove, view } from './common';
import { rows, table, type EmulatorModule } from './module';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = {
  thread: { prefix: 'thread_', alphabet: 'alnum', length: 24 },
  message: { prefix: 'msg_', alphabet: 'alnum', length: 24 },
  run: { prefix: 'run_', alphabet: 'alnum', length: 24 },
} as const;
const newId = idMinter(IDS);

type ContentPart = { type: 'text'; text: string } | { type: 'image_file' | 'image_url'; [k: string]: unknown };
interface MessageRequest {
  role: 'user' | 'assistant';
  content: string | ContentPart[];
  attachments?: unknown[] | null;
  metadata?: Record<string, string> | null;
}
interface ThreadRequest {
  messages?: MessageRequest[];
  tool_resources?: Parameters<typeof resolveToolResources>[1];
  metadata?: Record<string, string> | null;
}

const RUN_LIFETIME_SECONDS = 600;
/** Fields a run takes from its request, falling back to the assistant's. */
const RUN_OVERRIDABLE = ['model', 'instructions', 'tools', 'temperature', 'top_p', 'response_format'] as const;
const RUN_OPTIONS = ['max_prompt_tokens', 'max_completion_tokens', 'truncation_strategy', 'tool_choice', 'parallel_tool_calls'] as const;
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired', 'incomplete']);

function ownThread(ctx: Ctx, id = ctx.params['thread_id'] as string): ScopedRec {
  const thread = ownRecord(ctx, ctx.store.tables.threads, id, () => notFound('thread', id));
  settleRuns(ctx, thread.id);
  return thread;
}

function childOf(ctx: Ctx, table: Record<string, ScopedRec>, param: string, thing: string): ScopedRec {
  const thread = ownThread(ctx);
  const id = ctx.params[param] as string;
  const rec = table[id];
  if (!rec || rec['thread_id'] !== thread.id) throw notFound(thing, id);
  return rec;
}

const recordsOfThread = (ctx: Ctx, table: Record<string, ScopedRec>, threadId: string): ScopedRec[] =>
  ownRecords(ctx, table).filter((r) => r['thread_id'] === threadId);

function messageContent(content: MessageRequest['content']): unknown[] {
  const parts: ContentPart[] = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  return parts.map((p) => (p.type === 'text' ? { type: 'text', text: { value: p.text, annotations: [] } } : p));
}

function addMessage(ctx: Ctx, threadId: string, m: MessageRequest, at: number, fromRun?: { run: string; assistant: string }): ScopedRec {
  return insert(ctx, ctx.store.tables.messages, {
    id: newId('message'),
    object: 'thread.message',
    created_at: at,
    thread_id: threadId,
    status: 'completed',
    incomplete_details: null,
    completed_at: at,
    incomplete_at: null,
    role: m.role,
    content: messageContent(m.content),
    assistant_id: fromRun?.assistant ?? null,
    run_id: fromRun?.run ?? null,
    attachments: m.attachments ?? [],
    metadata: m.metadata ?? {},
    _project: ctx.projectId,
  });
}

function createThread(ctx: Ctx, body: ThreadRequest): ScopedRec {
  const toolResources = resolveToolResources(ctx, body.tool_resources);
  const thread = insert(ctx, ctx.store.tables.threads, {
    id: newId('thread'),
    object: 'thread',
    created_at: ctx.now,
    tool_resources: toolResources,
    metadata: body.metadata ?? {},
    _project: ctx.projectId,
  });
  for (const m of body.messages ?? []) addMessage(ctx, thread.id, m, ctx.now);
  return thread;
}

function lastUserText(ctx: Ctx, threadId: string): string {
  const user = recordsOfThread(ctx, ctx.store.tables.messages, threadId)
    .filter((m) => m['role'] === 'user')
    .at(-1);
  const parts = (user?.['content'] as { type: string; text?: { value: string } }[] | undefined) ?? [];
  return parts.map((p) => p.text?.value ?? '').join('\n');
}

/**
 * The emulator's deterministic "model": it solves a linear equation `ax + b = c` found in the question (the
 * Assistants quickstart asks a math tutor to solve `3x + 11 = 14`), and otherwise echoes the question.
 */
export function replyTo(question: string): string {
  const m = /(-?\d*)\s*\*?\s*([a-z])\s*([+-])\s*(\d+(?:\.\d+)?)\s*=\s*(-?\d+(?:\.\d+)?)/i.exec(question);
  if (!m) return `Echo: ${question}`;
  const [, coef, v, sign, b, c] = m as unknown as [string, string, string, string, string, string];
  const a = coef === '' ? 1 : coef === '-' ? -1 : Number(coef);
  const shift = sign === '+' ? Number(b) : -Number(b);
  const rhs = Number(c) - shift;
  const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);
  if (a === 0) return `Echo: ${question}`;
  return (
    `${sign === '+' ? 'Subtract' : 'Add'} ${b} ${sign === '+' ? 'from' : 'to'} both sides: ${fmt(a)}${v} = ${fmt(rhs)}. ` +
    `Divide both sides by ${fmt(a)}: ${v} = ${fmt(rhs / a)}.`
  );
}

/** Brings every unfinished run of a thread up to date with the clock. */
function settleRuns(ctx: Ctx, threadId: string): void {
  for (const run of recordsOfThread(ctx, ctx.store.tables.runs, threadId)) {
    if (TERMINAL.has(run['status'] as string) || run['status'] === 'requires_action') continue;
    const createdMs = run['_created_ms'] as number;
    const elapsed = ctx.nowMs - createdMs;
    const delay = run['_delay_ms'] as number;
    if (elapsed < delay / 2) continue;
    run['status'] = 'in_progress';
    run['started_at'] = Math.floor((createdMs + delay / 2) / 1000);
    if (elapsed >= delay) {
      const doneAt = Math.floor((createdMs + delay) / 1000);
      const failure = run['_failure'] as { code: string; message: string } | undefined;
      const action = run['_action'] as { name: string; arguments: string } | undefined;
      if (action) {
        // Waits for tool outputs (the emulator serves no submit_tool_outputs): it stays so until it expires.
        Object.assign(run, {
          status: 'requires_action',
          required_action: {
            type: 'submit_tool_outputs',
            submit_tool_outputs: { tool_calls: [{ id: `call_${run.id.slice(4, 16)}`, type: 'function', function: action }] },
          },
        });
        delete run['_action'];
        ctx.store.markDirty();
        continue;
      }
      Object.assign(
        run,
        { expires_at: null },
        failure ? { status: 'failed', failed_at: doneAt, last_error: failure } : { status: 'completed', completed_at: doneAt },
      );
      if (!failure) {
        const question = lastUserText(ctx, threadId);
        const reply = replyTo(question);
        addMessage(ctx, threadId, { role: 'assistant', content: reply }, doneAt, { run: run.id, assistant: run['assistant_id'] as string });
        // Roughly four characters a token, like the API's own estimate.
        const prompt = Math.ceil(question.length / 4);
        const completion = Math.ceil(reply.length / 4);
        run['usage'] = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
      }
    }
    ctx.store.markDirty();
  }
}

function startRun(ctx: Ctx, threadId: string, body: Record<string, unknown>): ScopedRec {
  const assistant = ownAssistant(ctx, body['assistant_id'] as string, 'assistant_id');
  checkModel(body['model']);
  for (const m of (body['additional_messages'] as MessageRequest[] | null | undefined) ?? []) addMessage(ctx, threadId, m, ctx.now);
  const failures = ctx.config.runFailures;
  const failure = failures.remaining > 0 ? { code: failures.code, message: failures.message } : undefined;
  if (failure) failures.remaining -= 1;
  const actions = ctx.config.runActions;
  const action = !failure && actions.remaining > 0 ? { name: actions.name, arguments: actions.arguments } : undefined;
  if (action) actions.remaining -= 1;
  const taken = Object.fromEntries(RUN_OVERRIDABLE.map((f) => [f, body[f] ?? assistant[f] ?? null]));
  const extra = typeof body['additional_instructions'] === 'string' ? `\n${body['additional_instructions']}` : '';
  return insert(ctx, ctx.store.tables.runs, {
    id: newId('run'),
    object: 'thread.run',
    created_at: ctx.now,
    thread_id: threadId,
    assistant_id: assistant.id,
    status: 'queued',
    required_action: null,
    last_error: null,
    expires_at: ctx.now + RUN_LIFETIME_SECONDS,
    started_at: null,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    incomplete_details: null,
    ...taken,
    instructions: `${(taken['instructions'] as string | null) ?? ''}${extra}`,
    tools: taken['tools'] ?? [],
    metadata: body['metadata'] ?? {},
    usage: null,
    max_prompt_tokens: null,
    max_completion_tokens: null,
    truncation_strategy: { type: 'auto', last_messages: null },
    tool_choice: 'auto',
    parallel_tool_calls: true,
    ...Object.fromEntries(RUN_OPTIONS.filter((f) => body[f] !== undefined && body[f] !== null).map((f) => [f, body[f]])),
    response_format: taken['response_format'] ?? 'auto',
    _project: ctx.projectId,
    _created_ms: ctx.nowMs,
    _delay_ms: ctx.config.runDelayMs,
    ...(failure ? { _failure: failure } : {}),
    ...(action ? { _action: action } : {}),
  });
}

const THREAD = '/threads/{thread_id}';
const MESSAGE = `${THREAD}/messages/{message_id}`;
const RUN = `${THREAD}/runs/{run_id}`;

const threadRoutes: Route[] = assistantsBeta([
  post('/threads', (ctx) => view(createThread(ctx, ctx.body as ThreadRequest))),
  get(THREAD, (ctx) => view(ownThread(ctx))),
  post(THREAD, (ctx) => {
    const thread = ownThread(ctx);
    if ('tool_resources' in ctx.body)
      thread['tool_resources'] = resolveToolResources(ctx, ctx.body['tool_resources'] as ThreadRequest['tool_resources']);
    return view(applyFields(ctx, thread, ctx.body, ['metadata']));
  }),
  del(THREAD, (ctx) => {
    const thread = ownThread(ctx);
    const t = ctx.store.tables;
    for (const table of [t.messages, t.runs]) for (const r of recordsOfThread(ctx, table, thread.id)) delete table[r.id];
    return remove(ctx, t.threads, thread.id, thread.id, 'thread.deleted');
  }),

  post(`${THREAD}/messages`, (ctx) => view(addMessage(ctx, ownThread(ctx).id, ctx.body as unknown as MessageRequest, ctx.now))),
  get(`${THREAD}/messages`, (ctx) => {
    const runId = ctx.query['run_id'];
    const messages = recordsOfThread(ctx, ctx.store.tables.messages, ownThread(ctx).id).filter((m) => runId === undefined || m['run_id'] === runId);
    return paginate(ctx, messages, (m) => m.id, view);
  }),
  get(MESSAGE, (ctx) => view(childOf(ctx, ctx.store.tables.messages, 'message_id', 'message'))),
  post(MESSAGE, (ctx) => view(applyFields(ctx, childOf(ctx, ctx.store.tables.messages, 'message_id', 'message'), ctx.body, ['metadata']))),
  del(MESSAGE, (ctx) => {
    const message = childOf(ctx, ctx.store.tables.messages, 'message_id', 'message');
    return remove(ctx, ctx.store.tables.messages, message.id, message.id, 'thread.message.deleted');
  }),

  post(`${THREAD}/runs`, (ctx) => view(startRun(ctx, ownThread(ctx).id, ctx.body))),
  post('/threads/runs', (ctx) => {
    ownAssistant(ctx, ctx.body['assistant_id'] as string, 'assistant_id');
    const thread = createThread(ctx, (ctx.body['thread'] as ThreadRequest | undefined) ?? {});
    return view(startRun(ctx, thread.id, ctx.body));
  }),
  get(`${THREAD}/runs`, (ctx) => paginate(ctx, recordsOfThread(ctx, ctx.store.tables.runs, ownThread(ctx).id), (r) => r.id, view)),
  get(RUN, (ctx) => view(childOf(ctx, ctx.store.tables.runs, 'run_id', 'run'))),
  post(RUN, (ctx) => view(applyFields(ctx, childOf(ctx, ctx.store.tables.runs, 'run_id', 'run'), ctx.body, ['metadata']))),
  post(`${RUN}/cancel`, (ctx) => {
    const run = childOf(ctx, ctx.store.tables.runs, 'run_id', 'run');
    if (TERMINAL.has(run['status'] as string)) {
      throw badRequest(`Cannot cancel run with status '${String(run['status'])}'.`);
    }
    Object.assign(run, { status: 'cancelled', cancelled_at: ctx.now, expires_at: null });
    ctx.store.markDirty();
    return view(run);
  }),
]);

const TABLES = { threads: table<ScopedRec>(), messages: table<ScopedRec>(), runs: table<ScopedRec>() };

export const threads: EmulatorModule<typeof TABLES> = {
  name: 'threads',
  serves: {
    thread: { path: '/threads', id: 'thread' },
    message: { path: '/threads/{thread_id}/messages', id: 'message' },
    run: { path: '/threads/{thread_id}/runs', id: 'run' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { threads: (t) => rows(t.threads), messages: (t) => rows(t.messages), runs: (t) => rows(t.runs) },
  routes: threadRoutes,
};
