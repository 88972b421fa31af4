// terraform-provider-openai: the process Terraform and OpenTofu start. The first stdout line is the handshake;
// everything else goes to stderr, which the host keeps in its log (TF_LOG). A Node.js too old for the provider
// stops in ./node-version (imported first), with its reason on stdout, where the host shows it to the user.
import './node-version';
import { flushCompileCache } from 'node:module';
import { HandshakeError, readHandshake } from './handshake';
import { servePlugin } from './plugin';

// OPENAI_IAC_USAGE_LOG=<file>: one JSON line per plugin process at its exit (CPU, peak memory, wall time), for
// `make bench` and anyone measuring what the plugin costs a run. Nothing is written without it.
const usageLog = process.env['OPENAI_IAC_USAGE_LOG'];
if (usageLog) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    const line = {
      plugin: 'terraform-provider-openai',
      pid: process.pid,
      cpu_ms: (u.userCPUTime + u.systemCPUTime) / 1000,
      max_rss_kib: u.maxRSS,
      exec_argv: process.execArgv,
      wall_ms: Math.round(process.uptime() * 1000),
    };
    (require('node:fs') as typeof import('node:fs')).appendFileSync(usageLog, `${JSON.stringify(line)}\n`);
  });
}

async function main(): Promise<void> {
  const log = (line: string) => void process.stderr.write(`terraform-provider-openai: ${line}\n`);
  const host = process.ppid;
  try {
    const handshake = readHandshake(process.env);
    // An interrupt reaches the host's whole process group; the host itself stops providers (StopProvider, Shutdown).
    process.on('SIGINT', () => log('interrupt received; waiting for the host to stop the provider'));
    const running = await servePlugin({
      handshake,
      provider: () => (require('./server') as typeof import('./server')).createProviderServer(process.env, undefined, true),
      onShutdown: () => process.exit(0),
      log,
    });
    process.stdout.write(`${running.line}\n`);
    // A host that dies without calling Shutdown leaves no one to stop the plugin: it exits with its host.
    setInterval(() => process.ppid !== host && process.exit(0), 1000).unref();
    // The launcher turns Node's compile cache on (NODE_COMPILE_CACHE); the host kills plugins, so it is
    // written now rather than at an exit that never comes.
    flushCompileCache?.();
  } catch (e) {
    process.stderr.write(`${e instanceof HandshakeError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  }
}

void main();
