// The generated contract (src/contract.ts): what it keeps, what it drops, and that the committed file is the one
// the emulator loads with nothing read outside its package.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildContract, CONTRACT_PATH } from '@openai-iac/emulator';
import { cleanSchema } from '../src/contract';

const description = {
  openapi: '3.1.0',
  info: { title: 'x', version: '9.9.9', description: 'prose' },
  'x-oaiMeta': { groups: [] },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        summary: 'Create',
        description: 'Creates a thing.',
        security: [{ ApiKeyAuth: [] }],
        parameters: [{ name: 'limit', in: 'query', description: 'how many', schema: { type: 'integer', default: 20, example: 3 } }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/CreateThing' } },
            'text/plain': { schema: { type: 'string' } },
          },
        },
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { $ref: '#/components/responses/NotFound' },
        },
        'x-oaiMeta': { examples: ['curl …'] },
      },
    },
  },
  components: {
    schemas: {
      Unused: { type: 'object', description: 'never referenced' },
      Thing: {
        type: 'object',
        title: 'Thing',
        required: ['id', 'description'],
        properties: {
          id: { type: 'string', example: 'thing_1' },
          description: { type: 'string', maxLength: 512, description: 'the property called description stays' },
          note: { type: 'string', nullable: true },
          owner: { allOf: [{ $ref: '#/components/schemas/Owner' }, { nullable: true }] },
        },
        discriminator: { propertyName: 'type' },
      },
      Owner: { type: 'object', properties: { kind: { type: 'string', enum: ['user', 'team'] } } },
      CreateThing: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', minLength: 1, 'x-stainless-const': true } } },
      ErrorResponse: { type: 'object', properties: { error: { $ref: '#/components/schemas/Error' } } },
      Error: { type: 'object', properties: { message: { type: 'string' } } },
      FromExtras: { type: 'string', format: 'uri' },
    },
    responses: { NotFound: { description: 'gone', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } } },
    securitySchemes: { ApiKeyAuth: { type: 'http', scheme: 'bearer' } },
  },
};

const built = buildContract({ description, sha256: 'abc', extraRefs: ['#/components/schemas/FromExtras'] }) as unknown as {
  [k: string]: unknown;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: Record<string, Record<string, Record<string, unknown>>>;
};

test('keeps what validation needs: ids, security, parameters, JSON and multipart bodies, responses, limits', () => {
  const op = built.paths['/things']?.['post'];
  expect(op).toEqual({
    operationId: 'createThing',
    security: [{ ApiKeyAuth: [] }],
    parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', default: 20 } }],
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateThing' } } } },
    responses: {
      '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
      '404': { $ref: '#/components/responses/NotFound' },
    },
  });
  expect(built.components['schemas']?.['CreateThing']).toEqual({
    type: 'object',
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1 } },
  });
});

test('drops prose and samples but never a property that happens to be called description', () => {
  const thing = built.components['schemas']?.['Thing'] as Record<string, Record<string, unknown>>;
  expect(thing['title']).toBeUndefined();
  expect(thing['discriminator']).toBeUndefined();
  expect(thing['required']).toEqual(['id', 'description']);
  expect(thing['properties']?.['description']).toEqual({ type: 'string', maxLength: 512 });
  expect(thing['properties']?.['id']).toEqual({ type: 'string' });
  expect(JSON.stringify(built)).not.toMatch(/prose|curl|never referenced|x-oaiMeta|x-stainless/);
});

test('takes only the components reached from the paths, the extra routes and ErrorResponse, transitively', () => {
  expect(Object.keys(built.components['schemas'] ?? {})).toEqual(['Thing', 'Owner', 'CreateThing', 'ErrorResponse', 'Error', 'FromExtras']);
  expect(Object.keys(built.components)).toEqual(['schemas', 'responses']);
  expect(() => buildContract({ description, sha256: 'abc', extraRefs: ['#/components/schemas/Missing'] })).toThrow(
    /Missing is not in the description/,
  );
});

test('rewrites OpenAPI 3.0 nullable into 3.1 anyOf, once, at generation', () => {
  const props = (built.components['schemas']?.['Thing'] as { properties: Record<string, unknown> }).properties;
  expect(props['note']).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
  expect(props['owner']).toEqual({ anyOf: [{ allOf: [{ $ref: '#/components/schemas/Owner' }] }, { type: 'null' }] });
  expect(JSON.stringify(built)).not.toContain('nullable');
});

test('marks itself generated and records the description it came from', () => {
  expect(Object.keys(built)[0]).toBe('x-generated');
  expect(built['info']).toEqual({ version: '9.9.9', sha256: 'abc' });
});

test('the committed contract lives inside the emulator package, is compact and has no prose keyword left', () => {
  expect(path.relative(path.join(__dirname, '..'), CONTRACT_PATH)).toBe(path.join('contract', 'openai-contract.json'));
  const committed = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  for (const [name, schema] of Object.entries(committed.components.schemas)) {
    expect([name, cleanSchema(schema)]).toEqual([name, schema]);
  }
  const packageJson = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { files: string[] };
  expect(packageJson.files).toContain('contract');
});
