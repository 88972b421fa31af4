// Writes the fault suite's figures into docs/RELIABILITY.md, between `<!-- reliability:begin -->` and
// `<!-- reliability:end -->` (appended the first time; the rest of the file is kept as it is), from what the suites
// of `make reliability` left in .reliability/. Refuses results of the short form (the one inside `make test`).
//   node tests/reliability/report.mts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, '.reliability');
const DOC = join(ROOT, 'docs/RELIABILITY.md');
const BEGIN = '<!-- reliability:begin -->';
const END = '<!-- reliability:end -->';
const ENGINES = ['pulumi', 'tofu'] as const;

interface Split {
  findable: number;
  unfindable: number;
  examples: string[];
}
interface Try {
  code: number;
  error?: string;
}
interface Step {
  tries: Try[];
  converged: boolean;
}
interface Run {
  engine: string;
  rate: number;
  seed: number;
  resources: number;
  up: Step;
  destroy: Step;
  lost: Split;
  duplicates: Split;
  orphans: Split;
  leftAfterDestroy: Split;
  honestError: boolean;
  planAfter: Record<string, string>;
  faults: { matched: number; injected: Record<string, number> };
}
interface Kill {
  engine: string;
  type: string;
  decl: string;
  killed: boolean;
  objects: number;
  orphans: Split;
  rerun: Step;
  honestError: boolean;
  left: Split;
}
interface Results<T> {
  form: string;
  groups: number;
  engines: Record<string, string>;
  data: T[];
}

function load<T>(file: string): Results<T> {
  const path = join(RESULTS, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`make reliability\` (it runs the suites, then this report)`);
  const results = JSON.parse(readFileSync(path, 'utf8')) as Results<T>;
  if (results.form !== 'full') throw new Error(`${path} holds the short form's figures: run \`make reliability\` for the full matrix`);
  return results;
}

const sum = (splits: Split[]): Split => ({
  findable: splits.reduce((n, s) => n + s.findable, 0),
  unfindable: splits.reduce((n, s) => n + s.unfindable, 0),
  examples: [],
});
const fmt = (s: Split): string => (s.unfindable ? `${s.findable} (+${s.unfindable} unfindable)` : String(s.findable));
const pct = (rate: number): string => `${Math.round(rate * 100)}%`;
/** Each error of a failed try in one line (its title and message joined), ids and durations blurred, so that alike
 * failures count together. */
const gist = (error: string): string[] => {
  const blocks: string[] = [];
  for (const line of error.split('\n')) {
    if (line.startsWith('  ') && blocks.length > 0) blocks[blocks.length - 1] += ` ${line.trim()}`;
    else blocks.push(line.trim());
  }
  return blocks
    .map((b) =>
      b
        .replace(/\b(vs|file|asst|thread|msg|conv|cntr|proj|svc_acct|vsfb|req|key)[_-][A-Za-z0-9_-]+/g, '$1_…')
        .replace(/\s+/g, ' ')
        .slice(0, 240),
    )
    .filter((b) => b !== '');
};

