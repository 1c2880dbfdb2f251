import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import type { Path } from "../../../config/yaml-path";
import { HTTP_PROCESS } from "../../../config/environment-parts";
import { processNames } from "../listener-rules";
import { isObject } from "../../../config/merge";

/**
 * A scaling count has min at most max, and scales on requests per target only for the web
 * process (the only one with a target group): written on another process, it would not apply.
 */
export const taskCounts: MergedRule = {
  id: "task-counts",
  summary:
    "A `count` map has `min` at most `max`; `requestsPerTarget` applies to the web process only.",
  keys: [
    "services.<name>.environments.<env>.count",
    "services.<name>.environments.<env>.processes.<process>.count",
  ],
  stage: "merged",
  check: (ctx) => {
    // A retired service runs nothing.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      const web = processNames(image).includes(HTTP_PROCESS);
      for (const env of image.environments) {
        const counts: [Path, string | undefined][] = [
          [["count"], undefined],
          ...Object.keys(env.merged.get(["processes"], isObject) ?? {}).map(
            (p): [Path, string] => [["processes", p, "count"], p],
          ),
        ];
        for (const [at, process] of counts) {
          const count = env.merged.get(at);
          if (!isObject(count)) continue;
          const { min, max, requestsPerTarget } = count;
          if (typeof min === "number" && typeof max === "number" && min > max)
            reportMerged(
              ctx,
              env,
              [...at, "max"],
              `must be at least min (${min}), got ${max}`,
            );
          if (requestsPerTarget === undefined) continue;
          if (process !== undefined && process !== HTTP_PROCESS)
            reportMerged(
              ctx,
              env,
              [...at, "requestsPerTarget"],
              `only the web process is behind the load balancer; scale ${process} on cpuTarget`,
            );
          else if (!web)
            reportMerged(
              ctx,
              env,
              [...at, "requestsPerTarget"],
              `the service has no web process behind the load balancer; scale on cpuTarget`,
            );
        }
      }
    }
  },
};
