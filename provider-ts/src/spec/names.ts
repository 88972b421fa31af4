// Every engine spelling derives mechanically from the snake_case names; exceptions are declared on the spec.
import type { PathSegment, PropertySpec, ResourceSpec } from './types';

export const PACKAGE = 'openai';

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
export function pascalCase(snake: string): string {
  const c = camelCase(snake);
  return c.charAt(0).toUpperCase() + c.slice(1);
}
export function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export interface ResourceNames {
  /** vector_store */
  snake: string;
  /** VectorStore */
  className: string;
  /** openai:index:VectorStore */
  pulumiToken: string;
  /** openai_vector_store */
  terraformType: string;
  /** openai:index:getVectorStore */
  pulumiGetToken: string;
  /** openai:index:listVectorStores */
  pulumiListToken: string;
  /** openai:index:mintAdminApiKey (the Pulumi function of a spec's ephemeral twin, when it has one) */
  pulumiMintToken: string;
  /** openai_vector_stores (the list data source) */
  terraformListType: string;
}

function plural(snake: string): string {
  if (/(s|x|ch|sh)$/.test(snake)) return `${snake}es`;
  if (/[^aeiou]y$/.test(snake)) return `${snake.slice(0, -1)}ies`;
  return `${snake}s`;
}

export function resourceNames(spec: Pick<ResourceSpec, 'name' | 'dataSources'>): ResourceNames {
  const className = pascalCase(spec.name);
  const listName = spec.dataSources?.listName ?? plural(spec.name);
  return {
    snake: spec.name,
    className,
    pulumiToken: `${PACKAGE}:index:${className}`,
    terraformType: `${PACKAGE}_${spec.name}`,
    pulumiGetToken: `${PACKAGE}:index:get${className}`,
    pulumiListToken: `${PACKAGE}:index:list${pascalCase(listName)}`,
    pulumiMintToken: `${PACKAGE}:index:mint${className}`,
    terraformListType: `${PACKAGE}_${listName}`,
  };
}

/** The Pulumi (camelCase) name of a property. */
export function pulumiPropertyName(name: string, prop: PropertySpec): string {
  return prop.names?.pulumi ?? camelCase(name);
}

/** The engines whose spelling a message is shown in. */
export type Spelling = 'pulumi' | 'terraform';

const NAMED = /⟦([^⟧]*)⟧/g;

/**
 * A property (or a path into one) named in a message, in no engine's spelling yet: `${named('tools', 0, 'type')}`.
 * The adapters spell it with `spellNames` on the way out — `tools[0].type` for Terraform, `tools[0].type` with
 * camelCase names for Pulumi (`external_key_id` → `externalKeyId`) — so one message reads right in both engines.
 */
export function named(...path: readonly PathSegment[]): string {
  return `⟦${path.map((s) => (typeof s === 'number' ? `#${s}` : s)).join('.')}⟧`;
}

/** A path in an engine's spelling: `tools[0].type`, with camelCase names for Pulumi. */
export function spellPath(path: readonly PathSegment[], spelling: Spelling): string {
  return path.reduce<string>((s, seg) => {
    if (typeof seg === 'number') return `${s}[${seg}]`;
    const name = spelling === 'pulumi' ? camelCase(seg) : seg;
    return s ? `${s}.${name}` : name;
  }, '');
}

/** Every `named(…)` in a text spelled for one engine, in backticks. Text without one is returned as it is. */
export function spellNames(text: string, spelling: Spelling): string {
  if (!text.includes('⟦')) return text;
  return text.replace(NAMED, (_m, path: string) => {
    if (path.startsWith('=')) return path.slice(1).split('¦')[spelling === 'pulumi' ? 0 : 1] ?? '';
    if (path.startsWith('@')) return `\`${spelling === 'pulumi' ? pascalCase(path.slice(1)) : `${PACKAGE}_${path.slice(1)}`}\``;
    const segs = path.split('.').map((s) => (/^#\d+$/.test(s) ? Number(s.slice(1)) : s));
    return `\`${spellPath(segs, spelling)}\``;
  });
}

/** A resource type named in a message: spelled `openai_vector_store_file` for Terraform, `VectorStoreFile` for Pulumi. */
export function namedResource(snake: string): string {
  return `⟦@${snake}⟧`;
}

/** Words that differ by engine (how to set a setting, say): the Pulumi text for Pulumi, the Terraform text for Terraform. */
export function perEngine(pulumi: string, terraform: string): string {
  return `⟦=${pulumi}¦${terraform}⟧`;
}

/** Every string in a JSON-like value (a generated schema, say) with its names spelled for one engine. */
export function spellDeep<T>(value: T, spelling: Spelling): T {
  if (typeof value === 'string') return spellNames(value, spelling) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => spellDeep(v, spelling)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spellDeep(v, spelling)])) as T;
  }
  return value;
}
