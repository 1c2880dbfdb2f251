/**
 * The catalogue's `notifications` keys (top level, and per service or base image) and how one
 * pipeline's notifications follow from them. Apart from ./schema so the loader and the rules share
 * the resolution.
 */
import type {
  CatalogueNotifications,
  NotificationEvent,
  PipelineNotifications,
} from "./catalogue";
import { DEFAULTS } from "./defaults";
import type {
  ArraySchema,
  Defaulted,
  ObjectSchema,
  StringSchema,
} from "./schema-types";

/** The events a catalogue may name (plan/notifications.ts maps them to AWS's event type ids). */
export const NOTIFICATION_EVENTS = [
  "failed",
  "succeeded",
  "approval",
] as const satisfies readonly NotificationEvent[];

const events = {
  type: "array",
  description:
    "What is announced: failed (a pipeline run failed), succeeded (a run deployed everything), approval (a manual approval waits; the approval itself links the pipeline's console page).",
  minItems: 1,
  uniqueItems: true,
  items: {
    type: "string",
    description: "An event.",
    enum: NOTIFICATION_EVENTS,
  },
  default: DEFAULTS.notifications.events,
} as const satisfies ArraySchema;

// https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html: a standard topic's name is
// 1 to 256 letters, digits, '-' and '_' (a FIFO topic's ends in ".fifo", and notification rules
// target standard topics only: https://docs.aws.amazon.com/dtconsole/latest/userguide/notification-target-create.html).
const topicArn = {
  type: "string",
  description:
    "Send to this existing SNS topic (standard, in the catalogue's region) instead of the catalogue's own. Its policy must let codestar-notifications.amazonaws.com publish, and its KMS key (if any) let CodeStar Notifications use it through SNS (README: Notifications).",
  pattern:
    /^arn:aws(?:-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
  hint: "a standard SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (not a .fifo topic)",
} as const satisfies StringSchema;

/** `notifications:` at the top level: every pipeline's, unless its own says otherwise. */
export const NOTIFICATIONS_SCHEMA = {
  type: "object",
  description:
    "Pipeline notifications (CodeStar Notifications, one rule per pipeline) to an SNS topic the shared stack creates, encrypted with the catalogue's key, or to an existing one; optionally into a Slack channel through AWS Chatbot. Left out: none.",
  absentMeansNone: true,
  properties: {
    events,
    topicArn,
    slack: {
      type: "object",
      description:
        "Also post them in a Slack channel: an AWS Chatbot channel configuration subscribed to the topic, whose role may only read pipelines. The workspace must have been authorised once in the Chatbot console.",
      properties: {
        // https://docs.aws.amazon.com/chatbot/latest/APIReference/API_CreateSlackChannelConfiguration.html
        workspaceId: {
          type: "string",
          description:
            "The Slack workspace (team) id, as the Chatbot console shows it after authorisation.",
          pattern: /^[0-9A-Z]{1,255}$/,
          hint: "uppercase letters and digits, such as T07EA123LEP",
        },
        channelId: {
          type: "string",
          description:
            "The channel id: the last part of the channel's link (Copy link in Slack). Invite @aws to a private channel.",
          pattern: /^[A-Za-z0-9]{1,255}$/,
          hint: "letters and digits, such as C07EZ1ABC23",
        },
      },
      required: ["workspaceId", "channelId"],
    },
  },
} as const satisfies ObjectSchema;

/** `notifications:` of one service or base image: overrides the top level key by key. */
export const PIPELINE_NOTIFICATIONS_SCHEMA = {
  type: "object",
  description:
    "This pipeline's notifications, key by key over the top-level notifications. enabled: false: none for this pipeline.",
  absentMeansNone: true,
  properties: {
    enabled: {
      type: "boolean",
      description:
        "false: this pipeline announces nothing; true without a top-level notifications section needs a topicArn.",
      default: true,
    },
    events: {
      type: "array",
      description: `${events.description} Left out: the top-level notifications' events (or all three).`,
      minItems: events.minItems,
      uniqueItems: events.uniqueItems,
      items: events.items,
    },
    topicArn,
  },
} as const satisfies ObjectSchema;

/** The top-level section, normalized (its defaults applied by the loader). */
export function catalogueNotifications(
  raw: Defaulted<typeof NOTIFICATIONS_SCHEMA>,
): CatalogueNotifications {
  const { events, topicArn, slack } = raw;
  return {
    events,
    ...(topicArn !== undefined && { topicArn }),
    ...(slack !== undefined && { slack }),
  };
}

/**
 * One pipeline's notifications: its own keys over the top level's. undefined: none (turned off,
 * or neither says anything). Without topicArn: the catalogue's topic, which exists only with a
 * top-level section (the notification-topic-needed rule refuses the rest).
 */
export function pipelineNotifications(
  top: Defaulted<typeof NOTIFICATIONS_SCHEMA> | undefined,
  own: Defaulted<typeof PIPELINE_NOTIFICATIONS_SCHEMA> | undefined,
): PipelineNotifications | undefined {
  if (own?.enabled === false) return undefined;
  if (own === undefined && top === undefined) return undefined;
  const topicArn = own?.topicArn ?? top?.topicArn;
  return {
    events: own?.events ?? top?.events ?? [...DEFAULTS.notifications.events],
    ...(topicArn !== undefined && { topicArn }),
  };
}
