/**
 * The artifact bucket's policy, as a pure function: the ArtifactStore construct renders it with
 * the bucket's ARN (a Terraform reference), the plan tests with plain text.
 */
import { objectArn } from "./arn";
import type { Statement } from "./iam";

/**
 * Plain HTTP is denied to everyone, on the bucket and on every object in it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 */
export function artifactBucketStatements(bucketArn: string): Statement[] {
  return [
    {
      sid: "DenyPlainHttp",
      effect: "Deny",
      principals: { AWS: ["*"] },
      actions: ["s3:*"],
      resources: [bucketArn, objectArn({ arn: bucketArn }, "*")],
      conditions: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}
