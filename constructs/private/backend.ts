/** Where an AWS stack keeps its state: a local file, or its Terraform Cloud workspace. */
import type { StatePlan } from "../../plan/stacks";
import {
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  TerraformStack,
} from "./cdktf";

/** Where a stack keeps its state: its workspace (plan/stacks.ts), or a local file. */
export type StateProps =
  | {
      readonly kind: "local";
      /** State file path, relative to the stack's directory (where terraform runs). */
      readonly path: string;
    }
  | Extract<StatePlan, { kind: "cloud" }>;

/** The stack's backend, as `state` says. */
export function addBackend(stack: TerraformStack, state: StateProps): void {
  if (state.kind === "cloud")
    new CloudBackend(stack, {
      hostname: state.hostname,
      organization: state.organization,
      workspaces: new ProjectCloudWorkspace(state.workspace, state.project),
    });
  else new LocalBackend(stack, { path: state.path });
}

/**
 * A named workspace whose `project` also reaches the HCL output: cdktf 0.21 writes it to
 * cdk.tf.json but drops it from `cdktf synth --hcl`, which would move the workspace to the
 * organization's default project.
 * https://developer.hashicorp.com/terraform/cli/cloud/settings#workspaces
 */
class ProjectCloudWorkspace extends NamedCloudWorkspace {
  toHclTerraform(): Record<string, unknown> {
    return {
      ...super.toHclTerraform(),
      ...(this.project !== undefined && {
        project: {
          value: this.project,
          type: "simple",
          storageClassType: "string",
        },
      }),
    };
  }
}
