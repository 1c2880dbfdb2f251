/**
 * Parts of the loaded catalogue that the deploy targets' environment types use too (apart from
 * ./catalogue, which names those types: no two modules import each other).
 */

/** A secret reference, parsed from "ssm:..." or "secretsmanager:...". */
export type SecretRef =
  | { readonly store: "ssm"; readonly name: string }
  | {
      readonly store: "secretsmanager";
      /** Secret name, or full ARN when the catalogue gave one. */
      readonly secretId: string;
      readonly jsonKey?: string;
      readonly versionStage?: string;
      readonly versionId?: string;
    };

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
