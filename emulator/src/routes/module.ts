// What a route module declares: the emulator's one registration unit. routes/index.ts lists every module once;
// the server's routes, the store's tables and counts, and the id shapes all derive from that list.

import type { IdShape } from '../ids';
import type { Route } from './types';

/** A store table a module owns, typed by its rows. The value is only a marker: the table starts empty. */
export interface Table<Row> {
  readonly row?: Row;
}
export const table = <Row>(): Table<Row> => ({});

export type TableDecls = Record<string, Table<unknown>>;

/** The tables of some declarations, as the store holds them: row key -> row. */
type TablesOf<T extends TableDecls> = { [K in keyof T]: T[K] extends Table<infer Row> ? Record<string, Row> : never };

/** A resource of the core registry (provider-ts/src/resources) whose API a module answers. */
export interface Served {
  /** The API collection the resource lives in: a path template (without /v1) the module registers routes under. */
  path: string;
  /**
   * The id kind (of any module's `ids`) the resource's own id ends with — its import id's last segment
   * (`thread_…/msg_…` → the message's). Absent when the id is not minted (a rate limit's is `rl-<model>`).
   */
  id?: string;
}

export interface EmulatorModule<T extends TableDecls = TableDecls> {
  /** The module's file under routes/, for messages. */
  name: string;
  /** The resources it serves, by their snake_case name in the core registry. */
  serves: Readonly<Record<string, Served>>;
  /** The store tables it owns (their names are the keys of emulator-state.json's `tables`). */
  tables: T;
  /** The ids it mints, by kind. */
  ids: Readonly<Record<string, IdShape>>;
  /** What it contributes to `emu.counts()`: count name -> live objects, from its own tables. */
  counts: Readonly<Record<string, (tables: TablesOf<T>) => number>>;
  routes: readonly Route[];
}

/** Every row of a table counts. */
export const rows = (table: Record<string, unknown>): number => Object.keys(table).length;
