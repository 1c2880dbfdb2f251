/**
 * The ECS target's physical names and the AWS rules they must obey, each with the page that
 * states it. Pure functions of catalogue keys: a service's names never depend on another service.
 */
import { createHash } from "node:crypto";
import type { NameRule, Names } from "../../plan/names";

const ECS_NAME = /^[A-Za-z0-9_-]+$/;
const ECS_ALLOWED = "letters, digits, '-' and '_'";
const ELB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const ELB_ALLOWED = "letters, digits and '-', not starting or ending with '-'";

export const ECS_NAME_RULES = {
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html
  cluster: {
    what: "ECS cluster name",
    min: 1,
    max: 255,
    pattern: ECS_NAME,
    allowed: ECS_ALLOWED,
  },
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
  service: {
    what: "ECS service name",
    min: 1,
    max: 255,
    pattern: ECS_NAME,
    allowed: ECS_ALLOWED,
  },
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  taskFamily: {
    what: "ECS task definition family",
    min: 1,
    max: 255,
    pattern: ECS_NAME,
    allowed: ECS_ALLOWED,
  },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
  loadBalancer: {
    what: "load balancer name",
    min: 1,
    max: 32,
    pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    allowed: `${ELB_ALLOWED}, and not starting with 'internal-'`,
  },
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
  targetGroup: {
    what: "target group name",
    min: 1,
    max: 32,
    pattern: ELB_NAME,
    allowed: ELB_ALLOWED,
  },
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
  // (GroupName: up to 255 characters, a-z A-Z 0-9 spaces and ._-:/()#,@[]+=&;{}!$*, not "sg-...")
  securityGroup: {
    what: "security group name",
    min: 1,
    max: 255,
    pattern: /^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/,
    allowed:
      "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with 'sg-'",
  },
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
  // (Name: 1011 characters for a name in a hierarchy; a-zA-Z0-9_.-/, at most 15 levels)
  ssmParameter: {
    what: "SSM parameter name",
    min: 1,
    max: 1011,
    pattern: /^\/(?:[A-Za-z0-9_.-]+\/){0,14}[A-Za-z0-9_.-]+$/,
    allowed: "letters, digits and _.- in at most 15 '/'-separated levels",
  },
} as const satisfies Record<string, NameRule>;

/** Hex digits of the hash that ends a shortened name. */
const HASH_LENGTH = 6;

/**
 * `name` when it fits `max`, else its start and a hash of all of it: deterministic, and two
 * long names that differ anywhere stay different (in all but one case of 16^6). The start keeps
 * what a person reads first (organisation, service); trailing '-' of the start are dropped, so
 * the name never has "--" before its hash.
 */
export function shortened(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash("sha256")
    .update(name)
    .digest("hex")
    .slice(0, HASH_LENGTH);
  const start = name.slice(0, max - HASH_LENGTH - 1).replace(/-+$/, "");
  return `${start}-${hash}`;
}

/** The ECS names of a catalogue, from its organisation's Names. */
export class EcsNames {
  constructor(private readonly names: Names) {}

  private get org(): string {
    return this.names.organisation;
  }

  /** The cluster of a clusters entry (one per environment name, in the shared stack). */
  cluster(cluster: string): string {
    return `${this.org}-${cluster}`;
  }
  /** The cluster's Application Load Balancer: at most 32 characters, shortened with a hash. */
  loadBalancer(cluster: string): string {
    return shortened(this.cluster(cluster), ECS_NAME_RULES.loadBalancer.max);
  }
  /** The load balancer's security group. */
  loadBalancerSecurityGroup(cluster: string): string {
    return `${this.cluster(cluster)}-alb`;
  }
  /**
   * The target group of a service's HTTP process in one environment: its stem and the port.
   * AWS fixes a target group's port at creation, so a new port is a new target group, created
   * before the old one is deleted (the listener rule and the ECS service still use the old one
   * until they move): the two must not share a name.
   */
  targetGroup(service: string, env: string, port: number): string {
    return `${this.targetGroupStem(service, env)}-${port}`;
  }
  /**
   * A target group's name without its port: at most 26 characters (32 less "-" and a port of
   * up to 5 digits), shortened with a hash; unique per account and region exactly when the
   * stems are (checked by the plan, as target group names are).
   */
  targetGroupStem(service: string, env: string): string {
    return shortened(
      `${this.org}-${service}-${env}`,
      ECS_NAME_RULES.targetGroup.max - "-65535".length,
    );
  }
  /** The ECS service of one process (unique within its cluster; the cluster says which org). */
  service(service: string, env: string, process: string): string {
    return `${service}-${env}-${process}`;
  }
  /** The task definition family of one process (unique per account and region). */
  taskFamily(service: string, env: string, process: string): string {
    return `${this.org}-${service}-${env}-${process}`;
  }
  /** The log group of one process's containers (the console's `/ecs/<family>` convention). */
  logGroup(service: string, env: string, process: string): string {
    return `/ecs/${this.taskFamily(service, env, process)}`;
  }
  /** The role ECS uses to start the tasks of one environment (pull, logs, secrets). */
  executionRole(service: string, env: string): string {
    return `${this.org}-${service}-${env}-execution`;
  }
  /** The role the containers of one environment run as. */
  taskRole(service: string, env: string): string {
    return `${this.org}-${service}-${env}-task`;
  }
  /** The security group of one environment's tasks (admits only the load balancer's). */
  taskSecurityGroup(service: string, env: string): string {
    return `${this.org}-${service}-${env}-tasks`;
  }
  /**
   * The image one environment runs: written by the pipeline after that environment's deploy,
   * read by its task definitions (docs/research/ecs-on-fargate.md §6).
   */
  imageParameter(service: string, env: string): string {
    return `/${this.org}/${service}/${env}/image`;
  }
}
