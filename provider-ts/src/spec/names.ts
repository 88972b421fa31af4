// Every engine spelling derives mechanically from the snake_case names; exceptions are declared on the spec.
import type { PropertySpec, ResourceSpec } from './types';

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
