import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { writtenHttp } from "../load";
import { priorityBand } from "../priority";

/**
 * A priority set by hand stays in the band of its rule's conditions (./priority.ts), so that it
 * resolves a clash without putting a catch-all before a specific path.
 */
export const listenerRulePriorityBand: MergedRule = {
  id: "listener-rule-priority-band",
  summary:
    "An `http.priority` set by hand lies in the band of its conditions (host and path 1-12500, path 12501-25000, exact host 25001-37499, wildcard host 37500-49999, catch-all 50000).",
  keys: ["services.<name>.environments.<env>.http.priority"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images)
      for (const env of image.environments) {
        const http = writtenHttp(env.merged.get(["http"]));
        const priority = http?.priority;
        if (http === undefined || priority === undefined) continue;
        const band = priorityBand(http);
        if (priority >= band.min && priority <= band.max) continue;
        reportMerged(
          ctx,
          env,
          ["http", "priority"],
          `must be between ${band.min} and ${band.max}, the band of rules for ${band.what} (the rules of more specific conditions come first), got ${priority}`,
        );
      }
  },
};
