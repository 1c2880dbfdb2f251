/** The ECS target's renderer (../renderers maps "ecs" to it). */
import type { TargetRenderer } from "../rendering";
import { EcsNames } from "./names";
import { renderEcs, renderEcsClusters } from "./render";

export const ecsRenderer: TargetRenderer = {
  renderService: renderEcs,
  // The clusters the live services' ECS environments use.
  renderShared: (stack, { catalogue, names, kmsKeyArn }) =>
    renderEcsClusters(stack, catalogue, new EcsNames(names), kmsKeyArn),
};
