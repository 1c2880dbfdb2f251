/**
 * The ECS view of a loaded service and catalogue: its ECS environments, its processes, the
 * clusters.
 */
import type { Catalogue, Service } from "../../config/catalogue";
import type { Cluster, EcsEnvironment, Process } from "./types";

export function ecsEnvironments(service: Service): EcsEnvironment[] {
  return service.environments.filter(
    (e): e is EcsEnvironment => e.kind === "ecs",
  );
}

export function processesOf(service: Service): readonly Process[] {
  return service.processes;
}

export function clustersOf(catalogue: Catalogue): readonly Cluster[] {
  return catalogue.clusters;
}
