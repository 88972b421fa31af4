// The create journal: what lets a create interrupted by a crash be adopted by the next run instead of repeated.
//
// Before a create is sent, one small file is written to the journal folder (in the engine's working directory);
// when the answer arrives, the object's id is added to it. The file is removed once an engine shows it saved the
// object (a later read, plan, update or delete names the id), or when the create is refused for certain. So a
// file that outlives its process is exactly a create whose outcome no state records: the plugin or the engine was
// killed between sending the create and saving its answer. The next create of the same resource (same Pulumi URN,
// or for Terraform, which names no resource to a provider, the same type and configuration) finds it and looks
// the object up — by the id when the answer had arrived, by what was sent among objects made since the entry was
// written when it had not — before anything is sent again. See docs/RELIABILITY.md.
//
// An entry holds no secret: the type, a hash of the resource's identity, times, a process id and the object id.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../spec/types';
import type { Log } from './transport';

export interface JournalEntry {
  /** The file's name in the journal folder. */
  readonly file: string;
  readonly type: string;
  /** sha256 of the resource's identity, 16 hex digits. */
  readonly identity: string;
  /** When the create was first sent (ms since the epoch). */
  readonly startedAt: number;
  readonly pid: number;
  /** The process that wrote it (a pid can be reused). */
  readonly token: string;
  /** The created object's API id, once the answer arrived. */
  id?: string;
  /**
   * How far a create made of several requests got (a file's Upload: its id and the parts already sent), saved by
   * the handler as it goes: the next run's create of the same resource resumes from it. No secret goes in it.
   */
  checkpoint?: JsonObject;
}

const VERSION = 1;

/** The identity hash of a resource: its engine address when the engine gives one, else its type and inputs. */
export function identityOf(type: string, address: string): string {
  return createHash('sha256').update(`${type}\0${address}`).digest('hex').slice(0, 16);
}

/** Whether a process is running (a zombie is not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent died too stays a zombie until an init reaps it (never, in a container whose
  // first process does not): it answers signals, but it is dead. Linux tells by its state in /proc.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no procfs (macOS, Windows): the signal's answer stands
  }
}

/**
 * Writes one record file whole or not at all (a temporary file renamed over it), making the folder if needed: a
 * reader never sees a torn record. Throws what the filesystem throws.
 */
