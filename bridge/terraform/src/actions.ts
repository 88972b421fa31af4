// Actions (protocol 6.10+, Terraform >= 1.14): `action "openai_x" "name" { config { … } }`, invoked by
// `terraform apply -invoke=action.openai_x.name` or by a resource's `lifecycle { action_trigger { … } }`.
// Every action of the core's registry is served the same way: its schema is its properties, ValidateActionConfig and
// PlanAction are the core's checks (errors name the attribute, before any request), InvokeAction streams the core's
// progress lines and ends with one Completed event carrying the diagnostics (none on success).
import { actionTypeName, resourceNames, type ActionSpec, type Failure, type Provider } from '@openai-iac/core';
import { errorDiagnostics, failureDiagnostic, type Diagnostic } from './diagnostics';
import { decodeDynamic, isCtyObject, type CtyType, type DynamicValue } from './msgpack';
import { blockType, schemaMessage, type Block, type SchemaMessage } from './schema';
import { toCoreObject } from './values';

type Dv = DynamicValue | null | undefined;

interface Served {
  action: ActionSpec;
  block: Block;
  type: CtyType;
}

/** One event of InvokeAction's stream. */
export type ActionEvent = { progress: { message: string } } | { completed: { diagnostics: Diagnostic[] } };

export class ActionServer {
  private readonly served = new Map<string, Served>();

  constructor(
    private readonly provider: Provider,
    private readonly hooks: () => { signal: AbortSignal },
  ) {
    for (const action of provider.registry.actions) {
      const block: Block = action.properties;
      this.served.set(actionTypeName(action), { action, block, type: blockType(block) });
    }
  }

  metadata(): { type_name: string }[] {
    return [...this.served.keys()].map((type_name) => ({ type_name }));
  }

  schemas(): Record<string, { schema: SchemaMessage }> {
    const out: Record<string, { schema: SchemaMessage }> = {};
    for (const [type, s] of [...this.served].sort(([a], [b]) => a.localeCompare(b)))
      out[type] = { schema: schemaMessage(s.block, s.action.description) };
    return out;
  }

  async validate(req: { type_name: string; config: Dv }): Promise<{ diagnostics: Diagnostic[] }> {
    const s = this.served.get(req.type_name);
    if (!s) return { diagnostics: [this.unknown(req.type_name)] };
    return { diagnostics: this.check(s, req.config).diagnostics };
  }

  /** The checks again (with what is known by now), and the key the action will use, proven once per process. */
  async plan(req: { action_type: string; config: Dv }): Promise<{ diagnostics: Diagnostic[] }> {
    const s = this.served.get(req.action_type);
    if (!s) return { diagnostics: [this.unknown(req.action_type)] };
    const { diagnostics } = this.check(s, req.config);
    if (diagnostics.length > 0) return { diagnostics };
    const keys = await this.provider.keyFailures(s.action.resource.name, {});
    return { diagnostics: keys.map((f) => failureDiagnostic(s.block, f, 'OpenAI key')) };
  }

  async invoke(req: { action_type: string; config: Dv }, emit: (event: ActionEvent) => void): Promise<void> {
    const s = this.served.get(req.action_type);
    if (!s) return emit({ completed: { diagnostics: [this.unknown(req.action_type)] } });
    const { raw, diagnostics } = this.check(s, req.config);
    if (diagnostics.length > 0) return emit({ completed: { diagnostics } });
    try {
      await this.provider.invokeAction(s.action.name, raw, { ...this.hooks(), progress: (message) => emit({ progress: { message } }) });
      emit({ completed: { diagnostics: [] } });
    } catch (e) {
      const what = `Cannot run ${req.action_type}`;
      emit({ completed: { diagnostics: errorDiagnostics(s.block, e, what, (t) => this.provider.scrub(t)) } });
    }
  }

  private check(s: Served, config: Dv): { raw: ReturnType<typeof toCoreObject>; diagnostics: Diagnostic[] } {
    const failures: Failure[] = [];
    const decoded = decodeDynamic(config, s.type);
    const raw = toCoreObject(s.block, isCtyObject(decoded) ? decoded : {}, failures);
    const checked = this.provider.checkAction(s.action.name, raw);
    const what = `action ${actionTypeName(s.action)} (acts on ${resourceNames(s.action.resource).terraformType})`;
    return { raw, diagnostics: [...failures, ...checked.failures].map((f) => failureDiagnostic(s.block, f, what)) };
  }

  private unknown(type: string): Diagnostic {
    return {
      severity: 'ERROR',
      summary: `Unknown action type ${type}`,
      detail: `This provider has: ${[...this.served.keys()].join(', ') || 'none'}.`,
    };
  }
}
