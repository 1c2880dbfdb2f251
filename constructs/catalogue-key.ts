import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { keyPolicyStatements } from "../plan/key-policy";
import type { SharedNames } from "../plan/image-names";
import type { DeliveryStack } from "./delivery-stack";
import { policyDocument } from "./private/iam";

/** Days a scheduled key deletion waits (the maximum): a mistaken destroy can be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

export interface CatalogueKeyProps {
  /** Its alias and the organisation its description names (plan/image-names.ts). */
  readonly names: Pick<SharedNames, "organisation" | "kmsAlias">;
  /**
   * The key encrypts the catalogue's notification topic: CodeStar Notifications may use it
   * through SNS, and this account's principals through SNS too (a test message).
   * @default false
   */
  readonly notificationTopic?: boolean;
}

/**
 * The catalogue's KMS key (images, artifacts, logs) and its alias, by which every stack finds
 * it. Never destroyed by Terraform (prevent_destroy). Its policy: plan/key-policy.ts.
 */
export class CatalogueKey {
  readonly key: KmsKey;

  constructor(stack: DeliveryStack, props: CatalogueKeyProps) {
    this.key = new KmsKey(stack, "key", {
      description: `Encrypts the ${props.names.organisation} delivery catalogue's images, artifacts and logs`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: policyDocument(
        keyPolicyStatements({
          scope: stack,
          dnsSuffix: stack.dnsSuffix,
          notificationTopic: props.notificationTopic,
        }),
      ),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(stack, "key-alias", {
      name: props.names.kmsAlias,
      targetKeyId: this.key.keyId,
    });
  }
}
