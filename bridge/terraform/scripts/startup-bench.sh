#!/usr/bin/env bash
# Start-up time of terraform-provider-openai as Terraform sees it: spawn → handshake line on stdout (with a
# client certificate, so the TLS set-up is measured too), median of RUNS runs (default 10), beside a bare
# `node -e 0` on the same Node. Usage: bridge/terraform/scripts/startup-bench.sh [path/to/terraform-provider-openai]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
bin="${1:-$root/bin/terraform-provider-openai}"
[ -x "$bin" ] || { echo "no provider at $bin: run make build-terraform first" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
PLUGIN_CLIENT_CERT="$(cat "$tmp/cert.pem")" node - "$bin" "${RUNS:-10}" <<'JS'
const { spawn } = require('node:child_process');
const [bin, runs] = [process.argv[2], Number(process.argv[3])];
const env = { ...process.env, TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_PROTOCOL_VERSIONS: '6' };
function once(cmd, args, untilLine) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const done = () => resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    if (untilLine) {
      child.stdout.once('data', () => { done(); child.kill('SIGKILL'); });
    } else child.on('exit', done);
    child.on('error', reject);
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
(async () => {
  await once(bin, [], true); // warm the file cache and Node's compile cache
  const provider = [], bare = [];
  for (let i = 0; i < runs; i++) {
    provider.push(await once(bin, [], true));
    bare.push(await once(process.execPath, ['-e', '0'], false));
  }
  const f = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`terraform-provider-openai spawn → handshake: ${f(provider)} over ${runs} runs`);
  console.log(`node -e 0 (${process.version}):              ${f(bare)}`);
})();
JS
