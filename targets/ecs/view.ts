/**
 * The ECS environments of a loaded service (a service may mix kinds).
 */
import type { Service } from "../../config/catalogue";
import type { EcsEnvironment } from "./types";

export function ecsEnvironments(service: Service): EcsEnvironment[] {
  return service.environments.filter(
    (e): e is EcsEnvironment => e.kind === "ecs",
  );
}
