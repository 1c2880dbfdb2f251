/**
 * Loads what the ECS target adds to the catalogue: an environment of kind ecs (its keys from the
 * merged YAML, defaults applied, each process's settings resolved) and the clusters section.
 * Keys of other targets an environment inherits from defaults.environment are not read.
 */
import { isObject } from "../../config/merge";
import { byName, pickOwn, secrets, withDefaults } from "../../config/normalize";
import type { Defaulted } from "../../config/schema-types";
import { applyDefaults, conforms } from "../../config/schema-values";
import { CLUSTERS_SCHEMA, ECS_ENVIRONMENT_SCHEMA } from "./schema";
import type { SmokeTestSite } from "../../config/environment-parts";
import type { EnvironmentInput } from "../deploy-target";
import { ECS_DEFAULTS } from "./defaults";
import { unroutedReason } from "./url";
import type {
  Cluster,
  EcsEnvironment,
  EcsHttp,
  EcsProcessSettings,
  TaskCount,
} from "./types";

type Loaded = Defaulted<typeof ECS_ENVIRONMENT_SCHEMA>;

/** `count` as written (a number, or min/max with targets), loaded. */
export function taskCount(
  value: NonNullable<Loaded["count"]>,
  http: boolean,
): TaskCount {
  if (typeof value === "number") return { min: value, max: value };
  const { min, max, cpuTarget, requestsPerTarget } = value;
  if (min >= max) return { min, max };
  return {
    min,
    max,
    cpuTarget,
    // Requests per target exist only for a process behind the load balancer.
    ...(http && requestsPerTarget !== undefined && { requestsPerTarget }),
  };
}

/** `http` as written, loaded: hosts lower-cased, sorted and unique; paths unique. */
export function loadHttp(value: NonNullable<Loaded["http"]>): EcsHttp {
  const { hosts = [], paths, priority, ...rest } = value;
  return {
    hosts: [...new Set(hosts.map((h) => h.toLowerCase()))].sort(),
    paths: [...new Set(paths)],
    ...rest,
    ...(priority !== undefined && { priority }),
  };
}

/**
 * `http` as the rules read it from a merged environment (before loading): undefined where it is
 * left out, or where its shape has problems of its own (reported by the shape validator).
 */
export function writtenHttp(value: unknown): EcsHttp | undefined {
  const schema = ECS_ENVIRONMENT_SCHEMA.properties.http;
  return value !== undefined && conforms(schema, value)
    ? loadHttp(applyDefaults(schema, value))
    : undefined;
}

export function loadEcsEnvironment(input: EnvironmentInput): EcsEnvironment {
  const { name, region, service } = input;
  const env = withDefaults(
    ECS_ENVIRONMENT_SCHEMA,
    pickOwn(ECS_ENVIRONMENT_SCHEMA, input.value),
    ["services", service.name, "environments", name],
  );
  const processes: Record<string, EcsProcessSettings> = {};
  for (const process of service.processes) {
    // Each key of a process's own replaces the environment's whole.
    const own = env.processes[process.name];
    processes[process.name] = {
      cpu: own?.cpu ?? env.cpu,
      memory: own?.memory ?? env.memory,
      count: taskCount(own?.count ?? env.count, process.http),
    };
  }
  return {
    name,
    kind: "ecs",
    approval: input.approval,
    cluster: env.cluster ?? name,
    // Only the web process is behind the load balancer (http inherited by a service without
    // one is not applied: rule http-process).
    ...(env.http !== undefined &&
      service.processes.some((p) => p.http) && { http: loadHttp(env.http) }),
    processes,
    exec: env.exec,
    deployment: env.deployment,
    variables: env.variables,
    secrets: secrets(env.secrets, region),
  };
}

/** The clusters section, sorted by name. */
export function loadClusters(value: unknown): Cluster[] {
  return Object.entries(
    withDefaults(CLUSTERS_SCHEMA, value ?? {}, ["clusters"]),
  )
    .map(([name, cluster]): Cluster => ({ name, ...cluster }))
    .sort(byName);
}

const record = (value: unknown): Readonly<Record<string, unknown>> =>
  isObject(value) ? value : {};

/**
 * A smoke test requests the web process through the shared load balancer: the http.healthCheckPath
 * the catalogue wrote, reachable unless the environment's cluster is internal, and only if its
 * listener rule matches the URL (./url unroutedReason; the load balancer's health check goes to
 * the tasks directly, so the health check path need not be one the rule matches). Without http
 * (no web process) there is nothing to request.
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
  // Its listener rule as written (none when its shape has problems of its own).
  const rule = writtenHttp(value.http);
  return {
    ...(typeof http.healthCheckPath === "string" && {
      writtenPath: http.healthCheckPath,
    }),
    defaultPath: ECS_DEFAULTS.http.healthCheckPath,
    internal: network.loadBalancerScheme === "internal",
    ...(rule && { unrouted: (path: string) => unroutedReason(rule, path) }),
  };
}
