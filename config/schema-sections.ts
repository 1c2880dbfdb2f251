/**
 * The sections of the catalogue's schema that depend on no registry: a service's build and image
 * repository, a connection, terraform. config/catalogue.ts infers its types from them, so the
 * catalogue's types do not reach the deploy targets and source kinds that ./schema.ts gathers
 * (which themselves use the catalogue's types).
 */
import { DEPLOYED_IMAGES_KEPT, DEPLOYED_TAG_PREFIX } from "../plan/buildspec";
import { DEFAULTS } from "./defaults";
import { NAME_HINT, secrets, variables } from "./schema-parts";
import type { ObjectSchema } from "./schema-types";

const IAM_PRINCIPAL_ARN =
  /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:(?:root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;

export const COMPUTE_TYPES = [
  "BUILD_GENERAL1_SMALL",
  "BUILD_GENERAL1_MEDIUM",
  "BUILD_GENERAL1_LARGE",
  "BUILD_GENERAL1_XLARGE",
  "BUILD_GENERAL1_2XLARGE",
] as const;

export const BUILD_SCHEMA = {
  type: "object",
  description: "How the image is built (a CodeBuild project).",
  properties: {
    computeType: {
      type: "string",
      description: "CodeBuild compute type.",
      enum: COMPUTE_TYPES,
      default: DEFAULTS.build.computeType,
    },
    image: {
      type: "string",
      description:
        "The build environment: a CodeBuild managed image. Ignored when customImage is set.",
      pattern: /^\S+$/,
      hint: "an image name without spaces",
      default: DEFAULTS.build.image,
    },
    customImage: {
      type: "string",
      description:
        "Build inside an image of this catalogue's ECR instead: a baseImages name. Pulled with the build role; the repository policy also lets the CodeBuild service pull (for `eb deploy`).",
      pattern: /^[a-z][a-z0-9-]{1,30}$/,
      hint: NAME_HINT,
    },
    privileged: {
      type: "boolean",
      description: "Privileged mode, needed to run Docker inside the build.",
      default: DEFAULTS.build.privileged,
    },
    timeoutMinutes: {
      type: "integer",
      description: "Build timeout in minutes.",
      minimum: 5,
      maximum: 2160,
      default: DEFAULTS.build.timeoutMinutes,
    },
    buildspec: {
      type: "string",
      description:
        "Path of a buildspec in the source repository, used as-is. Left out: the generated Docker buildspec.",
      pattern: /^(?!\/)\S+\.ya?ml$/,
      hint: "a relative path ending in .yml or .yaml",
    },
    variables: variables("Build"),
    secrets: secrets("Build"),
    cache: {
      type: "string",
      description:
        "none; docker: local Docker layer and source cache on the build host; s3: in the artifact bucket.",
      enum: ["none", "docker", "s3"],
      default: DEFAULTS.build.cache,
    },
  },
} as const satisfies ObjectSchema;

export const IMAGE_SCHEMA = {
  type: "object",
  description: "The ECR repository of the image.",
  properties: {
    scanOnPush: {
      type: "boolean",
      description: "Scan every pushed image for vulnerabilities.",
      default: DEFAULTS.image.scanOnPush,
    },
    tagMutability: {
      type: "string",
      description:
        "IMMUTABLE refuses a second push of a tag (builds tag by commit). Base images keep `latest` movable so their users can follow it.",
      enum: ["IMMUTABLE", "MUTABLE"],
      default: DEFAULTS.image.tagMutability,
    },
    keepTagged: {
      type: "integer",
      description: `Lifecycle: keep the newest N tagged images. The last ${DEPLOYED_IMAGES_KEPT} images each environment was deployed with (tagged ${DEPLOYED_TAG_PREFIX}<environment>.<time>) are kept besides.`,
      minimum: 1,
      maximum: 10000,
      default: DEFAULTS.image.keepTagged,
    },
    expireUntaggedDays: {
      type: "integer",
      description: "Lifecycle: expire untagged images after this many days.",
      minimum: 1,
      maximum: 3650,
      default: DEFAULTS.image.expireUntaggedDays,
    },
    encryption: {
      type: "string",
      description: "KMS: the catalogue's key; AES256: ECR's own key.",
      enum: ["KMS", "AES256"],
      default: DEFAULTS.image.encryption,
    },
    pullers: {
      type: "array",
      description:
        "Extra principals (IAM role, user or account root ARNs) that may pull, such as another account or an external CI.",
      uniqueItems: true,
      items: {
        type: "string",
        description: "An IAM principal ARN.",
        pattern: IAM_PRINCIPAL_ARN,
        hint: "an IAM role, user or root ARN",
      },
    },
    pushers: {
      type: "array",
      description:
        "Extra principals (IAM role, user or account root ARNs) that may push.",
      uniqueItems: true,
      items: {
        type: "string",
        description: "An IAM principal ARN.",
        pattern: IAM_PRINCIPAL_ARN,
        hint: "an IAM role, user or root ARN",
      },
    },
  },
} as const satisfies ObjectSchema;

export const CONNECTION_SCHEMA = {
  type: "object",
  description:
    "A source-code connection: created here (provider) or an existing one (existing.arn).",
  properties: {
    provider: {
      type: "string",
      description:
        "Create a connection to this provider (confirm it once in the console).",
      enum: ["GitHub", "GitHubEnterpriseServer", "Bitbucket", "GitLab"],
    },
    hostArn: {
      type: "string",
      description:
        "With provider GitHubEnterpriseServer: the CodeConnections host of your server (created and set up once in the console).",
      pattern:
        /^arn:aws(?:-cn|-us-gov)?:(?:codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:host\/[A-Za-z0-9-]+$/,
      hint: "arn:aws:codeconnections:<region>:<account>:host/<name>-<id>",
    },
    existing: {
      type: "object",
      description: "Use a connection that already exists.",
      properties: {
        arn: {
          type: "string",
          description:
            "The connection ARN (codeconnections or codestar-connections), in the catalogue's region: a pipeline uses connections of its own region only.",
          pattern:
            /^arn:aws(?:-cn|-us-gov)?:(?:codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]{36}$/,
          hint: "arn:aws:codeconnections:<region>:<account>:connection/<uuid>",
        },
      },
      required: ["arn"],
    },
  },
  exactlyOne: ["provider", "existing"],
  requires: { hostArn: ["provider"] },
} as const satisfies ObjectSchema;

export const TERRAFORM_SCHEMA = {
  type: "object",
  description:
    "Where state lives. Left out: the local backend, a state file beside each stack.",
  properties: {
    cloud: {
      type: "object",
      description: "Terraform Cloud / Enterprise: one workspace per stack.",
      properties: {
        organization: {
          type: "string",
          description: "The Terraform Cloud organization.",
          pattern: /^[A-Za-z0-9_-]{3,40}$/,
          hint: "3 to 40 letters, digits, '-' and '_'",
        },
        hostname: {
          type: "string",
          description: "The Terraform Cloud or Enterprise host.",
          pattern: /^[a-z0-9.-]+$/,
          hint: "a host name",
          default: DEFAULTS.terraform.hostname,
        },
        project: {
          type: "string",
          description: "The Terraform Cloud project of the workspaces.",
          pattern: /^[A-Za-z0-9 _-]{3,40}$/,
          hint: "3 to 40 letters, digits, spaces, '-' and '_'",
        },
        workspacePrefix: {
          type: "string",
          description: "Workspace name = prefix + stack name.",
          pattern: /^[A-Za-z0-9_-]*$/,
          hint: "letters, digits, '-' and '_'",
          default: DEFAULTS.terraform.workspacePrefix,
        },
        previousWorkspacePrefix: {
          type: "string",
          description:
            'Set for the synth that changes workspacePrefix: the prefix the previous synth used. Without it a changed prefix is refused (every stack would point at new, empty workspaces); see the README, "Changing workspacePrefix". Remove it once the stacks are applied.',
          pattern: /^[A-Za-z0-9_-]*$/,
          hint: "letters, digits, '-' and '_'",
        },
        workspaces: {
          type: "object",
          absentMeansNone: true,
          description:
            "Manage the workspaces as code: the stack `<organisation>-workspaces` (hashicorp/tfe provider, applied first with a Terraform Cloud token) creates one CLI-driven, remotely executed workspace per stack in `project`, a run trigger from the shared stack's workspace to every service's, and AWS dynamic credentials.",
          properties: {
            terraformVersion: {
              type: "string",
              description:
                "The exact Terraform version every workspace runs (at least 1.7.0: the stacks use removed blocks).",
              pattern: /^\d+\.\d+\.\d+$/,
              hint: "an exact version such as 1.11.4",
              default: DEFAULTS.terraform.workspaces.terraformVersion,
            },
            awsRoleArn: {
              type: "string",
              description:
                "The IAM role runs assume with dynamic credentials (TFC_AWS_PROVIDER_AUTH, TFC_AWS_RUN_ROLE_ARN); its trust policy is in the README and in the stack's output `aws-role-trust-policy`. Left out: no credentials are set (give them with a variable set).",
              pattern:
                /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,64}$/,
              hint: "an IAM role ARN, arn:aws:iam::<account>:role/<name>",
            },
            tags: {
              type: "map",
              description:
                "Key-value tags on every workspace, beside `stack: <stack name>`.",
              keyPattern: /^(?!hc:)[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/,
              keyHint:
                "1 to 128 letters, digits, '_', ':' and '-', starting with a letter or digit, not hc:",
              values: {
                type: "string",
                description: "The tag value.",
                pattern: /^[A-Za-z0-9_:.-]{0,256}$/,
                hint: "up to 256 letters, digits, '_', ':', '.' and '-'",
              },
            },
            stateWorkspace: {
              type: "string",
              description:
                "Where the workspaces stack keeps its own state: a workspace you create by hand (execution mode Local, so runs use your own `terraform login` token), never one it creates. Left out: a local state file beside cdktf.json, as without terraform.cloud.",
              pattern: /^[A-Za-z0-9_-]{1,90}$/,
              hint: "1 to 90 letters, digits, '-' and '_'",
            },
          },
        },
      },
      required: ["organization"],
    },
  },
} as const satisfies ObjectSchema;
