/**
 * The ECS view of a loaded service and catalogue: its processes, its ECS environments, the
 * clusters. (One place that knows where the loader puts them.)
 */
import type { Catalogue, Service } from "../../config/catalogue";
import type { Cluster, EcsEnvironment, Process } from "./types";

export function ecsEnvironments(service: Service): EcsEnvironment[] {
  return service.environments.filter(
    (e) => e.kind === "ecs",
  ) as unknown as EcsEnvironment[];
}

export function processesOf(service: Service): readonly Process[] {
  return (service as unknown as { processes: readonly Process[] }).processes;
}

export function clustersOf(catalogue: Catalogue): readonly Cluster[] {
  return (
    (catalogue as unknown as { clusters?: readonly Cluster[] }).clusters ?? []
  );
}
