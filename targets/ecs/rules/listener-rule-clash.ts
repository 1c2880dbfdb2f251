import type { MergedRule } from "../../../config/rules/rule";
import {
  ListenerRule,
  listenerRules,
  ruleName,
  rulesByCluster,
  sameConditions,
} from "../listener-rules";
import { PRIORITY_BANDS } from "../priority";

const band = (rule: ListenerRule) =>
  `${rule.band.min} to ${rule.band.max}, the band of ${rule.band.what}`;

/**
 * Listener rules of one load balancer (a cluster's) may not clash: two rules with the same
 * priority (AWS refuses the second, PriorityInUse), two with the same hosts and paths (only one
 * would ever match), or two catch-alls (every host and path). Each environment's priority is
 * derived from its own keys (./priority.ts), so only the whole catalogue can see a clash.
 */
export const listenerRuleClash: MergedRule = {
  id: "listener-rule-clash",
  summary:
    "No two ECS environments on one cluster's load balancer share a listener-rule priority, the same hosts and paths, or the catch-all (every host and path).",
  keys: [
    "services.<name>.environments.<env>.http",
    "services.<name>.environments.<env>.http.priority",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const [cluster, rules] of rulesByCluster(listenerRules(ctx.images))) {
      const sorted = [...rules].sort((a, b) =>
        ruleName(a) < ruleName(b) ? -1 : 1,
      );
      sorted.forEach((rule, i) => {
        for (const other of sorted.slice(0, i)) {
          const message =
            rule.band === PRIORITY_BANDS.catchAll &&
            other.band === PRIORITY_BANDS.catchAll
              ? `is a second catch-all (every host and path) on the load balancer of clusters.${cluster}, after ${ruleName(other)}; only one would ever match: give hosts or paths`
              : sameConditions(rule.http, other.http)
                ? `has the same hosts and paths as ${ruleName(other)} on the load balancer of clusters.${cluster}; only one would ever match: make them differ`
                : rule.priority === other.priority
                  ? `its listener rule's priority ${rule.priority} on the load balancer of clusters.${cluster} is also ${ruleName(other)}'s; set http.priority on one of them (${band(rule)})`
                  : undefined;
          if (message === undefined) continue;
          ctx.report([...rule.path, "http"], message);
          break;
        }
      });
    }
  },
};
