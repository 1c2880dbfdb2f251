import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { isString } from "../../../config/merge";

export const cnamePrefixClash: MergedRule = {
  id: "cname-prefix-clash",
  summary:
    "No two environments ask for the same `cnamePrefix` (compared as DNS does, ignoring case).",
  keys: ["services.<name>.environments.<env>.cnamePrefix"],
  stage: "merged",
  check: (ctx) => {
    const seen = new Map<string, string>();
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const prefix = env.merged.get(["cnamePrefix"], isString);
        if (prefix === undefined) continue;
        const where = [...env.path].join(".");
        // A live environment taking a retired one's prefix: cnameOfRetired says what to do.
        const key = `${isRetired(image)}\u0000${prefix.toLowerCase()}`;
        const first = seen.get(key);
        if (first !== undefined)
          reportMerged(
            ctx,
            env,
            ["cnamePrefix"],
            `"${prefix}" is already the cnamePrefix of ${first}`,
          );
        else seen.set(key, where);
      }
    }
  },
};
