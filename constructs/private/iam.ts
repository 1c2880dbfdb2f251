/**
 * IAM policy documents as resource arguments: the statements of plan/iam.ts rendered with
 * Terraform's `jsonencode()`, so ARNs that are cdktf tokens stay references inside the document.
 */
import { policyObject, Statement } from "../../plan/iam";
import { jsonencode } from "./terraform";

/**
 * The policy document for a resource argument: Terraform's `jsonencode()` of it, so the
 * references inside stay expressions (see jsonencode in ./terraform).
 */
export function policyDocument(statements: readonly Statement[]): string {
  return jsonencode(policyObject(statements));
}

/** A trust policy letting one AWS service assume the role, optionally for this account only. */
export function assumeRolePolicy(
  service: string,
  sourceAccount?: string,
): string {
  return policyDocument([
    {
      sid: "TrustService",
      actions: ["sts:AssumeRole"],
      resources: [],
      principals: { Service: [service] },
      ...(sourceAccount !== undefined && {
        conditions: { StringEquals: { "aws:SourceAccount": sourceAccount } },
      }),
    },
  ]);
}
