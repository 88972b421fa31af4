// ESLint (flat config) with typescript-eslint, run by `make lint` (part of `make typecheck`, so CI enforces it).
// The layering rules live here as no-restricted-imports (tests/repo and provider-ts/test/unit/architecture.test.ts
// keep checking them too): the core imports no engine library; the adapters import no resource file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ENGINE_LIBRARIES = ['@pulumi/*', 'cdktf', 'cdktf/*', 'cdktn', 'cdktn/*', 'constructs', '@grpc/*', '@msgpack/*', '@cdktf/*'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'bin/**',
      '.cache/**',
      '.demo/**',
      'coverage/**',
      'out/**',
      // generated: the SDKs, the CDKTF constructs, the schemas and docs
      'sdk/**',
      'schema/**',
      'docs/**',
      'examples/**/node_modules/**',
      'examples/cdktf-ts/cdktf.out/**',
      'tests/e2e/programs/**/node_modules/**',
      '**/*.d.ts',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `import('…').X` annotations stay allowed: they type the lazy require()s below without loading anything.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // require() is how the plugins keep heavy modules (the openai SDK, gRPC stubs) off their start path.
      '@typescript-eslint/no-require-imports': 'off',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
  {
    files: ['provider-ts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ENGINE_LIBRARIES, message: 'The core imports no engine library: it serves both engines through the adapters.' }] },
      ],
    },
  },
  {
    // Handlers are typed from their specs (InputsOf/StateOf): a cast in a resource file needs a reason beside it.
    files: ['provider-ts/src/resources/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
    },
  },
  {
    files: ['bridge/pulumi/src/**/*.ts', 'bridge/terraform/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/provider-ts/src/resources/**', '@openai-iac/core/*'],
              message: 'Adapters name no resource: everything they know comes from the registry (@openai-iac/core).',
            },
          ],
        },
      ],
    },
  },
);
