import type { BaseImage } from "../config/catalogue";
import { baseImageBuildspec, renderBuildspec } from "../plan/buildspec";
import type { RepositoryRef } from "../plan/iam";
import type { ImageNames } from "../plan/image-names";
import type { NotificationRulePlan } from "../plan/notifications";
import { BuildProject } from "./build-project";
import { DeliveryPipeline } from "./delivery-pipeline";
import type { DeliveryStack } from "./delivery-stack";
import { sourceConnectionArn } from "../sources/registry";
import type { ITerraformDependable } from "./private/cdktf";
import type { ImageRepository } from "./image-repository";

export interface BaseImagePipelineProps {
  readonly base: BaseImage;
  /** Its physical names (plan/image-names.ts). */
  readonly names: ImageNames;
  /** The live base images' repositories, by name (its own and its custom build image's). */
  readonly repositories: ReadonlyMap<string, ImageRepository>;
  readonly kmsKeyArn: string;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  readonly connectionArns: Readonly<Record<string, string>>;
  /** Its pipeline's notification rule, if it notifies. */
  readonly notificationRule?: NotificationRulePlan;
  /** See DeliveryPipelineProps.notificationRuleDependsOn. */
  readonly notificationRuleDependsOn?: readonly ITerraformDependable[];
}

/** Construct ids of a base image's repository and build: its Terraform addresses derive from them. */
export function baseRepositoryId(name: string): string {
  return `base-${name}`;
}
export function baseBuildId(name: string): string {
  return `base-${name}-build`;
}

/** A base image's build and pipeline: source -> build, push by commit and move `latest`. */
export class BaseImagePipeline {
  constructor(stack: DeliveryStack, props: BaseImagePipelineProps) {
    const { base, names } = props;
    const repository = props.repositories.get(base.name)!;
    const custom = base.build.customImage
      ? props.repositories.get(base.build.customImage)
      : undefined;
    const customImage: RepositoryRef | undefined = custom && {
      arn: custom.arn,
      name: custom.name,
      url: custom.url,
    };
    const build = new BuildProject(stack, baseBuildId(base.name), {
      projectName: names.project,
      roleName: names.buildRole,
      logGroupName: names.buildLogGroup,
      description: `Builds the ${base.name} base image`,
      build: base.build,
      generatedBuildspec: renderBuildspec(
        baseImageBuildspec({ customImage: customImage !== undefined }),
      ),
      buildVariables: { REPOSITORY_URL: repository.url },
      kmsKeyArn: props.kmsKeyArn,
      pushTo: [repository.arn],
      pullFrom: [],
      ...(customImage && { customImage }),
      artifactBucket: props.artifactBucket,
      artifactFolder: names.artifactFolder,
    });
    new DeliveryPipeline(stack, `base-${base.name}-pipeline`, {
      pipelineName: names.project,
      roleName: names.pipelineRole,
      eventsRoleName: names.eventsRole,
      sourceRuleName: names.sourceRule,
      baseImageRuleName: names.baseImageRule,
      source: base.source,
      ...sourceConnectionArn(base.source, (c) => props.connectionArns[c]),
      buildProject: { name: build.project.name, arn: build.project.arn },
      artifactBucket: props.artifactBucket,
      artifactFolder: names.artifactFolder,
      kmsKeyArn: props.kmsKeyArn,
      ...(props.notificationRule && {
        notificationRule: props.notificationRule,
      }),
      ...(props.notificationRuleDependsOn && {
        notificationRuleDependsOn: props.notificationRuleDependsOn,
      }),
    });
  }
}
