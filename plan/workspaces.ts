/**
 * The Terraform Cloud workspaces of a catalogue managed as code (`terraform.cloud.workspaces`):
 * the `<organisation>-workspaces` stack, derived once and purely. One workspace per stack of
 * stackPlans, a run trigger from the shared stack's workspace to every service's, and the AWS
 * dynamic credentials every workspace runs with.
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration
 */
import type { Catalogue } from "../config/catalogue";
import type { Path } from "../config/yaml-path";
import {
  serviceStackName,
  stackPlans,
  workspaceName,
  workspacesStackName,
} from "./named-resources";
import { oidcProviderArn } from "./refs";

/**
 * The audience HCP Terraform puts in the workload identity token for AWS, unless the workspace
 * sets TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE (these workspaces do not); the role's OIDC provider
 * must list it as a client id.
 */
export const AWS_WORKLOAD_AUDIENCE = "aws.workload.identity";

/** The project a workspace belongs to when none is given, as its token's `sub` names it. */
export const DEFAULT_PROJECT = "Default Project";

/** The workspace variables that turn on AWS dynamic credentials (environment variables). */
export const AWS_AUTH_VARIABLE = "TFC_AWS_PROVIDER_AUTH";
export const AWS_ROLE_VARIABLE = "TFC_AWS_RUN_ROLE_ARN";

/** The tag every workspace carries with its stack's name. */
export const STACK_TAG = "stack";

export interface WorkspacePlan {
  /** The stack whose state it holds. */
  readonly stack: string;
  /** `workspacePrefix` + stack name. */
  readonly name: string;
  /** The catalogue entry of the stack. */
  readonly path: Path;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface RunTriggerPlan {
  /** The stack whose workspace's successful applies queue a run... */
  readonly source: string;
  /** ...in this stack's workspace. */
  readonly target: string;
}

export interface WorkspacesPlan {
  /** `<organisation>-workspaces`. */
  readonly stack: string;
  readonly hostname: string;
  readonly organization: string;
  /** The project the workspaces are in; unset: the organization's default project. */
  readonly project?: string;
  readonly terraformVersion: string;
  /** The hand-made workspace holding this stack's own state; unset: local state. */
  readonly stateWorkspace?: string;
  /** The shared stack's first, then the services' in name order. */
  readonly workspaces: readonly WorkspacePlan[];
  readonly triggers: readonly RunTriggerPlan[];
  /** The role every run assumes, with the trust policy it needs; unset: no credentials set. */
  readonly awsRole?: {
    readonly arn: string;
    readonly trustPolicy: object;
  };
}

/** The workspaces stack of a catalogue, or undefined when it manages no workspaces. */
export function workspacesPlan(
  catalogue: Catalogue,
): WorkspacesPlan | undefined {
  const cloud = catalogue.cloud;
  const managed = cloud?.workspaces;
  if (cloud === undefined || managed === undefined) return undefined;
  const stacks = stackPlans(catalogue);
  const shared = stacks[0];
  const workspaces = stacks.flatMap(
    ({ workspace, ...stack }): WorkspacePlan[] =>
      workspace === undefined
        ? []
        : [
            {
              stack: stack.name,
              name: workspace,
              path: stack.path,
              description: `State and runs of the stack ${stack.name} (cdktf.out/stacks/${stack.name}), synthesized from the delivery catalogue: change the catalogue, not this workspace.`,
              // The stack's own tag wins over a catalogue tag of the same key.
              tags: { ...managed.tags, [STACK_TAG]: stack.name },
            },
          ],
  );
  return {
    stack: workspacesStackName(catalogue.organisation),
    hostname: cloud.hostname,
    organization: cloud.organization,
    ...(cloud.project !== undefined && { project: cloud.project }),
    terraformVersion: managed.terraformVersion,
    ...(managed.stateWorkspace !== undefined && {
      stateWorkspace: managed.stateWorkspace,
    }),
    workspaces,
    triggers: stacks
      .slice(1)
      .map((stack) => ({ source: shared.name, target: stack.name })),
    ...(managed.awsRoleArn !== undefined && {
      awsRole: {
        arn: managed.awsRoleArn,
        trustPolicy: awsRoleTrustPolicy({
          roleArn: managed.awsRoleArn,
          hostname: cloud.hostname,
          organization: cloud.organization,
          project: cloud.project ?? DEFAULT_PROJECT,
          workspaces: workspaceName(
            cloud.workspacePrefix,
            serviceStackName(catalogue.organisation, "*"),
          ),
        }),
      },
    }),
  };
}

/**
 * The trust policy the role needs so that runs of these workspaces (and nothing else) may assume
 * it: the OIDC provider of the HCP Terraform host in the role's account, the audience, and the
 * token's `sub`, `organization:<org>:project:<project>:workspace:<name>:run_phase:<plan|apply>`.
 * Names are matched, not ids, so the workspaces are matched by their prefix: one pattern instead of
 * one entry per stack, which would outgrow IAM's default trust policy size (2,048 characters) at
 * about 20 services, and which the role's owner would have to edit by hand for every service
 * added. The price: any workspace someone creates (or renames) in the project under a matching
 * name is trusted too; the README says so and advises a dedicated project in which only the
 * platform's administrators may create workspaces.
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration#configure-a-role-and-trust-policy
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 */
export function awsRoleTrustPolicy(props: {
  readonly roleArn: string;
  readonly hostname: string;
  readonly organization: string;
  readonly project: string;
  /** A workspace name or `*` pattern. */
  readonly workspaces: string;
}): object {
  const [, partition, , , accountId] = props.roleArn.split(":");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "HcpTerraformRuns",
        Effect: "Allow",
        Principal: {
          Federated: oidcProviderArn({ partition, accountId }, props.hostname),
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${props.hostname}:aud`]: AWS_WORKLOAD_AUDIENCE },
          StringLike: {
            [`${props.hostname}:sub`]: `organization:${props.organization}:project:${props.project}:workspace:${props.workspaces}:run_phase:*`,
          },
        },
      },
    ],
  };
}
