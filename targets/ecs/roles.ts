/**
 * The two roles of one ECS environment of a service, as pure functions: the renderer writes them
 * with Terraform references, the plan with the names they resolve to (policy-size check).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
import { logStreamsArn } from "../../plan/arn";
import {
  ECR_LOGIN_ACTIONS,
  ECR_PULL_ACTIONS,
  LOG_WRITE_ACTIONS,
  Statement,
} from "../../plan/iam";
import { decryptSecretStatements, SecretKeys } from "../../plan/secrets";

export interface ExecutionRoleProps {
  /** The service's own repository. */
  readonly imageArn: string;
  /** The ARNs of the environment's log groups (one per process). */
  readonly logGroupArns: readonly string[];
  /** The SSM parameters and Secrets Manager secrets of this environment's `secrets`. */
  readonly parameterArns: readonly string[];
  readonly secretArns: readonly string[];
  /** The customer-managed keys the catalogue names for those (AWS-managed ones need none). */
  readonly secretKeys: SecretKeys;
  /** The catalogue's region (the stores' endpoints that may ask for decryption). */
  readonly region: string;
}

/**
 * What ECS and Fargate do for the tasks before the app runs: pull this service's image, write
 * to this environment's log groups, read this environment's secrets and decrypt them with the
 * customer-managed keys the catalogue names for them (AWS-managed keys need no grant); the image
 * repository's key is used by ECR through the grant it holds.
 * AmazonECSTaskExecutionRolePolicy would let it pull any image and write any log group.
 */
export function executionRoleStatements(
  props: ExecutionRoleProps,
): Statement[] {
  return [
    // GetAuthorizationToken supports no resource.
    { sid: "EcrLogin", actions: [...ECR_LOGIN_ACTIONS], resources: ["*"] },
    {
      sid: "PullOwnImage",
      actions: [...ECR_PULL_ACTIONS],
      resources: [props.imageArn],
    },
    {
      sid: "WriteOwnLogs",
      actions: [...LOG_WRITE_ACTIONS],
      resources: props.logGroupArns.map(logStreamsArn),
    },
    ...(props.parameterArns.length > 0
      ? [
          {
            sid: "ReadEnvironmentParameters",
            // what ECS calls for `valueFrom` parameters
            actions: ["ssm:GetParameters"],
            resources: [...props.parameterArns],
          },
        ]
      : []),
    ...(props.secretArns.length > 0
      ? [
          {
            sid: "ReadEnvironmentSecrets",
            actions: ["secretsmanager:GetSecretValue"],
            resources: [...props.secretArns],
          },
        ]
      : []),
    ...decryptSecretStatements(props.secretKeys, props.region),
  ];
}

/**
 * ECS Exec's channels (ssmmessages supports no resource) and the session key, the catalogue's
 * (the cluster encrypts exec sessions with it).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
 */
export const SSM_MESSAGES_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

/**
 * What the app itself may call: nothing by default (a role still, so the pipeline passes exactly
 * it and users may attach their own policies); with `exec`, ECS Exec's sessions.
 */
export function taskRoleStatements(props: {
  readonly exec: boolean;
  readonly kmsKeyArn: string;
}): Statement[] {
  if (!props.exec) return [];
  return [
    {
      sid: "ExecSessions",
      actions: [...SSM_MESSAGES_ACTIONS],
      resources: ["*"],
    },
    {
      sid: "DecryptExecSessions",
      actions: ["kms:Decrypt"],
      resources: [props.kmsKeyArn],
    },
  ];
}
