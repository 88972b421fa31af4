// Log lines for the user, through the engine's Log RPC: attached to the resource being worked on, so they show
// under it in `pulumi up`, with the core's names in Pulumi's spelling (camelCase). Progress is ephemeral (the
// status column); without an engine, lines go to stderr.
import { AsyncLocalStorage } from 'node:async_hooks';
import { spellNames, type Log } from '@openai-iac/core';
import { enginepb, enginerpc, grpc } from './proto';

type EngineClient = InstanceType<typeof enginerpc.EngineClient>;

export class EngineLog {
  private client: EngineClient | undefined;
  /** The URN of the resource the current RPC works on. */
  private readonly resource = new AsyncLocalStorage<string>();

  constructor(private readonly debugEnabled: boolean) {}

  /** Sends further lines to the engine at `address` (from the command line, Handshake or Attach). */
  connect(address: string): void {
    if (!address) return;
    this.client?.close();
    this.client = new enginerpc.EngineClient(address, grpc.credentials.createInsecure());
  }

  /** Runs `body` with `urn` as the resource that log lines written meanwhile belong to. */
  within<T>(urn: string, body: () => T): T {
    return this.resource.run(urn, body);
  }

  /** An info line on the current resource; `ephemeral` lines show in the status column and are not kept. */
  write(text: string, ephemeral = false): void {
    const message = spellNames(text, 'pulumi');
    const client = this.client;
    if (!client) {
      process.stderr.write(`openai-iac: ${message}\n`);
      return;
    }
    const req = new enginepb.LogRequest()
      .setSeverity(enginepb.LogSeverity.INFO)
      .setMessage(message)
      .setUrn(this.resource.getStore() ?? '')
      .setEphemeral(ephemeral);
    client.log(req, (err) => {
      if (err) process.stderr.write(`openai-iac: ${message}\n`);
    });
  }

  /**
   * A warning on the current resource, resolved once the engine has it (or, failing that, stderr has it): for what
   * must reach the user before the plugin exits.
   */
  warn(text: string): Promise<void> {
    const message = spellNames(text, 'pulumi');
    const client = this.client;
    if (!client) {
      process.stderr.write(`openai-iac: warning: ${message}\n`);
      return Promise.resolve();
    }
    const req = new enginepb.LogRequest()
      .setSeverity(enginepb.LogSeverity.WARNING)
      .setMessage(message)
      .setUrn(this.resource.getStore() ?? '');
    return new Promise((resolve) =>
      client.log(req, new grpc.Metadata(), { deadline: Date.now() + 1000 }, (err) => {
        if (err) process.stderr.write(`openai-iac: warning: ${message}\n`);
        resolve();
      }),
    );
  }

  /** The log the core writes to: notices as info, debug lines (PULUMI_OPENAI_DEBUG=1) as info marked `debug:`. */
  get core(): Log {
    return {
      info: (m) => this.write(m),
      debug: this.debugEnabled ? (m) => this.write(`debug: ${m}`) : () => {},
    };
  }
}
