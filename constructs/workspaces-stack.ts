import { DataTfeProject } from "@cdktf/provider-tfe/lib/data-tfe-project";
import { TfeProvider } from "@cdktf/provider-tfe/lib/provider";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import type { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import type { Construct } from "constructs";
import type { WorkspacesPlan } from "../plan/workspaces";
import { AppStack, AppStackProps } from "./private/app-stack";
import { addBackend } from "./private/backend";
import { TerraformOutput } from "./private/cdktf";
import { jsonencode } from "./private/terraform";
import { StackWorkspace } from "./stack-workspace";
import { required } from "../plan/required";

export interface WorkspacesStackProps extends AppStackProps {
  readonly plan: WorkspacesPlan;
  /** The local state file, relative to the stack's directory (without `plan.stateWorkspace`). */
  readonly statePath: string;
}

/**
 * `<organisation>-workspaces`: the Terraform Cloud workspaces of every other stack, with the
 * hashicorp/tfe provider (its token from `terraform login` or TFE_TOKEN, never from here): a
 * StackWorkspace per stack, and run triggers from the shared stack's workspace to every
 * service's. Renders the plan (plan/workspaces.ts); derives nothing.
 *
 * Construct ids are the stack names, so an address never depends on the catalogue's order and
 * adding a service only adds resources here.
 */
export class WorkspacesStack extends AppStack {
  /** The workspaces, by stack name. */
  readonly workspaces: ReadonlyMap<string, Workspace>;

  constructor(scope: Construct, id: string, props: WorkspacesStackProps) {
    super(scope, id, props);
    const { plan } = props;
    new TfeProvider(this, "tfe", {
      hostname: plan.hostname,
      organization: plan.organization,
    });
    addBackend(
      this,
      plan.stateWorkspace !== undefined
        ? {
            kind: "cloud",
            hostname: plan.hostname,
            organization: plan.organization,
            workspace: plan.stateWorkspace,
          }
        : { kind: "local", path: props.statePath },
    );
    const projectId =
      plan.project === undefined
        ? undefined
        : new DataTfeProject(this, "project", {
            name: plan.project,
            organization: plan.organization,
          }).id;
    const workspaces = new Map<string, Workspace>();
    for (const ws of plan.workspaces)
      workspaces.set(
        ws.stack,
        new StackWorkspace(this, ws.stack, {
          plan,
          workspace: ws,
          ...(projectId !== undefined && { projectId }),
        }).workspace,
      );
    const workspaceOf = (stack: string) =>
      required(workspaces.get(stack), `workspace of ${stack}`);
    for (const trigger of plan.triggers) {
      // https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/run_trigger
      new RunTrigger(this.node.findChild(trigger.target), "trigger", {
        workspaceId: workspaceOf(trigger.target).id,
        sourceableId: workspaceOf(trigger.source).id,
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
}
