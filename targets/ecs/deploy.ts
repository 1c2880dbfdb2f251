/**
 * An ECS deploy: per environment one CodePipeline ECS action per process, then a Record step,
 * and what the pipeline role needs for them.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html
 */
import { arn, ArnScope, servicePrincipal } from "../../plan/arn";
import { MARK_VARIABLES } from "../../plan/buildspec";
import type { Statement } from "../../plan/iam";
import type {
  DeployAction,
  EnvironmentDeploy,
  SmokeSkip,
  TargetDeploy,
} from "../deploy-target";
import { imageDefinitionsFile } from "./image-definitions";

/** One process of an environment: its ECS service. */
export interface EcsProcessDeploy {
  readonly process: string;
  /** The ECS service's name. */
  readonly serviceName: string;
  /**
   * The service's name as a reference to its Terraform resource, for the deploy action: a new
   * pipeline starts a run at once, so it must be created after the services it deploys to.
   * @default serviceName (a literal, which orders nothing)
   */
  readonly serviceNameRef?: string;
}

export interface EcsEnvironmentDeploy extends EnvironmentDeploy {
  /** The ECS cluster's name. */
  readonly clusterName: string;
  /** By process name. */
  readonly processes: readonly EcsProcessDeploy[];
  /** The SSM parameter its task definitions read the image from (the Record step writes it). */
  readonly imageParameter: string;
  /**
   * Where its web process answers (./url): a smoke test's base URL. None for a service without
   * a web process.
   */
  readonly url?: string;
}

export interface EcsDeploy extends TargetDeploy<EcsEnvironmentDeploy> {
  readonly kind: "ecs";
  /** The task definition families of every environment and process (tagged on registration). */
  readonly taskFamilies: readonly string[];
  /** The execution and task roles of every environment, which a new revision passes to ECS. */
  readonly taskRoleArns: readonly string[];
}

/** The CodePipeline action provider of an ECS (rolling) deploy. */
export const ECS_DEPLOY_PROVIDER = "ECS";
/** The step after an environment's deploys that records the image they deployed. */
export const RECORD_ACTION = "Record";

/**
 * Per process an ECS action reading that process's image definitions file (AWS documents the
 * file as container name and image only, so each names one container: its process), all side by
 * side; then, once every one has succeeded, Record writes the image into the environment's
 * parameter (the mark project with IMAGE_PARAMETER set, markBuildspec).
 */
export function ecsDeployActions(
  _deploy: EcsDeploy,
  env: EcsEnvironmentDeploy,
): DeployAction[] {
  return [
    ...env.processes.map((p): DeployAction => ({
      name: `Deploy-${p.process}`,
      provider: ECS_DEPLOY_PROVIDER,
      configuration: {
        ClusterName: env.clusterName,
        ServiceName: p.serviceNameRef ?? p.serviceName,
        FileName: imageDefinitionsFile(p.process),
      },
    })),
    {
      name: RECORD_ACTION,
      category: "Build",
      provider: "CodeBuild",
      afterDeploy: true,
      // The mark project (the pipeline names it by its reference).
      runsMarkProject: true,
      configuration: {
        EnvironmentVariables: JSON.stringify([
          {
            name: MARK_VARIABLES.environment,
            value: env.key,
            type: "PLAINTEXT",
          },
          {
            name: MARK_VARIABLES.imageParameter,
            value: env.imageParameter,
            type: "PLAINTEXT",
          },
        ]),
      },
    },
  ];
}

/**
 * An ECS service by its cluster and name (the long ARN format).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html#amazonelasticcontainerservice-resources-for-iam-policies
 */
export function ecsServiceArn(
  scope: ArnScope,
  cluster: string,
  service: string,
): string {
  return arn(scope, "ecs", `service/${cluster}/${service}`);
}

/**
 * What the ECS action does with the pipeline role's credentials: describe the service and its
 * task definition, register a revision with only the image changed (tags copied, so
 * TagResource, only as part of that registration), pass the revision's two roles to ECS tasks,
 * update the service. RegisterTaskDefinition and DescribeTaskDefinition support no resource
 * (the Service Authorization Reference lists none; aws/containers-roadmap#929).
 *
 * These are the statements of AWS's "Service role permissions: Amazon ECS standard action"
 * (the action's reference page), scoped tighter: the services themselves rather than
 * `service/<cluster>/*`, and roles passed only to `ecs-tasks.amazonaws.com` (the page also
 * names `ecs.amazonaws.com`, which a service-linked or legacy service role is passed to; an
 * UpdateService passes none, and these roles trust only ECS tasks). `ecs:DescribeTasks` and
 * `ecs:ListTasks` are not among them: the older service-role page listed them for ECS, the
 * action's page (which the service-role page now refers to) does not.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECS.html#edit-role-ecs
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html
 */
export function ecsStatements(scope: ArnScope, deploy: EcsDeploy): Statement[] {
  const ecs = (resource: string) => arn(scope, "ecs", resource);
  return [
    {
      sid: "DeployOwnServices",
      actions: ["ecs:DescribeServices", "ecs:UpdateService"],
      resources: deploy.environments.flatMap((e) =>
        e.processes.map((p) =>
          ecsServiceArn(scope, e.clusterName, p.serviceName),
        ),
      ),
    },
    {
      sid: "RegisterTaskDefinitions",
      actions: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
      resources: ["*"],
    },
    {
      sid: "TagOwnNewTaskDefinitions",
      actions: ["ecs:TagResource"],
      resources: deploy.taskFamilies.map((f) => ecs(`task-definition/${f}:*`)),
      conditions: {
        StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" },
      },
    },
    {
      sid: "PassOwnTaskRoles",
      actions: ["iam:PassRole"],
      resources: [...deploy.taskRoleArns],
      conditions: {
        StringEquals: { "iam:PassedToService": servicePrincipal("ecs-tasks") },
      },
    },
  ];
}

/**
 * An ECS environment's smoke test first asks whether its web process's service runs a task:
 * until the pipeline has recorded an image and the service stack is applied again, its desired
 * count is 0 (IMAGE_NOT_RECORDED; README "The first apply"), the load balancer has no target to
 * send the request to, and the test passes, saying so, instead of failing every first run (and
 * holding the next environment's first deploy). DescribeServices on that one service.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html
 */
export function webTaskCheck(
  clusterName: string,
  serviceName: string,
): SmokeSkip {
  return {
    // One line without double quotes: `cdktf synth --hcl` mangles escaped quotes and newlines
    // inside the action's EnvironmentVariables JSON. A failed call prints nothing: tested.
    command: `test x$(aws ecs describe-services --cluster ${clusterName} --services ${serviceName} --query 'services[0].desiredCount' --output text) != x0 || echo '${serviceName} runs no task yet (desired count 0): this deploy recorded the first image of this environment, and its tasks start when its service stack is applied again (README: The first apply)'`,
    statements: (scope) => [
      {
        sid: "CountOwnWebTasks",
        actions: ["ecs:DescribeServices"],
        resources: [ecsServiceArn(scope, clusterName, serviceName)],
      },
    ],
  };
}
