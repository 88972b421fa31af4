// Evals, their runs and the runs' output items.
//
// A run goes queued -> in_progress (after a quarter of runDelayMs) -> completed (after runDelayMs), derived from
// timestamps whenever it is read (as Assistants runs are); while in progress its items are graded in order, so
// `result_counts` rises n/total over the polls. Grading is honest where it can be done locally:
//   - `string_check`: eq / ne / like (contains) / ilike (contains, any case) of the rendered templates;
//   - `text_similarity`: `fuzzy_match` is 1 - Levenshtein distance / the longer length; every other metric is the
//     token F1 of the two texts (lower-cased words): a simple deterministic stand-in, passed at `pass_threshold`;
//   - templates `{{item.x}}` (nested paths too) and `{{sample.output_text}}` / `{{sample.x}}`; a template naming
//     a value the item or sample lacks makes that item `errored`.
// Model and code graders cannot run here: they give a deterministic pseudo-verdict from a hash of their rendered
// input (`label_model` picks `labels[h % n]` and passes when it is a passing label; `score_model` scores
// `range[0] + f·(range[1]-range[0])`, `python` scores `f` in [0, 1], both passing at `pass_threshold`, by default
// the middle of the range). A `completions` or `responses` data source samples the emulator's deterministic
// "model" (threads.replyTo) on the rendered last user message of its template.
// A run fails (status `failed`, error `invalid_data_source`) when it starts and finds its data invalid: a
// `file_id` source whose file is not JSONL of `{"item": {...}}` lines, or an item lacking a property the eval's
// `item_schema` requires. Runs that have not failed answer `error: null`, as the live API does (extra-routes.ts
// overlays the description, which does not allow it). Cancel is served at the description's POST on the run and at
// the SDK's `/cancel`.

import { createHash } from 'node:crypto';
import { badRequest, notFound } from '../errors';
import { idMinter } from '../ids';
import type { ScopedRec } from '../store';
import { applyFields, insert, ownRecord, ownRecords, paginate, view } from './common';
import { ownFile } from './files';
import { rows, table, type EmulatorModule } from './module';
import { replyTo } from './threads';
import { del, get, post, type Ctx, type Route } from './types';

const IDS = {
  eval: { prefix: 'eval_', alphabet: 'hex', length: 32 },
  eval_run: { prefix: 'evalrun_', alphabet: 'hex', length: 32 },
  eval_output_item: { prefix: 'outputitem_', alphabet: 'hex', length: 32 },
} as const;
const newId = idMinter(IDS);

const TERMINAL = new Set(['completed', 'failed', 'canceled']);
/** An output item's sample always carries an error (EvalRunOutputItem requires it): an empty one. */
const NO_ERROR = { code: '', message: '' };
const SAMPLE_SCHEMA = {
  type: 'object',
  properties: { model: { type: 'string' }, output_text: { type: 'string' }, choices: { type: 'array' } },
};

type Json = unknown;
type Obj = Record<string, Json>;
const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Grader {
  type: string;
  name: string;
  input?: string | { role: string; content: Json }[];
  reference?: string;
  operation?: string;
  evaluation_metric?: string;
  pass_threshold?: number;
  labels?: string[];
  passing_labels?: string[];
  range?: number[];
  /** A python grader's code (part of what its pseudo-verdict hashes). */
  source?: string;
}

interface Row {
  item: Obj;
  sample?: Obj;
}

// ---- evals ---------------------------------------------------------------------------------------------------

function ownEval(ctx: Ctx, id = ctx.params['eval_id'] as string): ScopedRec {
  return ownRecord(ctx, ctx.store.tables.evals, id, () => notFound('eval', id));
}

/** The data source config as the API answers it: the items' (and samples') schema. */
function dataSourceConfig(config: Obj): Obj {
  const type = config['type'] as string;
  if (type === 'custom') {
    const withSample = config['include_sample_schema'] === true;
    return {
      type,
      schema: {
        type: 'object',
        properties: { item: config['item_schema'], ...(withSample ? { sample: SAMPLE_SCHEMA } : {}) },
        required: withSample ? ['item', 'sample'] : ['item'],
      },
    };
  }
  return {
    type,
    ...(isObj(config['metadata']) ? { metadata: config['metadata'] } : {}),
    schema: { type: 'object', properties: { item: { type: 'object' }, sample: SAMPLE_SCHEMA }, required: ['item', 'sample'] },
  };
}

