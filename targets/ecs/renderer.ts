/** The ECS target's renderer (../renderers maps "ecs" to it). */
import type { TargetRenderer } from "../rendering";
import { renderEcs, renderEcsClusters } from "./render";

export const ecsRenderer: TargetRenderer = {
  renderService: renderEcs,
  // The clusters the live services' ECS environments use.
  renderShared: (stack, { catalogue, kmsKeyArn }) =>
    renderEcsClusters(stack, catalogue, kmsKeyArn),
};
