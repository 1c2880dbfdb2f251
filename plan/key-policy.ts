/**
 * The catalogue key's policy, as a pure function: the CatalogueKey construct renders it with the
 * stack's account (a Terraform reference), the plan tests with plain text.
 */
import { arn, type ArnScope } from "./arn";
import { KMS_USE_ACTIONS, type Statement } from "./iam";
import { notificationKeyStatements } from "./notifications";
import { accountRootArn } from "./refs";

/**
 * The services that use the key on behalf of this account's principals (kms:ViaService): images
 * (ECR), artifacts (S3, CodePipeline), builds (CodeBuild); SNS too with the notification topic.
 */
export const KEY_VIA_SERVICES = [
  "codebuild",
  "codepipeline",
  "ecr",
  "s3",
] as const;

/** What CloudWatch Logs may do with the key for this account's log groups. */
export const LOGS_KEY_ACTIONS = [
  "kms:Decrypt*",
  "kms:Describe*",
  "kms:Encrypt*",
  "kms:GenerateDataKey*",
  "kms:ReEncrypt*",
] as const;

export interface KeyPolicyProps {
  /** The key's partition, region and account. */
  readonly scope: ArnScope;
  /** DNS suffix of the partition (service endpoints and principals). */
  readonly dnsSuffix: string;
  /**
   * The key encrypts the catalogue's notification topic: CodeStar Notifications may use it
   * through SNS, and this account's principals through SNS too (a test message).
   * @default false
   */
  readonly notificationTopic?: boolean;
}

/**
 * The account administers the key (the default key policy, which lets IAM policies grant use);
 * CloudWatch Logs may use it for this account's log groups; the delivery services may use it
 * on behalf of this account's principals only; with the notification topic, CodeStar
 * Notifications through SNS (plan/notifications.ts).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function keyPolicyStatements(props: KeyPolicyProps): Statement[] {
  const { scope, dnsSuffix } = props;
  const root = accountRootArn(scope);
  const endpoint = (service: string) =>
    `${service}.${scope.region}.${dnsSuffix}`;
  const topic = props.notificationTopic ?? false;
  const via = [...KEY_VIA_SERVICES, ...(topic ? ["sns"] : [])].map(endpoint);
  return [
    {
      sid: "AccountAdministers",
      principals: { AWS: [root] },
      actions: ["kms:*"],
      resources: ["*"],
    },
    {
      sid: "CloudWatchLogsOfThisAccount",
      principals: { Service: [endpoint("logs")] },
      actions: [...LOGS_KEY_ACTIONS],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": arn(
            scope,
            "logs",
            "log-group:*",
          ),
        },
      },
    },
    {
      sid: "DeliveryServicesForThisAccount",
      principals: { AWS: [root] },
      actions: [...KMS_USE_ACTIONS, "kms:CreateGrant"],
      resources: ["*"],
      conditions: {
        StringEquals: {
          "kms:CallerAccount": scope.accountId,
          "kms:ViaService": via,
        },
      },
    },
    ...(topic ? notificationKeyStatements(endpoint("sns")) : []),
  ];
}
