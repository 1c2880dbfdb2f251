/**
 * The catalogue keys the ECS target adds: an environment's (services.<name>.environments.<env>
 * and defaults.environment with kind: ecs) and the top-level clusters section.
 */
import {
  ENVIRONMENT_SECRETS,
  ENVIRONMENT_VARIABLES,
  subnets,
  URL_PATH_HINT,
  URL_PATH_PATTERN,
  VPC_ID,
} from "../../config/schema-parts";
import type {
  IntegerSchema,
  MapSchema,
  ObjectSchema,
  OneOfSchema,
  Schema,
} from "../../config/schema-types";
import { ECS_DEFAULTS } from "./defaults";
import { TLS13_POLICIES } from "../../plan/elb-security-policies";

export const ECS_ENVIRONMENT_DESCRIPTION =
  "Each process of the service an ECS service on Fargate in the environment's cluster, the web process behind the cluster's shared load balancer.";

const NAME = /^[a-z][a-z0-9-]*$/;
const NAME_HINT = "lowercase letters, digits and '-', starting with a letter";
const cpu = {
  type: "integer",
  description:
    "Fargate CPU units of a task: 256, 512, 1024, 2048, 4096, 8192 or 16384, with a memory Fargate offers for it (rule fargate-sizes).",
  minimum: 256,
  maximum: 16384,
  default: ECS_DEFAULTS.cpu,
} as const satisfies IntegerSchema;

const memory = {
  type: "integer",
  description:
    "Memory of a task in MiB: 512 to 2048 with cpu 256, 1024 to 4096 with 512, 2048 to 8192 with 1024 (in steps of 1024), 4096 to 16384 with 2048, 8192 to 30720 with 4096 (steps of 1024), 16384 to 61440 with 8192 (steps of 4096), 32768 to 122880 with 16384 (steps of 8192).",
  minimum: 512,
  maximum: 122880,
  default: ECS_DEFAULTS.memory,
} as const satisfies IntegerSchema;

// Tasks per service: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
const MAX_TASKS = 5000;

const count = {
  type: "oneOf",
  description:
    "How many tasks run: a number (fixed), or min and max with target tracking on CPU (and on requests per target for the web process).",
  variants: [
    {
      type: "integer",
      description: "A fixed number of tasks.",
      minimum: 0,
      maximum: MAX_TASKS,
    },
    {
      type: "object",
      description: "Application Auto Scaling between min and max.",
      properties: {
        min: {
          type: "integer",
          description: "The fewest tasks.",
          minimum: 0,
          maximum: MAX_TASKS,
        },
        max: {
          type: "integer",
          description: "The most tasks (at least min).",
          minimum: 1,
          maximum: MAX_TASKS,
        },
        cpuTarget: {
          type: "integer",
          description:
            "Target tracking on the service's average CPU utilization, in percent.",
          minimum: 10,
          maximum: 90,
          default: ECS_DEFAULTS.cpuTarget,
        },
        requestsPerTarget: {
          type: "integer",
          description:
            "Target tracking on load balancer requests per task as well (ALBRequestCountPerTarget); web process only.",
          minimum: 1,
          maximum: 100000,
        },
      },
      required: ["min", "max"],
    },
  ],
  default: ECS_DEFAULTS.count,
} as const satisfies OneOfSchema;

const HOST_HINT =
  "a host name or pattern such as api.acme.io or *.acme.io (letters, digits, '-', '_', '.', and the wildcards * and ?)";

const http = {
  type: "object",
  absentMeansNone: true,
  description:
    "How the load balancer reaches the web process: a listener rule on the cluster's shared load balancer. Required when the service has a web process, refused when it has none.",
  properties: {
    hosts: {
      type: "array",
      description:
        "Host headers the rule matches (case-insensitive; * and ? wildcards). Left out: any host.",
      minItems: 1,
      uniqueItems: true,
      items: {
        type: "string",
        description: "A host pattern.",
        maxLength: 128,
        hint: HOST_HINT,
      },
    },
    paths: {
      type: "array",
      description:
        'Path patterns the rule matches (case-sensitive; * and ? wildcards; "/api/*" does not match "/api"). A rule\'s hosts and paths are at most 5 values.',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: "string",
        description: "A path pattern.",
        maxLength: 128,
      },
      default: ECS_DEFAULTS.http.paths,
    },
    healthCheckPath: {
      type: "string",
      description:
        "The target group's health check path (and the smoke test's, unless smokeTest.path is given).",
      pattern: URL_PATH_PATTERN,
      hint: URL_PATH_HINT,
      maxLength: 1024,
      default: ECS_DEFAULTS.http.healthCheckPath,
    },
    deregistrationDelaySeconds: {
      type: "integer",
      description:
        "How long the load balancer lets a stopping task finish its requests (AWS's default is 300).",
      minimum: 0,
      maximum: 3600,
      default: ECS_DEFAULTS.http.deregistrationDelaySeconds,
    },
    healthCheckGracePeriodSeconds: {
      type: "integer",
      description:
        "How long ECS ignores failing load balancer health checks of a starting task.",
      minimum: 0,
      maximum: 2147483647,
      default: ECS_DEFAULTS.http.healthCheckGracePeriodSeconds,
    },
    priority: {
      type: "integer",
      description:
        "The listener rule's priority, inside the band of its conditions (README: listener rules). Left out: derived from the service, environment and conditions; set it only to resolve a clash the synth reports.",
      minimum: 1,
      maximum: 50000,
    },
  },
} as const satisfies ObjectSchema;

