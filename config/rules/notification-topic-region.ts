import { getIn, isString, stringOf } from "../merge";
import { isRetired, reportMerged, type MergedRule } from "./rule";

/**
 * A notification rule publishes only to a topic in its own region, and the rules live beside the
 * pipelines, in the catalogue's region.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/notification-target-create.html
 */
export const notificationTopicRegion: MergedRule = {
  id: "notification-topic-region",
  summary:
    "An existing notification topic is in the catalogue's region, where the pipelines and their notification rules are.",
  keys: [
    "notifications.topicArn",
    "services.<name>.notifications.topicArn",
    "baseImages.<name>.notifications.topicArn",
    "region",
  ],
  stage: "merged",
  check: (ctx) => {
    const region = stringOf(ctx.raw.region);
    if (region === undefined) return;
    const message = (arn: string) =>
      `the topic must be in the catalogue's region ${region}, got ${arn.split(":")[3]}`;
    const top = getIn(ctx.raw, ["notifications", "topicArn"]);
    if (typeof top === "string" && top.split(":")[3] !== region)
      ctx.report(["notifications", "topicArn"], message(top));
    for (const image of ctx.images) {
      if (isRetired(image)) continue;
      const arn = image.merged.get(["notifications", "topicArn"], isString);
      if (arn !== undefined && arn.split(":")[3] !== region)
        reportMerged(ctx, image, ["notifications", "topicArn"], message(arn));
    }
  },
};
