import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isCatchAllPath } from "../priority";
import { isStrings } from "../../../config/merge";

/**
 * A path-pattern condition value: at most 128 characters (the schema), starting with "/", of
 * A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * and ?.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_PathPatternConditionConfig.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RuleCondition.html (Values)
 */
const PATH = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]*$/;

export const httpPaths: MergedRule = {
  id: "http-paths",
  summary:
    "Each `http.paths` value is a path pattern the load balancer accepts (starting with `/`; letters, digits, `_-.$/~\"'@:+&`, `*`, `?`), and `/*` stands alone.",
  keys: ["services.<name>.environments.<env>.http.paths"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images)
      for (const env of image.environments) {
        const paths = env.merged.get(["http", "paths"], isStrings) ?? [];
        paths.forEach((path, i) => {
          if (!PATH.test(path))
            reportMerged(
              ctx,
              env,
              ["http", "paths", i],
              `must be a path pattern starting with "/" (letters, digits, _-.$/~"'@:+& and the wildcards * and ?), got ${JSON.stringify(path)}`,
            );
        });
        const all = paths.findIndex(isCatchAllPath);
        if (all >= 0 && paths.length > 1)
          reportMerged(
            ctx,
            env,
            ["http", "paths", all],
            `${JSON.stringify(paths[all])} matches every path, so the others (${paths
              .filter((_, i) => i !== all)
              .join(
                ", ",
              )}) add nothing; give it alone, or only the specific paths`,
          );
      }
  },
};
