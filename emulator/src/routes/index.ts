// THE list of the emulator's route modules, each once. Everything else derives from it: the server's routes
// (server.ts), the store's tables, their order in emulator-state.json and `emu.counts()` (store.ts), the id
// shapes, and which resources of the core registry each module serves (bridge/conformance/test/registration.test.ts
// checks that every registered resource is served). Adding a module: see CONTRIBUTING.md.

import type { IdShape } from '../ids';
import { apiKeys } from './admin/api-keys';
import { auditLogs } from './admin/audit-logs';
import { groups } from './admin/groups';
import { certificates } from './admin/certificates';
import { invites } from './admin/invites';
import { projectGroups } from './admin/project-groups';
import { projectRoles } from './admin/project-roles';
import { projectUserRoles } from './admin/project-user-roles';
import { projectUsers } from './admin/project-users';
import { projects } from './admin/projects';
import { projectRateLimits } from './admin/rate-limits';
import { roles } from './admin/roles';
import { serviceAccounts } from './admin/service-accounts';
import { usage } from './admin/usage';
import { userRoles } from './admin/user-roles';
import { spendAlerts } from './admin/spend-alerts';
import { settings } from './admin/settings';
import { users } from './admin/users';
import { assistants } from './assistants';
import { containers } from './containers';
import { conversations } from './conversations';
import { evals } from './evals';
import { files } from './files';
import type { EmulatorModule, Served, Table, TableDecls } from './module';
import { models } from './models';
import { threads } from './threads';
import type { Route } from './types';
import { vectorStores } from './vector-stores';
import { uploads } from './uploads';
import { webhooks } from './webhooks';
import { fineTuning } from './fine-tuning';
import { batches } from './batches';
import { skills } from './skills';
import { audio } from './audio';

/** In this order: the tables' order in emulator-state.json and in snapshots, the counts' order. */
export const MODULES = [
  // the organization (admin key)
  projects,
  apiKeys,
  serviceAccounts,
  users,
  projectUsers,
  invites,
  projectRateLimits,
  roles,
  userRoles,
  groups,
  spendAlerts,
  settings,
  certificates,
  projectRoles,
  projectUserRoles,
  projectGroups,
  auditLogs,
  usage,
  // files and retrieval
  files,
  vectorStores,
  // the legacy Assistants API
  assistants,
  threads,
  // Responses API state, tools and delivery
  conversations,
  containers,
  webhooks,
  models,
  uploads,
  // fine-tuning and batches
  fineTuning,
  batches,
  // evals
  evals,
  skills,
  audio,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Decls = UnionToIntersection<(typeof MODULES)[number]['tables']>;

/** Every table of the store: the union of the modules' declarations. */
export type Tables = { [K in keyof Decls]: Decls[K] extends Table<infer Row> ? Record<string, Row> : never };
export type Kind = keyof Tables;

const modules: readonly EmulatorModule[] = MODULES as unknown as readonly EmulatorModule[];

/** Fails at load when two modules declare the same table, id kind, count, served resource or route. */
function unique<T>(what: string, entries: Iterable<[string, T, string]>): Map<string, T> {
  const out = new Map<string, T>();
  const owner = new Map<string, string>();
  for (const [key, value, module] of entries) {
    if (owner.has(key)) throw new Error(`emulator routes: ${what} '${key}' is declared by both ${owner.get(key)} and ${module}`);
    owner.set(key, module);
    out.set(key, value);
  }
  return out;
}

const each = <T>(pick: (m: EmulatorModule) => Readonly<Record<string, T>>) =>
  modules.flatMap((m) => Object.entries(pick(m)).map(([k, v]) => [k, v, m.name] as [string, T, string]));

/** Table names, in state-file order. */
export const TABLE_KINDS = [
  ...unique(
    'table',
    each((m) => m.tables as TableDecls),
  ).keys(),
] as Kind[];

/** Every id shape the emulator mints, by kind. */
export const ID_SHAPES: ReadonlyMap<string, IdShape> = unique(
  'id kind',
  each((m) => m.ids),
);

/** `emu.counts()`: count name -> live objects. */
export const COUNTS: ReadonlyMap<string, (tables: Tables) => number> = unique(
  'count',
  each((m) => m.counts as Record<string, (tables: Tables) => number>),
);

/** Resource (snake_case name in the core registry) -> the module serving it and how. */
export const SERVED: ReadonlyMap<string, Served & { module: string }> = unique(
  'served resource',
  each((m) => Object.fromEntries(Object.entries(m.serves).map(([r, s]) => [r, { ...s, module: m.name }]))),
);

/** Every route, each once. */
export const ROUTES: readonly Route[] = [
  ...unique(
    'route',
    modules.flatMap((m) => m.routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r, m.name] as [string, Route, string])),
  ).values(),
];
