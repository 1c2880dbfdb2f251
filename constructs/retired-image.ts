import { BuildProject } from "./build-project";
import type { DeliveryStack } from "./delivery-stack";
import { ImageRepository } from "./image-repository";
import { RemovedBlock } from "./removed-block";

/**
 * What a retired service or base image keeps: its image repository (with its lifecycle and
 * repository policies, so the images stay as they were; ECR would refuse to delete it while it
 * holds images) and its build logs (until their retention expires), which Terraform forgets
 * (`removed` blocks) instead of destroying. Everything else of the entry is left out, so the
 * next apply destroys it.
 * @param repositoryId the construct id its ImageRepository had
 * @param buildId the construct id its BuildProject had
 */
export function keepRetiredImage(
  stack: DeliveryStack,
  repositoryId: string,
  buildId: string,
): void {
  const kept = [
    ...ImageRepository.addresses([repositoryId]),
    BuildProject.logGroupAddress([buildId]),
  ];
  for (const from of kept) new RemovedBlock(stack, `keep-${from}`, { from });
}
