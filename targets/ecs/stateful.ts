/**
 * The ECS target's stateful resource types, with the arguments that force a new resource
 * (checked as constructs/private/stateful-changes.ts says). Log groups are the catalogue's own.
 */
import type { StatefulType } from "../../plan/stateful-type";

export const ECS_STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  // A new parameter starts at "none" again: the environment's services go down to no task
  // until the pipeline records an image. `name` forces a new parameter:
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ssm_parameter
  aws_ssm_parameter: {
    label: "image parameter",
    nameAttribute: "name",
    forcing: [{ name: "name" }],
    loss: "the image the environment runs: its ECS services stop every task until the pipeline's next deploy records one",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb
  aws_lb: {
    label: "load balancer",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      { name: "name_prefix" },
      { name: "internal", default: false },
      { name: "load_balancer_type", default: "application" },
    ],
    loss: "its DNS name (every host pointed at it) and, while it is gone, every ECS service's traffic",
  },
};
