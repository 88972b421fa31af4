// For a create's look-up after a lost answer, where matching what was sent cannot tell the object apart from one
// that was already there (spend alerts have no creation time; a key's name may be the API's default, shared by an
// account's first key): the ids a listing held before the create was sent.

/** The ids of a listing, and when it was read. */
export interface ListedBefore {
  ids: ReadonlySet<string>;
  atMs: number;
}

/** Reads the ids a listing holds now. */
export async function listedBefore(list: AsyncIterable<{ id: string }>): Promise<ListedBefore> {
  const atMs = Date.now();
  const ids = new Set<string>();
  for await (const item of list) ids.add(item.id);
  return { ids, atMs };
}

/**
 * Whether an object a look-up found may be the one made: after this very create (`sinceMs` from this run, after the
 * listing) only one that was not listed before; for an earlier run's interrupted create (an earlier `sinceMs`),
 * any object that matches.
 */
export function mayBeNew(before: ListedBefore, sinceMs: number, id: string): boolean {
  return sinceMs < before.atMs || !before.ids.has(id);
}
