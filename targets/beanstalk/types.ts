/**
 * The Beanstalk target's part of the loaded catalogue: an environment with `kind: beanstalk`
 * (the default), as its plan and constructs read it.
 */
import type { SecretRef, SmokeTest } from "../../config/environment-parts";
import type { Defaulted, Simplify } from "../../config/schema-types";
import type { BEANSTALK_ENVIRONMENT_SCHEMA } from "./schema";

/**
 * services.<s>.environments.<e> with kind: beanstalk, loaded: its keys as its schema types them
 * (./schema.ts, defaults applied), secrets parsed.
 */
export type BeanstalkEnvironment = Simplify<
  {
    readonly name: string;
    readonly kind: "beanstalk";
    readonly approval: boolean;
    readonly secrets: Readonly<Record<string, SecretRef>>;
    /** Left out: no smoke test (the loader applies the default, config/gates.ts). */
    readonly smokeTest?: SmokeTest;
  } & Omit<Defaulted<typeof BEANSTALK_ENVIRONMENT_SCHEMA>, "secrets">
>;

// Its environment type joins the catalogue's Environment union, under its kind.
declare module "../sections" {
  interface EnvironmentKinds {
    readonly beanstalk: BeanstalkEnvironment;
  }
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
