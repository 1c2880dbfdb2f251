import type { Path } from "../yaml-path";
import { isRetired, reportMerged, type MergedRule } from "./rule";
import { isString } from "../merge";

/**
 * A retired base image has no pipeline any more: nothing may build FROM it or inside it. Retire
 * it once nothing uses it, or retire what uses it with it.
 */
export const retiredBaseImageInUse: MergedRule = {
  id: "retired-base-image-in-use",
  summary:
    "Nothing live builds FROM or inside a retired base image: retire it once nothing uses it, or retire its users with it.",
  keys: [
    "baseImages.<name>.retired",
    "services.<name>.baseImage",
    "services.<name>.build.customImage",
  ],
  stage: "merged",
  check: (ctx) => {
    const retired = new Set(
      ctx.images
        .filter((i) => i.kind === "baseImage" && isRetired(i))
        .map((i) => i.name),
    );
    const uses: [Path, string][] = [
      [["baseImage"], "build FROM another base image"],
      [["build", "customImage"], "build inside another image"],
    ];
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      for (const [rel, instead] of uses) {
        const ref = image.merged.get(rel, isString);
        if (ref === undefined || !retired.has(ref)) continue;
        reportMerged(
          ctx,
          image,
          rel,
          `base image "${ref}" is retired; ${instead}, or retire this ${image.kind === "service" ? "service" : "base image"} too`,
        );
      }
    }
  },
};