export function writeRecord(dir: string, file: string, record: object): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${file}.tmp`);
  writeFileSync(tmp, JSON.stringify(record) + '\n');
  renameSync(tmp, join(dir, file));
}

export class CreateJournal {
  private readonly token = randomBytes(8).toString('hex');
  private loaded: JournalEntry[] | undefined;
  /** This process's own entries. */
  private mine: JournalEntry[] = [];
  /** Ids this process created or adopted: never adopted a second time, by a twin resource. */
  private readonly claimed = new Set<string>();
  private warned = false;
  /** Stray entries already shown (each once per process). */
  private readonly noticed = new Set<string>();

  /** `dir` null: no journal (a crash then loses what the in-process look-up alone cannot find). */
  constructor(
    readonly dir: string | null,
    private readonly log: Log,
  ) {}

  /** Entries of other processes that ended without saving their create's answer (the oldest first). */
  interrupted(type: string, identity: string): JournalEntry[] {
    return this.entries().filter((e) => e.type === type && e.identity === identity);
  }

  /** Interrupted creates of the same type for other identities: shown once, since a configuration edited after a
   * crash no longer matches its entry, and the object may need importing by hand. Each is returned once. */
  strays(type: string, identity: string): JournalEntry[] {
    const fresh = this.entries().filter((e) => e.type === type && e.identity !== identity && !this.noticed.has(e.file));
    for (const e of fresh) this.noticed.add(e.file);
    return fresh;
  }

  /** Records a create about to be sent. */
  begin(type: string, identity: string, startedAt: number): JournalEntry | undefined {
    if (!this.dir) return undefined;
    const entry: JournalEntry = {
      file: `${identity}-${randomBytes(6).toString('hex')}.json`,
      type,
      identity,
      startedAt,
      pid: process.pid,
      token: this.token,
    };
    if (!this.write(entry)) return undefined;
    this.mine.push(entry);
    return entry;
  }

  /** Records the created object's id (the answer arrived; the engine has not saved it yet). */
  record(entry: JournalEntry | undefined, id: string): void {
    this.claimed.add(id);
    if (!entry) return;
    entry.id = id;
    this.write(entry);
  }

  /** Saves how far the create got (null: nothing to resume any more). */
  checkpoint(entry: JournalEntry | undefined, data: JsonObject | null): void {
    if (!entry) return;
    if (data === null) delete entry.checkpoint;
    else entry.checkpoint = data;
    this.write(entry);
  }

  isClaimed(id: string): boolean {
    return this.claimed.has(id);
  }

  /** An adopted object is this process's now: its earlier entries are replaced by the current one. */
  adopt(entry: JournalEntry | undefined, id: string, earlier: readonly JournalEntry[]): void {
    this.record(entry, id);
    for (const e of earlier) this.remove(e);
  }

  /** The create was refused for certain, or what an interrupted entry stood for is resolved: forget it. */
  remove(entry: JournalEntry | undefined): void {
    if (!entry || !this.dir) return;
    rmSync(join(this.dir, entry.file), { force: true });
    if (this.loaded) this.loaded = this.loaded.filter((e) => e.file !== entry.file);
    this.mine = this.mine.filter((e) => e.file !== entry.file);
  }

  /**
   * An engine named this id in a later operation: its state holds the object, the entry has done its job. A
   * resource id made of API ids (`vs_…/file-…`) settles the entry of its last part, the object its create made.
   */
  settle(id: string): void {
    if (!this.dir) return;
    const named = (x: JournalEntry) => x.id !== undefined && (x.id === id || id.endsWith(`/${x.id}`));
    for (const e of [...this.entries(), ...this.mine].filter(named)) this.remove(e);
  }

  private entries(): JournalEntry[] {
    if (this.loaded) return this.loaded;
    this.loaded = [];
    if (!this.dir) return this.loaded;
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return this.loaded; // no journal yet
    }
    for (const file of files.sort()) {
      try {
        const raw = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as Partial<JournalEntry> & { v?: number };
        if (raw.v !== VERSION || typeof raw.type !== 'string' || typeof raw.identity !== 'string' || typeof raw.startedAt !== 'number') continue;
        if (typeof raw.pid !== 'number' || typeof raw.token !== 'string') continue;
        // A live process's entry is a create in flight (another provider instance), not an interrupted one.
        if (raw.token === this.token || (raw.pid !== process.pid && alive(raw.pid))) continue;
        const entry: JournalEntry = { file, type: raw.type, identity: raw.identity, startedAt: raw.startedAt, pid: raw.pid, token: raw.token };
        if (typeof raw.id === 'string') entry.id = raw.id;
        if (raw.checkpoint && typeof raw.checkpoint === 'object' && !Array.isArray(raw.checkpoint)) entry.checkpoint = raw.checkpoint;
        this.loaded.push(entry);
      } catch {
        // a torn or foreign file: not ours to interpret
      }
    }
    this.loaded.sort((a, b) => a.startedAt - b.startedAt);
    return this.loaded;
  }

  private write(entry: JournalEntry): boolean {
    if (!this.dir) return false;
    const { file, ...rest } = entry;
    try {
      writeRecord(this.dir, file, { v: VERSION, ...rest });
      return true;
    } catch (e) {
      if (!this.warned) {
        this.warned = true;
        this.log.info(
          `cannot keep the create journal in ${this.dir} (${(e as Error).message}): a create interrupted by a crash would not be ` +
            'recognised on the next run. Set OPENAI_IAC_JOURNAL to a writable folder.',
        );
      }
      return false;
    }
  }
}
