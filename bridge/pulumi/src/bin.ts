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
(require('./serve') as typeof import('./serve'))
  .serve(process.argv.slice(2))
  // The launcher turns on Node's compile cache (NODE_COMPILE_CACHE); the engine kills plugins without letting
  // them exit, so the cache is written now, once the port is out, for the next start to skip compiling.
  .then(() => (require('node:module') as typeof import('node:module')).flushCompileCache?.())
  .catch((e: unknown) => {
    process.stderr.write(`pulumi-resource-openai: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
