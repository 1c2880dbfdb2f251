import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isStrings } from "../../../config/merge";

/**
 * Images are built on CodeBuild's LINUX_CONTAINER environment, which is x86_64 (the ARM
 * environment is ARM_CONTAINER with its own images), so they run on x86_64 instances only.
 * AWS Graviton (arm64) instance types carry a "g" processor letter right after the generation
 * (t4g, m7g, c6gn, r8gd, im4gn, g5g), or are the first-generation a1.
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html
 */
const GRAVITON_FAMILY = /^(?:[a-z]+\d+g[a-z-]*|a1)$/;

/** An x86_64 type of the same size, where AWS offers the obvious one (t4g -> t3, m7g -> m7i). */
function x86Twin(type: string): string | undefined {
  const [family, size] = type.split(".");
  if (family === "t4g") return `t3.${size}`;
  const plain = /^([mcr][678])g$/.exec(family);
  return plain ? `${plain[1]}i.${size}` : undefined;
}

export const instanceArchitecture: MergedRule = {
  id: "instance-architecture",
  summary:
    "Instance types are x86_64, as the images the builds produce; Graviton (arm64) types are refused.",
  keys: ["services.<name>.environments.<env>.instanceTypes"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const types = env.merged.get(["instanceTypes"], isStrings) ?? [];
        types.forEach((type, index) => {
          if (!GRAVITON_FAMILY.test(type.split(".")[0])) return;
          const twin = x86Twin(type);
          reportMerged(
            ctx,
            env,
            ["instanceTypes", index],
            `must be an x86_64 instance type (builds produce x86_64 images), got ${type}, an arm64 (Graviton) type${twin ? ` (such as ${twin} instead)` : ""}`,
          );
        });
      }
    }
  },
};
