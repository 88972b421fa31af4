// The README's catalogue: one row per spec of the registry, with its key kind, import id format, what changes in
// place and what replaces, and its data sources. Written between two markers of README.md by `make generate`
// (provider-ts/src/cli/generate.ts) and drift-checked by `make check-generated`.
import { isMeta } from './define';
import { hasGet } from './lookup';
import { resourceNames } from './names';
import type { ResourceSpec } from './types';

const CATALOGUE_BEGIN = '<!-- catalogue:begin (generated from provider-ts/src/resources by `make generate`; do not edit) -->';
const CATALOGUE_END = '<!-- catalogue:end -->';

const code = (s: string) => `\`${s}\``;
const list = (names: string[]) => (names.length > 0 ? names.map(code).join(', ') : '—');

function row(spec: ResourceSpec): string {
  const n = resourceNames(spec);
  const inputs = Object.entries(spec.properties).filter(([name, p]) => p.input !== 'output' && !isMeta(name) && !p.deprecated);
  const inPlace = spec.handlers.update ? inputs.filter(([, p]) => !p.replaceOnChange).map(([name]) => name) : [];
  const replaces = inputs.filter(([, p]) => p.replaceOnChange).map(([name]) => name);
  const data = [...(hasGet(spec) ? [n.terraformType] : []), ...(spec.handlers.list ? [n.terraformListType] : [])];
  const what = spec.dataOnly ? 'data only' : code(n.terraformType);
  const notes = [spec.deprecated ? 'deprecated' : '', spec.dataOnly ? '' : `in place: ${list(inPlace)}; replaces: ${list(replaces)}`]
    .filter(Boolean)
    .join('; ');
  return `| ${code(spec.name)} | ${what} | ${spec.key} | ${code(spec.import.format)} | ${notes || '—'} | ${list(data)} |`;
}

/** The catalogue table (between the markers) for the registry's specs, in registry order. */
function catalogue(specs: readonly ResourceSpec[]): string {
  return [
    CATALOGUE_BEGIN,
    '',
    '| spec | resource | key | id (import) | changes | data sources |',
    '|---|---|---|---|---|---|',
    ...specs.map(row),
    '',
    CATALOGUE_END,
  ].join('\n');
}

/** README.md with its catalogue replaced; throws when the markers are missing. */
export function withCatalogue(readme: string, specs: readonly ResourceSpec[]): string {
  const begin = readme.indexOf(CATALOGUE_BEGIN);
  const end = readme.indexOf(CATALOGUE_END);
  if (begin < 0 || end < begin) throw new Error('README.md has no catalogue markers (catalogue:begin / catalogue:end)');
  return readme.slice(0, begin) + catalogue(specs) + readme.slice(end + CATALOGUE_END.length);
}
