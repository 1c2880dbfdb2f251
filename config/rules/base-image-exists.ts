import { isRetired, known, reportMerged, type MergedRule } from "./rule";
import { isString, objectOf } from "../merge";

export const baseImageExists: MergedRule = {
  id: "base-image-exists",
  summary: "`baseImage` names a base image of the catalogue.",
  keys: ["services.<name>.baseImage", "baseImages"],
  stage: "merged",
  check: (ctx) => {
    const baseImages = Object.keys(objectOf(ctx.raw.baseImages));
    // A retired entry builds nothing: what it named may already be gone.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      const ref = image.merged.get(["baseImage"], isString);
      if (ref !== undefined && !baseImages.includes(ref)) {
        reportMerged(
          ctx,
          image,
          ["baseImage"],
          `unknown base image "${ref}"; ${known("baseImages", baseImages)}`,
        );
      }
    }
  },
};
