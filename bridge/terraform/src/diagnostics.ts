// Diagnostics: the core's failures and errors as Terraform shows them, each at the attribute it is about.
import { spellDeep, spellPath, ValidationError, type Failure, type PathSegment, type TypeSpec } from '@openai-iac/core';
import type { Block } from './schema';
import { objectType } from './values';

type Step = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  attribute?: { steps: Step[] };
}

/** A core path (snake_case names, list indexes, map keys) as Terraform attribute path steps. */
function attributePath(block: Block, path: readonly PathSegment[]): Step[] {
  let t: TypeSpec | undefined = objectType(block);
  return path.map((seg) => {
    if (t?.kind === 'map') {
      t = t.values;
      return { element_key_string: String(seg) };
    }
    if (t?.kind === 'list' && typeof seg === 'number') {
      t = t.items;
      return { element_key_int: seg };
    }
    if (typeof seg === 'number') {
      t = undefined;
      return { element_key_int: seg };
    }
    t = t?.kind === 'object' ? t.properties[seg]?.type : undefined;
    return { attribute_name: seg };
  });
}

export function failureDiagnostic(block: Block, f: Failure, what: string): Diagnostic {
  const where = spellPath(f.path, 'terraform');
  return {
    severity: 'ERROR',
    summary: where ? `Invalid ${where}` : `Invalid ${what}`,
    detail: where ? `${where} ${f.message}` : f.message,
    ...(f.path.length > 0 ? { attribute: { steps: attributePath(block, f.path) } } : {}),
  };
}

/**
 * Any error from the core (or below it) as diagnostics: validation failures at their paths, everything else
 * once, with the text passed through `scrub` (no secret ever leaves).
 */
export function errorDiagnostics(block: Block, e: unknown, summary: string, scrub: (text: string) => string): Diagnostic[] {
  if (e instanceof ValidationError) return e.failures.map((f) => failureDiagnostic(block, f, e.resource));
  return [{ severity: 'ERROR', summary, detail: scrub(e instanceof Error ? e.message : String(e)) }];
}

/**
 * A notice of the core (a deprecated resource type or property in use) as a warning: Terraform and OpenTofu show
 * none of their own for a schema's `deprecated` flags, so the provider does, at the attribute when there is one.
 */
export function noticeDiagnostic(block: Block, n: Failure): Diagnostic {
  return {
    severity: 'WARNING',
    summary: n.path.length > 0 ? 'Argument is deprecated' : 'Deprecated resource',
    detail: n.message,
    ...(n.path.length > 0 ? { attribute: { steps: attributePath(block, n.path) } } : {}),
  };
}

/** The parts of a tfplugin6 answer or stream event that carry the core's words: diagnostics and progress lines. */
const WORDS = ['diagnostics', 'diagnostic', 'progress', 'completed'] as const;

/** An answer (or stream event) with the core's names spelled as Terraform shows them (`tools[0].type`). */
export function spelledForTerraform<T>(message: T): T {
  if (message === null || typeof message !== 'object') return message;
  const m = message as Record<string, unknown>;
  if (!WORDS.some((k) => k in m)) return message;
  const out: Record<string, unknown> = { ...m };
  for (const k of WORDS) if (k in m) out[k] = spellDeep(m[k], 'terraform');
  return out as T;
}
