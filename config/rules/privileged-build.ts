import { DEFAULTS } from "../defaults";
import { reportMerged, type MergedRule } from "./rule";
import { isBoolean } from "../merge";

/** The generated buildspec runs Docker, which needs privileged mode. */
export const privilegedBuild: MergedRule = {
  id: "privileged-build",
  summary:
    "The generated buildspec builds with Docker: it needs `privileged: true` (or give your own `buildspec`).",
  keys: ["services.<name>.build.privileged", "services.<name>.build.buildspec"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      const privileged =
        image.merged.get(["build", "privileged"], isBoolean) ??
        DEFAULTS.build.privileged;
      if (
        !privileged &&
        image.merged.get(["build", "buildspec"]) === undefined
      ) {
        reportMerged(
          ctx,
          image,
          ["build", "privileged"],
          "the generated buildspec builds with Docker, which needs privileged: true (or give your own buildspec)",
        );
      }
    }
  },
};
