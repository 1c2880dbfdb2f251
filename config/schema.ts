/**
 * The catalogue's shape, written once. From this one definition come:
 * - the structural validator (config/validate-shape.ts), which reports YAML lines;
 * - the JSON Schema editors use (config/catalogue.schema.json, `npm run generate`);
 * - the catalogue reference in the README (`npm run generate`).
 * Rules that span several keys (references, derived AWS names, min <= max) live in
 * config/rules/ (one file per rule).
 */
import { DEFAULTS } from "./defaults";
import {
  NAME_HINT,
  SMOKE_TEST_SCHEMA,
  ENVIRONMENT_SECRETS,
  ENVIRONMENT_VARIABLES,
} from "./schema-parts";
import {
  BUILD_SCHEMA,
  COMPUTE_TYPES,
  CONNECTION_SCHEMA,
  IMAGE_SCHEMA,
  TERRAFORM_SCHEMA,
} from "./schema-sections";
import {
  NOTIFICATIONS_SCHEMA,
  PIPELINE_NOTIFICATIONS_SCHEMA,
} from "./notifications";
import { SOURCE_KINDS, sourceDescription } from "../sources/registry";
import { DEFAULT_DEPLOY_TARGET, DEPLOY_TARGETS } from "../targets/registry";

import type {
  StringSchema,
  IntegerSchema,
  BooleanSchema,
  ScalarSchema,
  ConstSchema,
  ArraySchema,
  MapSchema,
  ObjectSchema,
  OneOfSchema,
  Schema,
} from "./schema-types";

export type {
  StringSchema,
  IntegerSchema,
  BooleanSchema,
  ScalarSchema,
  ConstSchema,
  ArraySchema,
  MapSchema,
  ObjectSchema,
  OneOfSchema,
  Schema,
};

// ---------------------------------------------------------------------------------------------
// Building blocks

/** The source kinds' keys side by side (sources/registry.ts); each value has exactly one. */
const source: ObjectSchema = {
  type: "object",
  description: sourceDescription(),
  properties: SOURCE_KINDS.reduce<Record<string, Schema>>(
    (all, kind) => ({ ...all, ...kind.properties }),
    {},
  ),
  exactlyOne: SOURCE_KINDS.map((kind) => kind.key),
  requires: SOURCE_KINDS.reduce<Record<string, readonly string[]>>(
    (all, kind) => ({ ...all, ...kind.requires }),
    {},
  ),
};

/** A target's keys, each description saying which kind of environment it belongs to. */
const ofTarget = (
  title: string,
  properties: Readonly<Record<string, Schema>>,
): Record<string, Schema> =>
  Object.fromEntries(
    Object.entries(properties).map(([key, schema]) => [
      key,
      { ...schema, description: `${title}: ${schema.description}` },
    ]),
  );

const environment: ObjectSchema = {
  type: "object",
  description: `One environment the pipeline deploys to; its kind selects the deploy target. ${DEPLOY_TARGETS.map((t) => `kind: ${t.kind}: ${t.environmentDescription}`).join(" ")} A key of another kind is refused (one inherited from defaults.environment is not applied).`,
  properties: {
    kind: {
      type: "string",
      description: `The deploy target: ${DEPLOY_TARGETS.map((t) => `${t.kind}, ${t.summary}`).join("; ")}.`,
      enum: DEPLOY_TARGETS.map((t) => t.kind),
      default: DEFAULT_DEPLOY_TARGET,
    },
    approval: {
      type: "boolean",
      description:
        "A manual approval in the pipeline before this environment deploys.",
      default: DEFAULTS.environment.approval,
    },
    variables: ENVIRONMENT_VARIABLES,
    secrets: ENVIRONMENT_SECRETS,
    smokeTest: SMOKE_TEST_SCHEMA,
    ...Object.assign(
      {},
      ...DEPLOY_TARGETS.map((t) => ofTarget(t.title, t.environmentProperties)),
    ),
  },
  discriminator: {
    key: "kind",
    keysOf: Object.fromEntries(
      DEPLOY_TARGETS.map((t) => [t.kind, Object.keys(t.environmentProperties)]),
    ),
  },
};

