// Writes (or with --check, verifies) the emulator's contract, contract/openai-contract.json, from the official
// OpenAPI description. Run by `make generate` / `make check-generated` after `make build`:
//   node tools/emulator-contract.mts --out <repoRoot> [--check] [--source <openapi.json>]
// The description is the developers' data file beside the repository (../shared/openai-openapi/openapi.json by
// default); where it is absent (a user's clone) there is nothing to check against: say so and succeed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { writeGenerated } from '@openai-iac/core';
import { buildContract, CONTRACT_PATH, EXTRA_OPERATIONS } from '@openai-iac/emulator';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const out = resolve(option('--out') ?? '.');
const source = resolve(option('--source') ?? join(out, '..', 'shared', 'openai-openapi', 'openapi.json'));

if (!existsSync(source)) {
  process.stdout.write(
    `emulator contract: ${source} is absent, so the contract is neither regenerated nor checked (the committed contract is used as it is)\n`,
  );
  process.exit(0);
}

const text = readFileSync(source);
const extraRefs = [...JSON.stringify(EXTRA_OPERATIONS).matchAll(/"\$ref":"openapi\.json(#\/components\/[^"]+)"/g)].map((m) => m[1] as string);
const contract = buildContract({
  description: JSON.parse(text.toString('utf8')) as Record<string, unknown>,
  sha256: createHash('sha256').update(text).digest('hex'),
  extraRefs,
});
const file = relative(out, CONTRACT_PATH);
process.exit(
  writeGenerated(
    { [file]: `${JSON.stringify(contract, null, 1)}\n` },
    ['--out', out, ...(argv.includes('--check') ? ['--check'] : [])],
    'emulator contract',
  ),
);
