import { BEANSTALK_DEFAULTS } from "../defaults";
import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isNumber } from "../../../config/merge";

export const instanceCounts: MergedRule = {
  id: "instance-counts",
  summary: "`minInstances` is at most `maxInstances` (defaults included).",
  keys: [
    "services.<name>.environments.<env>.minInstances",
    "services.<name>.environments.<env>.maxInstances",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const min =
          env.merged.get(["minInstances"], isNumber) ??
          BEANSTALK_DEFAULTS.minInstances;
        const max =
          env.merged.get(["maxInstances"], isNumber) ??
          BEANSTALK_DEFAULTS.maxInstances;
        if (min <= max) continue;
        if (env.merged.get(["maxInstances"]) === undefined) {
          reportMerged(
            ctx,
            env,
            ["minInstances"],
            `must be at most maxInstances (default ${max}), got ${min}`,
          );
        } else {
          reportMerged(
            ctx,
            env,
            ["maxInstances"],
            `must be at least minInstances (${min}), got ${max}`,
          );
        }
      }
    }
  },
};
