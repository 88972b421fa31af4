// Inputs every resource must refuse, with the property path the failure names. Shared by the unit tier
// (messages) and the handler tier (no request reaches the emulator).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValueObject } from '@openai-iac/core';

export const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
export const src = join(dir, 'a.txt');
writeFileSync(src, 'hello');

// [resource, inputs, failing path, part of the message]
export const bad: Array<[string, ValueObject, string, string | RegExp]> = [
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

