import type { BaseImage } from "../config/catalogue";
import type { ImageNames } from "../plan/image-names";
import { notificationRule } from "../plan/notifications";
import { BASE_IMAGE_TAG } from "../sources/base-image";
import {
  BaseImagePipeline,
  baseBuildId,
  baseRepositoryId,
} from "./base-image-pipeline";
import type { DeliveryStack } from "./delivery-stack";
import { ImageRepository } from "./image-repository";
import { TerraformOutput, type ITerraformDependable } from "./private/cdktf";
import { keepRetiredImage } from "./retired-image";

export interface BaseImagesProps {
  /** The catalogue's base images, retired ones included. */
  readonly baseImages: readonly BaseImage[];
  /** Their physical names (plan/stacks.ts). */
  readonly names: readonly ImageNames[];
  readonly kmsKeyArn: string;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  /** By connection name. */
  readonly connectionArns: Readonly<Record<string, string>>;
  /** The topic the pipelines notify. */
  readonly topicArn: string;
  /**
   * The policy of that topic when this stack creates it: the rules notifying it wait for it (not
   * a rule notifying a topic of its own).
   */
  readonly topicPolicy?: ITerraformDependable;
}

/**
 * The catalogue's base images in the shared stack: each live one's repository and
 * BaseImagePipeline, each retired one's repository and build logs kept (keepRetiredImage), and
 * every repository's URL as an output (addOutputs).
 */
export class BaseImages {
  /** The live base images' repositories, by name. */
  readonly repositories: ReadonlyMap<string, ImageRepository>;
  private readonly stack: DeliveryStack;
  private readonly baseImages: readonly BaseImage[];

  constructor(stack: DeliveryStack, props: BaseImagesProps) {
    const names = new Map(props.names.map((n) => [n.image, n]));
    const repositories = new Map<string, ImageRepository>();
    for (const base of props.baseImages) {
      if (base.retired) {
        // Its pipeline and build go; its repository (which ECR would refuse to delete while it
        // holds images) and build logs are kept, no longer managed.
        keepRetiredImage(
          stack,
          baseRepositoryId(base.name),
          baseBuildId(base.name),
        );
        continue;
      }
      repositories.set(
        base.name,
        new ImageRepository(stack, baseRepositoryId(base.name), {
          repositoryName: names.get(base.name)!.repository,
          settings: base.image,
          kmsKeyArn: props.kmsKeyArn,
          movableTag: BASE_IMAGE_TAG,
        }),
      );
    }
    for (const base of props.baseImages.filter((b) => !b.retired)) {
      const rule =
        base.notifications &&
        notificationRule(
          names.get(base.name)!.project,
          base.notifications,
          props.topicArn,
        );
      new BaseImagePipeline(stack, {
        base,
        names: names.get(base.name)!,
        repositories,
        kmsKeyArn: props.kmsKeyArn,
        artifactBucket: props.artifactBucket,
        connectionArns: props.connectionArns,
        ...(rule && { notificationRule: rule }),
        // The catalogue's topic is created here: its rules wait for its policy.
        ...(rule &&
          props.topicPolicy &&
          rule.topicArn === props.topicArn && {
            notificationRuleDependsOn: [props.topicPolicy],
          }),
      });
    }
    this.repositories = repositories;
    this.stack = stack;
    this.baseImages = props.baseImages;
  }

  /**
   * Every base image's repository URL as an output. Separate from the constructor so the stack
   * keeps its outputs together, in the order the HCL output has always had.
   */
  addOutputs(): void {
    for (const base of this.baseImages) {
      new TerraformOutput(this.stack, `base-${base.name}-repository-url`, {
        description: base.retired
          ? `Base image ${base.name} (retired: kept, no longer managed by Terraform)`
          : `Base image ${base.name}`,
        value: base.retired
          ? this.stack.refs.repositoryUrl(base.name)
          : this.repositories.get(base.name)!.url,
      });
    }
  }
}
