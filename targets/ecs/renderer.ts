/** The ECS target's renderer (../renderers maps "ecs" to it). */
import type { TargetRenderer } from "../rendering";
import { renderEcs, renderEcsClusters } from "./render";

export const ecsRenderer: TargetRenderer = {
  renderService: renderEcs,
  // Every cluster `clusters` declares (see renderEcsClusters).
  renderShared: (stack, { catalogue, kmsKeyArn }) =>
    renderEcsClusters(stack, catalogue, kmsKeyArn),
};
