// pulumi-resource-openai: the plugin the Pulumi engine starts as
//   pulumi-resource-openai [--logtostderr] [-v=N] [--tracing <endpoint>] <engine address>
// The first line of stdout is the port it serves on; nothing is printed before it, everything else goes to
// stderr or to the engine's log.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `pulumi-resource-openai needs Node.js 22 or newer, but ${process.execPath} is ${process.version}. ` +
      'Put a newer node first on PATH or set OPENAI_IAC_NODE to one.\n',
  );
  process.exit(1);
}
// OPENAI_IAC_USAGE_LOG=<file>: one JSON line per plugin process at its end (CPU, peak memory, wall time), for
// `make bench` and anyone measuring what the plugin costs a run. Nothing is written without it. The engine ends
// the plugin with SIGINT, which serve's handlers re-raise once the run's mint keys are closed: the line is written
// at the first signal (a once-listener, gone before the re-raise) or at an exit.
const usageLog = process.env['OPENAI_IAC_USAGE_LOG'];
if (usageLog) {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const u = process.resourceUsage();
    const line = {
      plugin: 'pulumi-resource-openai',
      pid: process.pid,
      cpu_ms: (u.userCPUTime + u.systemCPUTime) / 1000,
      max_rss_kib: u.maxRSS,
      exec_argv: process.execArgv,
      wall_ms: Math.round(process.uptime() * 1000),
    };
    (require('node:fs') as typeof import('node:fs')).appendFileSync(usageLog, `${JSON.stringify(line)}\n`);
  };
  process.on('exit', write);
  process.once('SIGINT', write);
  process.once('SIGTERM', write);
}
(require('./serve') as typeof import('./serve'))
  .serve(process.argv.slice(2))
  // The launcher turns on Node's compile cache (NODE_COMPILE_CACHE); the engine kills plugins without letting
  // them exit, so the cache is written now, once the port is out, for the next start to skip compiling.
  .then(() => (require('node:module') as typeof import('node:module')).flushCompileCache?.())
  .catch((e: unknown) => {
    process.stderr.write(`pulumi-resource-openai: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
