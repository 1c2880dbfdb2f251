import type { Catalogue } from "../config/catalogue";
import { DEFAULTS } from "../config/defaults";
import { dockerBuilderBuildspec, renderBuildspec } from "../plan/buildspec";
import { ECR_WRITE_ACTIONS, Statement } from "../plan/iam";
import { BuildProject } from "./build-project";
import type { DeliveryStack } from "./delivery-stack";
import { TerraformOutput } from "./private/cdktf";

export interface DockerBuilderProps {
  readonly builder: NonNullable<Catalogue["dockerBuilder"]>;
  readonly kmsKeyArn: string;
  /** The catalogue's connections, which a build may fetch its source through. */
  readonly connectionArns: readonly string[];
  /** The live base images' repositories, which it may never push. */
  readonly baseImageArns: readonly string[];
}

/** The on-demand docker builder: any repository, pushed to this catalogue's ECR (see README). */
export class DockerBuilder {
  readonly project: BuildProject;

  constructor(stack: DeliveryStack, props: DockerBuilderProps) {
    this.project = new BuildProject(stack, "docker-builder", {
      projectName: stack.names.dockerBuilder,
      roleName: stack.names.dockerBuilder,
      logGroupName: stack.names.dockerBuilderLogGroup,
      description:
        "Builds any repository on demand and pushes it to this catalogue's ECR (see README)",
      build: {
        computeType: props.builder.computeType,
        image: DEFAULTS.build.image,
        privileged: true,
        timeoutMinutes: props.builder.timeoutMinutes,
        variables: {},
        secrets: {},
        cache: "none",
      },
      generatedBuildspec: renderBuildspec(dockerBuilderBuildspec()),
      buildVariables: {},
      kmsKeyArn: props.kmsKeyArn,
      // Every repository of this catalogue, and only those: their names share the prefix.
      pushTo: [stack.arn("ecr", `repository/${stack.names.organisation}/*`)],
      pullFrom: [],
      extraStatements: [
        ...connectionStatements(props.connectionArns),
        // A push of a base image's `latest` starts every pipeline built FROM it: base images
        // come from their own pipelines only.
        ...(props.baseImageArns.length > 0
          ? [
              {
                sid: "NeverPushBaseImages",
                effect: "Deny" as const,
                actions: ECR_WRITE_ACTIONS.slice(),
                resources: [...props.baseImageArns],
              },
            ]
          : []),
      ],
    });
    new TerraformOutput(stack, "docker-builder-project", {
      description: "Start with aws codebuild start-build (see README)",
      value: this.project.project.name,
    });
  }
}

/**
 * What CodeBuild needs to fetch a source through a connection (a build started with
 * --source-auth-override type=CODECONNECTIONS), with the action prefix each ARN carries.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/connections-github-app.html
 */
export const CONNECTION_SOURCE_ACTIONS = [
  "GetConnection",
  "GetConnectionToken",
  "UseConnection",
] as const;

function connectionStatements(arns: readonly string[]): Statement[] {
  const legacy = arns.filter((arn) => arn.includes(":codestar-connections:"));
  const current = arns.filter((arn) => !arn.includes(":codestar-connections:"));
  const out: Statement[] = [];
  if (current.length > 0) {
    out.push({
      sid: "UseCatalogueConnections",
      actions: CONNECTION_SOURCE_ACTIONS.map((a) => `codeconnections:${a}`),
      resources: current,
    });
  }
  if (legacy.length > 0) {
    out.push({
      sid: "UseLegacyConnections",
      actions: CONNECTION_SOURCE_ACTIONS.map(
        (a) => `codestar-connections:${a}`,
      ),
      resources: legacy,
    });
  }
  return out;
}
