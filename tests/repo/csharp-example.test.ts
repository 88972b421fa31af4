// examples/simple-cs (the demo stack in C#) against the generated .NET SDK in sdk/dotnet. There is no .NET SDK
// here, so the example is checked statically: the generated C# is read with regexes (classes, their settable
// properties and required inputs, the enum structs and their members) and every SDK name Program.cs uses, every
// property it sets in an object initializer and every enum member it names must exist there. Where a `dotnet` is
// on PATH the test builds the example too. The checker is itself tested: misspellings fed to it are caught.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/simple-cs');
const SDK_DIR = join(ROOT, 'sdk/dotnet');
const SDK_NAMESPACE = 'OpenAIIac.OpenAI';

// --- reading C# ---------------------------------------------------------------------------------------------

/**
 * The source with comments and the contents of string and char literals replaced by spaces (quotes and newlines
 * kept), so that positions still match the original and braces, commas or `=` inside them count for nothing.
 */
function blank(src: string): string {
  let out = '';
  let i = 0;
  const spaces = (s: string): string => s.replace(/[^\n]/g, ' ');
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const nl = src.indexOf('\n', i);
      const end = nl < 0 ? src.length : nl;
      out += spaces(src.slice(i, end));
      i = end;
    } else if (c === '/' && next === '*') {
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 ? src.length : close + 2;
      out += spaces(src.slice(i, end));
      i = end;
    } else if (src.startsWith('"""', i)) {
      const close = src.indexOf('"""', i + 3);
      const end = close < 0 ? src.length : close + 3;
      out += '"""' + spaces(src.slice(i + 3, end - 3)) + '"""';
      i = end;
    } else if (c === '"' || c === "'") {
      const verbatim = c === '"' && /(?:@|@\$|\$@)$/.test(src.slice(Math.max(0, i - 2), i));
      let j = i + 1;
      while (j < src.length) {
        if (!verbatim && src[j] === '\\') j += 2;
        else if (src[j] === c && verbatim && src[j + 1] === c) j += 2;
        else if (src[j] === c) break;
        else j++;
      }
      out += c + spaces(src.slice(i + 1, j)) + c;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const OPEN: Record<string, string> = { '{': '}', '(': ')', '[': ']' };

/** The index of the bracket closing the one at `open` (in blanked text). */
function closing(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i]! in OPEN) depth++;
    else if (code[i] === '}' || code[i] === ')' || code[i] === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** The parts of code[from, to) separated by commas outside any bracket, with their start offsets. */
function splitTopLevel(code: string, from: number, to: number): { text: string; at: number }[] {
  const parts: { text: string; at: number }[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = code[i]!;
    if (c in OPEN) depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push({ text: code.slice(start, i), at: start });
      start = i + 1;
    }
  }
  parts.push({ text: code.slice(start, to), at: start });
  return parts.filter((p) => p.text.trim() !== '');
}

// --- the generated SDK --------------------------------------------------------------------------------------

interface Property {
  /** the declared C# type, e.g. `Input<Inputs.VectorStoreExpiresAfterArgs>?` or `InputList<string>` */
  type: string;
  required: boolean;
}
interface SdkClass {
  namespace: string;
  properties: Map<string, Property>;
}
interface Sdk {
  /** by name relative to the SDK namespace: `VectorStoreArgs`, `Inputs.AssistantToolsArgs` */
  classes: Map<string, SdkClass>;
  /** enum struct → its members */
  enums: Map<string, Set<string>>;
}

const pascal = (field: string): string => field.replace(/^_/, '').replace(/^./, (c) => c.toUpperCase());

