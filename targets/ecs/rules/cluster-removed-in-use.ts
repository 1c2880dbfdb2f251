import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { isString, objectOf } from "../../../config/merge";

/**
 * A retired service's ECS environments still run until its stack is applied, and the shared stack
 * applies first: deleting their cluster's entry in the meantime would have the shared apply
 * delete a cluster that holds services, which ECS refuses (ClusterContainsServicesException,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html), and a load
 * balancer security group the tasks' groups refer to, which EC2 refuses (DependencyViolation).
 * So the entry goes after the retired service's, or with it once its retirement is applied.
 */
export const clusterRemovedInUse: MergedRule = {
  id: "cluster-removed-in-use",
  summary:
    "A `clusters` entry is not deleted while a retired service's ECS environment still runs on it (until the service's entry is deleted).",
  keys: ["services.<name>.environments.<env>.cluster", "clusters.<name>"],
  stage: "merged",
  check: (ctx) => {
    const clusters = Object.keys(objectOf(ctx.raw.clusters));
    for (const image of ctx.images.filter(isRetired)) {
      for (const env of image.environments) {
        const given = env.merged.get(["cluster"], isString);
        const cluster = given ?? env.name;
        if (clusters.includes(cluster)) continue;
        const message = `runs on clusters.${cluster}, which clusters does not define, until the retirement of ${image.path.join(".")} is applied; the shared stack applies first and could not delete a cluster that still holds services: keep clusters.${cluster} until that apply, then delete ${image.path.join(".")}, then the cluster`;
        if (given !== undefined) reportMerged(ctx, env, ["cluster"], message);
        else ctx.report(env.path, message);
      }
    }
  },
};