/** The keys every environment has, whatever its kind. */
export const GENERIC_ENVIRONMENT_KEYS: readonly string[] = [
  "kind",
  "approval",
  "variables",
  "secrets",
  "smokeTest",
];

const NAME_KEY = /^[a-z][a-z0-9-]{1,30}$/;
const PROCESS_NAME = /^[a-z][a-z0-9-]{0,19}$/;

const retired = (description: string) =>
  ({
    type: "boolean",
    description,
    default: DEFAULTS.retired,
  }) as const satisfies BooleanSchema;

export const BASE_IMAGE_SCHEMA = {
  type: "object",
  description:
    "An image other services build FROM; its pushes rebuild every service that names it.",
  properties: {
    source,
    build: BUILD_SCHEMA,
    image: IMAGE_SCHEMA,
    notifications: PIPELINE_NOTIFICATIONS_SCHEMA,
    retired: retired(
      'Retire the base image: the next apply destroys its pipeline and build and keeps its repository and build logs, which Terraform stops managing. Nothing may build FROM or inside it any more. Delete the entry once applied (README: "Retiring and renaming").',
    ),
  },
  required: ["source"],
} as const satisfies ObjectSchema;

export const SERVICE_SCHEMA = {
  type: "object",
  description: "A service: its image, build, pipeline and environments.",
  properties: {
    source,
    baseImage: {
      type: "string",
      description:
        "A baseImages name: passed to the build as BASE_IMAGE, and its pushes start this pipeline.",
      pattern: /^[a-z][a-z0-9-]{1,30}$/,
      hint: NAME_HINT,
    },
    build: BUILD_SCHEMA,
    tests: {
      type: "object",
      description:
        "Tests between the build and the first deploy: a CodeBuild action runs this buildspec of the repository (privileged, with Docker) with IMAGE_URI set to the image just built, so it can run the tests in it; a failure stops the pipeline before any deploy.",
      properties: {
        buildspec: {
          type: "string",
          description: "Path of the tests' buildspec in the source repository.",
          pattern: /^[^\s/][^\s]*$/,
          hint: "a relative path such as ci/tests.yml",
        },
        computeType: {
          type: "string",
          description: "CodeBuild compute type.",
          enum: COMPUTE_TYPES,
          default: DEFAULTS.build.computeType,
        },
        timeoutMinutes: {
          type: "integer",
          description: "Timeout of a test run in minutes.",
          minimum: 5,
          maximum: 2160,
          default: DEFAULTS.tests.timeoutMinutes,
        },
      },
      required: ["buildspec"],
    },
    image: IMAGE_SCHEMA,
    port: {
      type: "integer",
      description: "The port the container listens on.",
      minimum: 1,
      maximum: 65535,
      default: DEFAULTS.port,
    },
    processes: {
      type: "map",
      description:
        'The containers the image runs, by name: the process named "web" serves HTTP on port (behind the load balancer); any other runs beside it with its own command (a worker). Each runs as its own ECS service in kind: ecs environments; a Beanstalk environment runs the web process only, so a service with others is refused there.',
      keyPattern: PROCESS_NAME,
      keyHint:
        "1 to 20 lowercase letters, digits and '-', starting with a letter",
      values: {
        type: "object",
        description: "One process.",
        properties: {
          command: {
            type: "array",
            description:
              "The command, as a list of arguments (the container's command; the image's ENTRYPOINT still runs it). Left out: the image's CMD.",
            minItems: 1,
            items: {
              type: "string",
              description: "One argument.",
              minLength: 1,
            },
          },
          stopTimeoutSeconds: {
            type: "integer",
            description:
              "Seconds between SIGTERM and SIGKILL when a task stops (ECS stopTimeout; Fargate allows 2 to 120). Left out: ECS's 30.",
            // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (stopTimeout)
            minimum: 2,
            maximum: 120,
          },
        },
      },
      default: DEFAULTS.processes,
    },
    environments: {
      type: "map",
      description:
        "Ordered: the pipeline deploys in this order. At most 48 (a pipeline has at most 50 stages: Source, Build and one per environment).",
      keyPattern: /^[a-z][a-z0-9-]*$/,
      keyHint: NAME_HINT,
      // https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html
      maxProperties: 48,
      values: environment,
    },
    notifications: PIPELINE_NOTIFICATIONS_SCHEMA,
    retired: retired(
      'Retire the service: the next apply destroys its environments (and Beanstalk application), pipeline, build and roles, and keeps its image repository and build logs, which Terraform stops managing. Delete the entry once applied (README: "Retiring and renaming").',
    ),
  },
  required: ["source"],
} as const satisfies ObjectSchema;

