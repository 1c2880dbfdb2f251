/**
 * The catalogue keys a Beanstalk environment adds (services.<name>.environments.<env> and
 * defaults.environment), between the generic kind and approval and the generic variables,
 * secrets and network.
 */
import type { ObjectSchema, Schema } from "../../config/schema-types";
import { ALB_SECURITY_POLICIES } from "../../plan/elb-security-policies";
import { BEANSTALK_DEFAULTS } from "./defaults";
import {
  ENVIRONMENT_SECRETS,
  ENVIRONMENT_VARIABLES,
  subnets,
  URL_PATH_HINT,
  URL_PATH_PATTERN,
  VPC_ID,
} from "../../config/schema-parts";

/** Where Beanstalk environments run: the top-level network, and an environment's own. */
export const BEANSTALK_NETWORK = {
  type: "object",
  description:
    "Where Beanstalk environments run. Left out: the account's default VPC.",
  properties: {
    vpcId: {
      ...VPC_ID,
      description: "The VPC of the instances and the load balancer.",
    },
    instanceSubnets: subnets(
      "Subnets of the EC2 instances (aws:ec2:vpc Subnets).",
      1,
    ),
    loadBalancerSubnets: subnets(
      "Subnets of the Application Load Balancer, in at least two Availability Zones (aws:ec2:vpc ELBSubnets).",
      2,
    ),
    loadBalancerScheme: {
      type: "string",
      description:
        "public: reachable from the internet; internal: only inside the VPC.",
      enum: ["public", "internal"],
      default: BEANSTALK_DEFAULTS.network.loadBalancerScheme,
    },
  },
} as const satisfies ObjectSchema;

export const BEANSTALK_ENVIRONMENT_DESCRIPTION =
  "One Elastic Beanstalk environment behind an Application Load Balancer.";

export const BEANSTALK_ENVIRONMENT_PROPERTIES = {
  cnamePrefix: {
    type: "string",
    description:
      "The environment's URL prefix (<prefix>.<region>.elasticbeanstalk.com). Left out: Beanstalk chooses.",
    pattern: /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/,
    hint: "4 to 63 letters, digits and '-', not starting or ending with '-'",
  },
  instanceTypes: {
    type: "array",
    description:
      "EC2 instance types, first preferred (aws:ec2:instances InstanceTypes). x86_64 only: builds produce x86_64 images, so Graviton (arm64) types such as t4g, m7g or c6gn are refused; arm64 builds are not supported.",
    minItems: 1,
    maxItems: 40,
    uniqueItems: true,
    items: {
      type: "string",
      description: "An instance type.",
      pattern: /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
      hint: "an instance type such as t3.small",
    },
    default: BEANSTALK_DEFAULTS.instanceTypes,
  },
  minInstances: {
    type: "integer",
    description: "Auto Scaling minimum.",
    minimum: 1,
    maximum: 10000,
    default: BEANSTALK_DEFAULTS.minInstances,
  },
  maxInstances: {
    type: "integer",
    description: "Auto Scaling maximum (at least minInstances).",
    minimum: 1,
    maximum: 10000,
    default: BEANSTALK_DEFAULTS.maxInstances,
  },
  platform: {
    type: "string",
    description:
      'A Docker solution stack Beanstalk currently offers, such as "64bit Amazon Linux 2023 v4.9.1 running Docker"; used when the environment is created, after which managed updates move it. With secrets it must be new enough to read them: Amazon Linux 2023 v4.5.0 or later (released on or after 2025-03-26; Amazon Linux 2: v4.3.4), and v4.9.1 or later (on or after 2026-01-13; no Amazon Linux 2 version) for a secretsmanager JSON key. Left out: the newest Amazon Linux 2023 Docker stack at plan time.',
    pattern: /^64bit Amazon Linux (?:2023|2) v\d+\.\d+\.\d+ running Docker$/,
    hint: '"64bit Amazon Linux 2023 v<version> running Docker"',
  },
  deploymentPolicy: {
    type: "string",
    description:
      "How new versions roll out (aws:elasticbeanstalk:command DeploymentPolicy).",
    enum: ["AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable"],
    default: BEANSTALK_DEFAULTS.deploymentPolicy,
  },
  healthCheckPath: {
    type: "string",
    description:
      "The load balancer's health check path on the default process (and the smoke test's, unless smokeTest.path is given).",
    pattern: URL_PATH_PATTERN,
    hint: URL_PATH_HINT,
    default: BEANSTALK_DEFAULTS.healthCheckPath,
  },
  https: {
    type: "object",
    description:
      "Adds an HTTPS listener on 443; port 80 then redirects to it (see redirect).",
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
          "The listener's security policy: one of Elastic Load Balancing's predefined Application Load Balancer policies.",
        enum: ALB_SECURITY_POLICIES,
        default: BEANSTALK_DEFAULTS.sslPolicy,
      },
      redirect: {
        type: "boolean",
        description:
          "Port 80 answers every request with a permanent redirect (301) to the same URL on HTTPS 443: a rule on the environment's port-80 listener. false: port 80 serves the application as before.",
        default: BEANSTALK_DEFAULTS.httpsRedirect,
      },
    },
    required: ["certificateArn"],
  },
  stickiness: {
    type: "boolean",
    description: "Load balancer cookie stickiness on the default process.",
    default: BEANSTALK_DEFAULTS.stickiness,
  },
  maintenanceWindow: {
    type: "string",
    description:
      'Managed platform updates start in this weekly window, UTC, as "Day:HH:MM".',
    pattern: /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun):(?:[01]\d|2[0-3]):[0-5]\d$/,
    hint: '"Day:HH:MM" such as "Sun:03:00"',
    default: BEANSTALK_DEFAULTS.maintenanceWindow,
  },
  updateLevel: {
    type: "string",
    description: "Managed platform updates: minor (and patch) or patch only.",
    enum: ["minor", "patch"],
    default: BEANSTALK_DEFAULTS.updateLevel,
  },
  network: {
    ...BEANSTALK_NETWORK,
    description:
      "Overrides the top-level network, key by key; one that sets another vpcId sets instanceSubnets and loadBalancerSubnets too (the inherited ones are in the other VPC).",
  },
} as const satisfies Readonly<Record<string, Schema>>;

/**
 * An environment of kind beanstalk as its loader reads it: its own keys and the generic variables
 * and secrets (kind and approval are the loader's).
 */
export const BEANSTALK_ENVIRONMENT_SCHEMA = {
  type: "object",
  description: BEANSTALK_ENVIRONMENT_DESCRIPTION,
  properties: {
    ...BEANSTALK_ENVIRONMENT_PROPERTIES,
    variables: ENVIRONMENT_VARIABLES,
    secrets: ENVIRONMENT_SECRETS,
  },
} as const satisfies ObjectSchema;

/**
 * The top-level network section: the network of every Beanstalk environment, which its own
 * network overrides key by key (read where an environment is loaded, ./load.ts).
 */
export const TOP_NETWORK_SCHEMA: Schema = {
  ...BEANSTALK_NETWORK,
  description:
    "Defaults for every Beanstalk environment. Left out: the account's default VPC.",
};
