// Helpers every route module shares: cursor pagination, project-scoped lookups, partial updates, delete replies.

import { type ApiError, badRequest } from '../errors';
import { publicView, type ApiObject } from '../store';
import type { Ctx } from './types';

interface ListEnvelope {
  object: 'list';
  data: unknown[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/**
 * One page of `items` (given oldest first) the way the API pages: `limit` (the operation's default, at most
 * 100 — or the default when that is larger), `order`,
 * `after`/`before` cursors naming an item id. `present` maps an item to its API object.
 */
export function paginate<T>(ctx: Ctx, items: readonly T[], idOf: (item: T) => string, present: (item: T) => unknown, maxAllowed = 100): ListEnvelope {
  const q = ctx.query;
  const limitParam = ctx.op.query.find((p) => p.name === 'limit');
  const defaultLimit = typeof limitParam?.default === 'number' && limitParam.default > 0 ? limitParam.default : 20;
  const maxLimit = Math.max(maxAllowed, defaultLimit);
  const limit = typeof q['limit'] === 'number' ? q['limit'] : defaultLimit;
  if (limit < 1) {
    throw badRequest(
      `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`,
      'limit',
      'integer_below_min_value',
    );
  }
  if (limit > maxLimit) {
    throw badRequest(
      `Invalid 'limit': integer above maximum value. Expected a value <= ${maxLimit}, but got ${limit} instead.`,
      'limit',
      'integer_above_max_value',
    );
  }
  // Lists with an `order` parameter default to newest first; lists without one (admin) page oldest first.
  const orderParam = ctx.op.query.find((p) => p.name === 'order');
  const order = q['order'] ?? orderParam?.default ?? (orderParam ? 'desc' : 'asc');
  const ordered = order === 'desc' ? [...items].reverse() : [...items];
  let start = 0;
  let end = ordered.length;
  if (typeof q['after'] === 'string') {
    const i = ordered.findIndex((item) => idOf(item) === q['after']);
    start = i < 0 ? ordered.length : i + 1;
  }
  if (typeof q['before'] === 'string') {
    const i = ordered.findIndex((item) => idOf(item) === q['before']);
    end = i < 0 ? 0 : i;
  }
  const window = ordered.slice(start, Math.max(start, end));
  // `before` alone pages backwards: the `limit` items closest to the cursor.
  const page = typeof q['before'] === 'string' && typeof q['after'] !== 'string' ? window.slice(-limit) : window.slice(0, limit);
  const hasMore = window.length > page.length;
  const first = page[0];
  const last = page.at(-1);
  return {
    object: 'list',
    data: page.map(present),
    first_id: first === undefined ? null : idOf(first),
    last_id: last === undefined ? null : idOf(last),
    has_more: hasMore,
  };
}

/**
 * One page the way the newer admin lists (roles, groups, role assignments) page: `{object, data, has_more, next}`,
 * where `next` is the cursor to pass as `after` (the page's last id) or null on the last page. Their `limit` goes
 * up to 1000 (the description's maximum).
 */
export function paginateNext<T>(
  ctx: Ctx,
  items: readonly T[],
  idOf: (item: T) => string,
  present: (item: T) => unknown,
): { object: 'list'; data: unknown[]; has_more: boolean; next: string | null } {
  const page = paginate(ctx, items, idOf, present, 1000);
  return { object: 'list', data: page.data, has_more: page.has_more, next: page.has_more ? page.last_id : null };
}

/** The records of `table` that belong to the caller's project, oldest first. */
export function ownRecords<T extends { _project: string }>(ctx: Ctx, table: Record<string, T>): T[] {
  return Object.values(table).filter((r) => r._project === ctx.projectId);
}

/** A record of the caller's project; another project's record is as absent as a missing one (404). */
export function ownRecord<T extends { _project: string }>(ctx: Ctx, table: Record<string, T>, key: string, missing: () => ApiError): T {
  const rec = table[key];
  if (!rec || rec._project !== ctx.projectId) throw missing();
  return rec;
}

/** Copies the fields present in `body` (null included: it clears) onto `target`; marks the state changed. */
export function applyFields<T extends object>(ctx: Ctx, target: T, body: Record<string, unknown>, fields: readonly string[]): T {
  for (const field of fields) if (field in body) (target as Record<string, unknown>)[field] = body[field];
  ctx.store.markDirty();
  return target;
}

/** Inserts a record (marking the state changed) and returns it. */
export function insert<T extends ApiObject>(ctx: Ctx, table: Record<string, T>, rec: T, key = rec.id): T {
  table[key] = rec;
  ctx.store.markDirty();
  return rec;
}

/** Removes a record and answers `{id, object, deleted: true}`. */
export function remove(
  ctx: Ctx,
  table: Record<string, unknown>,
  key: string,
  id: string,
  object: string,
): { id: string; object: string; deleted: true } {
  delete table[key];
  ctx.store.markDirty();
  return { id, object, deleted: true };
}

/** A record as the API shows it (internal `_` fields stripped). */
export const view = publicView;
