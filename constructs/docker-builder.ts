import type { Catalogue } from "../config/catalogue";
import { dockerBuilderBuildspec, renderBuildspec } from "../plan/buildspec";
import { dockerBuilderBuild } from "../plan/docker-builder";
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

/**
 * The on-demand docker builder: any repository, pushed to this catalogue's ECR (see README).
 * Its role is the plan's (plan/docker-builder.ts), rendered with Terraform references.
 */
export class DockerBuilder {
  readonly project: BuildProject;

  constructor(stack: DeliveryStack, props: DockerBuilderProps) {
    this.project = new BuildProject(stack, "docker-builder", {
      ...dockerBuilderBuild({
        ...props,
        projectName: stack.names.dockerBuilder,
        repositoriesArn: stack.arn(
          "ecr",
          `repository/${stack.names.organisation}/*`,
        ),
      }),
      roleName: stack.names.dockerBuilder,
      logGroupName: stack.names.dockerBuilderLogGroup,
      description:
        "Builds any repository on demand and pushes it to this catalogue's ECR (see README)",
      generatedBuildspec: renderBuildspec(dockerBuilderBuildspec()),
      buildVariables: {},
    });
    new TerraformOutput(stack, "docker-builder-project", {
      description: "Start with aws codebuild start-build (see README)",
      value: this.project.project.name,
    });
  }
}
