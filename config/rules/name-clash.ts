import { type MergedRule } from "./rule";
import { objectOf } from "../merge";

/** A name may be a service or a base image, not both: they would share every AWS name. */
export const nameClash: MergedRule = {
  id: "name-clash",
  summary:
    "A service and a base image may not have the same name (they would share every AWS name).",
  keys: ["services.<name>", "baseImages.<name>"],
  stage: "merged",
  check: (ctx) => {
    const baseImages = objectOf(ctx.raw.baseImages);
    for (const name of Object.keys(objectOf(ctx.raw.services))) {
      if (name in baseImages)
        ctx.report(
          ["services", name],
          `"${name}" is also a base image; services and base images need different names`,
        );
    }
  },
};
