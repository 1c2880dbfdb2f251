import { ChatbotSlackChannelConfiguration } from "@cdktf/provider-aws/lib/chatbot-slack-channel-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import type { CatalogueNotifications } from "../config/catalogue";
import {
  CHATBOT_PRINCIPAL,
  chatbotGuardrailArns,
  chatbotRegion,
  chatbotRoleStatements,
  topicPolicyStatements,
} from "../plan/notifications";
import type { SharedNames } from "../plan/image-names";
import type { DeliveryStack } from "./delivery-stack";
import { assumeRolePolicy, policyDocument } from "./private/iam";

export interface NotificationTopicProps {
  readonly notifications: CatalogueNotifications;
  /** The topic's, the Slack channel's and its role's names (plan/image-names.ts). */
  readonly names: Pick<
    SharedNames,
    "organisation" | "notificationTopic" | "chatbotChannel" | "chatbotRole"
  >;
  /** The catalogue's key: encrypts the topic it creates. */
  readonly kmsKeyArn: string;
}

/**
 * The shared stack's part of notifications: the catalogue's topic (unless the catalogue names an
 * existing one), encrypted with the catalogue's key, that CodeStar Notifications may publish to
 * for this account's rules; and, with `slack`, an AWS Chatbot channel subscribed to the topic,
 * whose role may only read pipelines, behind AWS's read-only guardrail (in the catalogue's region
 * when Chatbot's API answers there, else in us-east-2: plan/notifications.ts chatbotRegion).
 * Services' notification rules find the topic by name (DeliveryStack.refs).
 */
export class NotificationTopic {
  /** The topic the catalogue's pipelines notify by default. */
  readonly topicArn: string;
  /**
   * The policy of the topic it creates (none for an existing topic): a notification rule of this
   * stack targeting the topic depends on it, as CodeStar Notifications checks at the rule's
   * creation that it may publish there (aws/aws-cdk#29484).
   */
  readonly topicPolicy?: SnsTopicPolicy;

  constructor(stack: DeliveryStack, props: NotificationTopicProps) {
    const { notifications, names } = props;
    if (notifications.topicArn !== undefined) {
      this.topicArn = notifications.topicArn;
    } else {
      const topic = new SnsTopic(stack, "notification-topic", {
        name: names.notificationTopic,
        displayName: `${names.organisation} pipelines`,
        kmsMasterKeyId: props.kmsKeyArn,
      });
      this.topicPolicy = new SnsTopicPolicy(
        stack,
        "notification-topic-policy",
        {
          arn: topic.arn,
          policy: policyDocument(
            topicPolicyStatements(topic.arn, stack.accountId),
          ),
        },
      );
      this.topicArn = topic.arn;
    }
    if (notifications.slack) {
      const role = new IamRole(stack, "chatbot-role", {
        name: names.chatbotRole,
        description: `AWS Chatbot in the ${names.organisation} pipelines' Slack channel`,
        // No aws:SourceAccount condition: Chatbot documents none for its channel roles, and a
        // key it does not send would make the role unusable. The role can only read pipelines,
        // behind the read-only guardrail.
        assumeRolePolicy: assumeRolePolicy(CHATBOT_PRINCIPAL),
      });
      new IamRolePolicy(stack, "chatbot-policy", {
        name: "read-pipelines",
        role: role.name,
        policy: policyDocument(
          chatbotRoleStatements(stack, names.organisation),
        ),
      });
      // Chatbot's API answers in four regions only: elsewhere the configuration is created in
      // us-east-2 (AWS provider 6's per-resource region), subscribed to the topic of this one.
      const region = chatbotRegion(stack.region);
      new ChatbotSlackChannelConfiguration(stack, "chatbot-slack", {
        ...(region !== undefined && region !== stack.region && { region }),
        configurationName: names.chatbotChannel,
        iamRoleArn: role.arn,
        slackTeamId: notifications.slack.workspaceId,
        slackChannelId: notifications.slack.channelId,
        snsTopicArns: [this.topicArn],
        guardrailPolicyArns: chatbotGuardrailArns(stack.partition),
      });
    }
  }
}
