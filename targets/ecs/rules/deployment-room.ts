import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { ECS_DEFAULTS } from "../defaults";
import { processNames } from "../listener-rules";
import { getIn, isNumber, isObject } from "../../../config/merge";

/**
 * A rolling deployment replaces tasks within deployment's bounds: at most maxPercent of the
 * desired count running or starting (rounded down), at least minHealthyPercent running (rounded
 * up). With neither room to start a new task nor to stop an old one, it cannot progress: refused
 * for every count a process may run at.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function stuckAt(
  min: number,
  max: number,
  minHealthyPercent: number,
  maxPercent: number,
): number | undefined {
  for (let tasks = Math.max(1, min); tasks <= max; tasks++) {
    const canStart = Math.floor((tasks * maxPercent) / 100) >= tasks + 1;
    const canStop = tasks - 1 >= Math.ceil((tasks * minHealthyPercent) / 100);
    if (!canStart && !canStop) return tasks;
  }
  return undefined;
}

export const deploymentRoom: MergedRule = {
  id: "deployment-room",
  summary:
    "An ECS environment's `deployment` percents leave a rolling deployment room to start or stop a task at every count its processes run at.",
  keys: [
    "services.<name>.environments.<env>.deployment",
    "services.<name>.environments.<env>.count",
  ],
  stage: "merged",
  check: (ctx) => {
    // A retired service runs nothing.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      for (const env of image.environments) {
        const d = ECS_DEFAULTS.deployment;
        const minHealthy =
          env.merged.get(["deployment", "minHealthyPercent"], isNumber) ??
          d.minHealthyPercent;
        const maxPercent =
          env.merged.get(["deployment", "maxPercent"], isNumber) ??
          d.maxPercent;
        const overrides = env.merged.get(["processes"], isObject) ?? {};
        for (const process of processNames(image)) {
          const count =
            getIn(overrides, [process, "count"]) ??
            env.merged.get(["count"]) ??
            ECS_DEFAULTS.count;
          const [min, max] =
            typeof count === "number"
              ? [count, count]
              : [getIn(count, ["min"]), getIn(count, ["max"])];
          if (typeof min !== "number" || typeof max !== "number") continue;
          const tasks = stuckAt(min, max, minHealthy, maxPercent);
          if (tasks === undefined) continue;
          reportMerged(
            ctx,
            env,
            ["deployment"],
            `with ${tasks} task${tasks === 1 ? "" : "s"} of ${process}, a deployment could neither start a task (maxPercent ${maxPercent} allows ${Math.floor((tasks * maxPercent) / 100)} running) nor stop one (minHealthyPercent ${minHealthy} keeps ${Math.ceil((tasks * minHealthy) / 100)}); raise maxPercent or lower minHealthyPercent`,
          );
          break;
        }
      }
    }
  },
};
