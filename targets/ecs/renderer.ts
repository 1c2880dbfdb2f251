/** The ECS target's renderer (../renderers maps "ecs" to it). */
import type { TargetRenderer } from "../rendering";
import { EcsNames } from "./names";
import { renderEcs, renderEcsClusters } from "./render";

export const ecsRenderer: TargetRenderer = {
  renderService: renderEcs,
  // Every cluster `clusters` declares (see renderEcsClusters).
  renderShared: (stack, { catalogue, names, kmsKeyArn }) =>
    renderEcsClusters(stack, catalogue, new EcsNames(names), kmsKeyArn),
};
