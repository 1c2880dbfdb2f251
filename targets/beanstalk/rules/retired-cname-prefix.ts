import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { isString } from "../../../config/merge";

/**
 * A retired environment keeps its CNAME until the apply that destroys it, and stacks apply in
 * any order: a live environment may not ask for it while the retired entry is in the catalogue.
 * Only cnamePrefix names a CNAME: without one, Beanstalk appends a random string to the
 * environment name, which nothing can collide with.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateEnvironment.html (CNAMEPrefix)
 */
export const retiredCnamePrefix: MergedRule = {
  id: "retired-cname-prefix",
  summary:
    "A live environment may not take a retired environment's `cnamePrefix` until the retirement is applied and the entry deleted.",
  keys: [
    "services.<name>.environments.<env>.cnamePrefix",
    "services.<name>.retired",
  ],
  stage: "merged",
  check: (ctx) => {
    const retired = new Map<string, string>();
    for (const image of ctx.images.filter(isRetired)) {
      for (const env of image.environments) {
        const prefix = env.merged.get(["cnamePrefix"], isString);
        if (prefix !== undefined)
          retired.set(prefix.toLowerCase(), [...env.path].join("."));
      }
    }
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      for (const env of image.environments) {
        const prefix = env.merged.get(["cnamePrefix"], isString);
        const owner = prefix && retired.get(prefix.toLowerCase());
        if (!owner) continue;
        reportMerged(
          ctx,
          env,
          ["cnamePrefix"],
          `"${prefix}" is the cnamePrefix of retired ${owner}, whose environment holds it until the retirement is applied; apply it, delete the retired entry, then take the prefix`,
        );
      }
    }
  },
};
