// The provider's first module (bin.ts imports it before anything else, so this runs before the rest of the
// bundle is set up): a Node.js older than 22 stops here with one line saying so. The line goes to stdout as well
// as stderr: Terraform and OpenTofu show the plugin's first stdout line to the user ("Unrecognized remote plugin
// message: …"), while stderr only reaches their TF_LOG. Written synchronously: the process exits right after.
import { writeSync } from 'node:fs';

export const MIN_NODE = 22;

/** The line for a Node too old to run the provider, or undefined when `version` (process.version) will do. */
export function nodeTooOld(version: string, execPath: string): string | undefined {
  if (Number(/^v?(\d+)/.exec(version)?.[1] ?? 0) >= MIN_NODE) return undefined;
  return (
    `terraform-provider-openai: needs Node.js ${MIN_NODE} or later, found ${version} at ${execPath}; ` +
    `put Node.js ${MIN_NODE} or later on PATH or in OPENAI_IAC_NODE, or, for the repository's filesystem mirror, ` +
    "run make terraform-mirror (or examples/terraform/mirror.sh) again: it pins the project's Node 24"
  );
}

const line = nodeTooOld(process.version, process.execPath);
if (line !== undefined) {
  for (const fd of [1, 2]) {
    try {
      writeSync(fd, `${line}\n`);
    } catch {
      // a closed stream: the other one may still reach someone
    }
  }
  process.exit(1);
}
