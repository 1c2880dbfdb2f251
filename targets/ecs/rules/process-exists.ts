import {
  isRetired,
  known,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { processNames } from "../listener-rules";
import { isObject } from "../../../config/merge";

/** An environment's per-process settings name processes of its service. */
export const processExists: MergedRule = {
  id: "process-exists",
  summary:
    "The keys of an ECS environment's `processes` are processes of its service.",
  keys: [
    "services.<name>.environments.<env>.processes.<process>",
    "services.<name>.processes",
  ],
  stage: "merged",
  check: (ctx) => {
    // A retired service runs nothing.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      const processes = processNames(image);
      for (const env of image.environments) {
        for (const name of Object.keys(
          env.merged.get(["processes"], isObject) ?? {},
        ))
          if (!processes.includes(name))
            reportMerged(
              ctx,
              env,
              ["processes", name],
              `unknown process "${name}"; ${known(`services.${image.name}.processes`, processes)}`,
            );
      }
    }
  },
};
