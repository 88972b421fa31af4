// The fault matrix: the stack of stack.ts applied and destroyed under random faults (429 with and without
// Retry-After, 500/502/503, connection resets, timeouts after the server applied the request, slow answers) by each
// engine, every step tried up to three times. The short form (inside `make test`): one seed at 30% over two groups
// (30 resources); `make reliability`: seeds 1–5 at 10% and 30% over seven groups (105 resources), its figures
// written into docs/RELIABILITY.md by report.mts.
//
// The contract, per run: no declared resource has two objects in the API; no object is left that no state holds;
// no created object is missing from the engine's state after a failed try; the apply converges within three
// tries — or, where a lost create cannot be looked up (threads, conversations, file batches), it ends with an error
// that names the object and its import id; the destroy converges and leaves nothing.
import { chaosRun, disposeWorkspace, fmtSplit, FORM, saveResults, type EngineName, type RunFigures } from './harness';

jest.setTimeout(1_800_000);
afterAll(() => disposeWorkspace());

/** What a run broke of the contract, in words (empty when it kept it). */
function violations(r: RunFigures): string[] {
  const out: string[] = [];
  const total = (s: { findable: number; unfindable: number }) => s.findable + s.unfindable;
  if (total(r.duplicates)) out.push(`duplicates ${fmtSplit(r.duplicates)}: ${r.duplicates.examples.join(', ')}`);
  if (r.orphans.findable) out.push(`orphans ${fmtSplit(r.orphans)}: ${r.orphans.examples.join(', ')}`);
  if (r.lost.findable) out.push(`ids lost from state ${fmtSplit(r.lost)}: ${r.lost.examples.join(', ')}`);
  if (!r.up.converged && !r.honestError) out.push(`apply not converged after ${r.up.tries.length} tries: ${r.up.tries.at(-1)?.error ?? ''}`);
  if (!r.destroy.converged) out.push(`destroy not converged after ${r.destroy.tries.length} tries: ${r.destroy.tries.at(-1)?.error ?? ''}`);
  if (r.leftAfterDestroy.findable) out.push(`left after destroy ${fmtSplit(r.leftAfterDestroy)}: ${r.leftAfterDestroy.examples.join(', ')}`);
  return out;
}

describe.each(['pulumi', 'tofu'] as EngineName[])('%s under random faults', (engine) => {
  const results: RunFigures[] = [];
  afterAll(() => saveResults(`matrix-${engine}.json`, results));
  const runs = FORM.rates.flatMap((rate) => FORM.seeds.map((seed) => [rate, seed] as const));
  test.each(runs)(`${FORM.groups * 15} resources, faults at %p, seed %p`, async (rate, seed) => {
    const r = await chaosRun(engine, FORM.groups, rate, seed);
    results.push(r);
    console.log(
      `${engine} rate ${rate} seed ${seed}: apply tries ${r.up.tries.map((t) => t.code).join(',')}, destroy tries ${r.destroy.tries.map((t) => t.code).join(',')}, ` +
        `faults ${JSON.stringify(r.faults.injected)}, ${Math.round(r.ms / 1000)} s\n` +
        r.up.tries.map((t, i) => (t.error ? `apply try ${i + 1}:\n${t.error}` : '')).join('\n'),
    );
    expect(violations(r)).toEqual([]);
  });
});
