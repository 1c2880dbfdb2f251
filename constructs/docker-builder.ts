import type { Catalogue } from "../config/catalogue";
import { dockerBuilderBuildspec, renderBuildspec } from "../plan/buildspec";
import { dockerBuilderBuild } from "../plan/docker-builder";
import type { SharedNames } from "../plan/image-names";
import { repositoryRef } from "../plan/refs";
import { BuildProject } from "./build-project";
import type { DeliveryStack } from "./delivery-stack";
import { TerraformOutput } from "./private/cdktf";

export interface DockerBuilderProps {
  readonly builder: NonNullable<Catalogue["dockerBuilder"]>;
  /** Its project's names and the repositories it may push (plan/image-names.ts). */
  readonly names: Pick<SharedNames, "dockerBuilder" | "repositories">;
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
    const { names, ...builder } = props;
    this.project = new BuildProject(stack, "docker-builder", {
      ...dockerBuilderBuild({
        ...builder,
        projectName: names.dockerBuilder.project,
        repositoriesArn: repositoryRef(stack.scope, names.repositories).arn,
      }),
      roleName: names.dockerBuilder.role,
      logGroupName: names.dockerBuilder.logGroup,
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
