import { smokeTestOf } from "../../../config/gates";
import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { ecsSmokeTestSite } from "../load";
import { objectOf } from "../../../config/merge";

/**
 * An ECS environment's smoke test requests its URL (its first exact host, else the shared load
 * balancer's DNS name) and path through the load balancer every service of the cluster shares:
 * unless its own listener rule matches that request, another service's rule or the load
 * balancer's default 404 answers, and the test proves nothing or never passes. Left out, such a
 * smoke test is off (config/gates.ts); turned on, it is refused. Internal load balancers are
 * smoke-test-reachable's.
 */
export const smokeTestRoute: MergedRule = {
  id: "smoke-test-route",
  summary:
    "An ECS environment's smoke test requests a URL and path its own listener rule matches (else another service, or the load balancer's default, would answer it).",
  keys: [
    "services.<name>.environments.<env>.smokeTest",
    "services.<name>.environments.<env>.http",
  ],
  stage: "merged",
  check: (ctx) => {
    // A retired service runs nothing to test.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      for (const env of image.environments) {
        if (env.merged.get(["smokeTest", "enabled"]) !== true) continue;
        const value = objectOf(env.merged.value);
        const site = ecsSmokeTestSite(value, ctx.raw, env.name);
        if (site === undefined || site.internal) continue;
        const smoke = smokeTestOf(value, site);
        const why = smoke && site.unrouted?.(smoke.path);
        if (why)
          reportMerged(
            ctx,
            env,
            ["smokeTest", "enabled"],
            `the smoke test would not reach this environment: ${why}, or set enabled: false`,
          );
      }
    }
  },
};
