/**
 * The artifact bucket's policy in the plan layer, on plain values: no YAML, no cdktf.
 */
import { artifactBucketStatements } from "../../plan/artifact-policy";
import { policyObject } from "../../plan/iam";

const bucketArn = "arn:aws:s3:::acme-delivery-artifacts";

describe("artifactBucketStatements", () => {
  test("one statement: plain HTTP denied to everyone, on the bucket and its objects", () => {
    expect(artifactBucketStatements(bucketArn)).toEqual([
      {
        sid: "DenyPlainHttp",
        effect: "Deny",
        principals: { AWS: ["*"] },
        actions: ["s3:*"],
        resources: [
          "arn:aws:s3:::acme-delivery-artifacts",
          "arn:aws:s3:::acme-delivery-artifacts/*",
        ],
        conditions: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  test("the document, as S3 stores it", () => {
    expect(policyObject(artifactBucketStatements(bucketArn))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyPlainHttp",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "s3:*",
          Resource: [
            "arn:aws:s3:::acme-delivery-artifacts",
            "arn:aws:s3:::acme-delivery-artifacts/*",
          ],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });
});