// ---- grading -------------------------------------------------------------------------------------------------

class Unresolved extends Error {}

function lookup(root: Obj, path: string): Json {
  let v: Json = root;
  for (const part of path.split('.')) {
    if (!isObj(v) || !(part in v)) throw new Unresolved(`{{${path}}} names nothing`);
    v = v[part];
  }
  return v;
}

/** Renders `{{item.x}}` / `{{sample.x}}`; a name the item or sample lacks throws Unresolved. */
function render(template: string, scope: Obj): string {
  return template.replace(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (_, path: string) => {
    const v = lookup(scope, path);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

const contentText = (content: Json): string =>
  typeof content === 'string' ? content : isObj(content) && typeof content['text'] === 'string' ? content['text'] : JSON.stringify(content);

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

function tokenF1(a: string, b: string): number {
  const words = (s: string) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const x = words(a);
  const y = words(b);
  if (x.length === 0 && y.length === 0) return 1;
  const pool = new Map<string, number>();
  for (const w of y) pool.set(w, (pool.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of x) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      common++;
      pool.set(w, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / x.length;
  const recall = common / y.length;
  return (2 * precision * recall) / (precision + recall);
}

function similarity(metric: string, a: string, b: string): number {
  if (metric === 'fuzzy_match') return a.length === 0 && b.length === 0 ? 1 : 1 - levenshtein(a, b) / Math.max(a.length, b.length);
  return tokenF1(a, b);
}

/** A fraction in [0, 1) from a hash of the text: the pseudo-verdict of graders the emulator cannot run. */
function fraction(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;
}

interface Result {
  name: string;
  type: string;
  score: number;
  passed: boolean;
  sample: null;
}

function grade(g: Grader, scope: Obj): Result {
  const result = (score: number, passed: boolean): Result => ({ name: g.name, type: g.type, score, passed, sample: null });
  const messages = () =>
    (Array.isArray(g.input) ? g.input : []).map((m) => `${m.role}: ${render(contentText(m.content), scope)}`).join('\n') + (g.source ?? '');
  switch (g.type) {
    case 'string_check': {
      const input = render(String(g.input ?? ''), scope);
      const reference = render(g.reference ?? '', scope);
      const ok =
        g.operation === 'eq'
          ? input === reference
          : g.operation === 'ne'
            ? input !== reference
            : g.operation === 'like'
              ? input.includes(reference)
              : input.toLowerCase().includes(reference.toLowerCase());
      return result(ok ? 1 : 0, ok);
    }
    case 'text_similarity': {
      const score = similarity(g.evaluation_metric ?? 'fuzzy_match', render(String(g.input ?? ''), scope), render(g.reference ?? '', scope));
      return result(score, score >= (g.pass_threshold ?? 1));
    }
    case 'label_model': {
      const labels = g.labels ?? [];
      const label = labels[Math.floor(fraction(messages()) * labels.length)];
      const ok = label !== undefined && (g.passing_labels ?? []).includes(label);
      return result(ok ? 1 : 0, ok);
    }
    default: {
      // score_model, python
      const [lo, hi] = g.type === 'score_model' && g.range?.length === 2 ? (g.range as [number, number]) : [0, 1];
      const score = lo + fraction(messages()) * (hi - lo);
      return result(score, score >= (g.pass_threshold ?? (lo + hi) / 2));
    }
  }
}

// ---- runs ----------------------------------------------------------------------------------------------------

function ownRun(ctx: Ctx): ScopedRec {
  const evalRec = ownEval(ctx);
  const id = ctx.params['run_id'] as string;
  const run = ctx.store.tables.eval_runs[id];
  if (!run || run['eval_id'] !== evalRec.id || run._project !== ctx.projectId) throw notFound('eval run', id);
  settle(ctx, run);
  return run;
}

const runsOf = (ctx: Ctx, evalId: string): ScopedRec[] => ownRecords(ctx, ctx.store.tables.eval_runs).filter((r) => r['eval_id'] === evalId);
const itemsOf = (ctx: Ctx, runId: string): ScopedRec[] => ownRecords(ctx, ctx.store.tables.eval_output_items).filter((r) => r['run_id'] === runId);

/** The rows a data source names, or why they cannot be read. */
function rowsOf(ctx: Ctx, dataSource: Obj): Row[] | string {
  const source = dataSource['source'] as Obj;
  if (source['type'] === 'file_content') return source['content'] as Row[];
  if (source['type'] !== 'file_id') return 'the emulator reads only file_content and file_id sources';
  const file = ctx.store.tables.files[source['id'] as string];
  if (!file) return `file ${String(source['id'])} is gone`;
  const out: Row[] = [];
  const lines = Buffer.from(file._content, 'base64').toString('utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let row: Json;
    try {
      row = JSON.parse(line);
    } catch {
      return `line ${i + 1} of file ${file.id} is not JSON`;
    }
    if (!isObj(row) || !isObj(row['item'])) return `line ${i + 1} of file ${file.id} is not an object with an "item" object`;
    out.push({ item: row['item'], ...(isObj(row['sample']) ? { sample: row['sample'] } : {}) });
  }
  return out;
}

/** Why the rows do not fit the eval's item schema (its `required` properties), if they do not. */
function misfit(evalRec: ScopedRec, rowsIn: Row[]): string | undefined {
  const config = evalRec['data_source_config'] as Obj;
  const itemSchema = ((config['schema'] as Obj)['properties'] as Obj)['item'];
  const required = isObj(itemSchema) && Array.isArray(itemSchema['required']) ? (itemSchema['required'] as string[]) : [];
  for (const [i, row] of rowsIn.entries()) {
    const missing = required.find((k) => !(k in row.item));
    if (missing) return `item ${i + 1} lacks "${missing}", which the eval's item_schema requires`;
  }
  return undefined;
}

/** The sample a completions / responses data source makes for an item: the emulator's model's answer. */
function sampleFor(dataSource: Obj, row: Row): Obj | undefined {
  if (dataSource['type'] === 'jsonl') return row.sample;
  const messages = dataSource['input_messages'] as Obj | undefined;
  let question: string;
  if (messages?.['type'] === 'item_reference') {
    const ref = String(messages['item_reference']).replace(/^item\./, '');
    const v = isObj(row.item) ? row.item[ref] : undefined;
    question = typeof v === 'string' ? v : JSON.stringify(v ?? '');
  } else {
    const template = (messages?.['template'] as { role?: string; content: Json }[] | undefined) ?? [];
    const users = template.filter((m) => (m.role ?? 'user') === 'user');
    const last = users.at(-1);
    try {
      question = last ? render(contentText(last.content), { item: row.item }) : '';
    } catch {
      question = last ? contentText(last.content) : '';
    }
  }
  return { model: (dataSource['model'] as string | undefined) ?? 'gpt-4o-mini', output_text: replyTo(question) };
}

/** Grades the run's items up to `upTo`, adding their output items and counts. */
function gradeUpTo(ctx: Ctx, run: ScopedRec, evalRec: ScopedRec, rowsIn: Row[], upTo: number, at: number): void {
  const graders = evalRec['testing_criteria'] as Grader[];
  const counts = run['result_counts'] as { total: number; passed: number; failed: number; errored: number };
  const perGrader = run['per_testing_criteria_results'] as { testing_criteria: string; passed: number; failed: number }[];
  const dataSource = run['data_source'] as Obj;
  for (let i = run['_graded'] as number; i < upTo; i++) {
    const row = rowsIn[i]!;
    const sample = sampleFor(dataSource, row);
    const scope: Obj = { item: row.item, ...(sample ? { sample } : {}) };
    let errored = false;
    const results: Result[] = [];
    for (const [gi, g] of graders.entries()) {
      try {
        const r = grade(g, scope);
        results.push(r);
        const tally = perGrader[gi]!;
        if (r.passed) tally.passed++;
        else tally.failed++;
      } catch (e) {
        if (!(e instanceof Unresolved)) throw e;
        errored = true;
      }
    }
    const passed = !errored && results.every((r) => r.passed);
    if (errored) counts.errored++;
    else if (passed) counts.passed++;
    else counts.failed++;
    const output = sample ? String(sample['output_text'] ?? '') : '';
    insert(ctx, ctx.store.tables.eval_output_items, {
      id: newId('eval_output_item'),
      object: 'eval.run.output_item',
      run_id: run.id,
      eval_id: evalRec.id,
      created_at: at,
      status: passed ? 'pass' : 'fail',
      datasource_item_id: i,
      datasource_item: row.item,
      results,
      sample: {
        input: [],
        output: [{ role: 'assistant', content: output }],
        finish_reason: 'stop',
        model: (sample?.['model'] as string | undefined) ?? '',
        usage: { total_tokens: 0, completion_tokens: 0, prompt_tokens: 0, cached_tokens: 0 },
        error: NO_ERROR,
        temperature: 1,
        max_completion_tokens: 0,
        top_p: 1,
        seed: 0,
      },
      _project: run._project,
    });
  }
  run['_graded'] = upTo;
}

/** Brings a run up to date with the clock. */
function settle(ctx: Ctx, run: ScopedRec): void {
  if (TERMINAL.has(run['status'] as string)) return;
  const createdMs = run['_created_ms'] as number;
  const delay = run['_delay_ms'] as number;
  const elapsed = ctx.nowMs - createdMs;
  if (elapsed < delay / 4) return;
  const evalRec = ctx.store.tables.evals[run['eval_id'] as string];
  if (!evalRec) return;
  const rowsIn = rowsOf(ctx, run['data_source'] as Obj);
  const why = typeof rowsIn === 'string' ? rowsIn : misfit(evalRec, rowsIn);
  if (why !== undefined || typeof rowsIn === 'string') {
    Object.assign(run, { status: 'failed', error: { code: 'invalid_data_source', message: why ?? 'invalid data source' } });
    ctx.store.markDirty();
    return;
  }
  const counts = run['result_counts'] as { total: number };
  counts.total = rowsIn.length;
  const fractionDone = Math.min(1, (elapsed - delay / 4) / ((3 * delay) / 4));
  const done = elapsed >= delay;
  gradeUpTo(ctx, run, evalRec, rowsIn, done ? rowsIn.length : Math.floor(fractionDone * rowsIn.length), Math.floor(ctx.nowMs / 1000));
  run['status'] = done ? 'completed' : 'in_progress';
  if (done && rowsIn.length > 0) {
    const model = sampleFor(run['data_source'] as Obj, rowsIn[0]!)?.['model'];
    if (typeof model === 'string' && (run['data_source'] as Obj)['type'] !== 'jsonl') {
      run['per_model_usage'] = [
        { model_name: model, invocation_count: rowsIn.length, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cached_tokens: 0 },
      ];
    }
  }
  ctx.store.markDirty();
}

function startRun(ctx: Ctx, evalRec: ScopedRec): ScopedRec {
  const body = ctx.body as { name?: string; metadata?: Record<string, string> | null; data_source: Obj };
  const source = body.data_source['source'] as Obj;
  if (source['type'] === 'file_id') ownFile(ctx, source['id'] as string);
  const graders = evalRec['testing_criteria'] as Grader[];
  const id = newId('eval_run');
  const model = typeof body.data_source['model'] === 'string' ? body.data_source['model'] : '';
  return insert(ctx, ctx.store.tables.eval_runs, {
    id,
    object: 'eval.run',
    eval_id: evalRec.id,
    status: 'queued',
    model,
    name: body.name ?? (model || `run-${id.slice(8, 16)}`),
    created_at: ctx.now,
    report_url: `https://platform.openai.com/evaluations/${evalRec.id}?run_id=${id}`,
    result_counts: { total: 0, errored: 0, failed: 0, passed: 0 },
    per_model_usage: [],
    per_testing_criteria_results: graders.map((g) => ({ testing_criteria: g.name, passed: 0, failed: 0 })),
    data_source: body.data_source,
    metadata: body.metadata ?? {},
    error: null,
    _project: ctx.projectId,
    _created_ms: ctx.nowMs,
    _delay_ms: ctx.config.runDelayMs,
    _graded: 0,
  });
}

function removeRun(ctx: Ctx, run: ScopedRec): void {
  for (const item of itemsOf(ctx, run.id)) delete ctx.store.tables.eval_output_items[item.id];
  delete ctx.store.tables.eval_runs[run.id];
  ctx.store.markDirty();
}

function cancelRun(ctx: Ctx): unknown {
  const run = ownRun(ctx);
  if (TERMINAL.has(run['status'] as string)) throw badRequest(`Cannot cancel a run with status '${String(run['status'])}'.`);
  run['status'] = 'canceled';
  ctx.store.markDirty();
  return view(run);
}

const EVAL = '/evals/{eval_id}';
const RUN = `${EVAL}/runs/{run_id}`;

const evalRoutes: Route[] = [
  post('/evals', (ctx) => {
    const body = ctx.body as { name?: string; metadata?: Record<string, string> | null; data_source_config: Obj; testing_criteria: Obj[] };
    const id = newId('eval');
    return view(
      insert(ctx, ctx.store.tables.evals, {
        id,
        object: 'eval',
        name: body.name ?? `eval-${id.slice(5, 13)}`,
        data_source_config: dataSourceConfig(body.data_source_config),
        testing_criteria: body.testing_criteria,
        created_at: ctx.now,
        metadata: body.metadata ?? {},
        _project: ctx.projectId,
      }),
    );
  }),
  get('/evals', (ctx) => paginate(ctx, ownRecords(ctx, ctx.store.tables.evals), (e) => e.id, view)),
  get(EVAL, (ctx) => view(ownEval(ctx))),
  post(EVAL, (ctx) => {
    const evalRec = ownEval(ctx);
    if (ctx.body['metadata'] === null) ctx.body['metadata'] = {};
    return view(applyFields(ctx, evalRec, ctx.body, ['name', 'metadata']));
  }),
  del(EVAL, (ctx) => {
    const evalRec = ownEval(ctx);
    for (const run of runsOf(ctx, evalRec.id)) removeRun(ctx, run);
    delete ctx.store.tables.evals[evalRec.id];
    ctx.store.markDirty();
    return { object: 'eval.deleted', deleted: true, eval_id: evalRec.id };
  }),

  post(`${EVAL}/runs`, (ctx) => view(startRun(ctx, ownEval(ctx)))),
  get(`${EVAL}/runs`, (ctx) => {
    const status = ctx.query['status'];
    const runs = runsOf(ctx, ownEval(ctx).id);
    for (const run of runs) settle(ctx, run);
    return paginate(
      ctx,
      runs.filter((r) => status === undefined || r['status'] === status),
      (r) => r.id,
      view,
    );
  }),
  get(RUN, (ctx) => view(ownRun(ctx))),
  // The description's POST on a run cancels it; the SDK posts to /cancel.
  post(RUN, cancelRun),
  post(`${RUN}/cancel`, cancelRun),
  del(RUN, (ctx) => {
    const run = ownRun(ctx);
    removeRun(ctx, run);
    return { object: 'eval.run.deleted', deleted: true, run_id: run.id };
  }),
  get(`${RUN}/output_items`, (ctx) => {
    const status = ctx.query['status'];
    const items = itemsOf(ctx, ownRun(ctx).id).filter((i) => status === undefined || i['status'] === status);
    return paginate(ctx, items, (i) => i.id, view);
  }),
  get(`${RUN}/output_items/{output_item_id}`, (ctx) => {
    const run = ownRun(ctx);
    const id = ctx.params['output_item_id'] as string;
    const item = ctx.store.tables.eval_output_items[id];
    if (!item || item['run_id'] !== run.id) throw notFound('output item', id);
    return view(item);
  }),
];

const TABLES = { evals: table<ScopedRec>(), eval_runs: table<ScopedRec>(), eval_output_items: table<ScopedRec>() };

export const evals: EmulatorModule<typeof TABLES> = {
  name: 'evals',
  serves: {
    eval: { path: '/evals', id: 'eval' },
    eval_run: { path: '/evals/{eval_id}/runs', id: 'eval_run' },
  },
  tables: TABLES,
  ids: IDS,
  counts: { evals: (t) => rows(t.evals), eval_runs: (t) => rows(t.eval_runs), eval_output_items: (t) => rows(t.eval_output_items) },
  routes: evalRoutes,
};
