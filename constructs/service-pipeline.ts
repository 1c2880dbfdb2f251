import type { Catalogue, Service } from "../config/catalogue";
import { consoleHostOf } from "../plan/arn";
import type { RepositoryRef } from "../plan/iam";
import type { ServiceDeploy } from "../targets/deploy-target";
import { DeliveryPipeline } from "./delivery-pipeline";
import type { DeliveryStack } from "./delivery-stack";
import { TerraformOutput } from "./private/cdktf";

export interface ServicePipelineProps {
  readonly catalogue: Catalogue;
  readonly service: Service;
  readonly buildProject: { readonly name: string; readonly arn: string };
  readonly baseImage?: RepositoryRef;
  /** Its environments' deploys; none for a service without environments. */
  readonly deploy?: ServiceDeploy;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  readonly kmsKeyArn: string;
}

/**
 * A service's DeliveryPipeline, named after it, with the outputs that find it. Created in the
 * stack's own scope ("pipeline"), so its addresses are what they always were.
 */
export function servicePipeline(
  stack: DeliveryStack,
  props: ServicePipelineProps,
): DeliveryPipeline {
  const { names } = stack;
  const { service } = props;
  const pipeline = new DeliveryPipeline(stack, "pipeline", {
    pipelineName: names.project(service.name),
    roleName: names.pipelineRole(service.name),
    eventsRoleName: names.eventsRole(service.name),
    sourceRuleName: names.triggerRule(service.name, "source"),
    baseImageRuleName: names.triggerRule(service.name, "base-image"),
    source: service.source,
    ...(service.source.kind === "connection" && {
      connectionArn: stack.connectionArn(
        props.catalogue.connections,
        service.source.connection,
      ),
    }),
    ...(props.baseImage && { baseImage: props.baseImage }),
    buildProject: props.buildProject,
    ...(props.deploy && { deploy: props.deploy }),
    artifactBucket: props.artifactBucket,
    artifactFolder: names.artifactFolder(service.name),
    kmsKeyArn: props.kmsKeyArn,
  });
  new TerraformOutput(stack, "pipeline-name", {
    description: "The service's pipeline",
    value: pipeline.pipeline.name,
  });
  new TerraformOutput(stack, "pipeline-url", {
    description: "The pipeline in the AWS console",
    value: `https://${consoleHostOf(stack.region)}/codesuite/codepipeline/pipelines/${pipeline.pipeline.name}/view?region=${stack.region}`,
  });
  return pipeline;
}
