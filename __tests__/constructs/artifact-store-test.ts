/**
 * ArtifactStore alone, in a fresh DeliveryStack (the addresses the shared stack gives it): the
 * bucket and its six settings exactly, and its policy asked of the policy simulator.
 */
import {
  ArtifactStore,
  ArtifactStoreProps,
} from "../../constructs/artifact-store";
import {
  KEY_ARN,
  artifactStoreProps,
  deliveryStack,
  synthJson,
} from "../support/builders";
import { Call, EXAMPLE_ACCOUNT, decide } from "../support/iam";
import { Json, addresses, resource, statements } from "../support/synth";

function synth(props: ArtifactStoreProps): Json {
  const stack = deliveryStack();
  new ArtifactStore(stack, "artifacts", props);
  return synthJson(stack);
}

const BUCKET = "${aws_s3_bucket.artifacts_bucket.id}";
const BUCKET_ARN = "${aws_s3_bucket.artifacts_bucket.arn}";

test("one bucket and its settings, each addressed after the store", () => {
  expect(addresses(synth(artifactStoreProps())).sort()).toEqual([
    "aws_s3_bucket.artifacts_bucket",
    "aws_s3_bucket_lifecycle_configuration.artifacts_lifecycle",
    "aws_s3_bucket_ownership_controls.artifacts_ownership",
    "aws_s3_bucket_policy.artifacts_policy",
    "aws_s3_bucket_public_access_block.artifacts_public-access",
    "aws_s3_bucket_server_side_encryption_configuration.artifacts_encryption",
    "aws_s3_bucket_versioning.artifacts_versioning",
  ]);
});

test("the bucket: its name, never force-destroyed nor destroyed; owner-enforced, every public access blocked, versioned", () => {
  const json = synth(artifactStoreProps());
  expect(resource(json, "aws_s3_bucket", "artifacts_bucket")).toEqual({
    bucket: "acme-artifacts-111122223333-eu-west-1",
    force_destroy: false,
    lifecycle: { prevent_destroy: true },
  });
  expect(
    resource(json, "aws_s3_bucket_ownership_controls", "artifacts_ownership"),
  ).toEqual({
    bucket: BUCKET,
    rule: { object_ownership: "BucketOwnerEnforced" },
  });
  expect(
    resource(
      json,
      "aws_s3_bucket_public_access_block",
      "artifacts_public-access",
    ),
  ).toEqual({
    bucket: BUCKET,
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  expect(
    resource(json, "aws_s3_bucket_versioning", "artifacts_versioning"),
  ).toEqual({
    bucket: BUCKET,
    versioning_configuration: { status: "Enabled" },
  });
});

test("SSE-KMS with the key it is given, with a bucket key", () => {
  const other = "arn:aws:kms:eu-west-1:111122223333:key/other";
  for (const kmsKeyArn of [KEY_ARN, other])
    expect(
      resource(
        synth(artifactStoreProps({ kmsKeyArn })),
        "aws_s3_bucket_server_side_encryption_configuration",
        "artifacts_encryption",
      ),
    ).toEqual({
      bucket: BUCKET,
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: kmsKeyArn,
          },
          bucket_key_enabled: true,
        },
      ],
    });
});

describe("lifecycle", () => {
  const rules = (props: Partial<ArtifactStoreProps>) =>
    resource(
      synth(artifactStoreProps(props)),
      "aws_s3_bucket_lifecycle_configuration",
      "artifacts_lifecycle",
    );

  test("by default: artifacts expire after 90 days, replaced versions after 30, incomplete uploads after 7; then their delete markers", () => {
    expect(rules({})).toEqual({
      bucket: BUCKET,
      rule: [
        {
          id: "expire-old-artifacts",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: 90 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
        {
          id: "remove-expired-delete-markers",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ expired_object_delete_marker: true }],
        },
      ],
    });
  });

  test("artifactDays and noncurrentVersionDays set the two periods", () => {
    const [expire, markers] = rules({
      artifactDays: 14,
      noncurrentVersionDays: 3,
    }).rule;
    expect([
      expire.expiration,
      expire.noncurrent_version_expiration,
      expire.abort_incomplete_multipart_upload,
    ]).toEqual([
      [{ days: 14 }],
      [{ noncurrent_days: 3 }],
      [{ days_after_initiation: 7 }],
    ]);
    expect(markers.expiration).toEqual([
      { expired_object_delete_marker: true },
    ]);
  });
});

test("the policy denies plain HTTP to everyone, on the bucket and every object in it", () => {
  const policy = resource(
    synth(artifactStoreProps()),
    "aws_s3_bucket_policy",
    "artifacts_policy",
  );
  expect(policy.bucket).toBe(BUCKET);
  expect(statements(policy.policy)).toEqual({
    DenyPlainHttp: {
      Sid: "DenyPlainHttp",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "s3:*",
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  });
});

describe("what the bucket policy allows, asked of the policy simulator", () => {
  const bucketArn = "arn:aws:s3:::acme-artifacts-111122223333-eu-west-1";
  const bucketPolicy = (
    resource(
      synth(artifactStoreProps()),
      "aws_s3_bucket_policy",
      "artifacts_policy",
    ).policy as string
  )
    .split(BUCKET_ARN)
    .join(bucketArn);
  /** A role of the bucket's account whose IAM policy grants every S3 action everywhere. */
  const roleMay = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
  });
  const role = `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/pipeline`;
  const call = (action: string, resource: string, tls: boolean): Call => ({
    action,
    resource,
    context: { "aws:SecureTransport": String(tls) },
  });

  test("over TLS the role's own policy decides; over plain HTTP every call on the bucket or an object in it is denied", async () => {
    const calls = [
      call("s3:GetObject", `${bucketArn}/acme-api/source.zip`, true),
      call("s3:PutObject", `${bucketArn}/acme-api/source.zip`, true),
      call("s3:ListBucket", bucketArn, true),
      call("s3:GetObject", `${bucketArn}/acme-api/source.zip`, false),
      call("s3:PutObject", `${bucketArn}/acme-api/source.zip`, false),
      call("s3:ListBucket", bucketArn, false),
      // another bucket: not this policy's to deny
      call("s3:GetObject", "arn:aws:s3:::elsewhere/x", false),
    ];
    const out: string[] = [];
    for (const c of calls)
      out.push(
        `${c.action} ${c.resource} tls=${c.context!["aws:SecureTransport"]}: ${await decide(roleMay, c, role, bucketPolicy)}`,
      );
    expect(out).toEqual([
      `s3:GetObject ${bucketArn}/acme-api/source.zip tls=true: Allowed`,
      `s3:PutObject ${bucketArn}/acme-api/source.zip tls=true: Allowed`,
      `s3:ListBucket ${bucketArn} tls=true: Allowed`,
      `s3:GetObject ${bucketArn}/acme-api/source.zip tls=false: ExplicitlyDenied`,
      `s3:PutObject ${bucketArn}/acme-api/source.zip tls=false: ExplicitlyDenied`,
      `s3:ListBucket ${bucketArn} tls=false: ExplicitlyDenied`,
      "s3:GetObject arn:aws:s3:::elsewhere/x tls=false: Allowed",
    ]);
  });
});
