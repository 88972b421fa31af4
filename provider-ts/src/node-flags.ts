/**
 * The Node.js flags both plugins run with: their launchers (bin/) put them on node's command line and the single
 * executables (`make dist`) carry them as the SEA's `execArgv`. Set at run time (`v8.setFlagsFromString`) they
 * have no effect: V8 sizes its heap before the first line of the bundle runs.
 *
 * `--max-semi-space-size=2` (MiB; V8's default grows it to 16 or more): a plugin serves many small requests, and
 * almost everything it allocates dies young. With large semi-spaces V8 lets that garbage grow to well over a
 * hundred MiB before it collects it (heap snapshots after a full GC hold 27–30 MiB live at 600 resources);
 * small ones collect it early, at a cost in scavenges docs/BENCHMARKS.md measures. The old space is left
 * uncapped: a file upload or a large listing must never end in an out-of-memory crash.
 * Plain words only: the launchers put them unquoted on a sh command line.
 */
export const PLUGIN_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
