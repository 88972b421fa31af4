// The one rule of every setting resource (an organization's or a project's data retention, spend limit, model and
// hosted tool permissions): objects that exist per scope and are never created by anyone.
//
// - create adopts the current setting (GET), records it in state (`initial_setting`) and applies the configured one;
// - update applies in place; a refresh shows the live setting (drift);
// - delete restores the recorded setting — or, where there was none (no spend limit, unrestricted models), removes
//   the setting — never an arbitrary default;
// - after an import nothing is on record, and delete only removes the resource from state.
import { isNotFound, OpenAIIacError } from '../client/errors';
import { unlessNotFound } from './common';
import {
  defineResource,
  p,
  type InputsOf,
  type PriorOf,
  type Props,
  type ResourceDefinition,
  type StateOf,
  type TypedHandlers,
} from '../spec/define';
import type { HandlerContext, Json, JsonObject, ResourceSpec } from '../spec/types';

/** What `initial_setting` holds when the scope had no setting at all (no spend limit, every model allowed). */
const NONE = 'none';

/** The output recording what was there before the resource took the setting over. */
export const initialSetting = (what: string) =>
  p.json({
    description:
      `The ${what} found when this resource was created (as the API takes it), or \`"none"\` when there was none; ` +
      'deleting the resource restores it. Empty after an import: deleting then only removes the resource from state.',
    output: true,
  });

/**
 * One setting of one scope, as a resource's spec describes it to `settingHandlers`: `A` is the API's object, `V`
 * the setting as the API takes it (what is sent, recorded and restored).
 */
interface Setting<P extends Props, V extends JsonObject, A> {
  /** For messages: `data retention`, `spend limit` … */
  what: string;
  /** The resource id of the configured scope: `organization`, or the project id. */
  idOf(inputs: InputsOf<P>): string;
  /** The setting the configuration asks for. */
  wanted(inputs: InputsOf<P>): V;
  /** The live object; null when the scope has none (no spend limit). */
  get(ctx: HandlerContext, id: string): Promise<A | null>;
  /** The setting a live object holds, as `put` takes it back. */
  valueOf(a: A): V;
  /** A live object that is the same as none (a deny list of no models): restored by `clear`, not by `put`. */
  isNone?(a: A): boolean;
  /** Applies a setting; answers the live object. */
  put(ctx: HandlerContext, id: string, v: V): Promise<A>;
  /** Removes the setting (back to none). Only settings that can be absent have it. */
  clear?(ctx: HandlerContext, id: string): Promise<void>;
  /** The scope is gone (an archived project): the setting reads as gone and there is nothing to restore. */
  gone?(ctx: HandlerContext, id: string): Promise<boolean>;
  /** The state of a live object, `initial_setting` left KEEP. */
  state(id: string, a: A): StateOf<P>;
}

type WithInitial = { initial_setting?: Json | null };

/** Create, read, update and delete of a setting resource, by the rule above. */
function settingHandlers<P extends Props, V extends JsonObject, A>(
  name: string,
  s: Setting<P, V, A>,
): Pick<TypedHandlers<P>, 'create' | 'read' | 'update' | 'delete'> {
  /** The state of an answer, every member the API must send present (only initial_setting is kept from before). */
  const stateOf = (id: string, a: A, operation: string): StateOf<P> => {
    const st = s.state(id, a);
    const missing = Object.entries(st).filter(([k, v]) => k !== 'initial_setting' && v === undefined);
    if (missing.length > 0) {
      const what = missing.map(([k]) => `${k} is missing`).join('; ');
      throw new OpenAIIacError('api', `${operation} ${name} ${id}: OpenAI's answer is malformed: ${what}; nothing was saved from it`);
    }
    return st;
  };
  return {
    async create(ctx, inputs) {
      const id = s.idOf(inputs);
      // Nothing is created: the setting exists (or is absent); applying it again is harmless, so no create-once care.
      const found = await s.get(ctx, id);
      const initial: Json = found === null || s.isNone?.(found) ? NONE : s.valueOf(found);
      const set = await s.put(ctx, id, s.wanted(inputs));
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- every setting spec has initial_setting
      return { id, state: { ...stateOf(id, set, 'create'), initial_setting: initial } as StateOf<P> };
    },
    async read(ctx, id) {
      if (await s.gone?.(ctx, id)) {
        ctx.debug(`${s.what} ${id}: its scope is gone (an archived project); treating it as gone`);
        return null;
      }
      const a = await s.get(ctx, id);
      return a === null ? null : stateOf(id, a, 'read');
    },
    async update(ctx, id, _olds, news) {
      return stateOf(id, await s.put(ctx, id, s.wanted(news)), 'update');
    },
    async delete(ctx, id, state: PriorOf<P> & WithInitial) {
      const initial = state.initial_setting;
      if (initial === undefined || initial === null) {
        ctx.debug(`${s.what} ${id}: no initial setting on record (imported); removing it from state only, the live setting stays`);
        return;
      }
      if (await s.gone?.(ctx, id)) return ctx.debug(`${s.what} ${id}: its scope is gone; nothing to restore`);
      if (initial === NONE) {
        if (!s.clear) throw new Error(`openai-iac: ${s.what} recorded "none" but cannot be removed (a spec bug)`);
        ctx.debug(`${s.what} ${id}: there was none before this resource; removing it`);
        // already removed behind our back (404): that is what was wanted
        await unlessNotFound(s.clear(ctx, id));
        return;
      }
      ctx.debug(`${s.what} ${id}: restoring the setting found at creation`);
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- recorded by create from a V
      await s.put(ctx, id, initial as V);
    },
  };
}

/** Declares a setting resource: its handlers are `settingHandlers(setting)`. */
export function defineSetting<P extends Props, V extends JsonObject, A>(
  def: Omit<ResourceDefinition<P>, 'handlers'> & { setting: Setting<P, V, A> },
): ResourceSpec {
  const { setting, ...rest } = def;
  return defineResource<P>({ ...rest, handlers: settingHandlers(def.name, setting) });
}

/** Archived projects keep their settings on record but cannot be updated: they count as gone. */
export async function projectArchived(ctx: HandlerContext, projectId: string): Promise<boolean> {
  try {
    return (await ctx.openai.admin.organization.projects.retrieve(projectId)).status === 'archived';
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}
