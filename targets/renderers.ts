/**
 * How each deploy target renders a service's environments into its stack. Apart from
 * ./registry, which the pure plan layer uses: this side imports cdktf.
 */
import type { DeliveryStack } from "../constructs/delivery-stack";
import type { BeanstalkDeploy } from "./beanstalk/deploy";
import { BeanstalkDeploymentProps, renderBeanstalk } from "./beanstalk/render";
import { renderBeanstalkServiceRole } from "./beanstalk/service-role";

export type DeploymentProps = BeanstalkDeploymentProps;

const RENDERERS: Readonly<
  Record<
    string,
    (stack: DeliveryStack, props: DeploymentProps) => BeanstalkDeploy
  >
> = {
  beanstalk: renderBeanstalk,
};

/**
 * Renders a service's environments with their target and returns the pipeline's deploy props.
 * One target per service for now: its environments' kind.
 */
export function renderDeployment(
  stack: DeliveryStack,
  props: DeploymentProps,
): BeanstalkDeploy {
  const kinds = [...new Set(props.service.environments.map((e) => e.kind))];
  if (kinds.length !== 1)
    throw new Error(
      `service ${props.service.name}: environments of one deploy target each, not ${kinds.join(" and ")}`,
    );
  return RENDERERS[kinds[0]](stack, props);
}

/** What each target adds to the shared stack (the Beanstalk service role). */
export function renderSharedDeployment(stack: DeliveryStack): void {
  renderBeanstalkServiceRole(stack);
}
