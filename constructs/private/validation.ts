/**
 * Construct validations in the real synth. Constructs check their own invariants where the types
 * cannot (`node.addValidation`), but synthesize() runs cdktf with skipValidation (see
 * delivery-app.ts), which skips them too: this pass runs them, stack by stack, as cdktf's
 * TerraformStack.runAllValidations does, without cdktf's own Terraform-version checks, which run
 * `terraform version` (a backend's: the cloud block needs >= 1.1).
 */
import type { IConstruct } from "constructs";
import { TerraformBackend } from "./cdktf";

/** Broken construct invariants: a bug of this program, not a problem of the catalogue. */
export class ConstructValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConstructValidationError";
  }
}

/**
 * Every validation error of the constructs in a stack (the stack's own included: cdktf's check
 * that it declares its providers), as `<construct path>: <error>`. A backend's validations are
 * cdktf's Terraform-version checks: left out.
 */
export function constructProblems(stack: IConstruct): string[] {
  return stack.node
    .findAll()
    .filter((c) => !TerraformBackend.isBackend(c))
    .flatMap((c) =>
      c.node.validate().map((error) => `${c.node.path}: ${error}`),
    );
}
