/** What a deploy target's renderer gets and gives (./renderers calls them). */
import type { Catalogue, Service } from "../config/catalogue";
import type { ImageRepository } from "../constructs/image-repository";
import type { TargetDeploy } from "./deploy-target";

export interface DeploymentProps {
  readonly catalogue: Catalogue;
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
