import { type MergedRule } from "../../../config/rules/rule";
import {
  listenerRules,
  RULES_PER_LOAD_BALANCER,
  rulesByCluster,
} from "../listener-rules";
import { objectOf } from "../../../config/merge";

/**
 * An Application Load Balancer has at most 100 rules, all listeners together, default rules
 * excluded (the quota "Rules per Application Load Balancer"; AWS can raise it, which a synth
 * cannot see): one per ECS environment with http on the cluster's load balancer.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
export const listenerRuleQuota: MergedRule = {
  id: "listener-rule-quota",
  summary:
    "A cluster's load balancer has at most 100 listener rules (one per ECS environment with `http` in that cluster).",
  keys: ["clusters.<name>", "services.<name>.environments.<env>.http"],
  stage: "merged",
  check: (ctx) => {
    const clusters = objectOf(ctx.raw.clusters);
    for (const [cluster, rules] of rulesByCluster(listenerRules(ctx.images))) {
      if (rules.length <= RULES_PER_LOAD_BALANCER) continue;
      ctx.report(
        cluster in clusters ? ["clusters", cluster] : rules[0].path,
        `its load balancer would have ${rules.length} listener rules (one per ECS environment with http in clusters.${cluster}); an Application Load Balancer allows ${RULES_PER_LOAD_BALANCER}: move some environments to another cluster`,
      );
    }
  },
};
