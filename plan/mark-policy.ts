/**
 * What a mark role may do, as a pure function: the ImageMarker construct renders it with Terraform
 * references, the catalogue validator with the names they resolve to (policy-size check).
 */
import { logStreamsArn } from "./arn";
import {
  artifactFolderStatements,
  useKeyStatement,
  LOG_WRITE_ACTIONS,
  Statement,
} from "./iam";

/**
 * Exactly the ECR calls of markBuildspec: read the image's manifest, put it back under a new tag,
 * list the tags, remove old markers. No GetAuthorizationToken: there is no `docker login`.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
 */
export const ECR_MARK_ACTIONS = [
  "ecr:BatchDeleteImage",
  "ecr:BatchGetImage",
  "ecr:ListImages",
  "ecr:PutImage",
] as const;

/** Read-only: the mark action has an input artifact and no output. */
export const ARTIFACT_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
] as const;

export interface MarkRoleProps {
  /** ARN of the service's own repository, the only one the role may touch. */
  readonly repositoryArn: string;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  /** The pipeline's folder in the artifact bucket (Names.artifactFolder). */
  readonly artifactFolder: string;
  readonly kmsKeyArn: string;
  /**
   * The image parameters of the service's ECS environments, which its Record actions write
   * (markBuildspec); exactly these.
   * @default none
   */
  readonly imageParameterArns?: readonly string[];
}

export function markRoleStatements(
  props: MarkRoleProps,
  logGroupArn: string,
): Statement[] {
  const parameters = props.imageParameterArns ?? [];
  return [
    {
      sid: "WriteOwnLogs",
      actions: [...LOG_WRITE_ACTIONS],
      resources: [logStreamsArn(logGroupArn)],
    },
    {
      sid: "MarkOwnImages",
      actions: [...ECR_MARK_ACTIONS],
      resources: [props.repositoryArn],
    },
    ...artifactFolderStatements(props.artifactBucket, props.artifactFolder, {
      sid: "ReadPipelineArtifacts",
      actions: ARTIFACT_READ_ACTIONS,
    }),
    useKeyStatement(props.kmsKeyArn),
    ...(parameters.length > 0
      ? [
          {
            sid: "RecordDeployedImages",
            actions: ["ssm:PutParameter"],
            resources: [...parameters],
          },
        ]
      : []),
  ];
}
