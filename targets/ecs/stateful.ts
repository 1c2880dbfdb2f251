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
  // A new `port` (the service's) replaces the web process's target group. It is named after the
  // port and created before the old one is deleted (create_before_destroy), and the listener
  // rule and the ECS service move to it in place (terraform plan, AWS provider 5.100.0); but
  // the rule forwards to it before the new tasks are healthy in it. ForceNew in the provider's
  // internal/service/elbv2/target_group.go (ip_address_type, name, name_prefix and
  // protocol_version are Optional + Computed).
  aws_lb_target_group: {
    label: "target group",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      { name: "name_prefix" },
      { name: "port" },
      { name: "protocol" },
      { name: "protocol_version", keptWhenRemoved: true },
      { name: "target_type", default: "instance" },
      { name: "vpc_id" },
      { name: "ip_address_type", keptWhenRemoved: true },
    ],
    loss: "the environment's requests, answered 503 from the moment its listener rule forwards to the new, empty target group until the new tasks pass its health check (a minute or two)",
  },
};
