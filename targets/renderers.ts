/**
 * How each deploy target renders a service's environments into its stack. Apart from
 * ./registry, which the pure plan layer uses: this side imports cdktf.
 */
import type { Catalogue } from "../config/catalogue";
import type { DeliveryStack } from "../constructs/delivery-stack";
import { ImageMarker } from "../constructs/image-marker";
import type { ImageNames } from "../plan/image-names";
import type { ServiceDeploy } from "./deploy-target";
import type { DeploymentProps, TargetRenderer } from "./rendering";
import type { DeployKind } from "./sections";
import { DEPLOY_TARGETS, serviceArtifact, serviceTargets } from "./registry";
import { beanstalkRenderer } from "./beanstalk/renderer";
import { ecsRenderer } from "./ecs/renderer";

/**
 * Each deploy target's renderer, by kind. Adding a target: its line here. Typed over the
 * registered kinds (DeployKind, ./sections.ts): a kind without a renderer, or a renderer for a
 * kind no target has, does not compile.
 */
const RENDERERS: { readonly [K in DeployKind]: TargetRenderer } = {
  beanstalk: beanstalkRenderer,
  ecs: ecsRenderer,
};

function rendererOf(kind: DeployKind): TargetRenderer {
  return RENDERERS[kind];
}

/**
 * Renders a live service's environments, each with its target, and the image marker its
 * pipeline runs before each deploy; returns the pipeline's deploy props.
 */
export function renderDeployment(
  stack: DeliveryStack,
  props: DeploymentProps,
  names: ImageNames,
): ServiceDeploy {
  const { service } = props;
  const targets = serviceTargets(service).map((t) =>
    rendererOf(t.kind).renderService(stack, { ...props, service: t.service }),
  );
  const mark = names.mark!;
  const marker = new ImageMarker(stack, "mark", {
    projectName: mark.project,
    roleName: mark.role,
    logGroupName: mark.logGroup,
    repositoryArn: props.image.arn,
    repositoryUrl: props.image.url,
    artifact: serviceArtifact(service),
    artifactBucket: props.artifactBucket,
    artifactFolder: names.artifactFolder,
    kmsKeyArn: props.kmsKeyArn,
    imageParameterArns: targets.flatMap((t) => t.recordParameterArns ?? []),
  });
  return {
    targets: targets.map((t) => t.deploy),
    order: service.environments.map((e) => e.name),
    markProject: { name: marker.project.name, arn: marker.project.arn },
  };
}

/** What the targets add to the shared stack, each target's in the registry's order. */
export function renderSharedDeployment(
  stack: DeliveryStack,
  catalogue: Catalogue,
  kmsKeyArn: string,
): void {
  for (const target of DEPLOY_TARGETS)
    rendererOf(target.kind).renderShared(stack, { catalogue, kmsKeyArn });
}
