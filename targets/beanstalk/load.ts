/**
 * Loads an environment of kind beanstalk: its keys from the merged YAML (top-level network,
 * defaults.environment, its own), typed and with its defaults applied by its schema (no casts).
 * Keys of other targets that it inherits from defaults.environment are not its own and are not
 * read.
 */
import type { SmokeTestSite } from "../../config/environment-parts";
import { isObject } from "../../config/merge";
import { pickOwn, secrets, withDefaults } from "../../config/normalize";
import type { EnvironmentInput } from "../deploy-target";
import { BEANSTALK_DEFAULTS } from "./defaults";
import { BEANSTALK_ENVIRONMENT_SCHEMA } from "./schema";
import type { BeanstalkEnvironment } from "./types";

export function loadBeanstalkEnvironment(
  input: EnvironmentInput,
): BeanstalkEnvironment {
  const { name, region, service } = input;
  const { secrets: refs, ...own } = withDefaults(
    BEANSTALK_ENVIRONMENT_SCHEMA,
    pickOwn(BEANSTALK_ENVIRONMENT_SCHEMA, input.value),
    ["services", service.name, "environments", name],
  );
  return {
    name,
    kind: "beanstalk",
    approval: input.approval,
    ...own,
    secrets: secrets(refs, region),
  };
}

/**
 * A smoke test requests the environment's own CNAME: the healthCheckPath the catalogue wrote
 * (Beanstalk's implicit "/" does not count, config/gates.ts), reachable unless internal.
 */
export function beanstalkSmokeTestSite(
  value: Readonly<Record<string, unknown>>,
): SmokeTestSite {
  const scheme = isObject(value.network)
    ? value.network.loadBalancerScheme
    : undefined;
  return {
    ...(typeof value.healthCheckPath === "string" && {
      writtenPath: value.healthCheckPath,
    }),
    defaultPath: BEANSTALK_DEFAULTS.healthCheckPath,
    internal: scheme === "internal",
  };
}