/**
 * The top-level sections the deploy targets add (DeployTarget.sections). Each target loads its
 * own (targets/registry.ts loadTargetSections), so the catalogue's inferred type leaves them out.
 */
const TARGET_SECTIONS: Readonly<Record<never, Schema>> = Object.fromEntries(
  DEPLOY_TARGETS.flatMap((t) => t.sections.map((s) => [s.key, s.schema])),
);

export const CATALOGUE_SCHEMA = {
  type: "object",
  description: "The service catalogue, version 1.",
  properties: {
    version: { type: "const", value: 1, description: "Must be 1." },
    organisation: {
      type: "string",
      description: "Prefixes every shared name.",
      pattern: /^[a-z][a-z0-9-]{1,19}$/,
      hint: "2 to 20 lowercase letters, digits and '-', starting with a letter",
    },
    region: {
      type: "string",
      description: "The AWS region of everything in this file.",
      pattern:
        /^[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d$/,
      hint: "an AWS region such as eu-west-1",
    },
    tags: {
      type: "map",
      description: "Tags on every taggable resource (provider default_tags).",
      keyPattern: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
      keyHint:
        "1 to 128 letters, digits, spaces and _.:/=+-@, not starting with aws:",
      maxProperties: 45,
      values: {
        type: "string",
        description: "The tag value.",
        pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
        hint: "up to 256 letters, digits, spaces and _.:/=+-@",
      },
    },
    terraform: TERRAFORM_SCHEMA,
    ...TARGET_SECTIONS,
    notifications: NOTIFICATIONS_SCHEMA,
    connections: {
      type: "map",
      description:
        "Source-code connections (CodeConnections, formerly CodeStar Connections), by name.",
      keyPattern: /^[a-z][a-z0-9-]*$/,
      keyHint: NAME_HINT,
      values: CONNECTION_SCHEMA,
    },
    defaults: {
      type: "object",
      description:
        "Deep-merged under every service; the service's own value wins (maps merge key by key, lists are replaced).",
      properties: {
        build: {
          ...BUILD_SCHEMA,
          description: "Any key of services.<name>.build.",
        },
        image: {
          ...IMAGE_SCHEMA,
          description: "Any key of services.<name>.image.",
        },
        environment: {
          ...environment,
          description:
            "Any key of services.<name>.environments.<env>, of any kind: each applies to the environments of its kind.",
          // Keys of every kind: each environment takes its own kind's.
          discriminator: undefined,
        },
      },
    },
    baseImages: {
      type: "map",
      description: "Images that services build FROM.",
      keyPattern: NAME_KEY,
      keyHint: `2 to 31 ${NAME_HINT}`,
      values: BASE_IMAGE_SCHEMA,
    },
    dockerBuilder: {
      type: "object",
      description:
        "One shared CodeBuild project that builds any repository on demand and may push to this catalogue's repositories only.",
      properties: {
        enabled: {
          type: "boolean",
          description: "Create the project.",
          default: DEFAULTS.dockerBuilder.enabled,
        },
        computeType: {
          type: "string",
          description: "CodeBuild compute type.",
          enum: COMPUTE_TYPES,
          default: DEFAULTS.dockerBuilder.computeType,
        },
        timeoutMinutes: {
          type: "integer",
          description: "Build timeout in minutes.",
          minimum: 5,
          maximum: 2160,
          default: DEFAULTS.dockerBuilder.timeoutMinutes,
        },
      },
    },
    services: {
      type: "map",
      description: "The services, by name.",
      keyPattern: NAME_KEY,
      keyHint: `2 to 31 ${NAME_HINT}`,
      values: SERVICE_SCHEMA,
    },
  },
  required: ["version", "organisation", "region"],
  extensions: true,
} as const satisfies ObjectSchema;
