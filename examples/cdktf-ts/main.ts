// The example stack (the same as examples/simple) with CDK for Terraform: a file, a vector store over it (with
// expiry and metadata), an assistant that uses both (code_interpreter over the file, file_search over the
// store), and a project (needs the admin key).
//
// `node main.ts` (what `cdktf synth` runs, see cdktf.json) writes cdktf.out/stacks/simple/cdk.tf.json; plan and
// apply it with OpenTofu or Terraform in that folder. Settings come from the context (cdktf.json "context", or
// CDKTF_CONTEXT_JSON as the cdktf CLI passes it); keys only from the environment of `tofu plan/apply`
// (OPENAI_API_KEY, OPENAI_ADMIN_KEY), never from the stack, so the synthesized files hold no secret.
import { App, AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import * as openai from '@openai-iac/cdktf-provider-openai';

/** Context keys this stack reads (all optional). */
export interface SimpleStackContext {
  /** API base URL, e.g. the emulator's http://127.0.0.1:8787/v1; default: OPENAI_BASE_URL, else api.openai.com. */
  baseUrl?: string;
  vectorStoreName?: string;
  model?: string;
  projectName?: string;
  /** Data residency of the project (create-only: a change replaces the project). */
  projectResidency?: string;
  /** Adopt an existing vector store into the stack (an `import` block) instead of creating one. */
  importVectorStoreId?: string;
}

export class SimpleStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const context = (key: keyof SimpleStackContext): string | undefined => {
      const value: unknown = this.node.tryGetContext(key);
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const stackTag = { stack: `cdktf-${id}` };

    new openai.provider.OpenaiProvider(this, 'openai', { baseUrl: context('baseUrl') });

    // The handbook is copied into the synthesized stack (assets/…) and uploaded from there; a change of its
    // content replaces the file (its sha256 is tracked).
    const handbookFile = new TerraformAsset(this, 'handbook-md', {
      path: new URL('../simple/data/handbook.md', import.meta.url).pathname,
      type: AssetType.FILE,
    });
    const handbook = new openai.file.File(this, 'handbook', {
      source: handbookFile.path,
      purpose: 'assistants',
    });

    const docs = new openai.vectorStore.VectorStore(this, 'docs', {
      name: context('vectorStoreName') ?? 'support-docs',
      fileIds: [handbook.id],
      expiresAfter: { anchor: 'last_active_at', days: 7 },
      metadata: { ...stackTag, team: 'support' },
    });
    const importId = context('importVectorStoreId');
    if (importId !== undefined) docs.importFrom(importId);

    const tutor = new openai.assistant.Assistant(this, 'tutor', {
      name: 'Math Tutor',
      model: context('model') ?? 'gpt-4o',
      instructions: 'You are a personal math tutor. Write and run code to answer math questions.',
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      toolResources: {
        codeInterpreter: { fileIds: [handbook.id] },
        fileSearch: { vectorStoreIds: [docs.id] },
      },
      metadata: stackTag,
    });

    const team = new openai.project.Project(this, 'team', {
      name: context('projectName') ?? 'openai-iac-demo',
      residency: context('projectResidency'),
    });

    new TerraformOutput(this, 'file_id', { value: handbook.id });
    new TerraformOutput(this, 'vector_store_id', { value: docs.id });
    new TerraformOutput(this, 'vector_store_status', { value: docs.status });
    new TerraformOutput(this, 'assistant_id', { value: tutor.id });
    new TerraformOutput(this, 'project_id', { value: team.id });
  }
}

const app = new App();
new SimpleStack(app, 'simple');
app.synth();
