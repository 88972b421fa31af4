// Whether the constructs serve cdktn (CDK Terrain, the community fork of the archived CDKTF), with cdktn 0.24.0 and
// @cdktn/provider-generator 0.24.0 installed in sdk/cdktf/cdktn (its own lockfile; `make test-cdktf` installs it):
//   1. cdktn's generator, given the same schema, writes the same constructs except for the module they import;
//   2. that cdktn flavour builds with jsii against cdktn and synthesizes exactly what the cdktf build does;
//   3. the cdktf build itself (lib/, unchanged) runs on cdktn when `cdktf` is an npm alias of cdktn.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as cdktf from 'cdktf';
import * as openai from '..';

const PKG = join(__dirname, '..');
const CDKTN = join(PKG, 'cdktn');
// Under sdk/cdktf/cdktn (git-ignored), so resolution from here finds sdk/cdktf/cdktn/node_modules. Not inside
// node_modules: jsii takes sources there for a dependency's.
const BUILD = join(CDKTN, 'build');
const SCHEMA = JSON.parse(readFileSync(join(PKG, '../../schema/terraform/provider-schema.json'), 'utf8')) as {
  provider_schemas: Record<string, { resource_schemas: Record<string, unknown>; ephemeral_resource_schemas?: Record<string, unknown> }>;
};

type Cdk = typeof cdktf;
type Bindings = typeof openai;

beforeAll(() => {
  const missing = ['cdktn', '@cdktn/provider-generator', 'jsii'].filter((m) => !existsSync(join(CDKTN, 'node_modules', m, 'package.json')));
  if (missing.length > 0) {
    throw new Error(`sdk/cdktf/cdktn/node_modules lacks ${missing.join(', ')}: run make test-cdktf (it installs sdk/cdktf/cdktn from its lockfile)`);
  }
  if (!existsSync(join(PKG, 'lib/index.js'))) throw new Error('sdk/cdktf/lib is not built: run make build-cdktf');
  rmSync(BUILD, { recursive: true, force: true });
  mkdirSync(join(BUILD, 'apps'), { recursive: true });
});

function files(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(dir, p));
    }
  };
  visit(dir);
  return out.sort();
}

/** The example stack, written once against either framework and either build of the constructs. */
let apps = 0;
function synth(cdk: Cdk, bindings: Bindings): unknown {
  const app = cdk.Testing.app({ outdir: join(BUILD, 'apps', String(apps++)) });
  const stack = new cdk.TerraformStack(app, 'simple');
  new bindings.provider.OpenaiProvider(stack, 'openai', { baseUrl: 'http://127.0.0.1:8787/v1' });
  const handbook = new bindings.file.File(stack, 'handbook', { content: '# Handbook\n', filename: 'handbook.md', purpose: 'assistants' });
  const docs = new bindings.vectorStore.VectorStore(stack, 'docs', {
    name: 'support-docs',
    fileIds: [handbook.id],
    expiresAfter: { anchor: 'last_active_at', days: 7 },
    metadata: { team: 'support' },
    chunkingStrategy: { type: 'static', static: { maxChunkSizeTokens: 800, chunkOverlapTokens: 400 } },
  });
  const tutor = new bindings.assistant.Assistant(stack, 'tutor', {
    name: 'Math Tutor',
    model: 'gpt-4o',
    tools: [{ type: 'code_interpreter' }, { type: 'file_search', fileSearch: { maxNumResults: 5 } }],
    toolResources: { codeInterpreter: { fileIds: [handbook.id] }, fileSearch: { vectorStoreIds: [docs.id] } },
  });
  new bindings.project.Project(stack, 'team', { name: 'openai-iac-demo' });
  new bindings.dataOpenaiVectorStores.DataOpenaiVectorStores(stack, 'all', {});
  new cdk.TerraformOutput(stack, 'assistant_id', { value: tutor.id });
  // Drop the "//" metadata (it names the framework's version) and the backend (an absolute path).
  const json = JSON.parse(cdk.Testing.synth(stack)) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(json, (k, v: unknown) => (k === '//' || k === 'backend' ? undefined : v)));
}

