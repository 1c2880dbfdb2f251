/**
 * A zip in a versioned S3 bucket of this account; an EventBridge rule starts the pipeline when
 * the object is written (the bucket must send EventBridge notifications).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-S3.html
 */
import { objectArn } from "../../plan/arn";
import { bucketRef } from "../../plan/refs";
import { sourceKind } from "../source-kind";
import type { SourceOfKind } from "../source-kind";

export const s3Source = sourceKind({
  key: "s3",
  kind: "s3",
  label: "s3",
  properties: {
    s3: {
      type: "object",
      description:
        "A zip in a versioned S3 bucket of this account (EventBridge notifications must be on for the bucket to start the pipeline).",
      properties: {
        bucket: {
          type: "string",
          description: "The bucket name.",
          pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
          hint: "an S3 bucket name",
        },
        key: {
          type: "string",
          description: "The object key of the zip.",
          pattern: /^[^*?]+$/,
          hint: "an S3 object key without wildcards",
        },
      },
      required: ["bucket", "key"],
    },
  },
  normalize: ({ s3 }) => s3 && { kind: "s3", ...s3 },
  action: (source) => ({
    provider: "S3",
    configuration: {
      S3Bucket: source.bucket,
      S3ObjectKey: source.key,
      PollForSourceChanges: "false",
    },
  }),
  // Needs EventBridge notifications on the bucket: https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
  trigger: (source) => ({
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: {
      bucket: { name: [source.bucket] },
      object: { key: [source.key] },
    },
  }),
  statements: (source, ctx) => [
    {
      sid: "ReadSourceObject",
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [objectArn(bucketRef(ctx, source.bucket), source.key)],
    },
    {
      sid: "ReadSourceBucket",
      actions: ["s3:GetBucketVersioning"],
      resources: [bucketRef(ctx, source.bucket).arn],
    },
  ],
  describe: (source) => `upload of s3://${source.bucket}/${source.key}`,
  describeAction: (source) => `s3://${source.bucket}/${source.key}`,
});

// Its loaded source joins the catalogue's Source union, under its key.
declare module "../kinds" {
  interface SourceKinds {
    readonly s3: SourceOfKind<typeof s3Source>;
  }
}
