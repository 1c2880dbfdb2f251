import type { Source } from "../../../config/catalogue";
import type { CatalogueRule } from "../../../config/rules/rule";
import type { Path } from "../../../config/yaml-path";

/**
 * Each trigger filter names patterns: CodePipeline has no empty filter criterion (a push filter
 * holds include or exclude patterns), and an empty `trigger` would turn the source's change
 * detection off with nothing to start the pipeline instead. Checked on the loaded catalogue, so
 * a list the shape check refused is not reported again as missing.
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitPushFilter.html
 */
export const triggerFilters: CatalogueRule = {
  id: "trigger-filters",
  summary:
    "A source's `trigger` names branches, tags or paths, each with include or exclude patterns.",
  keys: ["services.<name>.source.trigger"],
  stage: "catalogue",
  check: (ctx) => {
    const check = (source: Source, at: Path) => {
      if (source.kind !== "connection" || !source.trigger) return;
      const path = [...at, "source", "trigger"];
      const filters = (["branches", "tags", "paths"] as const).filter(
        (key) => source.trigger![key] !== undefined,
      );
      if (filters.length === 0)
        ctx.report(
          path,
          "name at least one of branches, tags or paths: an empty trigger would start the pipeline on nothing",
        );
      for (const key of filters) {
        const filter = source.trigger[key]!;
        if (filter.include === undefined && filter.exclude === undefined)
          ctx.report(
            [...path, key],
            "give include or exclude patterns (or leave the key out)",
          );
      }
    };
    for (const base of ctx.catalogue.baseImages)
      check(base.source, ["baseImages", base.name]);
    for (const service of ctx.catalogue.services)
      check(service.source, ["services", service.name]);
  },
};
