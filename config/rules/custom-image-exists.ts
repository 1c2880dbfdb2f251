import { isRetired, known, reportMerged, type MergedRule } from "./rule";
import { isString, objectOf } from "../merge";

export const customImageExists: MergedRule = {
  id: "custom-image-exists",
  summary:
    "`build.customImage` names a base image of the catalogue, and not the base image being built.",
  keys: [
    "services.<name>.build.customImage",
    "baseImages.<name>.build",
    "defaults.build",
  ],
  stage: "merged",
  check: (ctx) => {
    const baseImages = Object.keys(objectOf(ctx.raw.baseImages));
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      const ref = image.merged.get(["build", "customImage"], isString);
      if (ref === undefined) continue;
      if (!baseImages.includes(ref)) {
        reportMerged(
          ctx,
          image,
          ["build", "customImage"],
          `unknown base image "${ref}"; ${known("baseImages", baseImages)}`,
        );
      } else if (image.kind === "baseImage" && ref === image.name) {
        reportMerged(
          ctx,
          image,
          ["build", "customImage"],
          `a base image cannot be built inside itself`,
        );
      }
    }
  },
};
