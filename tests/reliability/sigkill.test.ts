// SIGKILL of the plugin mid-create: the emulator applies the create and holds its answer; once its request log shows
// it applied, the plugin process (pulumi-resource-openai / terraform-provider-openai, found under the engine's
// process) is killed with SIGKILL and the engine run ends. The rerun, in the same working folder (where the core
// keeps its journal of creates in flight), must leave one object for the resource and nothing no state holds — or,
// for a resource the API cannot look up (threads, conversations, file batches), stop with an error that names the
// object and its import id rather than make a second one.
// Short form: a vector store per engine; `make reliability`: every resource type of the stack on both engines.
import { CREATE_PATHS, disposeWorkspace, FULL, killRun, saveResults, type EngineName, type KillFigures } from './harness';
import { UNFINDABLE } from './stack';

jest.setTimeout(900_000);
afterAll(() => disposeWorkspace());

const TYPES = FULL ? Object.keys(CREATE_PATHS) : ['vector_store'];

describe.each(['pulumi', 'tofu'] as EngineName[])('%s: the plugin killed mid-create', (engine) => {
  const results: KillFigures[] = [];
  afterAll(() => saveResults(`sigkill-${engine}.json`, results));
  test.each(TYPES)('%s', async (type) => {
    const r = await killRun(engine, type);
    results.push(r);
    console.log(
      `${engine} ${type}: ${JSON.stringify({ ...r, rerun: r.rerun.tries.map((t) => ({ code: t.code, error: t.error, log: t.log })) }, null, 1)}`,
    );
    expect(r.killed).toBe(true);
    if (UNFINDABLE.has(type) && !r.rerun.converged) {
      expect({ honestError: r.honestError, objects: r.objects }).toEqual({ honestError: true, objects: 1 });
    } else {
      expect({ converged: r.rerun.converged, objects: r.objects, orphans: r.orphans.findable + r.orphans.unfindable }).toEqual({
        converged: true,
        objects: 1,
        orphans: 0,
      });
    }
    expect(r.left.findable).toBe(0);
  });
});
