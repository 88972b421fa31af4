// One place that keeps the registration lists honest: every resource of the core registry
// (provider-ts/src/resources/index.ts) has each thing CONTRIBUTING.md's "Adding a resource" lists, and no list
// names a resource the registry lacks. A failure names the resource and what it is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasGet, registry, resourceNames, type ResourceSpec } from '@openai-iac/core';
import { mint } from '../../../emulator/src/ids';
import { ID_SHAPES, MODULES, SERVED } from '../../../emulator/src/routes/index';
import type { EmulatorModule } from '../../../emulator/src/routes/module';
import { bad } from '../../../provider-ts/test/bad-inputs';
import { scenarios } from '../scenarios';

const ROOT = join(__dirname, '..', '..', '..');
const DOCS = join(ROOT, 'docs', 'resources');
const modules = MODULES as unknown as readonly EmulatorModule[];
const names = registry.resources.map((r) => r.name);

/** The emulator serves it: a module declares it, registers routes under its collection, and mints ids its import accepts. */
function emulatorProblems(spec: ResourceSpec): string[] {
  const served = SERVED.get(spec.name);
  if (!served) {
    return [
      `no emulator route module serves it: declare \`serves: { ${spec.name}: { path, id } }\` in its module under emulator/src/routes/ and list the module in MODULES (emulator/src/routes/index.ts)`,
    ];
  }
  const module = modules.find((m) => m.name === served.module)!;
  const problems: string[] = [];
  const under = module.routes.filter((r) => r.path === served.path || r.path.startsWith(`${served.path}/`));
  if (!spec.dataOnly && !under.some((r) => r.method === 'post'))
    problems.push(`emulator module ${module.name} has no POST route at or under ${served.path}`);
  if (!under.some((r) => r.method === 'get')) problems.push(`emulator module ${module.name} has no GET route at or under ${served.path}`);
  if (served.id !== undefined) {
    const shape = ID_SHAPES.get(served.id);
    // The id kind is the object's own: the last part of its id, or an earlier one where a last part is optional
    // (a project group's role, `(?:/role…)?`: split at the `/`, the optional group's brackets are trimmed).
    const matches = (part: string, id: string) => {
      try {
        return new RegExp(`^(?:${part.replace(/\(\?:$/, '').replace(/\)\?$/, '')})$`).test(id);
      } catch {
        return false;
      }
    };
    if (!shape) problems.push(`emulator module ${module.name} names id kind '${served.id}', which no module mints`);
    else if (!spec.import.pattern.split('/').some((part) => matches(part, mint(shape)))) {
      problems.push(`the emulator's '${served.id}' ids (${shape.prefix}…) match no part of the import pattern ${spec.import.pattern}`);
    }
  }
  return problems;
}

/** The generated Terraform page exists and shows the spec's example (make generate writes it). */
function docsProblems(spec: ResourceSpec): string[] {
  if (spec.dataOnly) {
    const n = resourceNames(spec);
    const pages = [...(hasGet(spec) ? [n.terraformType] : []), ...(spec.handlers.list ? [n.terraformListType] : [])];
    if (pages.length === 0) return ['a data-only spec with neither a get nor a list'];
    return pages
      .map((t) => `docs/data-sources/${t.slice('openai_'.length)}.md`)
      .filter((f) => !existsSync(join(ROOT, f)))
      .map((f) => `no docs page ${f} (run make generate)`);
  }
  const file = join(DOCS, `${spec.name}.md`);
  const type = resourceNames(spec).terraformType;
  if (!existsSync(file)) return [`no docs page docs/resources/${spec.name}.md (run make generate)`];
  const page = readFileSync(file, 'utf8');
  const problems: string[] = [];
  if (!page.includes(`# ${type} (Resource)`)) problems.push(`docs/resources/${spec.name}.md is not the page of ${type} (run make generate)`);
  if (!page.includes(`resource "${type}" "example"`))
    problems.push(`docs/resources/${spec.name}.md shows no example (the spec's \`example\`; run make generate)`);
  return problems;
}

function problemsOf(spec: ResourceSpec): string[] {
  // Data-only specs (define.ts defineDataSource) have no lifecycle and no inputs to refuse: their handler tests
  // stand for the scenario.
  if (spec.dataOnly) return [...emulatorProblems(spec), ...docsProblems(spec)];
  return [
    ...emulatorProblems(spec),
    ...(scenarios.some((s) => s.resource === spec.name) ? [] : ['no conformance scenario in bridge/conformance/scenarios.ts']),
    ...(bad.some(([r]) => r === spec.name) ? [] : ['no bad-input rows in provider-ts/test/bad-inputs.ts']),
    ...(Object.keys(spec.example).length > 0 ? [] : ['an empty `example` in its spec (the docs and schema descriptions show it)']),
    ...docsProblems(spec),
  ];
}

describe('every resource of the registry is registered everywhere', () => {
  test.each(names)('%s', (name) => {
    expect({ [name]: problemsOf(registry.get(name)) }).toEqual({ [name]: [] });
  });
});

test('no list names a resource the registry lacks, or names one twice', () => {
  const strays = (what: string, listed: readonly string[]) =>
    [...new Set(listed)].filter((r) => !names.includes(r)).map((r) => `${what} names '${r}', which is not in the registry`);
  const twice = scenarios.map((s) => s.resource).filter((r, i, all) => all.indexOf(r) !== i);
  expect([
    ...strays('an emulator module', [...SERVED.keys()]),
    ...strays(
      'a conformance scenario',
      scenarios.map((s) => s.resource),
    ),
    ...strays(
      'a bad-input row',
      bad.map(([r]) => r),
    ),
    ...strays(
      'a docs page',
      readdirSync(DOCS)
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.slice(0, -3)),
    ),
    ...registry.resources
      .filter((r) => r.dataOnly && existsSync(join(DOCS, `${r.name}.md`)))
      .map((r) => `docs/resources/${r.name}.md documents a data-only spec`),
    ...twice.map((r) => `two conformance scenarios for '${r}'`),
  ]).toEqual([]);
});
