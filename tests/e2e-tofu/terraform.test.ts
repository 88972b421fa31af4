// examples/terraform with HashiCorp Terraform, when a `terraform` is on PATH (never required: OpenTofu is the
// tier's engine). Same lifecycle as with OpenTofu; the provider comes from a filesystem mirror via `terraform init`.
import { hclDriver, lifecycle } from './lifecycle';
import { requireTerraform, requireTofu } from './harness';

jest.setTimeout(180_000);

const terraform = requireTerraform();

(terraform ? describe : describe.skip)(
  terraform
    ? `examples/terraform with Terraform ${terraform.version} (${terraform.path}), provider from a filesystem mirror`
    : 'examples/terraform with Terraform: no terraform on PATH, not run',
  () => {
    lifecycle(
      () => ({ engine: terraform!, nodeBin: requireTofu().nodeBin }),
      'mirror',
      () => hclDriver(),
    );
  },
);
