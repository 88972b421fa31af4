// Wire values ↔ core values: names along the type tree, secrets, unknowns, property paths.
import { registry, UNKNOWN } from '@openai-iac/core';
import { decode, encode, propertyPath, SECRET_SIG, SIG_KEY, UNKNOWN_VALUE } from '../src/marshal';
import { engineAddress } from '../src/serve';

const assistant = registry.get('assistant').properties;
const vectorStore = registry.get('vector_store').properties;
const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe('decode', () => {
  test('camelCase → snake_case at every level of objects; map keys and JSON stay as written', () => {
    const { values, secrets } = decode(assistant, {
      model: 'gpt-4o',
      tools: [
        { type: 'file_search', fileSearch: { maxNumResults: 5, rankingOptions: { scoreThreshold: 0.5 } } },
        { type: 'function', function: { name: 'f', parameters: { additionalProperties: false, properties: { someArg: {} } } } },
      ],
      metadata: { ownerEmail: 'x', 'with space': 'y' },
    });
    expect(values).toEqual({
      model: 'gpt-4o',
      tools: [
        { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { score_threshold: 0.5 } } },
        { type: 'function', function: { name: 'f', parameters: { additionalProperties: false, properties: { someArg: {} } } } },
      ],
      metadata: { ownerEmail: 'x', 'with space': 'y' },
    });
    expect(secrets.size).toBe(0);
  });

  test('secrets are unwrapped and remembered by top-level property; unknowns become UNKNOWN anywhere', () => {
    const { values, secrets } = decode(vectorStore, {
      name: secret('hidden'),
      fileIds: ['file-1', UNKNOWN_VALUE],
      metadata: { team: secret('x') },
      expiresAfter: UNKNOWN_VALUE,
    });
    expect(values).toEqual({ name: 'hidden', file_ids: ['file-1', UNKNOWN], metadata: { team: 'x' }, expires_after: UNKNOWN });
    expect([...secrets].sort()).toEqual(['metadata', 'name']);
  });

  test('names the spec does not know are converted mechanically, so the core can point at them', () => {
    expect(decode(vectorStore, { fileIdz: [] }).values).toEqual({ file_idz: [] });
  });
});

describe('encode', () => {
  test('snake_case → camelCase; unset values left out; UNKNOWN → the sentinel; secrets wrapped', () => {
    const out = encode(
      vectorStore,
      {
        name: 'n',
        file_ids: [UNKNOWN],
        expires_after: { anchor: 'last_active_at', days: 3 },
        metadata: { some_key: 'v' },
        status: null,
        api_key: 'sk-proj-x',
      },
      new Set(['name']),
    ).toJavaScript();
    expect(out).toEqual({
      name: secret('n'),
      fileIds: [UNKNOWN_VALUE],
      expiresAfter: { anchor: 'last_active_at', days: 3 },
      metadata: { some_key: 'v' },
      apiKey: secret('sk-proj-x'),
    });
  });

  test('extra engine-owned values are copied as they are', () => {
    expect(encode({}, {}, new Set(), { version: '1.2.3' }).toJavaScript()).toEqual({ version: '1.2.3' });
  });
});

describe('propertyPath', () => {
  test.each([
    [['tools', 0, 'function', 'name'], 'tools[0].function.name'],
    [['tools', 1, 'file_search', 'ranking_options', 'score_threshold'], 'tools[1].fileSearch.rankingOptions.scoreThreshold'],
    [['expires_after', 'days'], 'expiresAfter.days'],
    [['metadata', 'team_name'], 'metadata.team_name'],
    [['metadata', 'owner email'], 'metadata["owner email"]'],
    [['api_key'], 'apiKey'],
  ] as const)('%j → %s', (path, expected) => {
    const props = path[0] === 'expires_after' || path[0] === 'metadata' || path[0] === 'api_key' ? vectorStore : assistant;
    expect(propertyPath(props, [...path])).toBe(expected);
  });
});

describe('engineAddress', () => {
  test.each([
    [['127.0.0.1:1234'], '127.0.0.1:1234'],
    [['--logtostderr', '-v=9', '--tracing', 'http://t', '127.0.0.1:1'], '127.0.0.1:1'],
    [[], undefined],
  ])('%j → %s', (argv, expected) => expect(engineAddress(argv)).toBe(expected));
});