describe('the constructs and cdktn 0.24.0', () => {
  test("cdktn's generator writes the same constructs but for the module they import", () => {
    const out = join(BUILD, 'src');
    execFileSync(process.execPath, [join(PKG, 'scripts/generate.mjs'), '--flavor', 'cdktn', '--out', out], { stdio: 'pipe' });
    const ours = files(join(PKG, 'src'));
    // cdktn's generator also knows ephemeral resources (cdktf 0.21's, which writes ours, does not): one construct
    // per ephemeral resource of the schema, listed in the index files, and nothing else beyond ours.
    const isEphemeral = (line: string) => /ephemeral-openai-|ephemeralOpenai/.test(line);
    const ephemeralTypes = Object.keys(SCHEMA.provider_schemas['registry.terraform.io/openai-iac/openai']!.ephemeral_resource_schemas ?? {});
    expect(ephemeralTypes.length).toBeGreaterThan(0);
    expect(files(out).filter(isEphemeral)).toEqual(
      ephemeralTypes.flatMap((t) => [`ephemeral-${t.replace(/_/g, '-')}/README.md`, `ephemeral-${t.replace(/_/g, '-')}/index.ts`]).sort(),
    );
    expect(files(out).filter((f) => !isEphemeral(f))).toEqual(ours);

    // Name the module and the framework alike; what is left must be one of the known, behaviour-free differences.
    const normalize = (text: string): string[] =>
      text
        .replace(/^.*DO NOT EDIT\..*\n/, '')
        .replace(/https:\/\/cdktn\.io\/docs\/concepts\/resources#references/g, 'https://cdk.tf/complex-object-as-configuration')
        .replace(/\bcdktn\b/g, 'cdktf')
        .replace(/\bCDKTN\b/g, 'CDKTF')
        .split('\n');
    const knownDifference = [
      // re-exports name the folder's index file explicitly (ESM-friendly)
      /^export \* as \w+ from '\.\/[\w-]+(\/index)?';$/,
      // the list classes' constructor no longer re-declares its arguments as protected parameter properties
      /^ {2}constructor\((protected )?terraformResource: cdktf\.IInterpolatingParent, (protected )?terraformAttribute: string, (protected )?wrapsSet: boolean\) \{$/,
      /^ {4}super\(terraformResource, terraformAttribute, wrapsSet\);?$/,
    ];
    // cdktn's generator also knows write-only attributes (`api_key_wo`), which cdktf 0.21's does not: it marks them
    // when synthesizing and deprecates their getter (a write-only value is never read back). Counted, then removed.
    const writeOnlyMarks: string[] = [];
    const withoutWriteOnly = (lines: string[]): string[] =>
      lines
        .filter((line, i) => !/@deprecated Write-only:/.test(line) && !/@deprecated Write-only:/.test(lines[i + 1] ?? '') && !/@deprecated Write-only:/.test(lines[i - 1] ?? ''))
        .map((line) => {
          const marked = /^(.*)this\.markWriteOnlyAttribute\((.*)\)(,?)$/.exec(line);
          if (!marked) return line;
          writeOnlyMarks.push(marked[2]!);
          return `${marked[1]}${marked[2]}${marked[3]}`;
        });
    const unexplained: string[] = [];
    let importLines = 0;
    for (const rel of ours) {
      const theirs = readFileSync(join(out, rel), 'utf8');
      importLines += theirs.split('\n').filter((l) => l === "import * as cdktn from 'cdktn';").length;
      const a = normalize(readFileSync(join(PKG, 'src', rel), 'utf8'));
      const b = withoutWriteOnly(normalize(theirs).filter((line) => !isEphemeral(line)));
      expect([rel, b.length]).toEqual([rel, a.length]);
      a.forEach((line, i) => {
        if (line !== b[i] && !(knownDifference.some((re) => re.test(line)) && knownDifference.some((re) => re.test(b[i]!)))) {
          unexplained.push(`${rel}:${i + 1}\n  cdktf: ${line}\n  cdktn: ${b[i]}`);
        }
      });
    }
    expect(unexplained).toEqual([]);
    // Two marks (the Terraform and the HCL form) per resource's `api_key_wo`, and nothing else marked.
    const resources = Object.keys(SCHEMA.provider_schemas['registry.terraform.io/openai-iac/openai']!.resource_schemas);
    expect(writeOnlyMarks.length).toBe(2 * resources.length);
    expect(writeOnlyMarks.filter((m) => !m.includes('this._apiKeyWo'))).toEqual([]);
    expect(importLines).toBe(ours.filter((f) => f.endsWith('/index.ts') && f !== 'index.ts').length);
  });

  test('the cdktn flavour builds with jsii against cdktn and synthesizes exactly what the cdktf build does', () => {
    writeFileSync(
      join(BUILD, 'package.json'),
      JSON.stringify(
        {
          name: '@openai-iac/cdktn-provider-openai',
          version: '0.1.0',
          license: 'MIT',
          author: { name: 'openai-iac', organization: false },
          repository: { type: 'git', url: 'https://github.com/openai-iac/openai-iac.git' },
          main: 'lib/index.js',
          types: 'lib/index.d.ts',
          jsii: { outdir: 'dist', targets: {}, tsc: { outDir: 'lib', rootDir: 'src' } },
          peerDependencies: { cdktn: '^0.24.0', constructs: '^10.6.0' },
          devDependencies: { cdktn: '0.24.0', constructs: '10.6.0' },
        },
        null,
        2,
      ),
    );
    writeFileSync(join(BUILD, 'README.md'), 'cdktn flavour of @openai-iac/cdktf-provider-openai (test build)\n');
    execFileSync(process.execPath, [join(CDKTN, 'node_modules/jsii/bin/jsii'), '--silence-warnings=reserved-word'], { cwd: BUILD, stdio: 'pipe' });
    expect(existsSync(join(BUILD, '.jsii'))).toBe(true);

    const cdktn = require(join(CDKTN, 'node_modules/cdktn')) as Cdk;
    const cdktnBindings = require(join(BUILD, 'lib')) as Bindings;
    const expected = synth(cdktf, openai) as { resource: Record<string, unknown>; data: Record<string, unknown> };
    expect(Object.keys(expected.resource).sort()).toEqual(['openai_assistant', 'openai_file', 'openai_project', 'openai_vector_store']);
    expect(Object.keys(expected.data)).toEqual(['openai_vector_stores']);
    expect(synth(cdktn, cdktnBindings)).toEqual(expected);
  }, 120_000);

  test('the cdktf build runs unchanged on cdktn when cdktf is an npm alias of cdktn', () => {
    // A copy of lib/ under sdk/cdktf/cdktn resolves `cdktf` to sdk/cdktf/cdktn/node_modules/cdktf, which is
    // npm:cdktn@0.24.0. (Renamed, so jest's module map sees no second @openai-iac/cdktf-provider-openai.)
    const alias = join(BUILD, 'alias');
    cpSync(join(PKG, 'lib'), join(alias, 'lib'), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(alias, 'package.json'), JSON.stringify({ ...pkg, name: 'cdktf-provider-openai-on-cdktn' }, null, 2));
    const aliased = require(join(CDKTN, 'node_modules/cdktf')) as Cdk;
    expect((require(join(CDKTN, 'node_modules/cdktf/package.json')) as { name: string }).name).toBe('cdktn');
    const bindings = require(alias) as Bindings;
    expect(synth(aliased, bindings)).toEqual(synth(cdktf, openai));
  });
});
