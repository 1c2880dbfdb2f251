/**
 * Loads an environment of kind beanstalk: its keys from the merged YAML (top-level network,
 * defaults.environment, its own), defaults applied. Keys of other targets that it inherits from
 * defaults.environment are not its own and are not read.
 */
import { loadSecrets, loadVariables, Obj } from "../../config/load-values";
import type { SmokeTestSite } from "../../config/environment-parts";
import type { EnvironmentInput } from "../deploy-target";
import { BEANSTALK_DEFAULTS } from "./defaults";
import type { BeanstalkEnvironment, Network } from "./types";

function network(value: Obj | undefined): Network {
  const n = value ?? {};
  return {
    ...(n.vpcId !== undefined && { vpcId: n.vpcId as string }),
    ...(n.instanceSubnets !== undefined && {
      instanceSubnets: n.instanceSubnets as string[],
    }),
    ...(n.loadBalancerSubnets !== undefined && {
      loadBalancerSubnets: n.loadBalancerSubnets as string[],
    }),
    loadBalancerScheme:
      (n.loadBalancerScheme as Network["loadBalancerScheme"] | undefined) ??
      BEANSTALK_DEFAULTS.network.loadBalancerScheme,
  };
}

export function loadBeanstalkEnvironment(
  input: EnvironmentInput,
): BeanstalkEnvironment {
  const { name, value, region } = input;
  const d = BEANSTALK_DEFAULTS;
  const https = value.https as Obj | undefined;
  return {
    name,
    kind: "beanstalk",
    approval: input.approval,
    ...(value.cnamePrefix !== undefined && {
      cnamePrefix: value.cnamePrefix as string,
    }),
    instanceTypes:
      (value.instanceTypes as string[] | undefined) ?? d.instanceTypes,
    minInstances: (value.minInstances as number | undefined) ?? d.minInstances,
    maxInstances: (value.maxInstances as number | undefined) ?? d.maxInstances,
    ...(value.platform !== undefined && { platform: value.platform as string }),
    deploymentPolicy:
      (value.deploymentPolicy as
        BeanstalkEnvironment["deploymentPolicy"] | undefined) ??
      d.deploymentPolicy,
    healthCheckPath:
      (value.healthCheckPath as string | undefined) ?? d.healthCheckPath,
    ...(https !== undefined && {
      https: {
        certificateArn: https.certificateArn as string,
        sslPolicy: (https.sslPolicy as string | undefined) ?? d.sslPolicy,
        redirect: (https.redirect as boolean | undefined) ?? d.httpsRedirect,
      },
    }),
    stickiness: (value.stickiness as boolean | undefined) ?? d.stickiness,
    maintenanceWindow:
      (value.maintenanceWindow as string | undefined) ?? d.maintenanceWindow,
    updateLevel:
      (value.updateLevel as BeanstalkEnvironment["updateLevel"] | undefined) ??
      d.updateLevel,
    variables: loadVariables(value.variables),
    secrets: loadSecrets(value.secrets, region),
    network: network(value.network as Obj | undefined),
  };
}

/**
 * A smoke test requests the environment's own CNAME: the healthCheckPath the catalogue wrote
 * (Beanstalk's implicit "/" does not count, config/gates.ts), reachable unless internal.
 */
export function beanstalkSmokeTestSite(
  value: Readonly<Record<string, unknown>>,
): SmokeTestSite {
  const network = value.network;
  const scheme =
    typeof network === "object" &&
    network !== null &&
    "loadBalancerScheme" in network
      ? network.loadBalancerScheme
      : undefined;
  return {
    ...(typeof value.healthCheckPath === "string" && {
      writtenPath: value.healthCheckPath,
    }),
    defaultPath: BEANSTALK_DEFAULTS.healthCheckPath,
    internal: scheme === "internal",
  };
}
