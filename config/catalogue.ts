/**
 * The catalogue after loading: validated, defaults applied, references resolved. This is all the
 * constructs ever see; they never read YAML. Where a loaded value is the value as written with
 * its defaults, its type is computed from the schema (Defaulted, ./schema-types), so each key is
 * written once: in ./schema-sections.ts and ./schema.ts.
 */
import type {
  TargetEnvironment,
  TargetSectionOutlines,
  TargetSections,
} from "../targets/sections";

import type { Process, SecretRef } from "./environment-parts";

export type { Process, SecretRef, SmokeTest } from "./environment-parts";
import type {
  BUILD_SCHEMA,
  COMPUTE_TYPES,
  CONNECTION_SCHEMA,
  IMAGE_SCHEMA,
  TERRAFORM_SCHEMA,
} from "./schema-sections";
import type { Defaulted, Simplify } from "./schema-types";

export type ComputeType = (typeof COMPUTE_TYPES)[number];

/** A loaded `source:`: the union of the source kinds' sources (sources/kinds.ts). */
export type { Source } from "../sources/kinds";
import type { Source } from "../sources/kinds";

/** services.<name>.build with its defaults, secrets parsed. */
export type Build = Simplify<
  Omit<Defaulted<typeof BUILD_SCHEMA>, "secrets"> & {
    readonly secrets: Readonly<Record<string, SecretRef>>;
  }
>;

/** services.<name>.image with its defaults; no extra pullers or pushers: empty lists. */
export type ImageSettings = Simplify<
  Omit<Defaulted<typeof IMAGE_SCHEMA>, "pullers" | "pushers"> & {
    readonly pullers: readonly string[];
    readonly pushers: readonly string[];
  }
>;

/** A service's tests: a buildspec of its repository, run after the build, before any deploy. */
export interface ServiceTests {
  /** Path of the buildspec in the source repository. */
  readonly buildspec: string;
  readonly computeType: ComputeType;
  readonly timeoutMinutes: number;
}

/**
 * One environment of a service, loaded by its deploy target: what its `kind:` selects
 * (targets/registry.ts). A type per target, in its folder (targets/<kind>/types.ts), which adds
 * itself to EnvironmentKinds (targets/sections.ts): the union of them, discriminated by `kind`.
 */
export type Environment = TargetEnvironment;

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
  /** Tests between the build and the first deploy. */
  readonly tests?: ServiceTests;
  /** In catalogue order: the pipeline deploys in this order. */
  readonly environments: readonly Environment[];
}

export type Connection =
  | {
      readonly name: string;
      readonly kind: "provider";
      readonly provider: NonNullable<
        Defaulted<typeof CONNECTION_SCHEMA>["provider"]
      >;
      /** The CodeConnections host (GitHubEnterpriseServer). */
      readonly hostArn?: string;
    }
  | { readonly name: string; readonly kind: "existing"; readonly arn: string };

/**
 * terraform.cloud with its defaults: organization, hostname, project?, workspacePrefix,
 * previousWorkspacePrefix? (set for the synth that changes the prefix), workspaces? (the
 * workspaces managed as code: the `<organisation>-workspaces` stack).
 */
export type TerraformCloud = Simplify<
  Omit<
    NonNullable<Defaulted<typeof TERRAFORM_SCHEMA>["cloud"]>,
    "workspaces"
  > & { readonly workspaces?: ManagedWorkspaces }
>;

export interface ManagedWorkspaces {
  /** Exact Terraform version of every workspace. */
  readonly terraformVersion: string;
  /** The role runs assume with dynamic credentials. */
  readonly awsRoleArn?: string;
  /** Tags on every workspace (beside `stack`). */
  readonly tags: Readonly<Record<string, string>>;
  /** The hand-made workspace holding the workspaces stack's state; none: local state. */
  readonly stateWorkspace?: string;
}

/** The top-level sections the deploy targets load (TargetSections) are part of it. */
export interface Catalogue extends TargetSections {
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
}

/**
 * The keys every physical name is derived from: a Catalogue is one, and the loader builds one
 * from whatever the shape validator kept, so the plan's name checks run beside the rules and
 * every problem is reported at once (see CatalogueChecks in ./load-catalogue).
 */
export interface CatalogueOutline extends TargetSectionOutlines {
  readonly organisation: string;
  /** For names that embed it (the artifact bucket). */
  readonly region: string;
  readonly cloud?: {
    readonly workspacePrefix: string;
    /** Present when the workspaces are managed as code. */
    readonly workspaces?: object;
  };
  readonly connections: readonly {
    readonly name: string;
    readonly kind: "provider" | "existing";
  }[];
  /** Present when the docker builder is enabled. */
  readonly dockerBuilder?: object;
  /** Present with the top-level `notifications` section. */
  readonly notifications?: {
    /** An existing topic: the catalogue creates none. */
    readonly topicArn?: string;
    /** Present with a Slack channel (AWS Chatbot). */
    readonly slack?: object;
  };
  readonly baseImages: readonly {
    readonly name: string;
    readonly retired: boolean;
    /** Present when its pipeline notifies (a notification rule). */
    readonly notifications?: object;
  }[];
  readonly services: readonly {
    readonly name: string;
    readonly retired: boolean;
    readonly processes: readonly { readonly name: string }[];
    /** The port its web process listens on (an ECS target group's name ends in it). */
    readonly port: number;
    /** Present when its pipeline notifies (a notification rule). */
    readonly notifications?: object;
    /** Present when the service has tests (a tests project). */
    readonly tests?: object;
    readonly environments: readonly {
      readonly name: string;
      /** The deploy target; left out: the default. */
      readonly kind?: string;
      /** Present when the environment has a smoke test (the service's smoke project). */
      readonly smokeTest?: object;
    }[];
  }[];
}
