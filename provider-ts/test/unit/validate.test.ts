import { checkInputs, formatPath, registry, spellNames, UNKNOWN, type ValueObject } from '@openai-iac/core';
import { bad, src } from '../bad-inputs';

const ok: Array<[string, ValueObject]> = [
  ['file', { source: src, purpose: 'assistants' }],
  ['file', { content: 'x', filename: 'x.txt', purpose: 'user_data', expires_after: { seconds: 3600 } }],
  ['vector_store', {}],
  ['vector_store', { name: 'n', metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v'])) }],
  [
    'vector_store',
    { file_ids: ['file-1'], chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } } },
  ],
  ['project', { name: 'p', residency: 'EU_STORAGE_PROCESSING' }],
  // limits count code points, as the API does: 256 emoji are a 256-character name (512 UTF-16 units)
  ['vector_store', { name: '😀'.repeat(256), metadata: { ['🔑'.repeat(64)]: '✨'.repeat(512) } }],
  ['vector_store_file', { vector_store_id: 'vs_1', file_id: 'file-1', attributes: { ['🔑'.repeat(64)]: '✨'.repeat(512) } }],
  // a surrogate pair is one well-formed character
  [
    'assistant',
    { model: 'gpt-4o', name: 'math \uD83D\uDE00', tools: [{ type: 'function', function: { name: 'f', parameters: { '\uD83D\uDE00': 'ok' } } }] },
  ],
  [
    'assistant',
    { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'get_x', parameters: { type: 'object' } } }] },
  ],
  ['assistant', { model: 'gpt-4o', temperature: 2, top_p: 0, response_format: { type: 'json_schema', json_schema: { name: 'out', schema: {} } } }],
  // unknown values are never judged
  ['assistant', { model: UNKNOWN, temperature: UNKNOWN, tools: UNKNOWN }],
  // nor are cross-field rules over them (file_ids from resources not created yet; a tool type from a variable)
  ['vector_store', { file_ids: UNKNOWN, chunking_strategy: { type: 'auto' } }],
  ['assistant', { model: 'gpt-4o', tools: [{ type: UNKNOWN, function: { name: 'f' } }] }],
];

describe('checkInputs', () => {
  test.each(ok)('%s accepts %j', (type, inputs) => {
    expect(checkInputs(registry.get(type), inputs).failures).toEqual([]);
  });

  test.each(bad)('%s rejects %j at %s', (type, inputs, path, message) => {
    const { failures } = checkInputs(registry.get(type), inputs);
    // The table's messages name properties as Terraform spells them (the core's own snake_case).
    const rendered = failures.map((f) => `${formatPath(f.path)}: ${spellNames(f.message, 'terraform')}`);
    const hit = failures.find((f) => formatPath(f.path) === path);
    expect(hit ? `${path}: ${spellNames(hit.message, 'terraform')}` : rendered.join('\n')).toMatch(
      typeof message === 'string'
        ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
        : message,
    );
  });

  test('applies defaults inside objects and derives the sha256 of a file', () => {
    const { inputs } = checkInputs(registry.get('file'), { source: src, purpose: 'batch', expires_after: { seconds: 3600 } });
    expect(inputs['expires_after']).toEqual({ anchor: 'created_at', seconds: 3600 });
    expect(inputs['sha256']).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  test('a lone surrogate in a map key is refused at the key (no engine wire can carry such a key, so only here)', () => {
    const { failures } = checkInputs(registry.get('vector_store'), { metadata: { ['\uDC00k']: 'v' } });
    expect(failures).toEqual([{ path: ['metadata', '\uDC00k'], message: expect.stringMatching(/^key must be valid Unicode text: .*U\+DC00/) }]);
  });

  test('a derived value over unknown inputs is unknown', () => {
    const { inputs, failures } = checkInputs(registry.get('file'), { source: UNKNOWN, purpose: 'assistants' });
    expect(failures).toEqual([]);
    expect(inputs['sha256']).toBe(UNKNOWN);
  });
});