const processSettings = {
  type: "object",
  description: "One process's own size and count in this environment.",
  properties: {
    // The environment's keys without their defaults: left out, the environment's value applies.
    cpu: {
      type: "integer",
      description: `${cpu.description} Left out: the environment's.`,
      minimum: cpu.minimum,
      maximum: cpu.maximum,
    },
    memory: {
      type: "integer",
      description: `${memory.description} Left out: the environment's.`,
      minimum: memory.minimum,
      maximum: memory.maximum,
    },
    count: {
      type: "oneOf",
      description: `${count.description} Left out: the environment's.`,
      variants: count.variants,
    },
  },
} as const satisfies ObjectSchema;

export const ECS_ENVIRONMENT_PROPERTIES = {
  cluster: {
    type: "string",
    description:
      "The clusters entry the environment runs in. Left out: the one named like the environment.",
    pattern: NAME,
    hint: NAME_HINT,
  },
  http,
  cpu,
  memory,
  count,
  processes: {
    type: "map",
    description:
      "Per process: cpu, memory and count overriding the environment's (each key replaced whole).",
    keyPattern: /^[a-z][a-z0-9-]{0,19}$/,
    keyHint: "a process of the service",
    values: processSettings,
  },
  exec: {
    type: "boolean",
    description:
      "ECS Exec (aws ecs execute-command) into the tasks; the task role then gets the four ssmmessages actions.",
    default: ECS_DEFAULTS.exec,
  },
  deployment: {
    type: "object",
    description: "How a rolling deployment replaces tasks.",
    properties: {
      minHealthyPercent: {
        type: "integer",
        description: "Tasks that keep running during a deployment, in percent.",
        minimum: 0,
        maximum: 100,
        default: ECS_DEFAULTS.deployment.minHealthyPercent,
      },
      maxPercent: {
        type: "integer",
        description: "Tasks that may run during a deployment, in percent.",
        minimum: 100,
        maximum: 200,
        default: ECS_DEFAULTS.deployment.maxPercent,
      },
    },
  },
} as const satisfies Readonly<Record<string, Schema>>;

const cluster = {
  type: "object",
  description:
    "An ECS cluster and its shared Application Load Balancer, in the shared stack.",
  properties: {
    network: {
      type: "object",
      description: "Where the tasks and the load balancer run.",
      properties: {
        vpcId: VPC_ID,
        taskSubnets: subnets(
          "Subnets of the tasks (private ones, with a NAT gateway or VPC endpoints to reach ECR, logs and secrets).",
          1,
        ),
        loadBalancerSubnets: subnets(
          "Subnets of the load balancer, in at least two Availability Zones.",
          2,
        ),
        loadBalancerScheme: {
          type: "string",
          description:
            "public: reachable from the internet; internal: only inside the VPC.",
          enum: ["public", "internal"],
          default: ECS_DEFAULTS.cluster.loadBalancerScheme,
        },
        assignPublicIp: {
          type: "boolean",
          description:
            "Give tasks a public IP (public task subnets without a NAT gateway).",
          default: ECS_DEFAULTS.cluster.assignPublicIp,
        },
      },
      required: ["vpcId", "taskSubnets", "loadBalancerSubnets"],
    },
    https: {
      type: "object",
      description:
        "An HTTPS listener on 443; port 80 then redirects to it. Left out: HTTP on 80 only.",
      properties: {
        certificateArn: {
          type: "string",
          description: "An ACM certificate in the catalogue's region.",
          pattern:
            /^arn:aws(?:-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
          hint: "an ACM certificate ARN",
        },
        sslPolicy: {
          type: "string",
          description:
            "The listener's security policy: one of Elastic Load Balancing's predefined policies with TLS 1.3 (ELBSecurityPolicy-TLS13-*).",
          enum: TLS13_POLICIES,
          default: ECS_DEFAULTS.cluster.sslPolicy,
        },
      },
      required: ["certificateArn"],
    },
    deletionProtection: {
      type: "boolean",
      description:
        "The load balancer refuses deletion (turn off before destroying the shared stack).",
      default: ECS_DEFAULTS.cluster.deletionProtection,
    },
    idleTimeoutSeconds: {
      type: "integer",
      description: "The load balancer's connection idle timeout.",
      minimum: 1,
      maximum: 4000,
      default: ECS_DEFAULTS.cluster.idleTimeoutSeconds,
    },
  },
  required: ["network"],
} as const satisfies ObjectSchema;

export const CLUSTERS_SCHEMA = {
  type: "map",
  description:
    "ECS clusters by name, one per environment name ECS services use (an environment's cluster defaults to its name).",
  keyPattern: NAME,
  keyHint: NAME_HINT,
  values: cluster,
} as const satisfies MapSchema;

/**
 * An environment of kind ecs as its loader reads it: its own keys and the generic variables and
 * secrets (kind and approval are the loader's).
 */
export const ECS_ENVIRONMENT_SCHEMA = {
  type: "object",
  description: ECS_ENVIRONMENT_DESCRIPTION,
  properties: {
    ...ECS_ENVIRONMENT_PROPERTIES,
    variables: ENVIRONMENT_VARIABLES,
    secrets: ENVIRONMENT_SECRETS,
  },
} as const satisfies ObjectSchema;
