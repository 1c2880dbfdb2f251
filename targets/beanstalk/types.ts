/**
 * The Beanstalk target's part of the loaded catalogue: an environment with `kind: beanstalk`
 * (the default), as its plan and constructs read it.
 */
import type { SecretRef, SmokeTest } from "../../config/environment-parts";

/** Where the environment runs (the top-level network, then the environment's, key by key). */
export interface Network {
  readonly vpcId?: string;
  readonly instanceSubnets?: readonly string[];
  readonly loadBalancerSubnets?: readonly string[];
  readonly loadBalancerScheme: "public" | "internal";
}

/** services.<s>.environments.<e> with kind: beanstalk, loaded. */
export interface BeanstalkEnvironment {
  readonly name: string;
  readonly kind: "beanstalk";
  readonly approval: boolean;
  readonly cnamePrefix?: string;
  readonly instanceTypes: readonly string[];
  readonly minInstances: number;
  readonly maxInstances: number;
  /** A solution stack name; undefined: the newest Amazon Linux 2023 Docker stack. */
  readonly platform?: string;
  readonly deploymentPolicy:
    "AllAtOnce" | "Rolling" | "RollingWithAdditionalBatch" | "Immutable";
  readonly healthCheckPath: string;
  readonly https?: {
    readonly certificateArn: string;
    readonly sslPolicy: string;
    /** Port 80 redirects permanently to HTTPS 443. */
    readonly redirect: boolean;
  };
  readonly stickiness: boolean;
  readonly maintenanceWindow: string;
  readonly updateLevel: "minor" | "patch";
  readonly variables: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretRef>>;
  readonly network: Network;
  /** Left out: no smoke test (the loader applies the default, config/gates.ts). */
  readonly smokeTest?: SmokeTest;
}

/** The Beanstalk environments among a service's (a service may mix kinds). */
export function beanstalkEnvironments<E extends { readonly kind: string }>(
  environments: readonly E[],
): Extract<E, { readonly kind: "beanstalk" }>[] {
  return environments.filter(
    (e): e is Extract<E, { readonly kind: "beanstalk" }> =>
      e.kind === "beanstalk",
  );
}
