import { TerraformElement } from "./private/cdktf";
import { Construct, IConstruct } from "constructs";

/** Terraform's first version with `removed` blocks. */
export const REMOVED_BLOCK_TERRAFORM = ">= 1.7";

export interface RemovedBlockProps {
  /** The address Terraform forgets, `<type>.<name>` (see resourceAddress). */
  readonly from: string;
}

/**
 * A Terraform `removed` block with `lifecycle { destroy = false }`: Terraform forgets the
 * resource at `from` without destroying it, and does nothing when its state has no such
 * resource. The resource must no longer be in the configuration. cdktf 0.21 has no class for
 * it; in JSON syntax it is a top-level `removed` list, which the stack merges from every block.
 * Needs Terraform 1.7 or later, which the block states as the stack's `required_version`.
 * https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
export class RemovedBlock extends TerraformElement {
  readonly from: string;

  constructor(scope: Construct, id: string, props: RemovedBlockProps) {
    super(scope, id);
    this.from = props.from;
  }

  toTerraform(): unknown {
    return {
      removed: [{ from: this.from, lifecycle: { destroy: false } }],
      terraform: { required_version: REMOVED_BLOCK_TERRAFORM },
    };
  }

  /**
   * cdktf's HCL writer knows no `removed` block (and renders a `required_version` as
   * `0 = "required_version"`): nothing here; withRemovedBlocks writes both (hcl()).
   */
  toHclTerraform(): unknown {
    return {};
  }

  /** The block in HCL syntax. */
  hcl(): string {
    return `removed {\n  from = ${this.from}\n  lifecycle {\n    destroy = false\n  }\n}\n`;
  }
}

/**
 * A stack's HCL with the `removed` blocks of its constructs appended and the Terraform version
 * they need stated (cdktf's HCL writer renders neither: RemovedBlock.toHclTerraform).
 */
export function withRemovedBlocks(stack: IConstruct, hcl: string): string {
  const removed = stack.node
    .findAll()
    .filter((c): c is RemovedBlock => c instanceof RemovedBlock);
  if (removed.length === 0) return hcl;
  const required = hcl.replace(
    /^terraform \{\n/m,
    `terraform {\n  required_version = "${REMOVED_BLOCK_TERRAFORM}"\n`,
  );
  return `${required}\n\n${removed.map((block) => block.hcl()).join("\n")}`;
}
