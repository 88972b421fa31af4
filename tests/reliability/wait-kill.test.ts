// The engine killed mid-wait: a resource whose create waits for the API's work (a fine-tuning job trains, an eval
// run grades, a batch answers its requests) is created, and once the provider has polled it twice the engine and its
// plugin are killed with SIGKILL, as a cancelled CI job would be. The rerun, in the same working folder (the core's
// journal of creates lives there), waits for the same object: it converges with one object, not two.
import { disposeWorkspace, killMidWait, saveResults, type EngineName, type WaitCase, type WaitKillFigures } from './harness';

jest.setTimeout(900_000);
afterAll(() => disposeWorkspace());

/** How long the emulator's jobs, runs and batches take: long enough to be killed mid-wait. */
const WAIT_MS = 12_000;

const TRAINING = [
  {
    messages: [
      { role: 'user', content: 'Can I get a refund?' },
      { role: 'assistant', content: 'Yes, within 30 days.' },
    ],
  },
  {
    messages: [
      { role: 'user', content: 'When does it ship?' },
      { role: 'assistant', content: 'Within two days.' },
    ],
  },
]
  .map((l) => JSON.stringify(l))
  .join('\n');
const REQUESTS = [1, 2, 3]
  .map((i) =>
    JSON.stringify({
      custom_id: `r${i}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `hello ${i}` }] },
    }),
  )
  .join('\n');

const CASES: WaitCase[] = [
  {
    type: 'fine_tuning_job',
    kind: 'fine_tuning_jobs',
    parents: { files: { purpose: 'fine-tune' } },
    create: /^\/v1\/fine_tuning\/jobs$/,
    done: 'succeeded',
    poll: /^\/v1\/fine_tuning\/jobs\/ftjob-[^/]+$/,
    decls: [
      { type: 'file', name: 'training', props: { content: `${TRAINING}\n`, filename: 'training.jsonl', purpose: 'fine-tune' } },
      { type: 'fine_tuning_job', name: 'job', props: { model: 'gpt-4o-mini-2024-07-18', training_file: { $ref: 'training' }, suffix: 'waitkill' } },
    ],
  },
  {
    type: 'eval_run',
    kind: 'eval_runs',
    parents: { evals: {} },
    create: /^\/v1\/evals\/eval_[^/]+\/runs$/,
    done: 'completed',
    poll: /^\/v1\/evals\/eval_[^/]+\/runs\/evalrun_[^/]+$/,
    decls: [
      {
        type: 'eval',
        name: 'sentiment',
        props: {
          name: 'waitkill',
          data_source_config: {
            type: 'custom',
            item_schema: { $json: { type: 'object', properties: { label: { type: 'string' } } } },
            include_sample_schema: true,
          },
          testing_criteria: [{ type: 'string_check', name: 'label', input: '{{sample.output_text}}', reference: '{{item.label}}', operation: 'eq' }],
        },
      },
      {
        type: 'eval_run',
        name: 'run',
        props: {
          eval_id: { $ref: 'sentiment' },
          name: 'waitkill',
          data_source: {
            type: 'jsonl',
            source: { type: 'file_content', content: [{ item: { $json: { label: 'a' } }, sample: { $json: { output_text: 'a' } } }] },
          },
        },
      },
    ],
  },
  {
    type: 'batch',
    kind: 'batches',
    parents: { files: { purpose: 'batch' } },
    create: /^\/v1\/batches$/,
    done: 'completed',
    poll: /^\/v1\/batches\/batch_[^/]+$/,
    decls: [
      { type: 'file', name: 'requests', props: { content: `${REQUESTS}\n`, filename: 'requests.jsonl', purpose: 'batch' } },
      { type: 'batch', name: 'batch', props: { input_file_id: { $ref: 'requests' }, endpoint: '/v1/chat/completions', completion_window: '24h' } },
    ],
  },
];

describe.each(['pulumi', 'tofu'] as EngineName[])('%s: the engine killed mid-wait', (engine) => {
  const results: WaitKillFigures[] = [];
  afterAll(() => saveResults(`waitkill-${engine}.json`, results));
  test.each(CASES.map((c) => [c.type, c] as const))('%s: the rerun waits for the same object', async (_type, c) => {
    const r = await killMidWait(engine, c, WAIT_MS);
    results.push(r);
    console.log(
      `${engine} ${c.type}: ${JSON.stringify({ ...r, rerun: r.rerun.tries.map((t) => ({ code: t.code, ms: t.ms, error: t.error, log: t.log })) })}`,
    );
    // killed while the work was still going, not after it
    expect([r.killed, r.pollsBeforeKill >= 2, r.statusAtKill === c.done]).toEqual([true, true, false]);
    // the rerun waited for that object: one create over both runs, the object done and in the engine's state
    expect({ converged: r.rerun.converged, creates: r.creates, statuses: r.objects.map(([, s]) => s), inState: r.inState }).toEqual({
      converged: true,
      creates: 1,
      statuses: [c.done],
      inState: true,
    });
    // and what it hangs on was made once as well (a killed OpenTofu may not have saved it: adopted, not made again)
    expect(r.parents).toEqual(Object.fromEntries(Object.keys(c.parents).map((k) => [k, 1])));
    expect(r.destroyed).toBe(true);
  });
});
