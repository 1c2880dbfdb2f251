import { RESERVED_BUILD_VARIABLES } from "../../plan/buildspec";
import { reportMerged, type MergedRule } from "./rule";
import { isObject } from "../merge";

export const buildVariableNames: MergedRule = {
  id: "build-variable-names",
  summary:
    "Build variables and secrets do not take the names the build sets itself, and no name is both a variable and a secret.",
  keys: ["services.<name>.build.variables", "services.<name>.build.secrets"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      const variables =
        image.merged.get(["build", "variables"], isObject) ?? {};
      const secrets = image.merged.get(["build", "secrets"], isObject) ?? {};
      for (const name of [...Object.keys(variables), ...Object.keys(secrets)]) {
        const where = name in secrets ? "secrets" : "variables";
        if (
          RESERVED_BUILD_VARIABLES.includes(name) ||
          name.startsWith("CODEBUILD_")
        ) {
          reportMerged(
            ctx,
            image,
            ["build", where, name],
            `${name} is set by the build itself; choose another name`,
          );
        }
      }
      for (const name of Object.keys(secrets)) {
        if (name in variables)
          reportMerged(
            ctx,
            image,
            ["build", "secrets", name],
            `${name} is both a variable and a secret`,
          );
      }
    }
  },
};
