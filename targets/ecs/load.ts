/**
 * Loads what the ECS target adds to the catalogue: an environment of kind ecs (its keys from the
 * merged YAML, defaults applied, each process's settings resolved) and the clusters section.
 * Keys of other targets an environment inherits from defaults.environment are not read.
 */
import { loadSecrets, loadVariables, Obj } from "../../config/load-values";
import type { SmokeTestSite } from "../../config/environment-parts";
import type { EnvironmentInput } from "../deploy-target";
import { ECS_DEFAULTS } from "./defaults";
import type {
  Cluster,
  EcsEnvironment,
  EcsHttp,
  EcsProcessSettings,
  TaskCount,
} from "./types";

const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** `count` as written (a number, or min/max with targets), loaded. */
export function taskCount(value: unknown, http: boolean): TaskCount {
  if (typeof value === "number") return { min: value, max: value };
  const c = (value ?? {
    min: ECS_DEFAULTS.count,
    max: ECS_DEFAULTS.count,
  }) as Obj;
  const min = c.min as number;
  const max = c.max as number;
  if (min >= max) return { min, max };
  return {
    min,
    max,
    cpuTarget: (c.cpuTarget as number | undefined) ?? ECS_DEFAULTS.cpuTarget,
    // Requests per target exist only for a process behind the load balancer.
    ...(http &&
      c.requestsPerTarget !== undefined && {
        requestsPerTarget: c.requestsPerTarget as number,
      }),
  };
}

/** `http` as written, loaded: hosts lower-cased, sorted and unique; paths unique. */
export function loadHttp(value: Obj): EcsHttp {
  const d = ECS_DEFAULTS.http;
  const hosts = (value.hosts as string[] | undefined) ?? [];
  const paths = (value.paths as string[] | undefined) ?? d.paths;
  return {
    hosts: [...new Set(hosts.map((h) => h.toLowerCase()))].sort(),
    paths: [...new Set(paths)],
    healthCheckPath:
      (value.healthCheckPath as string | undefined) ?? d.healthCheckPath,
    deregistrationDelaySeconds:
      (value.deregistrationDelaySeconds as number | undefined) ??
      d.deregistrationDelaySeconds,
    healthCheckGracePeriodSeconds:
      (value.healthCheckGracePeriodSeconds as number | undefined) ??
      d.healthCheckGracePeriodSeconds,
    ...(value.priority !== undefined && { priority: value.priority as number }),
  };
}

export function loadEcsEnvironment(input: EnvironmentInput): EcsEnvironment {
  const { name, value, region, service } = input;
  const http = value.http as Obj | undefined;
  const overrides = (value.processes ?? {}) as Obj;
  const processes: Record<string, EcsProcessSettings> = {};
  for (const process of service.processes) {
    const own = (overrides[process.name] ?? {}) as Obj;
    const pick = (key: string) => own[key] ?? value[key];
    processes[process.name] = {
      cpu: (pick("cpu") as number | undefined) ?? ECS_DEFAULTS.cpu,
      memory: (pick("memory") as number | undefined) ?? ECS_DEFAULTS.memory,
      count: taskCount(pick("count"), process.http),
    };
  }
  const deployment = (value.deployment ?? {}) as Obj;
  return {
    name,
    kind: "ecs",
    approval: input.approval,
    cluster: (value.cluster as string | undefined) ?? name,
    // Only the web process is behind the load balancer (http inherited by a service without
    // one is not applied: rule http-process).
    ...(http !== undefined &&
      service.processes.some((p) => p.http) && { http: loadHttp(http) }),
    processes,
    exec: (value.exec as boolean | undefined) ?? ECS_DEFAULTS.exec,
    deployment: {
      minHealthyPercent:
        (deployment.minHealthyPercent as number | undefined) ??
        ECS_DEFAULTS.deployment.minHealthyPercent,
      maxPercent:
        (deployment.maxPercent as number | undefined) ??
        ECS_DEFAULTS.deployment.maxPercent,
    },
    variables: loadVariables(value.variables),
    secrets: loadSecrets(value.secrets, region),
  };
}

/** The clusters section, sorted by name. */
export function loadClusters(value: unknown): Cluster[] {
  const d = ECS_DEFAULTS.cluster;
  return Object.entries((value ?? {}) as Obj)
    .map(([name, v]): Cluster => {
      const c = v as Obj;
      const network = c.network as Obj;
      const https = c.https as Obj | undefined;
      return {
        name,
        network: {
          vpcId: network.vpcId as string,
          taskSubnets: network.taskSubnets as string[],
          loadBalancerSubnets: network.loadBalancerSubnets as string[],
          loadBalancerScheme:
            (network.loadBalancerScheme as
              Cluster["network"]["loadBalancerScheme"] | undefined) ??
            d.loadBalancerScheme,
          assignPublicIp:
            (network.assignPublicIp as boolean | undefined) ?? d.assignPublicIp,
        },
        ...(https !== undefined && {
          https: {
            certificateArn: https.certificateArn as string,
            sslPolicy: (https.sslPolicy as string | undefined) ?? d.sslPolicy,
          },
        }),
        deletionProtection:
          (c.deletionProtection as boolean | undefined) ?? d.deletionProtection,
        idleTimeoutSeconds:
          (c.idleTimeoutSeconds as number | undefined) ?? d.idleTimeoutSeconds,
      };
    })
    .sort(byName);
}

const record = (value: unknown): Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : {};

/**
 * A smoke test requests the web process through the shared load balancer: the http.healthCheckPath
 * the catalogue wrote, reachable unless the environment's cluster is internal. Without http (no
 * web process) there is nothing to request.
 */
export function ecsSmokeTestSite(
  value: Readonly<Record<string, unknown>>,
  top: Readonly<Record<string, unknown>>,
  name: string,
): SmokeTestSite | undefined {
  if (value.http === undefined) return undefined;
  const http = record(value.http);
  // Its cluster: the clusters entry it names, or the one of its own name.
  const cluster = typeof value.cluster === "string" ? value.cluster : name;
  const network = record(record(record(top.clusters)[cluster]).network);
  return {
    ...(typeof http.healthCheckPath === "string" && {
      writtenPath: http.healthCheckPath,
    }),
    defaultPath: ECS_DEFAULTS.http.healthCheckPath,
    internal: network.loadBalancerScheme === "internal",
  };
}
