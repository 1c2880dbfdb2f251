import {
  isRetired,
  known,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { isString, objectOf } from "../../../config/merge";

/**
 * An ECS environment runs in a clusters entry: the one its `cluster` names, or the one named like
 * the environment. The entry's network is complete by its schema (vpcId, taskSubnets,
 * loadBalancerSubnets required).
 */
export const clusterExists: MergedRule = {
  id: "cluster-exists",
  summary:
    "An ECS environment's cluster (`cluster`, or by default the environment's name) is an entry of `clusters`.",
  keys: ["services.<name>.environments.<env>.cluster", "clusters.<name>"],
  stage: "merged",
  check: (ctx) => {
    const clusters = Object.keys(objectOf(ctx.raw.clusters));
    // A retired service runs nothing.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      for (const env of image.environments) {
        const given = env.merged.get(["cluster"], isString);
        const cluster = given ?? env.name;
        if (clusters.includes(cluster)) continue;
        if (given !== undefined)
          reportMerged(
            ctx,
            env,
            ["cluster"],
            `unknown cluster "${cluster}"; ${known("clusters", clusters)}`,
          );
        else
          ctx.report(
            env.path,
            `runs in the cluster named like it, "${cluster}", which clusters does not define (${known("clusters", clusters)}); add it, or name one with cluster:`,
          );
      }
    }
  },
};
