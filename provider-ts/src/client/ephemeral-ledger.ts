// The ephemeral ledger: what lets a run that was killed still close what its ephemeral resources opened.
//
// An ephemeral resource (a key minted for one run) is closed by the engine at the end of the run. A run killed
// before that (SIGKILL, a CI job cancelled, a machine lost) leaves the key alive, and nothing in any state names
// it. So when an open succeeds, one small file is written beside the create journal (its `ephemeral/` folder)
// holding what closing needs — the type and the close data, ids only, never a secret — and the process that
// opened it; the close removes it, from whichever process closes. The next open in that working directory finds
// the files of processes that are no longer running and closes what they opened before it opens anything itself.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../spec/diff';
import type { JsonObject } from '../spec/types';
import { alive, writeRecord } from './journal';
import type { Log } from './transport';

const VERSION = 1;

interface LeftOpen {
  readonly file: string;
  readonly type: string;
  readonly close: JsonObject;
  readonly pid: number;
  readonly openedAt: number;
}

export class EphemeralLedger {
  private readonly token = randomBytes(8).toString('hex');
  private warned = false;

  /** `dir` null: no ledger (a killed run's keys then stay alive until revoked by hand). */
  constructor(
    readonly dir: string | null,
    private readonly log: Log,
  ) {}

  /** Records what an open made, until it is closed. */
  opened(type: string, close: JsonObject): void {
    if (!this.dir) return;
    const file = `${type}-${randomBytes(6).toString('hex')}.json`;
    try {
      writeRecord(this.dir, file, { v: VERSION, type, close, pid: process.pid, token: this.token, openedAt: Date.now() });
    } catch (e) {
      if (this.warned) return;
      this.warned = true;
      this.log.info(
        `cannot keep the ephemeral ledger in ${this.dir} (${(e as Error).message}): what a killed run opens would stay open. ` +
          'Set OPENAI_IAC_JOURNAL to a writable folder.',
      );
    }
  }

  /** Forgets every record of this close (whichever process opened it). */
  closed(type: string, close: JsonObject): void {
    const key = canonicalJson(close);
    for (const e of this.entries(true)) if (e.type === type && canonicalJson(e.close) === key) this.forget(e);
  }

  /** What processes no longer running opened and never closed, the oldest first. */
  leftOpen(): LeftOpen[] {
    return this.entries(false);
  }

  forget(e: LeftOpen): void {
    if (this.dir) rmSync(join(this.dir, e.file), { force: true });
  }

  /** The records in the folder: all of them, or only those of processes that ended. */
  private entries(all: boolean): LeftOpen[] {
    if (!this.dir) return [];
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    const out: LeftOpen[] = [];
    for (const file of files) {
      try {
        const raw = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as Partial<LeftOpen> & { v?: number; token?: string };
        if (raw.v !== VERSION || typeof raw.type !== 'string' || typeof raw.pid !== 'number' || typeof raw.openedAt !== 'number') continue;
        if (!raw.close || typeof raw.close !== 'object' || Array.isArray(raw.close)) continue;
        // As the create journal: a live process's record is still open; in this very process, only another instance's is left.
        if (!all && (raw.token === this.token || (raw.pid !== process.pid && alive(raw.pid)))) continue;
        out.push({ file, type: raw.type, close: raw.close, pid: raw.pid, openedAt: raw.openedAt });
      } catch {
        // a torn or foreign file: not ours to interpret
      }
    }
    return out.sort((a, b) => a.openedAt - b.openedAt);
  }
}
