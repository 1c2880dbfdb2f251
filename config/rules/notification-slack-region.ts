import { partitionOf } from "../../plan/arn";
import { CHATBOT_API_REGIONS, chatbotRegion } from "../../plan/notifications";
import { getIn } from "../merge";
import type { MergedRule } from "./rule";

/**
 * The Slack channel is an Amazon Q Developer in chat applications (AWS Chatbot) configuration,
 * whose API answers in four commercial regions only. From another commercial region the channel
 * is created in us-east-2 and subscribes the catalogue's topic across regions (plan/notifications.ts
 * chatbotRegion); another partition has no endpoint to create it in at all.
 * https://docs.aws.amazon.com/general/latest/gr/chatbot.html
 */
export const notificationSlackRegion: MergedRule = {
  id: "notification-slack-region",
  summary:
    "`notifications.slack` needs a region of the aws partition, where Chatbot's API is (China, GovCloud and ISO regions have none).",
  keys: ["notifications.slack", "region"],
  stage: "merged",
  check: (ctx) => {
    const region = ctx.raw.region;
    const path = ["notifications", "slack"];
    if (typeof region !== "string" || getIn(ctx.raw, path) === undefined)
      return;
    if (chatbotRegion(region) === undefined)
      ctx.report(
        path,
        `Amazon Q Developer in chat applications (AWS Chatbot) has no API in the ${partitionOf(region)} partition of ${region} (only in ${CHATBOT_API_REGIONS.join(", ")}); leave slack out and subscribe to the topic instead`,
      );
  },
};
