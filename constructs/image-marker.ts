import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { servicePrincipal } from "../plan/arn";
import { DeliveryStack } from "./delivery-stack";
import { LOG_RETENTION_DAYS } from "./build-project";
import {
  BuildArtifact,
  DEPLOYED_IMAGES_KEPT,
  MARK_VARIABLES,
  markBuildspec,
  renderBuildspec,
} from "../plan/buildspec";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import { MarkRoleProps, markRoleStatements } from "../plan/mark-policy";
import { escapeTerraform } from "./private/terraform";

/**
 * The build image of the mark project: CodeBuild's own Amazon Linux image, which has the AWS CLI
 * v2 and jq. https://docs.aws.amazon.com/codebuild/latest/userguide/ec2-compute-images.html
 */
export const MARK_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";
/** The smallest Linux container compute; marking is a handful of API calls. */
export const MARK_COMPUTE_TYPE = "BUILD_GENERAL1_SMALL";
/** Marking takes seconds; a stuck call should not hold a deploy for CodeBuild's default hour. */
export const MARK_TIMEOUT_MINUTES = 10;

export interface ImageMarkerProps extends MarkRoleProps {
  readonly projectName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  /** The service's repository URL (`<registry>/<name>`), as the build artifact names it. */
  readonly repositoryUrl: string;
  /** The deploy target's build artifact, which names the image to mark. */
  readonly artifact: Pick<BuildArtifact, "files" | "readImage">;
  /**
   * It also records the image an environment's ECS deploys put into its image parameter (a
   * Record action sets IMAGE_PARAMETER); may write exactly these parameters.
   * @default none
   */
  readonly imageParameterArns?: readonly string[];
}

/**
 * A small CodeBuild project that tags the image an environment is about to run with
 * `deployed.<environment>.<time>` (markBuildspec), so the repository's lifecycle policy never
 * expires it. Non-privileged, with its own role (only its own repository, its pipeline's artifact
 * folder, its own log group, the catalogue's key) and its own log group, kept a year.
 */
export class ImageMarker extends Construct {
  readonly project: CodebuildProject;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ImageMarkerProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: props.logGroupName,
      retentionInDays: LOG_RETENTION_DAYS,
      kmsKeyId: props.kmsKeyArn,
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `CodeBuild service role of ${props.projectName}`,
      assumeRolePolicy: assumeRolePolicy(
        servicePrincipal("codebuild"),
        DeliveryStack.of(this).accountId,
      ),
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "mark",
      role: this.role.name,
      policy: policyDocument(markRoleStatements(props, this.logGroup.arn)),
    });
    this.project = new CodebuildProject(this, "project", {
      name: props.projectName,
      description:
        "Tags the image an environment is deployed with, so the lifecycle policy keeps it",
      serviceRole: this.role.arn,
      buildTimeout: MARK_TIMEOUT_MINUTES,
      encryptionKey: props.kmsKeyArn,
      artifacts: { type: "CODEPIPELINE" },
      source: {
        type: "CODEPIPELINE",
        buildspec: escapeTerraform(
          renderBuildspec(
            markBuildspec(props.artifact, {
              record: (props.imageParameterArns ?? []).length > 0,
            }),
          ),
        ),
      },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: MARK_COMPUTE_TYPE,
        image: MARK_IMAGE,
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: false,
        environmentVariable: [
          {
            name: MARK_VARIABLES.repositoryUrl,
            value: props.repositoryUrl,
            type: "PLAINTEXT",
          },
          {
            name: MARK_VARIABLES.kept,
            value: String(DEPLOYED_IMAGES_KEPT),
            type: "PLAINTEXT",
          },
        ],
      },
      logsConfig: {
        cloudwatchLogs: { groupName: this.logGroup.name, status: "ENABLED" },
        s3Logs: { status: "DISABLED" },
      },
      // The first run must not start before its role may write its logs and read the artifact.
      dependsOn: [policy],
    });
  }
}
