// Typed specs: what a handler may read and must return follows from its properties, at compile time.
// The `@ts-expect-error` lines are the test: `npx tsc -p tsconfig.check.json` (make typecheck) fails when one of
// them compiles, i.e. when the typing stops catching that mistake. The runtime tests check that the types tell the
// truth about what checkInputs hands to a handler, and that the typing left the runtime spec as it was.
import { checkInputs, defineResource, KEEP, p, type HandlerContext, type InputsOf, type StateOf } from '@openai-iac/core';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const properties = {
  name: p.string({ description: 'Required.', required: true }),
  color: p.string({ description: 'An enum.', enum: ['red', 'blue'] }),
  size: p.integer({ description: 'Defaulted.', default: 1 }),
  note: p.string({ description: 'Write-only.', writeOnly: true }),
  tags: p.list(
    p.object({ key: p.string({ description: 'Key.', required: true }), value: p.string({ description: 'Value.' }) }, { description: 'A tag.' }),
    {
      description: 'Tags.',
    },
  ),
  status: p.string({ description: 'An output.', output: true }),
  created_at: p.integer({ description: 'An output.', output: true }),
};
type Inputs = InputsOf<typeof properties>;
type State = StateOf<typeof properties>;

// An enum input is the union of its literals; a required input is set, a defaulted one too, others may be absent.
const enumIsUnion: Equal<Inputs['color'], 'red' | 'blue' | undefined> = true;
const requiredIsSet: Equal<Inputs['name'], string> = true;
const defaultedIsSet: Equal<Inputs['size'], number> = true;
const nested: Equal<NonNullable<Inputs['tags']>[number], { key: string; value?: string }> = true;
// @ts-expect-error 'green' is not one of the enum's values
const notInEnum: Inputs['color'] = 'green';
// @ts-expect-error an output is not an input
const outputIsNotInput: Inputs['status'] = 'ok';

const full: State = { name: 'a', color: 'red', size: 1, tags: [{ key: 'k' }], status: 'ok', created_at: 1 };
// Write-only properties may be left out (the core keeps the configured value); KEEP says "this answer lacks it".
const kept: State = { name: 'a', color: null, size: 1, tags: null, status: KEEP, created_at: 1 };
// @ts-expect-error a state missing a declared output (created_at)
const missingOutput: State = { name: 'a', color: null, size: 1, tags: null, status: 'ok' };
// @ts-expect-error a declared output of the wrong type (created_at is an integer)
const wrongType: State = { name: 'a', color: null, size: 1, tags: null, status: 'ok', created_at: '1' };
// @ts-expect-error undefined is not KEEP: an SDK field that may be missing must say `?? null`
const accidentalUndefined: State = { name: 'a', color: null, size: 1, tags: null, status: undefined, created_at: 1 };

const spec = defineResource({
  name: 'typed_thing',
  description: 'A test resource.',
  key: 'project',
  properties,
  import: { format: 'tt_<id>', example: 'tt_1', pattern: 'tt_[0-9]+' },
  example: { name: 'a' },
  handlers: {
    async create(_ctx, inputs) {
      // @ts-expect-error a handler cannot read an undeclared input
      void inputs.colour;
      return {
        id: 'tt_1',
        state: { name: inputs.name, color: inputs.color ?? null, size: inputs.size, tags: inputs.tags ?? null, status: 'ok', created_at: 1 },
      };
    },
    // @ts-expect-error a read whose state lacks a declared output (status) does not compile
    read: async () => ({ name: 'a', color: null, size: 1, tags: null, created_at: 1 }),
    async update(_ctx, _id, olds, news, changed) {
      // @ts-expect-error `changed` names declared properties only
      void changed.includes('colour');
      return { ...full, name: news.name, created_at: olds.created_at ?? null };
    },
    delete: async () => undefined,
  },
});

void [enumIsUnion, requiredIsSet, defaultedIsSet, nested, notInEnum, outputIsNotInput, kept, missingOutput, wrongType, accidentalUndefined];

describe('typed specs', () => {
  test('a handler gets the inputs its types promise: checked, defaults applied, unset ones absent', async () => {
    const { inputs, failures } = checkInputs(spec, { name: 'a' });
    expect(failures).toEqual([]);
    const created = await spec.handlers.create({} as HandlerContext, inputs as never);
    expect(created.state).toEqual({ name: 'a', color: null, size: 1, tags: null, status: 'ok', created_at: 1 });
    expect(Object.keys(inputs)).toEqual(['name', 'size']);
  });

  test('KEEP is "left unset" at runtime, and the typing adds nothing to the runtime spec', () => {
    expect(KEEP).toBeUndefined();
    for (const prop of Object.values(spec.properties)) expect(Object.getOwnPropertySymbols(prop)).toEqual([]);
    expect(spec.properties['color']).toEqual({
      type: { kind: 'string', enum: ['red', 'blue'] },
      description: 'An enum.',
      input: 'optional',
      computed: false,
      secret: false,
      writeOnly: false,
      replaceOnChange: false,
      stable: false,
    });
  });
});
