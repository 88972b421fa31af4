// The fault suite's stack: one description, rendered for both engines — a JSON file the Pulumi program
// (tests/e2e/programs/reliability) builds its resources from, and a Terraform JSON configuration (main.tf.json).
//
// A group is fifteen resources of every kind the suite covers: files, a vector store over one of them, a store
// with a separate vector_store_file and one with a vector_store_file_batch, an assistant, a thread with a message,
// a conversation, a container, a project and its service account. The second group of every three carries its own `api_key`
// (a key bound to a second project) on every project resource. Every declared resource has an identity of its own
// in the API (a name, a file name, a metadata value or a message text carrying the resource's name), so the emulator's
// objects can be told apart per declared resource: that is how duplicates and orphans are counted.

/** A reference to another declared resource's id. */
export interface Ref {
  $ref: string;
}
/** A secret from the stack's configuration (Pulumi config secret / Terraform sensitive variable). */
export interface Secret {
  $secret: string;
}
/** A JSON-typed property's value: an object for Pulumi, `jsonencode`d for Terraform; its keys are never renamed. */
export interface Json {
  $json: unknown;
}
export type PropValue = string | number | boolean | Ref | Secret | Json | PropValue[] | { [k: string]: PropValue };

export interface Decl {
  /** The registry's name: file, vector_store … */
  type: string;
  /** The engine's resource name (Pulumi) and Terraform's resource label: unique in the stack. */
  name: string;
  props: Record<string, PropValue>;
}

/** The API offers no way to find these by what was sent: a lost create cannot be looked up. */
export const UNFINDABLE = new Set(['thread', 'conversation', 'vector_store_file_batch']);

/** Per-resource keys: the config secret every keyed group's resources name. */
export const KEY_SECRET = 'key_other';

const ref = (name: string): Ref => ({ $ref: name });

/** The declared resources of a stack of `groups` groups (15 each), dependencies first. */
export function describeStack(groups: number): Decl[] {
  const out: Decl[] = [];
  for (let g = 0; g < groups; g++) {
    const keyed = g % 3 === 1;
    const key = (props: Record<string, PropValue>): Record<string, PropValue> => (keyed ? { ...props, api_key: { $secret: KEY_SECRET } } : props);
    const meta = (name: string) => ({ suite: 'reliability', decl: name });
    const add = (type: string, name: string, props: Record<string, PropValue>, admin = false) =>
      out.push({ type, name, props: admin ? props : key(props) });
    add('file', `notes_${g}`, { content: `notes of group ${g}\n`, filename: `notes_${g}.md`, purpose: 'assistants' });
    add('file', `doc_${g}`, { content: `doc of group ${g}\n`, filename: `doc_${g}.md`, purpose: 'assistants' });
    add('file', `page_${g}`, { content: `page of group ${g}\n`, filename: `page_${g}.md`, purpose: 'assistants' });
    add('vector_store', `store_${g}`, { name: `store_${g}`, file_ids: [ref(`notes_${g}`)], metadata: meta(`store_${g}`) });
    add('vector_store', `shelf_${g}`, { name: `shelf_${g}`, metadata: meta(`shelf_${g}`) });
    add('vector_store_file', `shelf_doc_${g}`, {
      vector_store_id: ref(`shelf_${g}`),
      file_id: ref(`doc_${g}`),
      attributes: { decl: `shelf_doc_${g}` },
    });
    add('vector_store', `bin_${g}`, { name: `bin_${g}`, metadata: meta(`bin_${g}`) });
    add('vector_store_file_batch', `bin_batch_${g}`, { vector_store_id: ref(`bin_${g}`), file_ids: [ref(`page_${g}`)] });
    add('assistant', `assistant_${g}`, {
      name: `assistant_${g}`,
      model: 'gpt-4o',
      instructions: `Answer questions about group ${g}.`,
      tools: [{ type: 'file_search' }],
      tool_resources: { file_search: { vector_store_ids: [ref(`store_${g}`)] } },
      metadata: meta(`assistant_${g}`),
    });
    add('thread', `thread_${g}`, { metadata: meta(`thread_${g}`) });
    add('message', `message_${g}`, { thread_id: ref(`thread_${g}`), role: 'user', content: `message_${g}: hello`, metadata: meta(`message_${g}`) });
    add('conversation', `conversation_${g}`, { metadata: meta(`conversation_${g}`) });
    add('container', `container_${g}`, { name: `container_${g}` });
    add('project', `project_${g}`, { name: `project_${g}` }, true);
    add('project_service_account', `robot_${g}`, { project_id: ref(`project_${g}`), name: `robot_${g}` }, true);
  }
  return out;
}

/** Terraform JSON: `${openai_<type>.<name>.id}` for a reference, `${var.<name>}` for a secret, a JSON value as its text. */
function hclValue(v: PropValue, decls: Map<string, Decl>): unknown {
  if (Array.isArray(v)) return v.map((x) => hclValue(x, decls));
  if (typeof v === 'object') {
    if ('$ref' in v && typeof v.$ref === 'string') return `\${openai_${decls.get(v.$ref)!.type}.${v.$ref}.id}`;
    if ('$secret' in v && typeof v.$secret === 'string') return `\${var.${v.$secret}}`;
    if ('$json' in v) return JSON.stringify(v.$json);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hclValue(x as PropValue, decls)]));
  }
  return v;
}

/** main.tf.json for the stack; `attributes` of a vector_store_file is a JSON value (jsonencode). */
export function renderTerraform(decls: Decl[], provider: Record<string, unknown>): string {
  const byName = new Map(decls.map((d) => [d.name, d]));
  const resource: Record<string, Record<string, unknown>> = {};
  for (const d of decls) {
    const body = hclValue(d.props, byName) as Record<string, unknown>;
    if (d.type === 'vector_store_file' && body['attributes'] !== undefined)
      body['attributes'] = `\${jsonencode(${JSON.stringify(body['attributes'])})}`;
    (resource[`openai_${d.type}`] ??= {})[d.name] = body;
  }
  const config = {
    terraform: { required_providers: { openai: { source: 'openai-iac/openai' } } },
    variable: { [KEY_SECRET]: { type: 'string', sensitive: true } },
    provider: { openai: provider },
    resource,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
