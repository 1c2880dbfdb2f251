import { reportMerged, type MergedRule } from "./rule";
import { targetOfKind } from "../../targets/registry";
import { objectOf } from "../merge";

/**
 * A smoke test runs in CodeBuild outside the catalogue's VPC, on the public internet: an internal
 * load balancer (reachable only from inside its VPC) never answers it, and every deploy would
 * fail its stage. Turned on explicitly there, it is refused; left out, it is off (config/gates.ts).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
 */
export const smokeTestReachable: MergedRule = {
  id: "smoke-test-reachable",
  summary:
    "A smoke test is not turned on for an environment behind an internal load balancer (CodeBuild cannot reach it).",
  keys: ["services.<name>.environments.<env>.smokeTest.enabled"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      for (const env of image.environments) {
        if (env.merged.get(["smokeTest", "enabled"]) !== true) continue;
        const site = targetOfKind(env.merged.get(["kind"]))?.smokeTestSite(
          objectOf(env.merged.value),
          ctx.raw,
          env.name,
        );
        if (site === undefined)
          reportMerged(
            ctx,
            env,
            ["smokeTest", "enabled"],
            "this environment serves no HTTP (no web process with http): there is nothing for a smoke test to request; leave smokeTest out",
          );
        else if (site.internal)
          reportMerged(
            ctx,
            env,
            ["smokeTest", "enabled"],
            "a smoke test runs in CodeBuild outside the VPC and cannot reach an internal load balancer; set enabled: false (or make the load balancer public)",
          );
      }
    }
  },
};