function matrixSection(): string[] {
  const out: string[] = [];
  const rows: string[] = [];
  const failures = new Map<string, number>();
  const notes: string[] = [];
  let meta: Results<Run> | undefined;
  for (const engine of ENGINES) {
    const results = load<Run>(`matrix-${engine}.json`);
    meta = results;
    const rates = [...new Set(results.data.map((r) => r.rate))].sort();
    for (const rate of rates) {
      const runs = results.data.filter((r) => r.rate === rate).sort((a, b) => a.seed - b.seed);
      const applyFirst = runs.filter((r) => r.up.tries[0]!.code !== 0).length;
      const destroyFirst = runs.filter((r) => r.destroy.tries[0]!.code !== 0).length;
      const stuckApply = runs.filter((r) => !r.up.converged && !r.honestError).length;
      const stuckDestroy = runs.filter((r) => !r.destroy.converged).length;
      const honest = runs.filter((r) => r.honestError).length;
      const faults = runs.reduce((n, r) => n + Object.values(r.faults.injected).reduce((a, b) => a + b, 0), 0);
      const requests = runs.reduce((n, r) => n + r.faults.matched, 0);
      rows.push(
        `| ${engine} ${results.engines[engine]}, ${pct(rate)} | apply ${applyFirst}/${runs.length}, destroy ${destroyFirst}/${runs.length} | ` +
          `apply ${stuckApply}${honest ? ` (+${honest} stopped by errors naming the objects to import)` : ''}, destroy ${stuckDestroy} | ${fmt(sum(runs.map((r) => r.duplicates)))} | ` +
          `${fmt(sum(runs.map((r) => r.orphans)))} | ${fmt(sum(runs.map((r) => r.lost)))} | ${fmt(sum(runs.map((r) => r.leftAfterDestroy)))} | ` +
          `${faults} of ${requests} |`,
      );
      for (const r of runs) {
        for (const t of [...r.up.tries, ...r.destroy.tries])
          for (const g of new Set(gist(t.error ?? ''))) failures.set(`${engine}: ${g}`, (failures.get(`${engine}: ${g}`) ?? 0) + 1);
        // Per operation and declared kind (`shelf_3` → `shelf_*`): what the plan would still do.
        const byKind = new Map<string, number>();
        for (const [name, op] of Object.entries(r.planAfter)) {
          const kind = `${op} ${name.replace(/_\d+$/, '_*')}`;
          byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
        }
        const plan = [...byKind.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ×${n}`);
        if (plan.length) notes.push(`${engine} ${pct(rate)} seed ${r.seed}: ${plan.join(', ')}`);
      }
    }
  }
  const resources = meta?.data[0]?.resources ?? 0;
  out.push(
    `Stack: ${resources} resources (${meta?.groups} groups of 15: three files, a vector store over one of them, a store with a separate ` +
      '`vector_store_file`, a store with a `vector_store_file_batch`, an assistant, a thread with a message, a conversation, a container, ' +
      'a project and its service account; the second group of every three with its own `api_key`, bound to another project). ' +
      'Faults: every kind mixed (429 with and without Retry-After, 500/502/503, reset, timeout after apply with a 4.5 s hang, ' +
      "slow answers of 1.2 s) on every `/v1` request, the provider's `request_timeout` 3 s, `max_retries` at its default (5); seeds 1–5 per rate " +
      '(the destroy under seed + 1000); each step (apply, destroy) tried up to three times. A seed fixes the sequence of ' +
      "fault decisions, not which request meets which: the engines send concurrently, so a rerun's figures differ.",
    '',
    '| engine, fault rate | first tries failed | not converged after 3 tries | duplicates | orphans | ids lost from state | left after destroy | faults injected |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Counts are summed over the five seeds (runs, for the first two columns); "(+N unfindable)" counts threads, conversations and file batches, whose lost ' +
      'creates the API offers no way to find. Duplicate: more than one API object for one declared resource; orphan: an API ' +
      "object no state holds after the apply; id lost: a created object the engine's state did not hold after a failed try " +
      '(each object counted once); left after destroy: objects remaining after a converged destroy.',
  );
  if (notes.length) {
    out.push(
      '',
      'Plans (faults off) that were not empty after a converged apply (`shelf_*`: the stores with a separate `vector_store_file`, `bin_*`: those with a batch):',
      '',
      ...notes.map((n) => `- ${n}`),
    );
  }
  const top = [...failures.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 25);
  if (top.length)
    out.push('', 'Errors of the failed tries (tries that showed each):', '', ...top.map(([g, n]) => `- ${n}× ${g.replace(/\|/g, '\\|')}`));
  return out;
}

function killSection(): string[] {
  const rows: string[] = [];
  for (const engine of ENGINES) {
    for (const k of load<Kill>(`sigkill-${engine}.json`).data) {
      const outcome = k.rerun.converged ? 'converged' : k.honestError ? 'stopped by an error naming the object and its import id' : 'not converged';
      rows.push(`| ${engine} | ${k.type}${k.killed ? '' : ' (not killed)'} | ${k.objects} | ${fmt(k.orphans)} | ${outcome} | ${fmt(k.left)} |`);
    }
  }
  return [
    'The plugin killed with SIGKILL once the emulator had applied the create of one resource and held its answer; then ' +
      'the same command again in the same working folder.',
    '',
    '| engine | resource killed mid-create | its objects after the rerun | orphans | rerun | left after destroy |',
    '|---|---|---|---|---|---|',
    ...rows,
  ];
}

const body = [
  '## Measured: the fault suite',
  '',
  'Written by `make reliability` (`tests/reliability`; `node tests/reliability/report.mts` renders it from `.reliability/`); ' +
    'do not edit by hand. `make test` runs the short form (one seed at 30% over 30 resources, one SIGKILL per engine) and ' +
    'asserts the contract: no duplicates, orphans or lost ids, nothing left after destroy, convergence within three tries ' +
    '(or, for threads, conversations and file batches, an error naming the object and its import id).',
  '',
  '### Random faults',
  '',
  ...matrixSection(),
  '',
  '### SIGKILL of the plugin mid-create',
  '',
  ...killSection(),
].join('\n');

const doc = readFileSync(DOC, 'utf8');
const section = `${BEGIN}\n${body}\n${END}`;
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
writeFileSync(DOC, start >= 0 && end > start ? `${doc.slice(0, start)}${section}${doc.slice(end + END.length)}` : `${doc.trimEnd()}\n\n${section}\n`);
console.log(`wrote the figures into ${DOC}`);
