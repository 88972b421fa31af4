// Configurations written in the official OpenAI Terraform provider's style (cases/*.tf: one per official resource,
// with the official data sources that read it), run on the real OpenTofu against the emulator with only the
// `source` line changed: validate, plan, apply, an empty second plan, import of every managed resource by the id
// in state (then an empty plan again), destroy. Each case gets an emulator of its own, with three organisation
// members seeded (the API cannot add users), handed to the cases that declare `user_ids` / `user_emails`.
// compat.test.ts checks the names attribute by attribute; this checks the behaviour.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Emulator } from '@openai-iac/emulator';
import { requireTofu, startTestEmulator, Workdir, type EngineBin, type Keys } from '../e2e-tofu/harness';

const CASES = join(__dirname, 'cases');
const OFFICIAL = JSON.parse(readFileSync(join(__dirname, 'official-schema.json'), 'utf8')) as {
  resources: Record<string, unknown>;
  data_sources: Record<string, unknown>;
};

const files = readdirSync(CASES)
  .filter((f) => f.endsWith('.tf'))
  .sort();

/** The only lines a user changes to switch: the provider's source (and its configuration, as the official one reads OPENAI_ADMIN_KEY). */
const HEADER = `terraform {
  required_providers {
    openai = {
      source = "openai-iac/openai"
    }
  }
}

provider "openai" {}
`;

const SEEDED = ['ada@example.com', 'grace@example.com', 'linus@example.com'];

test('every official resource and data source is exercised by a case', () => {
  const text = files.map((f) => readFileSync(join(CASES, f), 'utf8')).join('\n');
  const missing = [
    ...Object.keys(OFFICIAL.resources).filter((t) => !text.includes(`resource "${t}"`)),
    ...Object.keys(OFFICIAL.data_sources).filter((t) => !text.includes(`data "${t}"`)),
  ];
  expect(missing).toEqual([]);
});

describe.each(files)('%s', (file) => {
  let tofu: EngineBin;
  let nodeBin: string;
  let emulator: Emulator;
  let keys: Keys;
  let w: Workdir;
  const text = readFileSync(join(CASES, file), 'utf8');

  beforeAll(async () => {
    ({ tofu, nodeBin } = requireTofu());
    ({ emulator, keys } = await startTestEmulator());
    const users = SEEDED.map((email) => emulator.addUser({ email, name: email.split('@')[0]! }) as { id: string; email: string });
    w = Workdir.create(tofu, nodeBin, 'dev_overrides', emulator, keys);
    w.write('main.tf', `${HEADER}\n${text}`);
    const vars: Record<string, string[]> = {};
    if (/variable\s+"user_ids"/.test(text)) vars['user_ids'] = users.map((u) => u.id);
    if (/variable\s+"user_emails"/.test(text)) vars['user_emails'] = users.map((u) => u.email);
    w.write('terraform.tfvars.json', JSON.stringify(vars));
  });

  afterAll(async () => emulator?.close());

  const emptyPlan = async () => {
    const t = await w.run(['plan', '-input=false', '-detailed-exitcode'], { allow: [2] });
    expect({ code: t.code, plan: t.code === 2 ? t.stdout : '' }).toEqual({ code: 0, plan: '' });
  };

  test('validate, plan, apply, then an empty plan', async () => {
    await w.run(['validate']);
    await w.run(['plan', '-input=false', '-out=tfplan']);
    await w.run(['apply', '-input=false', '-auto-approve', 'tfplan']);
    await emptyPlan();
  }, 180_000);

  test('every managed resource imports by the id in state, and the plan stays empty', async () => {
    const shown = JSON.parse((await w.run(['show', '-json'])).stdout) as {
      values?: { root_module?: { resources?: { address: string; mode: string; values: { id: string } }[] } };
    };
    const managed = (shown.values?.root_module?.resources ?? []).filter((r) => r.mode === 'managed');
    expect(managed.length).toBeGreaterThan(0);
    for (const r of managed) {
      await w.run(['state', 'rm', r.address]);
      await w.run(['import', '-input=false', r.address, r.values.id]);
    }
    await emptyPlan();
  }, 240_000);

  test('destroy leaves nothing in state', async () => {
    await w.run(['destroy', '-input=false', '-auto-approve']);
    expect((await w.run(['state', 'list'])).stdout.trim()).toBe('');
  }, 180_000);
});
