import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { CONDITION_VALUES_PER_RULE } from "../listener-rules";
import { isStrings } from "../../../config/merge";

/**
 * A listener rule has at most 5 condition values, an environment's hosts and paths together (the
 * Application Load Balancer quota "Condition values per rule"). The quota "Condition wildcards
 * per rule" is 5 as well, so it holds whenever this one does (values with a wildcard are values).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
export const listenerRuleValues: MergedRule = {
  id: "listener-rule-values",
  summary:
    "An ECS environment's `http.hosts` and `http.paths` are at most 5 values together (a listener rule's quota; so at most 5 wildcards too).",
  keys: [
    "services.<name>.environments.<env>.http.hosts",
    "services.<name>.environments.<env>.http.paths",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images)
      for (const env of image.environments) {
        if (env.merged.get(["http"]) === undefined) continue;
        const hosts = env.merged.get(["http", "hosts"], isStrings) ?? [];
        const paths = env.merged.get(["http", "paths"], isStrings) ?? ["/*"];
        const values = hosts.length + paths.length;
        if (values > CONDITION_VALUES_PER_RULE)
          reportMerged(
            ctx,
            env,
            ["http"],
            `its listener rule would have ${values} condition values (${hosts.length} hosts, ${paths.length} paths); a load balancer allows ${CONDITION_VALUES_PER_RULE} per rule`,
          );
      }
  },
};
