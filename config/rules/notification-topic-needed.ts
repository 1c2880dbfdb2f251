import { isObject } from "../merge";
import { isRetired, reportMerged, type MergedRule } from "./rule";

/**
 * The shared stack creates the catalogue's topic only for a top-level `notifications:` section
 * without a topicArn; a pipeline that turns notifications on by itself must name its topic.
 */
export const notificationTopicNeeded: MergedRule = {
  id: "notification-topic-needed",
  summary:
    "A service or base image with notifications of its own names a topicArn, unless the top-level notifications section gives the topic.",
  keys: [
    "services.<name>.notifications",
    "baseImages.<name>.notifications",
    "notifications",
  ],
  stage: "merged",
  check: (ctx) => {
    if (isObject(ctx.raw.notifications)) return;
    for (const image of ctx.images) {
      if (isRetired(image)) continue;
      const own = image.merged.get(["notifications"]);
      if (!isObject(own) || own.enabled === false) continue;
      if (own.topicArn === undefined)
        reportMerged(
          ctx,
          image,
          ["notifications"],
          "no topic to notify: give a topicArn here, or a top-level notifications section (whose topic the shared stack creates)",
        );
    }
  },
};
