/**
 * The ECS target's stateful resource types, with the arguments that force a new resource
 * (checked as constructs/private/stateful-changes.ts says). Log groups are the catalogue's own.
 */
import type { StatefulType } from "../../plan/stateful-type";

export const ECS_STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  // A new parameter starts at "none" again: the environment's services go down to no task
  // until the pipeline records an image. ForceNew in the provider's
  // internal/service/ssm/parameter.go: name, data_type (Optional + Computed).
  aws_ssm_parameter: {
    label: "image parameter",
    nameAttribute: "name",
    forcing: [{ name: "name" }, { name: "data_type", keptWhenRemoved: true }],
    loss: "the image the environment runs: its ECS services stop every task until the pipeline's next deploy records one",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb
  // (ForceNew in the provider's internal/service/elbv2/load_balancer.go; `internal` is
  // Optional + Computed)
  aws_lb: {
    label: "load balancer",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      { name: "name_prefix" },
      { name: "internal", keptWhenRemoved: true },
      { name: "load_balancer_type", default: "application" },
      { name: "customer_owned_ipv4_pool" },
    ],
    loss: "its DNS name (every host pointed at it) and, while it is gone, every ECS service's traffic",
  },
};
