/**
 * Pipeline notifications as data: AWS's event type ids, the catalogue topic's policy, what the
 * catalogue's key must allow for it, and the Chatbot channel role. Pure; rendered by
 * constructs/notification-topic.ts (topic, channel), constructs/catalogue-key.ts (the key's
 * statements) and constructs/delivery-pipeline.ts (each pipeline's rule).
 */
import type {
  NotificationEvent,
  PipelineNotifications,
} from "../config/catalogue";
import { arn, consoleHostOf, partitionOf, type ArnScope } from "./arn";
import type { Statement } from "./iam";

/**
 * The CodeStar Notifications event type id of each catalogue event.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/concepts.html#events-ref-pipeline
 */
export const NOTIFICATION_EVENT_IDS: Readonly<
  Record<NotificationEvent, string>
> = {
  failed: "codepipeline-pipeline-pipeline-execution-failed",
  succeeded: "codepipeline-pipeline-pipeline-execution-succeeded",
  approval: "codepipeline-pipeline-manual-approval-needed",
};

/** The service that publishes a notification rule's events. */
export const NOTIFICATIONS_PRINCIPAL = "codestar-notifications.amazonaws.com";
/** The service whose role an AWS Chatbot channel assumes. */
export const CHATBOT_PRINCIPAL = "chatbot.amazonaws.com";

/**
 * FULL: "any supplemental information provided by AWS CodeStar Notifications and/or the service",
 * not only the event as EventBridge has it.
 * https://docs.aws.amazon.com/codestar-notifications/latest/APIReference/API_CreateNotificationRule.html
 */
export const NOTIFICATION_DETAIL_TYPE = "FULL";

/** A pipeline's page in the AWS console (its approvals link to it, its stack outputs it). */
export function pipelineConsoleUrl(region: string, pipelineName: string) {
  return `https://${consoleHostOf(region)}/codesuite/codepipeline/pipelines/${pipelineName}/view?region=${region}`;
}

/** Where one pipeline's notification rule sends, and what. */
export interface NotificationRulePlan {
  readonly name: string;
  readonly eventTypeIds: readonly string[];
  readonly topicArn: string;
}

/**
 * One pipeline's notification rule: named after the pipeline, unique in the account like it
 * (AWS allows 1 to 64 letters, digits, spaces, '-' and '_'; `<organisation>-<name>` is at most
 * 20 + 1 + 31), to its own topic or the catalogue's.
 * https://docs.aws.amazon.com/codestar-notifications/latest/APIReference/API_CreateNotificationRule.html
 */
export function notificationRule(
  pipelineName: string,
  notifications: PipelineNotifications,
  catalogueTopicArn: string,
): NotificationRulePlan {
  return {
    name: pipelineName,
    // In the order of NOTIFICATION_EVENT_IDS, whatever the catalogue's order.
    eventTypeIds: Object.entries(NOTIFICATION_EVENT_IDS)
      .filter(([event]) => notifications.events.some((e) => e === event))
      .map(([, id]) => id),
    topicArn: notifications.topicArn ?? catalogueTopicArn,
  };
}

/**
 * The catalogue topic's policy: CodeStar Notifications may publish for this account's rules only
 * (aws:SourceAccount guards against another account's rule naming the topic), and nobody may
 * publish without TLS. This account's principals reach it through their IAM policies.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/set-up-sns.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export function topicPolicyStatements(
  topicArn: string,
  accountId: string,
): Statement[] {
  return [
    {
      sid: "CodeStarNotificationsOfThisAccount",
      principals: { Service: [NOTIFICATIONS_PRINCIPAL] },
      actions: ["sns:Publish"],
      resources: [topicArn],
      conditions: { StringEquals: { "aws:SourceAccount": accountId } },
    },
    {
      sid: "DenyPublishWithoutTls",
      effect: "Deny",
      principals: { AWS: ["*"] },
      actions: ["sns:Publish"],
      resources: [topicArn],
      conditions: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}

/**
 * What the catalogue's key allows once the catalogue's topic is encrypted with it: CodeStar
 * Notifications, publishing to the topic, has SNS generate and read the message's data key, and
 * through SNS only. (The service does not document aws:SourceAccount in this request: the topic
 * policy is the account guard.)
 *  * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function notificationKeyStatements(snsEndpoint: string): Statement[] {
  return [
    {
      sid: "CodeStarNotificationsThroughSns",
      principals: { Service: [NOTIFICATIONS_PRINCIPAL] },
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      resources: ["*"],
      conditions: { StringEquals: { "kms:ViaService": snsEndpoint } },
    },
  ];
}

/**
 * The regions where the Amazon Q Developer in chat applications (formerly AWS Chatbot) API
 * answers, and so where a channel configuration can be created: elsewhere the API has no endpoint
 * and the apply fails. A configuration subscribes SNS topics of any commercial region ("You can
 * combine Amazon SNS topics from multiple Regions in a single ... configuration").
 * https://docs.aws.amazon.com/general/latest/gr/chatbot.html
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-regions.html
 */
export const CHATBOT_API_REGIONS: readonly string[] = [
  "us-east-2",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
];

/** Where the channel goes from a region without the API: US East (Ohio), the console's own. */
export const CHATBOT_HOME_REGION = "us-east-2";

/**
 * The region of the Slack channel configuration of a catalogue in this region: its own when the
 * API answers there, else CHATBOT_HOME_REGION. undefined: the region's partition has no Chatbot
 * API at all (China, GovCloud, ISO; the notification-slack-region rule refuses `slack` there).
 */
export function chatbotRegion(region: string): string | undefined {
  if (partitionOf(region) !== "aws" || region.includes("-iso"))
    return undefined;
  return CHATBOT_API_REGIONS.includes(region) ? region : CHATBOT_HOME_REGION;
}

/**
 * AWS's managed read-only policy, the channel's guardrail: whatever the role allows, nobody in the
 * channel can change anything through Chatbot.
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/understanding-permissions.html#channel-guardrails
 */
export function chatbotGuardrailArns(partition: string): string[] {
  return [`arn:${partition}:iam::aws:policy/ReadOnlyAccess`];
}

/**
 * The channel role: read the catalogue's pipelines (to answer "@aws codepipeline get-pipeline-state
 * ..." in the channel) and nothing else; a notification needs no permission at all.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodepipeline.html
 */
export function chatbotRoleStatements(
  scope: ArnScope,
  organisation: string,
): Statement[] {
  return [
    {
      sid: "ReadCataloguePipelines",
      actions: [
        "codepipeline:GetPipeline",
        "codepipeline:GetPipelineExecution",
        "codepipeline:GetPipelineState",
        "codepipeline:ListActionExecutions",
        "codepipeline:ListPipelineExecutions",
      ],
      resources: [arn(scope, "codepipeline", `${organisation}-*`)],
    },
  ];
}
