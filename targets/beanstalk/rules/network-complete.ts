import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isObject, isString } from "../../../config/merge";

/**
 * Beanstalk needs the instance subnets whenever it is told which VPC to use, and subnets only
 * mean something with their VPC. Checked on the merged network (top level, defaults, environment).
 * A network that overrides vpcId overrides the subnets too: the inherited ones are in the VPC
 * they were written with, and Beanstalk refuses subnets of another VPC (aws:ec2:vpc Subnets,
 * ELBSubnets: https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html#command-options-general-ec2vpc).
 */
export const networkComplete: MergedRule = {
  id: "network-complete",
  summary:
    "A VPC comes with its instance subnets and subnets with their VPC; an environment that changes the VPC gives that VPC's subnets too.",
  keys: ["network", "services.<name>.environments.<env>.network"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const network = env.merged.get(["network"], isObject);
        if (network === undefined) continue;
        if (
          network.vpcId !== undefined &&
          network.instanceSubnets === undefined
        ) {
          reportMerged(
            ctx,
            env,
            ["network", "vpcId"],
            "needs instanceSubnets (the subnets of the instances in this VPC)",
          );
        }
        for (const key of ["instanceSubnets", "loadBalancerSubnets"]) {
          if (network[key] !== undefined && network.vpcId === undefined) {
            reportMerged(
              ctx,
              env,
              ["network", key],
              "needs vpcId (the VPC these subnets are in)",
            );
          }
        }
        const vpcLayer = env.merged.layerOf(["network", "vpcId"]);
        const stale = ["instanceSubnets", "loadBalancerSubnets"].filter(
          (key) => {
            const layer = env.merged.layerOf(["network", key]);
            if (layer < 0 || layer >= vpcLayer) return false;
            // Subnets written without a VPC are reported as such (needs vpcId) where they are used.
            const vpc = env.merged.inLayer(
              layer,
              ["network", "vpcId"],
              isString,
            );
            return vpc !== undefined && vpc !== network.vpcId;
          },
        );
        if (stale.length > 0) {
          const layer = env.merged.layerOf(["network", stale[0]]);
          const from = env.merged.origin(["network", stale[0]]).slice(0, -1);
          const vpc = env.merged.inLayer(layer, ["network", "vpcId"], isString);
          const subnets = stale.join(" and ");
          reportMerged(
            ctx,
            env,
            ["network", "vpcId"],
            `overrides the VPC, got ${String(network.vpcId)}, but takes ${subnets} from ${from.join(".")}, subnets of ${vpc}; ` +
              `give ${subnets} of ${String(network.vpcId)} beside it`,
          );
        }
      }
    }
  },
};
