import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import {
  CodebuildProject,
  CodebuildProjectEnvironmentEnvironmentVariable,
} from "@cdktf/provider-aws/lib/codebuild-project";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { servicePrincipal } from "../plan/arn";
import { DeliveryStack } from "./delivery-stack";
import type { Build } from "../config/catalogue";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import {
  BuildRoleProps,
  buildRoleStatements,
  cachePrefix,
  sorted,
} from "../plan/build-policy";
import { codebuildSecretValue } from "../plan/secrets";
import { escapeTerraform, resourceAddress } from "./private/terraform";

/** How long logs are kept: one year. */
export const LOG_RETENTION_DAYS = 365;

/** Account, partition and region come from the stack (DeliveryStack). */
export interface BuildProjectProps extends Omit<
  BuildRoleProps,
  "accountId" | "partition" | "region"
> {
  readonly roleName: string;
  readonly logGroupName: string;
  readonly description: string;
  /** The generated buildspec (YAML), used when build.buildspec names none. */
  readonly generatedBuildspec: string;
  /** Plain-text variables the generated buildspec reads (REPOSITORY_URL ...). */
  readonly buildVariables: Readonly<Record<string, string>>;
}

const LOG_GROUP_ID = "logs";

/**
 * A Docker build in CodeBuild with its own least-privilege role and log group. Everything the
 * role may do follows from the catalogue's relationships: its log group, its repositories, its
 * base and build images, the pipeline's artifacts, the catalogue's key, its declared secrets.
 */
export class BuildProject extends Construct {
  readonly project: CodebuildProject;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  /** The address a BuildProject at this construct path below its stack gives its log group. */
  static logGroupAddress(path: readonly string[]): string {
    return resourceAddress(CloudwatchLogGroup.tfResourceType, [
      ...path,
      LOG_GROUP_ID,
    ]);
  }

  constructor(scope: Construct, id: string, buildProps: BuildProjectProps) {
    super(scope, id);
    const stack = DeliveryStack.of(this);
    const props = {
      ...buildProps,
      accountId: stack.accountId,
      partition: stack.partition,
      region: stack.region,
    };
    // The role may reach only its pipeline's folder: a project in a pipeline needs one.
    this.node.addValidation({
      validate: () =>
        (props.artifactBucket === undefined) ===
        (props.artifactFolder === undefined)
          ? []
          : ["artifactBucket and artifactFolder go together"],
    });
    const { build } = props;
    const inPipeline = props.artifactBucket !== undefined;

    this.logGroup = new CloudwatchLogGroup(this, LOG_GROUP_ID, {
      name: props.logGroupName,
      retentionInDays: LOG_RETENTION_DAYS,
      kmsKeyId: props.kmsKeyArn,
    });

    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `CodeBuild service role of ${props.projectName}`,
      assumeRolePolicy: assumeRolePolicy(
        servicePrincipal("codebuild"),
        props.accountId,
      ),
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "build",
      role: this.role.name,
      policy: policyDocument(buildRoleStatements(props, this.logGroup.arn)),
    });

    const variables: CodebuildProjectEnvironmentEnvironmentVariable[] = [
      ...Object.entries(props.buildVariables).map(([name, value]) => ({
        name,
        value,
        type: "PLAINTEXT",
      })),
      ...sorted(build.variables).map(([name, value]) => ({
        name,
        value: escapeTerraform(value),
        type: "PLAINTEXT",
      })),
      ...sorted(build.secrets).map(([name, ref]) => ({
        name,
        value: escapeTerraform(codebuildSecretValue(ref)),
        type: ref.store === "ssm" ? "PARAMETER_STORE" : "SECRETS_MANAGER",
      })),
    ];

    this.project = new CodebuildProject(this, "project", {
      name: props.projectName,
      description: props.description,
      serviceRole: this.role.arn,
      buildTimeout: build.timeoutMinutes,
      encryptionKey: props.kmsKeyArn,
      artifacts: { type: inPipeline ? "CODEPIPELINE" : "NO_ARTIFACTS" },
      source: {
        type: inPipeline ? "CODEPIPELINE" : "NO_SOURCE",
        buildspec: build.buildspec ?? escapeTerraform(props.generatedBuildspec),
      },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: build.computeType,
        image: props.customImage
          ? `${props.customImage.url}:latest`
          : build.image,
        // A custom image from our ECR is pulled with the service role; managed images by CodeBuild.
        imagePullCredentialsType: props.customImage
          ? "SERVICE_ROLE"
          : "CODEBUILD",
        privilegedMode: build.privileged,
        environmentVariable: variables,
      },
      cache: cache(build, props),
      logsConfig: {
        cloudwatchLogs: { groupName: this.logGroup.name, status: "ENABLED" },
        s3Logs: { status: "DISABLED" },
      },
      // The first build must not start before its role may pull its build image.
      dependsOn: [policy],
    });
  }
}

function cache(build: Build, props: BuildProjectProps) {
  switch (build.cache) {
    case "docker":
      return {
        type: "LOCAL",
        modes: ["LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE"],
      };
    case "s3":
      if (props.artifactBucket)
        return {
          type: "S3",
          location: `${props.artifactBucket.name}/${cachePrefix(props.projectName)}`,
        };
      return { type: "NO_CACHE" };
    default:
      return { type: "NO_CACHE" };
  }
}
