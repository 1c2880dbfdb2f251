/**
 * An ECS environment's secrets: what its execution role may read, and the `valueFrom` of each.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
 */
import type { SecretRef } from "../../config/catalogue";

/**
 * A secret's `valueFrom`: a parameter's ARN; a secret's ARN, with `:<json key>:<version
 * stage>:<version id>` appended when any is given (the colons kept, AWSCURRENT when empty).
 */
export function valueFrom(ref: SecretRef, grant: string): string {
  if (ref.store === "ssm") return grant;
  const extra = [ref.jsonKey, ref.versionStage, ref.versionId];
  if (extra.every((e) => e === undefined)) return grant;
  return [grant, ...extra.map((e) => e ?? "")].join(":");
}
