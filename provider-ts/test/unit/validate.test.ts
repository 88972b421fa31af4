import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInputs, formatPath, registry, UNKNOWN, type ValueObject } from '@openai-iac/core';

const dir = mkdtempSync(join(tmpdir(), 'validate-'));
const src = join(dir, 'a.txt');
writeFileSync(src, 'hello');

const ok: Array<[string, ValueObject]> = [
  ['file', { source: src, purpose: 'assistants' }],
  ['file', { content: 'x', filename: 'x.txt', purpose: 'user_data', expires_after: { seconds: 3600 } }],
  ['vector_store', {}],
  ['vector_store', { name: 'n', metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'v'])) }],
  ['vector_store', { file_ids: ['file-1'], chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } } }],
  ['project', { name: 'p', residency: 'EU_STORAGE_PROCESSING' }],
  ['assistant', { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }, { type: 'function', function: { name: 'get_x', parameters: { type: 'object' } } }] }],
  ['assistant', { model: 'gpt-4o', temperature: 2, top_p: 0, response_format: { type: 'json_schema', json_schema: { name: 'out', schema: {} } } }],
  // unknown values are never judged
  ['assistant', { model: UNKNOWN, temperature: UNKNOWN, tools: UNKNOWN }],
];

// [resource, inputs, failing path, part of the message]
const bad: Array<[string, ValueObject, string, string | RegExp]> = [
  ['file', { purpose: 'assistants' }, 'source', 'exactly one of `source`'],
  ['file', { source: src, content: 'x', purpose: 'assistants' }, 'source', 'exactly one'],
  ['file', { content: 'x', purpose: 'assistants' }, 'filename', 'required with `content`'],
  ['file', { source: join(dir, 'missing.txt'), purpose: 'assistants' }, 'source', 'cannot read'],
  ['file', { source: src, purpose: 'pictures' }, 'purpose', "one of 'assistants'"],
  ['file', { source: src }, 'purpose', 'is required'],
  ['file', { source: src, purpose: 'batch', expires_after: { seconds: 60 } }, 'expires_after.seconds', 'at least 3600'],
  ['vector_store', { name: 'x'.repeat(257) }, 'name', 'at most 256 characters (got 257)'],
  ['vector_store', { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', 'at most 16 entries (got 17)'],
  ['vector_store', { metadata: { ['k'.repeat(65)]: 'v' } }, `metadata.${'k'.repeat(65)}`, 'key must be at most 64'],
  ['vector_store', { metadata: { k: 'v'.repeat(513) } }, 'metadata.k', 'at most 512 characters'],
  ['vector_store', { metadata: { k: 5 } }, 'metadata.k', 'must be a string'],
  ['vector_store', { expires_after: { days: 400 } }, 'expires_after.days', 'at most 365'],
  ['vector_store', { expires_after: { anchor: 'created_at', days: 3 } }, 'expires_after.anchor', "'last_active_at'"],
  ['vector_store', { file_ids: ['abc'] }, 'file_ids[0]', 'a file id (file-…)'],
  ['vector_store', { chunking_strategy: { type: 'auto' } }, 'chunking_strategy', 'only applies together with file_ids'],
  ['vector_store', { file_ids: ['file-1'], chunking_strategy: { type: 'static' } }, 'chunking_strategy.static', 'required when type is "static"'],
  ['vector_store', { file_ids: ['file-1'], chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 500 } } }, 'chunking_strategy.static.chunk_overlap_tokens', 'half'],
  ['vector_store', { nmae: 'x' }, 'nmae', "did you mean 'name'"],
  ['vector_store', { status: 'completed' }, 'status', 'set by OpenAI'],
  ['project', {}, 'name', 'is required'],
  ['project', { name: 'p', description: 'd' }, 'description', 'not part of the OpenAI Projects API'],
  ['project', { name: 'p', metadata: { a: 'b' } }, 'metadata', 'not part of the OpenAI Projects API'],
  ['project', { name: 'p', residency: 'MARS' }, 'residency', "'GLOBAL'"],
  ['assistant', {}, 'model', 'is required'],
  ['assistant', { model: 'gpt-4o', temperature: 2.5 }, 'temperature', 'at most 2'],
  ['assistant', { model: 'gpt-4o', top_p: -1 }, 'top_p', 'at least 0'],
  ['assistant', { model: 'gpt-4o', name: 'n'.repeat(300) }, 'name', 'at most 256'],
  ['assistant', { model: 'gpt-4o', description: 'd'.repeat(513) }, 'description', 'at most 512'],
  ['assistant', { model: 'gpt-4o', instructions: 'i'.repeat(256_001) }, 'instructions', 'at most 256000'],
  ['assistant', { model: 'gpt-4o', tools: [{ type: 'function' }] }, 'tools[0].function', 'required for a tool of type "function"'],
  ['assistant', { model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'has space' } }] }, 'tools[0].function.name', 'letters, digits'],
  ['assistant', { model: 'gpt-4o', tools: [{ type: 'retrieval' }] }, 'tools[0].type', "'code_interpreter'"],
  ['assistant', { model: 'gpt-4o', tools: [{ type: 'file_search', file_search: { max_num_results: 51 } }] }, 'tools[0].file_search.max_num_results', 'at most 50'],
  ['assistant', { model: 'gpt-4o', tools: Array.from({ length: 129 }, () => ({ type: 'code_interpreter' })) }, 'tools', 'at most 128 items'],
  ['assistant', { model: 'gpt-4o', tool_resources: { file_search: { vector_store_ids: ['vs_1', 'vs_2'] } } }, 'tool_resources.file_search.vector_store_ids', 'at most 1 items'],
  ['assistant', { model: 'gpt-4o', response_format: { type: 'json_schema' } }, 'response_format.json_schema', 'required with type "json_schema"'],
  ['assistant', { model: 'gpt-4o', reasoning_effort: 'extreme' }, 'reasoning_effort', "'medium'"],
  ['assistant', { model: 'gpt-4o', api_key: 42 }, 'api_key', 'must be a string'],
];

describe('checkInputs', () => {
  test.each(ok)('%s accepts %j', (type, inputs) => {
    expect(checkInputs(registry.get(type), inputs).failures).toEqual([]);
  });

  test.each(bad)('%s rejects %j at %s', (type, inputs, path, message) => {
    const { failures } = checkInputs(registry.get(type), inputs);
    const rendered = failures.map((f) => `${formatPath(f.path)}: ${f.message}`);
    const hit = failures.find((f) => formatPath(f.path) === path);
    expect(hit ? `${path}: ${hit.message}` : rendered.join('\n')).toMatch(
      typeof message === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : message,
    );
  });

  test('applies defaults inside objects and derives the sha256 of a file', () => {
    const { inputs } = checkInputs(registry.get('file'), { source: src, purpose: 'batch', expires_after: { seconds: 3600 } });
    expect(inputs['expires_after']).toEqual({ anchor: 'created_at', seconds: 3600 });
    expect(inputs['sha256']).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  test('a derived value over unknown inputs is unknown', () => {
    const { inputs, failures } = checkInputs(registry.get('file'), { source: UNKNOWN, purpose: 'assistants' });
    expect(failures).toEqual([]);
    expect(inputs['sha256']).toBe(UNKNOWN);
  });
});
