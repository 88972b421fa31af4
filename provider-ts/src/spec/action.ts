// Actions (Terraform >= 1.14 `action "openai_x" "name" { config { … } }`): an operation on OpenAI objects that is
// invoked, not managed. Nothing of it is kept in state. An action is declared next to the resource it acts on
// (`resource`: its key kind and the wording of its errors); its `properties` are checked by the core's
// checkObject, so bad input fails before any request with an error naming the property, as a resource's does.
import type { Props, InputsOf } from './define';
import { PACKAGE } from './names';
import type { Failure, HandlerContext, Inputs, PropertySpec, ResourceSpec, ValueObject } from './types';

/** An action as the registry holds it (types erased, as a resource's). */
export interface ActionSpec {
  /** snake_case; the Terraform type is `openai_<name>`. */
  readonly name: string;
  readonly description: string;
  /** The resource it acts on: the key kind (project or admin) and the errors' wording come from it. */
  readonly resource: ResourceSpec;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** Cross-property rules, once every value is known. */
  readonly refine?: (inputs: ValueObject) => Failure[];
  /** Runs the action; `ctx.progress` lines reach the engine as progress events. */
  invoke(ctx: HandlerContext, inputs: Inputs): Promise<void>;
}

interface ActionDefinition<P extends Props> {
  name: string;
  description: string;
  resource: ResourceSpec;
  properties: P;
  refine?: (inputs: ValueObject) => Failure[];
  invoke(ctx: HandlerContext, inputs: InputsOf<P>): Promise<void>;
}

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Declares an action: checks its names; every property is an input (an action has no state). */
export function defineAction<P extends Props>(def: ActionDefinition<P>): ActionSpec {
  if (!SNAKE.test(def.name)) throw new Error(`action spec: name '${def.name}' is not snake_case`);
  for (const [name, prop] of Object.entries(def.properties)) {
    if (!SNAKE.test(name)) throw new Error(`action spec ${def.name}: property '${name}' is not snake_case`);
    if (prop.input === 'output') throw new Error(`action spec ${def.name}.${name}: an action has no outputs`);
  }
  // Erasure, as defineResource's: the core invokes only with inputs it checked against these very properties.
  return def as unknown as ActionSpec;
}

/** The Terraform type of an action: `openai_<name>`. */
export function actionTypeName(action: Pick<ActionSpec, 'name'>): string {
  return `${PACKAGE}_${action.name}`;
}
