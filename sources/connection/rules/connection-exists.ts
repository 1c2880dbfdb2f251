import {
  isRetired,
  known,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import { isString, objectOf } from "../../../config/merge";

/**
 * A connection source is fetched through a connection of the catalogue's `connections` section:
 * the pipeline needs its ARN.
 */
export const connectionExists: MergedRule = {
  id: "connection-exists",
  summary: "`source.connection` names a connection of the catalogue.",
  keys: ["services.<name>.source.connection", "connections"],
  stage: "merged",
  check: (ctx) => {
    const connections = Object.keys(objectOf(ctx.raw.connections));
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      const ref = image.merged.get(["source", "connection"], isString);
      if (ref !== undefined && !connections.includes(ref)) {
        reportMerged(
          ctx,
          image,
          ["source", "connection"],
          `unknown connection "${ref}"; ${known("connections", connections)}`,
        );
      }
    }
  },
};
