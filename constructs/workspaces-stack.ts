import { DataTfeProject } from "@cdktf/provider-tfe/lib/data-tfe-project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { Construct, Node } from "constructs";
import {
  AWS_AUTH_VARIABLE,
  AWS_ROLE_VARIABLE,
  WorkspacesPlan,
} from "../plan/workspaces";
import {
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
} from "./private/cdktf";
import { jsonencode, logicalIdOf } from "./private/terraform";

export interface WorkspacesStackProps {
  readonly plan: WorkspacesPlan;
  /** The local state file, relative to the stack's directory (without `plan.stateWorkspace`). */
  readonly statePath: string;
  /** See DeliveryStackProps.crossStackPass. @default true */
  readonly crossStackPass?: boolean;
}

/**
 * `<organisation>-workspaces`: the Terraform Cloud workspaces of every other stack, with the
 * hashicorp/tfe provider (its token from `terraform login` or TFE_TOKEN, never from here). Each
 * workspace is CLI-driven (no VCS repository: `terraform apply` in the stack's directory uploads
 * the configuration), runs remotely with a pinned Terraform version, and assumes the catalogue's
 * AWS role through dynamic credentials. Renders the plan (plan/workspaces.ts); derives nothing.
 *
 * Construct ids are the stack names, so an address never depends on the catalogue's order and
 * adding a service only adds resources here.
 */
export class WorkspacesStack extends TerraformStack {
  /** The workspaces, by stack name. */
  readonly workspaces: ReadonlyMap<string, Workspace>;
  private readonly crossStackPass: boolean;

  constructor(scope: Construct, id: string, props: WorkspacesStackProps) {
    super(scope, id);
    const { plan } = props;
    this.crossStackPass = props.crossStackPass ?? true;
    new TfeProvider(this, "tfe", {
      hostname: plan.hostname,
      organization: plan.organization,
    });
    if (plan.stateWorkspace !== undefined)
      new CloudBackend(this, {
        hostname: plan.hostname,
        organization: plan.organization,
        workspaces: new NamedCloudWorkspace(plan.stateWorkspace),
      });
    else new LocalBackend(this, { path: props.statePath });
    const projectId =
      plan.project === undefined
        ? undefined
        : new DataTfeProject(this, "project", {
            name: plan.project,
            organization: plan.organization,
          }).id;
    const workspaces = new Map<string, Workspace>();
    for (const ws of plan.workspaces) {
      const scope = new Construct(this, ws.stack);
      // https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/workspace
      const workspace = new Workspace(scope, "workspace", {
        name: ws.name,
        organization: plan.organization,
        ...(projectId !== undefined && { projectId }),
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
      new WorkspaceSettings(scope, "settings", {
        workspaceId: workspace.id,
        executionMode: "remote",
        // The stacks find what they share by name and never read another stack's state.
        globalRemoteState: false,
      });
      if (plan.awsRole !== undefined) {
        // https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration#required-environment-variables
        new Variable(scope, "aws-auth", {
          workspaceId: workspace.id,
          category: "env",
          key: AWS_AUTH_VARIABLE,
          value: "true",
          description: "AWS dynamic credentials for every run.",
        });
        new Variable(scope, "aws-role", {
          workspaceId: workspace.id,
          category: "env",
          key: AWS_ROLE_VARIABLE,
          value: plan.awsRole.arn,
          description:
            "The role runs assume (terraform.cloud.workspaces.awsRoleArn).",
        });
      }
      workspaces.set(ws.stack, workspace);
    }
    for (const trigger of plan.triggers) {
      // https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/run_trigger
      new RunTrigger(this.node.findChild(trigger.target), "trigger", {
        workspaceId: workspaces.get(trigger.target)!.id,
        sourceableId: workspaces.get(trigger.source)!.id,
      });
    }
    if (plan.awsRole !== undefined)
      new TerraformOutput(this, "aws-role-trust-policy", {
        description: `The trust policy ${plan.awsRole.arn} needs (see the README, "Terraform Cloud workspaces").`,
        // jsonencode(): cdktf's HCL writer would print a JSON string as an object literal.
        value: jsonencode(plan.awsRole.trustPolicy),
      });
    this.workspaces = workspaces;
  }

  prepareStack(): void {
    if (this.crossStackPass) super.prepareStack();
    else this.ensureBackendExists();
  }

  /** Construct path below the stack, joined with "_": `acme-api_workspace`. */
  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node =
      tfElement instanceof TerraformElement ? tfElement.node : tfElement;
    const stackDepth = this.node.scopes.length;
    return logicalIdOf(node.scopes.slice(stackDepth).map((s) => s.node.id));
  }
}