function parseSdk(files: { path: string; text: string }[]): Sdk {
  const sdk: Sdk = { classes: new Map(), enums: new Map() };
  for (const { path, text } of files) {
    const code = blank(text);
    const ns = /\bnamespace\s+([\w.]+)/.exec(code)?.[1];
    if (!ns || !(ns === SDK_NAMESPACE || ns.startsWith(`${SDK_NAMESPACE}.`))) continue;
    const prefix = ns === SDK_NAMESPACE ? '' : `${ns.slice(SDK_NAMESPACE.length + 1)}.`;

    for (const m of code.matchAll(/\b(?:public|internal)\s+(?:(?:sealed|partial|static|abstract)\s+)*class\s+(\w+)[^{;]*\{/g)) {
      const open = m.index + m[0].length - 1;
      const close = closing(code, open);
      const body = code.slice(open + 1, close);
      const original = text.slice(open + 1, close);
      const properties = new Map<string, Property>();
      // `public Input<string>? Name { get; set; }`, `public InputList<string> FileIds { get => …; set => …; }`,
      // `public Output<string?> Status { get; private set; }`; not `public static new XArgs Empty => …`.
      for (const p of body.matchAll(/\bpublic\s+(?!static\b|new\b|override\b|const\b)([\w.]+(?:<[^;{}()]*>)?\??)\s+(\w+)\s*(?:\{|=>)/g)) {
        properties.set(p[2]!, { type: p[1]!, required: false });
      }
      // `[Input("model", required: true)] public Input<string> Model …` or, for lists, maps and secrets, on the
      // backing field: `[Input("x", required: true)] private InputList<…>? _x;` (its property is `X`).
      for (const r of original.matchAll(/\[Input\("[^"]*"\s*,\s*required:\s*true[^\]]*\]\s*(?:public|private)\s+[^;{]*?\s(\w+)\s*[;{]/g)) {
        const property = properties.get(pascal(r[1]!));
        if (property) property.required = true;
        else throw new Error(`${relative(ROOT, path)}: a required input ${r[1]} with no property`);
      }
      sdk.classes.set(prefix + m[1]!, { namespace: ns, properties });
    }

    for (const m of code.matchAll(/\bpublic\s+readonly\s+struct\s+(\w+)[^{;]*\{/g)) {
      const body = code.slice(m.index + m[0].length, closing(code, m.index + m[0].length - 1));
      const members = new Set(
        [...body.matchAll(new RegExp(`\\bpublic\\s+static\\s+${m[1]}\\s+(\\w+)\\s*\\{\\s*get;\\s*\\}`, 'g'))].map((x) => x[1]!),
      );
      sdk.enums.set(prefix + m[1]!, members);
    }
  }
  return sdk;
}

function sdkFiles(): { path: string; text: string }[] {
  return readdirSync(SDK_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cs') && !f.split(/[\\/]/).some((d) => d === 'bin' || d === 'obj'))
    .map((f) => ({ path: join(SDK_DIR, f), text: readFileSync(join(SDK_DIR, f), 'utf8') }));
}

// --- the checker --------------------------------------------------------------------------------------------

type Kind = 'program' | 'type' | 'property' | 'value' | 'required' | 'enum' | 'member';
interface Finding {
  kind: Kind;
  message: string;
}
interface Checked {
  findings: Finding[];
  /** the SDK types constructed with `new` */
  constructed: Set<string>;
  /** `Class.Property` set in object initializers */
  properties: Set<string>;
  /** `Enum.Member` named */
  enumMembers: Set<string>;
}

/** Resource members every CustomResource has. */
const RESOURCE_BASE_MEMBERS = new Set(['Id', 'Urn', 'GetResourceName', 'GetResourceType']);

function checkProgram(src: string, sdk: Sdk): Checked {
  const findings: Finding[] = [];
  const found = (kind: Kind, at: number, message: string): void => {
    findings.push({ kind, message: `line ${src.slice(0, at).split('\n').length}: ${message}` });
  };
  const checked: Checked = { findings, constructed: new Set(), properties: new Set(), enumMembers: new Set() };
  let code = blank(src);

  // The SDK must be named through a qualified prefix: the namespace itself or an alias of it. A plain
  // `using OpenAIIac.OpenAI;` would let bare names through that cannot be told from System's.
  const prefixes = ['OpenAIIac\\.OpenAI'];
  for (const m of code.matchAll(/^\s*using\s+(?:static\s+)?(?:(\w+)\s*=\s*)?(?:global::)?([\w.]+)\s*;/gm)) {
    const [, alias, target] = m;
    if (target === SDK_NAMESPACE && alias) prefixes.push(alias);
    else if (target!.startsWith(SDK_NAMESPACE))
      found('program', m.index, `\`${m[0].trim()}\`: name the SDK as ${SDK_NAMESPACE}.X or through \`using Alias = ${SDK_NAMESPACE};\``);
    code = code.slice(0, m.index) + ' '.repeat(m[0].length) + code.slice(m.index + m[0].length);
  }
  const P = `(?<![\\w.])(?:global::)?(?:${prefixes.join('|')})\\.`;

  // A target-typed `new()` / `new { … }` hides its type from this check (and an anonymous object is no args type).
  for (const m of code.matchAll(/\bnew\s*(?:\(\s*\)\s*)?\{|\bnew\s*\(/g)) {
    found('program', m.index, 'a target-typed or anonymous `new`: spell the SDK type out so it can be checked');
  }

  /** An SDK name (`VectorStoreArgs`, `Inputs.AssistantToolsArgs`) that is no class: a finding. */
  const isClass = (name: string, at: number): boolean => {
    if (sdk.classes.has(name)) return true;
    found('type', at, `${name} is not a class in sdk/dotnet`);
    return false;
  };

  // Every `new <SDK type>`: the class exists; a resource's args are its own `<Resource>Args`.
  for (const m of code.matchAll(new RegExp(`\\bnew\\s+${P}((?:Inputs\\.)?\\w+)`, 'g'))) {
    if (isClass(m[1]!, m.index)) checked.constructed.add(m[1]!);
  }
  for (const m of code.matchAll(new RegExp(`\\bnew\\s+${P}(\\w+)\\s*\\(\\s*(?:"[^"]*"|[\\w.]+)\\s*,\\s*new\\s+${P}((?:Inputs\\.)?\\w+)`, 'g'))) {
    if (sdk.classes.has(m[1]!) && m[2] !== `${m[1]}Args`) found('type', m.index, `new ${m[1]}(…) takes ${m[1]}Args, not ${m[2]}`);
  }

  // Every object initializer of an SDK type: each entry sets a property of that class, with a value that fits
  // its declared type; every required input is set.
  for (const m of code.matchAll(new RegExp(`\\bnew\\s+${P}((?:Inputs\\.)?\\w+)\\s*(?:\\(\\s*\\))?\\s*\\{`, 'g'))) {
    const cls = sdk.classes.get(m[1]!);
    if (!cls) continue; // reported above
    const open = m.index + m[0].length - 1;
    const set = new Set<string>();
    for (const part of splitTopLevel(code, open + 1, closing(code, open))) {
      const a = /^\s*(\w+)\s*=(?!=)\s*([\s\S]*?)\s*$/.exec(part.text);
      if (!a) {
        found('property', part.at, `${m[1]}: \`${part.text.trim()}\` is not a property assignment`);
        continue;
      }
      const [, name, value] = a;
      set.add(name!);
      const property = cls.properties.get(name!);
      if (!property) {
        found('property', part.at, `${m[1]} has no property ${name} (it has ${[...cls.properties.keys()].join(', ')})`);
        continue;
      }
      checked.properties.add(`${m[1]}.${name}`);
      const mentions = (t: string): boolean => new RegExp(`(?:^|[<.\\s])${t.replace(/^Inputs\./, '')}\\b`).test(property.type);
      const created = new RegExp(`^\\{?\\s*new\\s+${P}((?:Inputs\\.)?\\w+)`).exec(value!);
      const named = new RegExp(`^${P}(\\w+)\\.\\w+\\s*$`).exec(value!);
      if (created && sdk.classes.has(created[1]!) && !mentions(created[1]!)) {
        found('value', part.at, `${m[1]}.${name} is ${property.type}, not a ${created[1]}`);
      } else if (named && sdk.enums.has(named[1]!) && !mentions(named[1]!)) {
        found('value', part.at, `${m[1]}.${name} is ${property.type}, not a ${named[1]}`);
      }
      if (value!.startsWith('{')) {
        // a collection initializer: an InputList takes elements, an InputMap `{ key, value }` pairs
        const elements = splitTopLevel(value!, 1, closing(value!, 0)).map((e) => e.text.trim());
        const pairs = elements.length > 0 && elements.every((e) => e.startsWith('{'));
        const want = pairs ? 'InputMap' : 'InputList';
        if (!property.type.startsWith(`${want}<`)) {
          found(
            'value',
            part.at,
            `${m[1]}.${name} is ${property.type}: a collection initializer of ${pairs ? 'pairs' : 'elements'} needs an ${want}`,
          );
        }
      }
    }
    for (const [name, property] of cls.properties) {
      if (property.required && !set.has(name)) found('required', m.index, `${m[1]}: the required input ${name} is not set`);
    }
  }

  // Every other SDK name: `X` or `Inputs.X` is a class or an enum; `Enum.Member` is a member of that enum.
  for (const m of code.matchAll(new RegExp(`${P}((?:Inputs\\.|Outputs\\.)?\\w+)(?:\\.(\\w+))?`, 'g'))) {
    const [, name, member] = m;
    if (sdk.enums.has(name!)) {
      if (!member) continue; // the type itself, e.g. in a declaration
      if (sdk.enums.get(name!)!.has(member)) checked.enumMembers.add(`${name}.${member}`);
      else found('enum', m.index, `${name} has no member ${member} (it has ${[...sdk.enums.get(name!)!].join(', ')})`);
    } else if (!sdk.classes.has(name!)) {
      if (!/\bnew\s+$/.test(code.slice(Math.max(0, m.index - 20), m.index))) isClass(name!, m.index); // a `new` one is reported above
    }
  }

  // Members read off the resources the program creates (`docs.Status`): outputs of that resource class.
  const resources = new Map<string, string>();
  for (const m of code.matchAll(new RegExp(`\\b(\\w+)\\s*=\\s*(?:[^;={}]*\\?\\s*)?new\\s+${P}(\\w+)\\s*\\(`, 'g'))) {
    if (sdk.classes.get(m[2]!)?.properties.size && sdk.classes.has(`${m[2]}Args`)) resources.set(m[1]!, m[2]!);
  }
  for (const [variable, resource] of resources) {
    for (const m of code.matchAll(new RegExp(`(?<![\\w.])${variable}\\??\\.(\\w+)`, 'g'))) {
      if (!RESOURCE_BASE_MEMBERS.has(m[1]!) && !sdk.classes.get(resource)!.properties.has(m[1]!)) {
        found('member', m.index, `${variable} is a ${resource}, which has no output ${m[1]}`);
      }
    }
  }
  return checked;
}

// --- the tests ----------------------------------------------------------------------------------------------

const sdk = parseSdk(sdkFiles());
const program = readFileSync(join(EXAMPLE, 'Program.cs'), 'utf8');
const result = checkProgram(program, sdk);
const ofKind = (kind: Kind, findings: Finding[] = result.findings): string[] => findings.filter((f) => f.kind === kind).map((f) => f.message);

const csprojName = readdirSync(EXAMPLE).find((f) => f.endsWith('.csproj'));
const csproj = csprojName ? readFileSync(join(EXAMPLE, csprojName), 'utf8') : '';
const sdkCsprojName = readdirSync(SDK_DIR).find((f) => f.endsWith('.csproj'));
const sdkCsproj = sdkCsprojName ? readFileSync(join(SDK_DIR, sdkCsprojName), 'utf8') : '';
const pulumiVersion = (project: string): string | undefined => /<PackageReference\s+Include="Pulumi"\s+Version="([^"]+)"/.exec(project)?.[1];

describe('the reading of sdk/dotnet', () => {
  test('finds the classes, their properties in both generated forms, required inputs and enums', () => {
    expect(sdk.classes.size).toBeGreaterThan(300);
    const vectorStoreArgs = sdk.classes.get('VectorStoreArgs')!;
    expect(vectorStoreArgs.properties.get('Name')).toEqual({ type: 'Input<string>?', required: false }); // { get; set; }
    expect(vectorStoreArgs.properties.get('FileIds')).toEqual({ type: 'InputList<string>', required: false }); // backing field
    expect(vectorStoreArgs.properties.get('Metadata')).toEqual({ type: 'InputMap<string>', required: false });
    expect(vectorStoreArgs.properties.get('ExpiresAfter')?.type).toBe('Input<Inputs.VectorStoreExpiresAfterArgs>?');
    expect(vectorStoreArgs.properties.has('Empty')).toBe(false);
    expect(sdk.classes.get('AssistantArgs')!.properties.get('Model')).toEqual({ type: 'Input<string>', required: true });
    expect(sdk.classes.get('Inputs.AssistantToolsArgs')!.properties.get('Type')).toEqual({
      type: 'Input<OpenAIIac.OpenAI.AssistantToolsType>',
      required: true,
    });
    expect(sdk.classes.get('VectorStore')!.properties.get('Status')?.type).toBe('Output<string?>');
    expect(sdk.enums.get('AssistantToolsType')).toEqual(new Set(['CodeInterpreter', 'FileSearch', 'Function']));
    expect(sdk.enums.get('VectorStoreExpiresAfterAnchor')).toEqual(new Set(['LastActiveAt']));
  });
});

describe('examples/simple-cs against sdk/dotnet', () => {
  test('Program.cs names the SDK in a way the check can follow', () => {
    expect(ofKind('program')).toEqual([]);
    expect(result.constructed).toEqual(
      new Set([
        'File',
        'FileArgs',
        'VectorStore',
        'VectorStoreArgs',
        'Inputs.VectorStoreExpiresAfterArgs',
        'Assistant',
        'AssistantArgs',
        'Inputs.AssistantToolsArgs',
        'Inputs.AssistantToolResourcesArgs',
        'Inputs.AssistantToolResourcesCodeInterpreterArgs',
        'Inputs.AssistantToolResourcesFileSearchArgs',
        'Project',
        'ProjectArgs',
      ]),
    );
  });

  test('every type it constructs (resources, their args, nested input args) is a class of sdk/dotnet', () => {
    expect(ofKind('type')).toEqual([]);
  });

  test('every property it sets in an initializer is a property of that args class, with a value of its type', () => {
    expect(ofKind('property')).toEqual([]);
    expect(ofKind('value')).toEqual([]);
    expect(result.properties.size).toBeGreaterThanOrEqual(18);
  });

  test('every required input of those args classes is set', () => {
    expect(ofKind('required')).toEqual([]);
  });

  test('every enum member it names exists in Enums.cs', () => {
    expect(ofKind('enum')).toEqual([]);
    expect(result.enumMembers).toEqual(
      new Set([
        'FilePurpose.Assistants',
        'VectorStoreExpiresAfterAnchor.LastActiveAt',
        'AssistantToolsType.CodeInterpreter',
        'AssistantToolsType.FileSearch',
      ]),
    );
  });

  test('every output it reads off a resource exists on that resource', () => {
    expect(ofKind('member')).toEqual([]);
  });

  test('it exports what examples/simple exports and reads the same config', () => {
    const ts = readFileSync(join(ROOT, 'examples/simple/index.ts'), 'utf8');
    const exportsTs = [...ts.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
    const exportsCs = [...program.matchAll(/\["(\w+)"\]\s*=/g)].map((m) => m[1]);
    expect(exportsCs).toEqual(exportsTs);
    const configTs = [...ts.matchAll(/config\.get\w*\('(\w+)'\)/g)].map((m) => m[1]).sort();
    const configCs = [...program.matchAll(/config\.Get\w*\("(\w+)"\)/g)].map((m) => m[1]).sort();
    expect(configCs).toEqual(configTs);
    expect(readFileSync(join(EXAMPLE, 'data/handbook.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/simple/data/handbook.md'), 'utf8'));
  });

  test('the project references the SDK project that exists, and Pulumi as that project pins it', () => {
    expect(csprojName).toBe('openai-simple-cs.csproj');
    expect(csproj).toMatch(/<TargetFramework>net8\.0<\/TargetFramework>/);
    expect(csproj).toMatch(/<OutputType>Exe<\/OutputType>/);
    const refs = [...csproj.matchAll(/<ProjectReference\s+Include="([^"]+)"/g)].map((m) => resolve(EXAMPLE, m[1]!.replace(/\\/g, '/')));
    expect(sdkCsprojName).toBeDefined();
    expect(refs).toEqual([join(SDK_DIR, sdkCsprojName!)]);
    expect(existsSync(refs[0]!)).toBe(true);
    expect(pulumiVersion(sdkCsproj)).toBeDefined();
    expect(pulumiVersion(csproj)).toBe(pulumiVersion(sdkCsproj));
  });

  test('Pulumi.yaml runs it with the dotnet runtime', () => {
    const project = parse(readFileSync(join(EXAMPLE, 'Pulumi.yaml'), 'utf8')) as { name?: string; runtime?: string | { name?: string } };
    expect(project.name).toBe('openai-simple-cs');
    expect(typeof project.runtime === 'string' ? project.runtime : project.runtime?.name).toBe('dotnet');
  });

  const dotnet = spawnSync('dotnet', ['--version'], { encoding: 'utf8' }).status === 0;
  (dotnet ? test : test.skip)(
    'dotnet build of the example succeeds (where a .NET SDK is on PATH)',
    () => {
      // Build output goes to a scratch folder: the repository gets no obj/ or bin/ from the test.
      const out = mkdtempSync(join(tmpdir(), 'simple-cs-'));
      try {
        const r = spawnSync('dotnet', ['build', '--nologo', '--artifacts-path', out], { cwd: EXAMPLE, encoding: 'utf8' });
        expect({ status: r.status, output: r.status === 0 ? '' : `${r.stdout}\n${r.stderr}` }).toEqual({ status: 0, output: '' });
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    300_000,
  );
});

describe('the checker catches a broken program', () => {
  /** Program.cs with one change, which must apply. */
  const broken = (from: string | RegExp, to: string): string => {
    const text = program.replace(from, to);
    expect(text).not.toBe(program);
    return text;
  };

  test.each<[string, string | RegExp, string, Kind, RegExp]>([
    [
      'a misspelled property',
      'VectorStoreIds =',
      'VectorStoreId =',
      'property',
      /AssistantToolResourcesFileSearchArgs has no property VectorStoreId\b/,
    ],
    ['a misspelled args property', 'Instructions =', 'Instruction =', 'property', /AssistantArgs has no property Instruction\b/],
    [
      'a misspelled enum member',
      'AssistantToolsType.CodeInterpreter',
      'AssistantToolsType.Code_Interpreter',
      'enum',
      /AssistantToolsType has no member Code_Interpreter/,
    ],
    [
      'an enum member of another enum',
      'VectorStoreExpiresAfterAnchor.LastActiveAt',
      'VectorStoreExpiresAfterAnchor.CreatedAt',
      'enum',
      /no member CreatedAt/,
    ],
    ['an unknown enum type', 'OpenAI.FilePurpose.Assistants', 'OpenAI.FilePurposes.Assistants', 'type', /FilePurposes is not a class/],
    [
      'a misspelled args class',
      'new OpenAI.Inputs.VectorStoreExpiresAfterArgs',
      'new OpenAI.Inputs.VectorStoreExpiryArgs',
      'type',
      /Inputs\.VectorStoreExpiryArgs is not a class/,
    ],
    [
      'an input type outside Inputs',
      'new OpenAI.Inputs.AssistantToolResourcesArgs',
      'new OpenAI.AssistantToolResourcesArgs',
      'type',
      /^line \d+: AssistantToolResourcesArgs is not a class/,
    ],
    ["another resource's args", 'new OpenAI.ProjectArgs', 'new OpenAI.FileArgs', 'type', /new Project\(…\) takes ProjectArgs, not FileArgs/],
    [
      'an enum where another is expected',
      'Purpose = OpenAI.FilePurpose.Assistants',
      'Purpose = OpenAI.AssistantToolsType.FileSearch',
      'value',
      /FileArgs\.Purpose is Input<OpenAIIac\.OpenAI\.FilePurpose>, not a AssistantToolsType/,
    ],
    [
      'a list initializer on a single input',
      'Name = config.Get("projectName") ?? "openai-iac-demo"',
      'Name = { "x" }',
      'value',
      /ProjectArgs\.Name is Input<string>: a collection initializer/,
    ],
    [
      'a required input left out',
      /\s*Model = config\.Get\("model"\) \?\? "gpt-4o",/,
      '',
      'required',
      /AssistantArgs: the required input Model is not set/,
    ],
    ['a misspelled output', 'docs.Status', 'docs.State', 'member', /docs is a VectorStore, which has no output State/],
    ['a target-typed new', 'new OpenAI.ProjectArgs', 'new', 'program', /target-typed/],
    ['an unqualified import', 'using OpenAI = OpenAIIac.OpenAI;', 'using OpenAIIac.OpenAI;', 'program', /using OpenAIIac\.OpenAI;/],
  ])('%s', (_what, from, to, kind, message) => {
    const findings = checkProgram(broken(from, to), sdk).findings;
    expect(ofKind(kind, findings)).toEqual([expect.stringMatching(message)]);
  });

  test('braces, commas and SDK-looking names inside strings and comments count for nothing', () => {
    const noisy = broken('Name = "Math Tutor",', 'Name = "Math { Tutor, X = 1 } OpenAI.Nope.Nope", // OpenAI.Missing new() {\n/* Bad = 2, */');
    expect(checkProgram(noisy, sdk).findings).toEqual([]);
  });
});
