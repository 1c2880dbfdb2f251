import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { artifactBucketStatements } from "../plan/artifact-policy";
import { policyDocument } from "./private/iam";

export interface ArtifactStoreProps {
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  /**
   * Days a replaced artifact version is kept.
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days an artifact is kept: CodePipeline writes every run's artifacts under new keys, so
   * without this they pile up for ever. No deploy target reads a run's artifacts after its
   * deploy (Beanstalk keeps its own copy of each deployed bundle).
   * @default 90
   */
  readonly artifactDays?: number;
}

/**
 * The pipelines' artifact bucket: SSE-KMS with the catalogue's key, versioned, every public
 * access block on, plain HTTP denied, old versions and failed uploads cleaned up, never
 * force-destroyed. Its policy: plan/artifact-policy.ts.
 */
export class ArtifactStore extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const noncurrentDays = props.noncurrentVersionDays ?? 30;
    const artifactDays = props.artifactDays ?? 90;
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;
    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: props.kmsKeyArn,
          },
          bucketKeyEnabled: true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-old-artifacts",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: artifactDays }],
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          // Expiring a versioned object leaves a delete marker; clear it once its versions are gone.
          id: "remove-expired-delete-markers",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
    new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument(artifactBucketStatements(this.bucket.arn)),
    });
  }
}
