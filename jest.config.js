// One jest run over every package and every tier (unit, handlers, emulator, bridge, end-to-end in tests/e2e).
// ts-jest transpiles only; `make typecheck` (tsc) owns type errors.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/tools/jest-summary.js'],
  roots: ['<rootDir>/provider-ts', '<rootDir>/emulator', '<rootDir>/bridge', '<rootDir>/tests', '<rootDir>/sdk/cdktf'],
  testMatch: ['**/test/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  // The end-to-end programs (and their own node_modules) are run by the pulumi CLI, never loaded by jest.
  modulePathIgnorePatterns: ['<rootDir>/tests/e2e/programs/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.check.json' }] },
  moduleNameMapper: {
    '^@openai-iac/core$': '<rootDir>/provider-ts/src/index.ts',
    '^@openai-iac/emulator$': '<rootDir>/emulator/src/index.ts',
    '^@openai-iac/pulumi-bridge$': '<rootDir>/bridge/pulumi/src/index.ts',
    '^@openai-iac/terraform-bridge$': '<rootDir>/bridge/terraform/src/index.ts',
  },
  testTimeout: 30000,
};
