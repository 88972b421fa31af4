// A key minted for one run: the default provider (the stack's admin key) mints an admin key, which a second,
// explicit provider uses to make a project. The key is revoked when the run ends; its value reaches no state.
// The function is called by its token: once the SDK is regenerated from the schema it is `openai.mintAdminApiKey`.
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const settings = new pulumi.Config('openai');

interface Minted {
  keyId: string;
  value: string;
}

const minted = pulumi.runtime.invokeOutput<Minted>('openai:index:mintAdminApiKey', { name: 'e2e-run-key', expiresInSeconds: 3600 });

const runKey = new openai.Provider('run-key', { baseUrl: settings.require('baseUrl'), adminApiKey: minted.value });
const project = new openai.Project('made-with-run-key', { name: 'minted-key-project' }, { provider: runKey });

export const keyId = pulumi.unsecret(minted.keyId);
export const projectId = project.id;
