/**
 * The catalogue keys a Beanstalk environment adds (services.<name>.environments.<env> and
 * defaults.environment), between the generic kind and approval and the generic variables,
 * secrets and network.
 */
import { DEFAULTS } from "../../config/defaults";
import { URL_PATH_HINT, URL_PATH_PATTERN } from "../../config/gates";
import type { Schema } from "../../config/schema-types";

export const BEANSTALK_ENVIRONMENT_DESCRIPTION =
  "One Elastic Beanstalk environment behind an Application Load Balancer.";

export const BEANSTALK_ENVIRONMENT_PROPERTIES: Readonly<
  Record<string, Schema>
> = {
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
    default: DEFAULTS.environment.instanceTypes,
  },
  minInstances: {
    type: "integer",
    description: "Auto Scaling minimum.",
    minimum: 1,
    maximum: 10000,
    default: DEFAULTS.environment.minInstances,
  },
  maxInstances: {
    type: "integer",
    description: "Auto Scaling maximum (at least minInstances).",
    minimum: 1,
    maximum: 10000,
    default: DEFAULTS.environment.maxInstances,
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
    default: DEFAULTS.environment.deploymentPolicy,
  },
  healthCheckPath: {
    type: "string",
    description:
      "The load balancer's health check path on the default process (and the smoke test's, unless smokeTest.path is given).",
    pattern: URL_PATH_PATTERN,
    hint: URL_PATH_HINT,
    default: DEFAULTS.environment.healthCheckPath,
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
        description: "The listener's security policy.",
        pattern: /^ELBSecurityPolicy-[A-Za-z0-9-]+$/,
        hint: "an ELB security policy name",
        default: DEFAULTS.environment.sslPolicy,
      },
      redirect: {
        type: "boolean",
        description:
          "Port 80 answers every request with a permanent redirect (301) to the same URL on HTTPS 443: a rule on the environment's port-80 listener. false: port 80 serves the application as before.",
        default: DEFAULTS.environment.httpsRedirect,
      },
    },
    required: ["certificateArn"],
  },
  stickiness: {
    type: "boolean",
    description: "Load balancer cookie stickiness on the default process.",
    default: DEFAULTS.environment.stickiness,
  },
  maintenanceWindow: {
    type: "string",
    description:
      'Managed platform updates start in this weekly window, UTC, as "Day:HH:MM".',
    pattern: /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun):(?:[01]\d|2[0-3]):[0-5]\d$/,
    hint: '"Day:HH:MM" such as "Sun:03:00"',
    default: DEFAULTS.environment.maintenanceWindow,
  },
  updateLevel: {
    type: "string",
    description: "Managed platform updates: minor (and patch) or patch only.",
    enum: ["minor", "patch"],
    default: DEFAULTS.environment.updateLevel,
  },
};
