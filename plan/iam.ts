/**
 * Typed IAM policy statements and the policy document they make. ARNs are plain text here; the
 * constructs render the same statements with Terraform references (constructs/private/iam.ts).
 * Action lists are named here, each with the page that defines it.
 */

export type Conditions = Readonly<
  Record<string, Readonly<Record<string, string | readonly string[]>>>
>;

export interface Statement {
  readonly sid: string;
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /**
   * Resource ARNs. "*" only for actions that support no resource (documented at the use).
   * Empty in resource policies and trust policies, where the resource is implied.
   */
  readonly resources: readonly string[];
  readonly principals?: Readonly<
    Partial<Record<"AWS" | "Service", readonly string[]>>
  >;
  readonly conditions?: Conditions;
}

function one<T>(values: readonly T[]): T | readonly T[] {
  return values.length === 1 ? values[0] : values;
}

/** The IAM policy document of these statements, as a plain object (in AWS's key order). */
export function policyObject(statements: readonly Statement[]): object {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect ?? "Allow",
      ...(s.principals && {
        Principal: Object.fromEntries(
          Object.entries(s.principals).flatMap(([kind, ids]) =>
            ids === undefined ? [] : [[kind, one(ids)]],
          ),
        ),
      }),
      Action: one(s.actions),
      ...(s.resources.length > 0 && { Resource: one(s.resources) }),
      ...(s.conditions && {
        Condition: Object.fromEntries(
          Object.entries(s.conditions).map(([op, entries]) => [
            op,
            Object.fromEntries(
              Object.entries(entries).map(([key, value]) => [
                key,
                typeof value === "string" ? value : one(value),
              ]),
            ),
          ]),
        ),
      }),
    })),
  };
}

/** The policy document as JSON text, as IAM will store it once references resolve (for sizes). */
export function policyText(statements: readonly Statement[]): string {
  return JSON.stringify(policyObject(statements));
}

// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
export const ECR_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
] as const;
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html
// (a pushing client also reads the manifest it is about to replace: BatchGetImage)
export const ECR_PUSH_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
] as const;
/** The push actions that change a repository (for denying pushes). */
export const ECR_WRITE_ACTIONS = [
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
] as const;
/** Token for `docker login`; the action supports no resource. */
export const ECR_LOGIN_ACTIONS = ["ecr:GetAuthorizationToken"] as const;
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html
export const LOG_WRITE_ACTIONS = [
  "logs:CreateLogStream",
  "logs:PutLogEvents",
] as const;
// https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
// Exactly what CodeBuild, CodePipeline and S3 (SSE-KMS) call on a principal's behalf; no wildcards.
export const KMS_USE_ACTIONS = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey",
] as const;
/**
 * Reading what the catalogue's key encrypted, and nothing more: an SSE-KMS object is read with
 * kms:Decrypt (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html);
 * DescribeKey lets CodeBuild look at the project's key. For roles that write nothing encrypted.
 */
export const KMS_DECRYPT_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"] as const;
// Artifacts CodePipeline and CodeBuild exchange through the artifact bucket.
export const ARTIFACT_READ_WRITE_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
] as const;
export const ARTIFACT_BUCKET_ACTIONS = [
  "s3:GetBucketAcl",
  "s3:GetBucketLocation",
  "s3:GetBucketVersioning",
] as const;

/**
 * What a role of one pipeline may do in the artifact bucket: the objects of that pipeline's own
 * folder (another service's artifacts are out of reach) and the bucket's metadata.
 */
export function artifactFolderStatements(
  bucket: { readonly arn: string },
  folder: string,
  objects: { readonly sid: string; readonly actions: readonly string[] },
): Statement[] {
  return [
    {
      sid: objects.sid,
      actions: [...objects.actions],
      resources: [`${bucket.arn}/${folder}/*`],
    },
    {
      sid: "PipelineArtifactBucket",
      actions: [...ARTIFACT_BUCKET_ACTIONS],
      resources: [bucket.arn],
    },
  ];
}

/** Encrypt and decrypt with the catalogue's key (artifacts, images, logs). */
export function useKeyStatement(kmsKeyArn: string): Statement {
  return {
    sid: "UseCatalogueKey",
    actions: [...KMS_USE_ACTIONS],
    resources: [kmsKeyArn],
  };
}

/** Only decrypt with the catalogue's key: roles that read artifacts and write none. */
export function decryptKeyStatement(kmsKeyArn: string): Statement {
  return {
    sid: "DecryptWithCatalogueKey",
    actions: [...KMS_DECRYPT_ACTIONS],
    resources: [kmsKeyArn],
  };
}

/** A repository by its handles: created in this stack, or named in another. */
export interface RepositoryRef {
  readonly arn: string;
  readonly name: string;
  readonly url: string;
}
