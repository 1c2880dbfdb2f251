import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Construct } from "constructs";
import {
  AWS_AUTH_VARIABLE,
  AWS_ROLE_VARIABLE,
  WorkspacePlan,
  WorkspacesPlan,
} from "../plan/workspaces";

export interface StackWorkspaceProps {
  /** The workspaces stack's plan: organization, Terraform version, AWS role. */
  readonly plan: WorkspacesPlan;
  readonly workspace: WorkspacePlan;
  /** The project's id, when the workspaces are in one. */
  readonly projectId?: string;
}

/**
 * The Terraform Cloud workspace of one stack: CLI-driven (no VCS repository: `terraform apply`
 * in the stack's directory uploads the configuration), runs remotely with a pinned Terraform
 * version, and assumes the catalogue's AWS role through dynamic credentials. Its id is the
 * stack's name, so its addresses never depend on the catalogue's order.
 */
export class StackWorkspace extends Construct {
  readonly workspace: Workspace;

  constructor(scope: Construct, id: string, props: StackWorkspaceProps) {
    super(scope, id);
    const { plan, workspace: ws } = props;
    // https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/workspace
    const workspace = new Workspace(this, "workspace", {
      name: ws.name,
      organization: plan.organization,
      ...(props.projectId !== undefined && { projectId: props.projectId }),
      description: ws.description,
      terraformVersion: plan.terraformVersion,
      tags: { ...ws.tags },
      // Deleting a workspace (its stack left the catalogue) uses the safe-delete API, which
      // refuses while the workspace still manages resources: a live stack's state is never
      // thrown away with its workspace.
      forceDelete: false,
      // Nothing applies without a person confirming the plan, run-triggered runs included.
      autoApply: false,
      autoApplyRunTrigger: false,
      // No destroy plans from the UI: a stack is emptied by retiring its entry.
      allowDestroyPlan: false,
      // A new workspace starts no run by itself (CLI-driven: runs come from `terraform apply`).
      queueAllRuns: false,
    });
    // execution_mode and global_remote_state on tfe_workspace are deprecated for this resource:
    // https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/workspace_settings
    new WorkspaceSettings(this, "settings", {
      workspaceId: workspace.id,
      executionMode: "remote",
      // The stacks find what they share by name and never read another stack's state.
      globalRemoteState: false,
    });
    if (plan.awsRole !== undefined) {
      // https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration#required-environment-variables
      new Variable(this, "aws-auth", {
        workspaceId: workspace.id,
        category: "env",
        key: AWS_AUTH_VARIABLE,
        value: "true",
        description: "AWS dynamic credentials for every run.",
      });
      new Variable(this, "aws-role", {
        workspaceId: workspace.id,
        category: "env",
        key: AWS_ROLE_VARIABLE,
        value: plan.awsRole.arn,
        description:
          "The role runs assume (terraform.cloud.workspaces.awsRoleArn).",
      });
    }
    this.workspace = workspace;
  }
}
