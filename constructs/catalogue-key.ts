import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KMS_USE_ACTIONS, Statement } from "../plan/iam";
import { notificationKeyStatements } from "../plan/notifications";
import type { DeliveryStack } from "./delivery-stack";
import { policyDocument } from "./private/iam";

/** Days a scheduled key deletion waits (the maximum): a mistaken destroy can be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

export interface CatalogueKeyProps {
  /**
   * The key encrypts the catalogue's notification topic: CodeStar Notifications may use it
   * through SNS, and this account's principals through SNS too (a test message).
   * @default false
   */
  readonly notificationTopic?: boolean;
}

/**
 * The catalogue's KMS key (images, artifacts, logs) and its alias, by which every stack finds
 * it. Never destroyed by Terraform (prevent_destroy).
 */
export class CatalogueKey {
  readonly key: KmsKey;

  constructor(
    private readonly stack: DeliveryStack,
    private readonly props: CatalogueKeyProps = {},
  ) {
    this.key = new KmsKey(stack, "key", {
      description: `Encrypts the ${stack.names.organisation} delivery catalogue's images, artifacts and logs`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: policyDocument(this.keyPolicy()),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(stack, "key-alias", {
      name: stack.names.kmsAlias,
      targetKeyId: this.key.keyId,
    });
  }

  /**
   * The account administers the key (the default key policy, which lets IAM policies grant use);
   * CloudWatch Logs may use it for this account's log groups; the delivery services may use it
   * on behalf of this account's principals only; with the notification topic, CodeStar
   * Notifications through SNS (plan/notifications.ts).
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  private keyPolicy(): Statement[] {
    const { stack } = this;
    const root = `arn:${stack.partition}:iam::${stack.accountId}:root`;
    const endpoint = (service: string) =>
      `${service}.${stack.region}.${stack.dnsSuffix}`;
    const topic = this.props.notificationTopic ?? false;
    const via = [
      "codebuild",
      "codepipeline",
      "ecr",
      "s3",
      ...(topic ? ["sns"] : []),
    ].map(endpoint);
    return [
      {
        sid: "AccountAdministers",
        principals: { AWS: [root] },
        actions: ["kms:*"],
        resources: ["*"],
      },
      {
        sid: "CloudWatchLogsOfThisAccount",
        principals: { Service: [`logs.${stack.region}.${stack.dnsSuffix}`] },
        actions: [
          "kms:Decrypt*",
          "kms:Describe*",
          "kms:Encrypt*",
          "kms:GenerateDataKey*",
          "kms:ReEncrypt*",
        ],
        resources: ["*"],
        conditions: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": stack.arn(
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
            "kms:CallerAccount": stack.accountId,
            "kms:ViaService": via,
          },
        },
      },
      ...(topic ? notificationKeyStatements(endpoint("sns")) : []),
    ];
  }
}
