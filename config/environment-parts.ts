/**
 * Parts of the loaded catalogue that the deploy targets' environment types use too (apart from
 * ./catalogue, which names those types: no two modules import each other).
 */

/** A secret reference, parsed from "ssm:..." or "secretsmanager:...". */
export type SecretRef = (
  | { readonly store: "ssm"; readonly name: string }
  | {
      readonly store: "secretsmanager";
      /** Secret name, or full ARN when the catalogue gave one. */
      readonly secretId: string;
      readonly jsonKey?: string;
      readonly versionStage?: string;
      readonly versionId?: string;
    }
) & {
  /**
   * The ARN of the customer-managed KMS key the secret is encrypted with, when the catalogue
   * names one: the role that reads the secret may decrypt with it. Undefined: an AWS-managed key.
   */
  readonly kmsKey?: string;
};

/** The process that serves HTTP, behind the load balancer on the service's port. */
export const HTTP_PROCESS = "web";

/** One process of a service: a container run from the service's image (services.<s>.processes). */
export interface Process {
  readonly name: string;
  /** The HTTP process (named "web"): behind the load balancer on the service's port. */
  readonly http: boolean;
  /** Overrides the image's CMD; undefined: the image's own. */
  readonly command?: readonly string[];
  /** ECS stopTimeout (2..120 s on Fargate); undefined: ECS's default (30 s). */
  readonly stopTimeoutSeconds?: number;
}

/**
 * A smoke test after an environment's deploy: requests the environment's URL + path until it
 * answers 2xx or the attempts run out (which fails the stage, so nothing after it runs).
 */
export interface SmokeTest {
  readonly path: string;
  readonly attempts: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
}

/**
 * Where an environment's smoke test would go, as its deploy target sees it (config/gates.ts
 * decides whether it has one): the path the catalogue wrote for health checks, the one used
 * when none is written, and whether its load balancer is internal (CodeBuild cannot reach it).
 */
export interface SmokeTestSite {
  readonly writtenPath?: string;
  readonly defaultPath: string;
  readonly internal: boolean;
  /**
   * Why a request of this path at the environment's URL would be answered by something else (a
   * load balancer shared with other services), or undefined when it reaches the environment.
   * @default every path reaches it
   */
  readonly unrouted?: (path: string) => string | undefined;
}
