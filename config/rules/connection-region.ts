import { getIn, objectOf, stringOf } from "../merge";
import { type MergedRule } from "./rule";

/**
 * A connection is a regional resource and a pipeline's source action runs in the pipeline's own
 * region (CodePipeline refuses a source action in another region), so an existing connection must
 * be in the catalogue's region, where the pipelines are.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/connections.html
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
 */
export const connectionRegion: MergedRule = {
  id: "connection-region",
  summary:
    "An existing connection is in the catalogue's region, where the pipelines are.",
  keys: ["connections.<name>.existing.arn", "region"],
  stage: "merged",
  check: (ctx) => {
    const region = stringOf(ctx.raw.region);
    if (region === undefined) return;
    for (const [name, value] of Object.entries(objectOf(ctx.raw.connections))) {
      const arn = getIn(value, ["existing", "arn"]);
      if (typeof arn !== "string") continue;
      const arnRegion = arn.split(":")[3];
      if (arnRegion !== region)
        ctx.report(
          ["connections", name, "existing", "arn"],
          `the connection must be in the catalogue's region ${region}, got ${arnRegion}`,
        );
    }
  },
};
