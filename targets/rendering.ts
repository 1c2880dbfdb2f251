/** What a deploy target's renderer gets and gives (./renderers calls them). */
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import type { Catalogue, Service } from "../config/catalogue";
import type { DeliveryStack } from "../constructs/delivery-stack";
import { constructIdFor } from "../constructs/private/terraform";
import type { ImageRepository } from "../constructs/image-repository";
import type { Names } from "../plan/names";
import type { TargetDeploy } from "./deploy-target";

export interface DeploymentProps {
  readonly catalogue: Catalogue;
  /** The catalogue's names (the stack plan's catalogueNames): the target's own derive from them. */
  readonly names: Names;
  /** A live service narrowed to the environments of the target that renders it. */
  readonly service: Service;
  readonly image: ImageRepository;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  readonly kmsKeyArn: string;
}

/** What a target renders for a service: the pipeline's deploy props. */
export interface TargetRendering {
  readonly deploy: TargetDeploy;
  /** SSM parameters its Record actions write through the mark project (TargetPlan). */
  readonly recordParameterArns?: readonly string[];
}

/** What a target's part of the shared stack is rendered from. */
export interface SharedDeploymentProps {
  readonly catalogue: Catalogue;
  /** The catalogue's names (the stack plan's catalogueNames): the target's own derive from them. */
  readonly names: Names;
  /** The catalogue's KMS key. */
  readonly kmsKeyArn: string;
}

/**
 * How a deploy target renders (targets/<kind>/renderer.ts; ./renderers maps each kind to its
 * renderer). The cdktf side of a DeployTarget, apart so that the pure plan layer never loads it.
 */
export interface TargetRenderer {
  /** A live service's environments of this target, into the service's stack. */
  renderService(stack: DeliveryStack, props: DeploymentProps): TargetRendering;
  /**
   * What the target adds to the shared stack, called once per catalogue whatever its services
   * (the target decides what it needs: Beanstalk its service role, ECS every declared cluster).
   */
  renderShared(stack: DeliveryStack, props: SharedDeploymentProps): void;
}

/**
 * The full ARN of a Secrets Manager secret an environment reads (Beanstalk and ECS want the ARN
 * with its random suffix): the catalogue's `secretId` when it is one, otherwise looked up by name
 * with a data source (construct id `<idPrefix><secretId as an id>`, so each target keeps its own).
 */
export function secretsManagerSecretArn(
  stack: DeliveryStack,
  secretId: string,
  idPrefix: string,
): string {
  return secretId.startsWith("arn:")
    ? secretId
    : new DataAwsSecretsmanagerSecret(
        stack,
        `${idPrefix}${constructIdFor(secretId)}`,
        { name: secretId },
      ).arn;
}
