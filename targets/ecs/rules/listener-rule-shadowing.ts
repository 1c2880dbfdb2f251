import type { MergedRule } from "../../../config/rules/rule";
import {
  conditionsCover,
  listenerRules,
  ruleName,
  rulesByCluster,
  sameConditions,
} from "../listener-rules";

/**
 * A load balancer evaluates a listener's rules from the lowest priority up, and the first that
 * matches wins: a rule whose every request an earlier rule matches never receives one. The
 * priority bands order most such pairs (a specific path before a catch-all); this refuses what
 * they cannot, such as two paths of one depth or an http.priority set by hand.
 */
export const listenerRuleShadowing: MergedRule = {
  id: "listener-rule-shadowing",
  summary:
    "No ECS environment's listener rule is hidden by another on its load balancer: an earlier rule (a lower priority) may not match every request it would.",
  keys: [
    "services.<name>.environments.<env>.http",
    "services.<name>.environments.<env>.http.priority",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const [cluster, rules] of rulesByCluster(listenerRules(ctx.images)))
      for (const later of rules) {
        const earlier = rules
          .filter(
            (r) =>
              r.priority < later.priority &&
              !sameConditions(r.http, later.http) &&
              conditionsCover(r.http, later.http),
          )
          .sort((a, b) => a.priority - b.priority)[0];
        if (earlier === undefined) continue;
        ctx.report(
          [...later.path, "http"],
          `its listener rule (priority ${later.priority}) can never match: ${ruleName(earlier)} (priority ${earlier.priority}, evaluated first on the load balancer of clusters.${cluster}) matches every request it would; make the conditions differ, or set http.priority on both so this one comes first`,
        );
      }
  },
};
