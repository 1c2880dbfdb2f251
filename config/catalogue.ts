/**
 * The catalogue after loading: validated, defaults applied, references resolved. This is all the
 * constructs ever see; they never read YAML.
 */
import type { BeanstalkEnvironment } from "../targets/beanstalk/types";
import type { Cluster, EcsEnvironment } from "../targets/ecs/types";

import type { Process, SecretRef } from "./environment-parts";

export type { Network } from "../targets/beanstalk/types";
export type { Process, SecretRef } from "./environment-parts";

export type ComputeType =
  | "BUILD_GENERAL1_SMALL"
  | "BUILD_GENERAL1_MEDIUM"
  | "BUILD_GENERAL1_LARGE"
  | "BUILD_GENERAL1_XLARGE"
  | "BUILD_GENERAL1_2XLARGE";

export type Source =
  | {
      readonly kind: "connection";
      readonly connection: string;
      readonly repository: string;
      readonly branch: string;
    }
  | {
      readonly kind: "codecommit";
      readonly repository: string;
      readonly branch: string;
    }
  | { readonly kind: "s3"; readonly bucket: string; readonly key: string };

export interface Build {
  readonly computeType: ComputeType;
  readonly image: string;
  /** A baseImages name to build inside. */
  readonly customImage?: string;
  readonly privileged: boolean;
  readonly timeoutMinutes: number;
  readonly buildspec?: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretRef>>;
  readonly cache: "none" | "docker" | "s3";
}

export interface ImageSettings {
  readonly scanOnPush: boolean;
  readonly tagMutability: "IMMUTABLE" | "MUTABLE";
  readonly keepTagged: number;
  readonly expireUntaggedDays: number;
  readonly encryption: "KMS" | "AES256";
  readonly pullers: readonly string[];
  readonly pushers: readonly string[];
}

/**
 * One environment of a service, loaded by its deploy target: what its `kind:` selects
 * (targets/registry.ts). A type per target, in its folder.
 */
export type Environment = BeanstalkEnvironment | EcsEnvironment;

/** A pipeline event that is announced (plan/notifications.ts has AWS's ids). */
export type NotificationEvent = "failed" | "succeeded" | "approval";

/** What one pipeline announces, and where. */
export interface PipelineNotifications {
  readonly events: readonly NotificationEvent[];
  /** An existing SNS topic; left out: the catalogue's own (CatalogueNotifications). */
  readonly topicArn?: string;
}

/** The top-level `notifications:` section. */
export interface CatalogueNotifications extends PipelineNotifications {
  /** Also into a Slack channel, through AWS Chatbot subscribed to the topic. */
  readonly slack?: {
    readonly workspaceId: string;
    readonly channelId: string;
  };
}

export interface BaseImage {
  readonly name: string;
  /**
   * Retired: nothing of it runs or is built any more (its stack, or its part of the shared
   * stack, makes Terraform destroy them) and its image repository is kept, no longer managed.
   */
  readonly retired: boolean;
  readonly source: Source;
  readonly build: Build;
  readonly image: ImageSettings;
  /** Its pipeline's notifications; undefined: none. */
  readonly notifications?: PipelineNotifications;
}

export interface Service extends BaseImage {
  readonly baseImage?: string;
  readonly port: number;
  /** Sorted by name; default: one, "web", the image's CMD. */
  readonly processes: readonly Process[];
  /** In catalogue order: the pipeline deploys in this order. */
  readonly environments: readonly Environment[];
}

export type Connection =
  | {
      readonly name: string;
      readonly kind: "provider";
      readonly provider:
        "GitHub" | "GitHubEnterpriseServer" | "Bitbucket" | "GitLab";
      /** The CodeConnections host (GitHubEnterpriseServer). */
      readonly hostArn?: string;
    }
  | { readonly name: string; readonly kind: "existing"; readonly arn: string };

export interface TerraformCloud {
  readonly organization: string;
  readonly hostname: string;
  readonly project?: string;
  readonly workspacePrefix: string;
}

export interface Catalogue {
  readonly organisation: string;
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly cloud?: TerraformCloud;
  /** The top-level section: the shared stack creates the topic when it names none. */
  readonly notifications?: CatalogueNotifications;
  /** Sorted by name. */
  readonly connections: readonly Connection[];
  /** Sorted by name. */
  readonly baseImages: readonly BaseImage[];
  readonly dockerBuilder?: {
    readonly computeType: ComputeType;
    readonly timeoutMinutes: number;
  };
  /** Sorted by name: output never depends on the order services were written in. */
  readonly services: readonly Service[];
  /** The ECS clusters section (targets/ecs), sorted by name. */
  readonly clusters: readonly Cluster[];
}

/**
 * The keys every physical name is derived from: a Catalogue is one, and the loader builds one
 * from whatever the shape validator kept, so the plan's name checks run beside the rules and
 * every problem is reported at once (see CatalogueChecks in ./load-catalogue).
 */
export interface CatalogueOutline {
  readonly organisation: string;
  /** For names that embed it (the artifact bucket). */
  readonly region: string;
  readonly cloud?: { readonly workspacePrefix: string };
  readonly connections: readonly {
    readonly name: string;
    readonly kind: "provider" | "existing";
  }[];
  /** Present when the docker builder is enabled. */
  readonly dockerBuilder?: object;
  readonly baseImages: readonly {
    readonly name: string;
    readonly retired: boolean;
  }[];
  /** The clusters section (targets/ecs). */
  readonly clusters: readonly { readonly name: string }[];
  readonly services: readonly {
    readonly name: string;
    readonly retired: boolean;
    readonly processes: readonly { readonly name: string }[];
    readonly environments: readonly {
      readonly name: string;
      /** The deploy target; left out: the default. */
      readonly kind?: string;
    }[];
  }[];
}
