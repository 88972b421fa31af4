// One jest run over every package. ts-jest transpiles only; `make typecheck` (tsc) owns type errors.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/provider-ts', '<rootDir>/emulator', '<rootDir>/bridge'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.check.json' }] },
  moduleNameMapper: {
    '^@openai-iac/core$': '<rootDir>/provider-ts/src/index.ts',
    '^@openai-iac/emulator$': '<rootDir>/emulator/src/index.ts',
    '^@openai-iac/pulumi-bridge$': '<rootDir>/bridge/pulumi/src/index.ts',
    '^@openai-iac/terraform-bridge$': '<rootDir>/bridge/terraform/src/index.ts',
  },
  testTimeout: 30000,
};
