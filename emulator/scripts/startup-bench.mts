// Start-up of the emulator CLI as a user's CI sees it, median of N runs (milliseconds):
//   listening  spawn → the "listening on" line (the contract is loaded before it);
//   first      + the first validated round trip (create a vector store, read it back: Ajv compiles lazily);
// beside a bare `node -e` printing a line. Several CLIs (e.g. before and after a change) run in interleaved rounds.
//   node emulator/scripts/startup-bench.mts [runs, default 10] [cli ..., default emulator/dist/cli.js]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const runs = Number(process.argv[2] ?? 10);
const clis = process.argv.length > 3 ? process.argv.slice(3) : ['emulator/dist/cli.js'];

interface Sample {
  listening: number;
  first: number;
}

async function once(args: string[], roundTrip: boolean): Promise<Sample> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before its first line`)));
  });
  const listening = performance.now() - start;
  let first = listening;
  if (roundTrip) {
    const url = /listening on (\S+)/.exec(line)?.[1];
    const key = /project_key=(\S+)/.exec(line)?.[1];
    if (!url || !key) throw new Error(`unexpected first line: ${line}`);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const created = await fetch(`${url}/vector_stores`, { method: 'POST', headers, body: JSON.stringify({ name: 'bench' }) });
    const { id } = (await created.json()) as { id: string };
    const read = await fetch(`${url}/vector_stores/${id}`, { headers });
    if (read.status !== 200) throw new Error(`read back: ${read.status}`);
    first = performance.now() - start;
  }
  child.kill('SIGKILL');
  return { listening, first };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const candidates: { label: string; args: string[]; roundTrip: boolean }[] = [
  { label: 'node -e (bare, prints a line)', args: ['-e', 'console.log(0)'], roundTrip: false },
  ...clis.map((cli) => ({ label: `${cli} --port 0`, args: [cli, '--port', '0', '--quiet'], roundTrip: true })),
];
for (const c of candidates) await once(c.args, c.roundTrip); // warm the file cache
const samples = candidates.map((): Sample[] => []);
for (let i = 0; i < runs; i++) {
  for (const [n, c] of candidates.entries()) samples[n]?.push(await once(c.args, c.roundTrip));
}
console.log(`node ${process.version}; ${runs} interleaved rounds, medians`);
for (const [n, c] of candidates.entries()) {
  const s = samples[n] ?? [];
  const l = median(s.map((x) => x.listening)).toFixed(0);
  const f = c.roundTrip ? median(s.map((x) => x.first)).toFixed(0) : '-';
  console.log(`${c.label.padEnd(48)} listening ${l.padStart(4)} ms   first round trip ${f.padStart(4)} ms`);
}
