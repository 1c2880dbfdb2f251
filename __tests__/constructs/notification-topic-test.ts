/**
 * NotificationTopic alone, in a fresh DeliveryStack (its policies name the stack's account,
 * region and partition): the topic it creates or the one it is given, and the Slack channel, its
 * role and where it is created, exactly. What the topic policy and the channel role allow is
 * asked of the policy simulator in notifications-test.ts.
 */
import type { NotificationTopicProps } from "../../constructs/notification-topic";
import { TerraformOutput } from "../../constructs/private/cdktf";
import {
  ACCOUNT,
  KEY_ARN,
  catalogueNotifications,
  deliveryStack,
  notificationTopic,
  synthJson,
} from "../support/builders";
import { Json, addresses, resource, statements } from "../support/synth";

function synth(
  props: Partial<NotificationTopicProps> = {},
  region = "eu-west-1",
): { json: Json; topicArn: string; hasTopicPolicy: boolean } {
  const stack = deliveryStack({ region });
  const topic = notificationTopic(stack, props);
  // The ARN it hands the stack's notification rules, as Terraform will read it.
  new TerraformOutput(stack, "topic-arn", { value: topic.topicArn });
  const { output, ...json } = synthJson(stack);
  return {
    json,
    topicArn: output["topic-arn"].value,
    hasTopicPolicy: topic.topicPolicy !== undefined,
  };
}

const TOPIC_ARN = "${aws_sns_topic.notification-topic.arn}";
const EXISTING = "arn:aws:sns:eu-west-1:111122223333:team-alerts";
const SLACK = { workspaceId: "T0123ABCD", channelId: "C0123ABCD" };

test("its own topic: named after the organisation, encrypted with the key it is given, with its policy", () => {
  const { json, topicArn, hasTopicPolicy } = synth();
  expect(addresses(json).sort()).toEqual([
    "aws_sns_topic.notification-topic",
    "aws_sns_topic_policy.notification-topic-policy",
  ]);
  expect(resource(json, "aws_sns_topic", "notification-topic")).toEqual({
    name: "acme-pipeline-notifications",
    display_name: "acme pipelines",
    kms_master_key_id: KEY_ARN,
  });
  expect([topicArn, hasTopicPolicy]).toEqual([TOPIC_ARN, true]);
  const policy = resource(
    json,
    "aws_sns_topic_policy",
    "notification-topic-policy",
  );
  expect(policy.arn).toBe(TOPIC_ARN);
  expect(statements(policy.policy)).toEqual({
    CodeStarNotificationsOfThisAccount: {
      Sid: "CodeStarNotificationsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "codestar-notifications.amazonaws.com" },
      Action: "sns:Publish",
      Resource: TOPIC_ARN,
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    },
    DenyPublishWithoutTls: {
      Sid: "DenyPublishWithoutTls",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "sns:Publish",
      Resource: TOPIC_ARN,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  });
});

test("an existing topic: nothing is created, its ARN is the topic", () => {
  const { json, topicArn, hasTopicPolicy } = synth({
    notifications: catalogueNotifications({ topicArn: EXISTING }),
  });
  expect(json.resource).toBeUndefined();
  expect([topicArn, hasTopicPolicy]).toEqual([EXISTING, false]);
});

describe("a Slack channel", () => {
  const channel = (topicArn?: string, region = "eu-west-1") =>
    synth(
      {
        notifications: catalogueNotifications({ topicArn, slack: SLACK }),
      },
      region,
    ).json;

  test("subscribed to the topic, with a role only Chatbot assumes, behind the read-only guardrail", () => {
    const json = channel();
    expect(addresses(json).sort()).toEqual([
      "aws_chatbot_slack_channel_configuration.chatbot-slack",
      "aws_iam_role.chatbot-role",
      "aws_iam_role_policy.chatbot-policy",
      "aws_sns_topic.notification-topic",
      "aws_sns_topic_policy.notification-topic-policy",
    ]);
    expect(
      resource(
        json,
        "aws_chatbot_slack_channel_configuration",
        "chatbot-slack",
      ),
    ).toEqual({
      configuration_name: "acme-pipelines",
      iam_role_arn: "${aws_iam_role.chatbot-role.arn}",
      slack_team_id: "T0123ABCD",
      slack_channel_id: "C0123ABCD",
      sns_topic_arns: [TOPIC_ARN],
      guardrail_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    const { assume_role_policy, ...role } = resource(
      json,
      "aws_iam_role",
      "chatbot-role",
    );
    expect(role).toEqual({
      name: "acme-chatbot-channel",
      description: "AWS Chatbot in the acme pipelines' Slack channel",
    });
    expect(statements(assume_role_policy)).toEqual({
      TrustService: {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: "chatbot.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    });
    const { policy, ...rolePolicy } = resource(
      json,
      "aws_iam_role_policy",
      "chatbot-policy",
    );
    expect(rolePolicy).toEqual({
      name: "read-pipelines",
      role: "${aws_iam_role.chatbot-role.name}",
    });
    expect(statements(policy)).toEqual({
      ReadCataloguePipelines: {
        Sid: "ReadCataloguePipelines",
        Effect: "Allow",
        Action: [
          "codepipeline:GetPipeline",
          "codepipeline:GetPipelineExecution",
          "codepipeline:GetPipelineState",
          "codepipeline:ListActionExecutions",
          "codepipeline:ListPipelineExecutions",
        ],
        Resource: `arn:aws:codepipeline:eu-west-1:${ACCOUNT}:acme-*`,
      },
    });
  });

  test("on an existing topic: subscribed to it, no topic created", () => {
    const json = channel(EXISTING);
    expect(json.resource.aws_sns_topic).toBeUndefined();
    expect(json.resource.aws_sns_topic_policy).toBeUndefined();
    expect(
      resource(json, "aws_chatbot_slack_channel_configuration", "chatbot-slack")
        .sns_topic_arns,
    ).toEqual([EXISTING]);
  });

  test.each([
    ["eu-west-1", "its own (no region argument)", undefined],
    ["us-west-2", "its own (no region argument)", undefined],
    ["eu-central-1", "us-east-2", "us-east-2"],
    ["ap-northeast-1", "us-east-2", "us-east-2"],
  ])(
    "in %s: the channel is created in %s region (Chatbot's API answers in four); the role reads the pipelines of the stack's region",
    (region, _where, created) => {
      const json = channel(undefined, region);
      expect(
        resource(
          json,
          "aws_chatbot_slack_channel_configuration",
          "chatbot-slack",
        ).region,
      ).toBe(created);
      expect(
        JSON.parse(
          resource(json, "aws_iam_role_policy", "chatbot-policy").policy,
        ).Statement[0].Resource,
      ).toBe(`arn:aws:codepipeline:${region}:${ACCOUNT}:acme-*`);
    },
  );
});
