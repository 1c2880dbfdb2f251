/**
 * Pipeline notifications: the catalogue's topic, its policy and its key's, the Slack channel, and
 * one notification rule per pipeline, on the synthesized JSON; the topic and key policies asked
 * with the policy simulator.
 */
import {
  decide,
  decideByResourcePolicy,
  EXAMPLE_ACCOUNT,
  EXAMPLE_KEY_ID,
  type Call,
} from "./support/iam";
import {
  ACCOUNT,
  load,
  resource,
  statements,
  synthStacks,
  type Json,
} from "./support/synth";

const CATALOGUE = (notifications: string, api = "", base = "") => `version: 1
organisation: acme
region: eu-west-1
${notifications}
baseImages:
  base:
    source: { codecommit: { repository: base } }${base}
services:
  api:
    source: { codecommit: { repository: api } }
    environments:
      prod: { approval: true }${api}
  web:
    source: { codecommit: { repository: web } }
`;
const SLACK = `notifications:
  slack: { workspaceId: T07EA123LEP, channelId: C07EZ1ABC23 }`;
const EXISTING = "arn:aws:sns:eu-west-1:123456789012:team-alerts";
const TOPIC_REF = "${aws_sns_topic.notification-topic.arn}";
const CATALOGUE_TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:acme-pipeline-notifications`;
const ALL_EVENTS = [
  "codepipeline-pipeline-pipeline-execution-failed",
  "codepipeline-pipeline-pipeline-execution-succeeded",
  "codepipeline-pipeline-manual-approval-needed",
];

const synth = (text: string): Record<string, Json> => synthStacks(load(text));
const rules = (stack: Json): Json =>
  stack.resource.aws_codestarnotifications_notification_rule;

describe("a top-level section without a topic: the shared stack creates one", () => {
  const stacks = synth(CATALOGUE(SLACK));
  const shared = stacks["acme-shared"];

  test("the topic, encrypted with the catalogue's key", () => {
    expect(resource(shared, "aws_sns_topic", "notification-topic")).toEqual({
      name: "acme-pipeline-notifications",
      display_name: "acme pipelines",
      kms_master_key_id: "${aws_kms_key.key.arn}",
    });
  });

  test("its policy: CodeStar Notifications publishes for this account's rules, nobody without TLS", () => {
    const policy = resource(
      shared,
      "aws_sns_topic_policy",
      "notification-topic-policy",
    );
    expect(policy.arn).toBe(TOPIC_REF);
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CodeStarNotificationsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "codestar-notifications.amazonaws.com" },
          Action: "sns:Publish",
          Resource: TOPIC_REF,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
        {
          Sid: "DenyPublishWithoutTls",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "sns:Publish",
          Resource: TOPIC_REF,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("the key lets CodeStar Notifications use it through SNS, and this account through SNS too", () => {
    const key = statements(resource(shared, "aws_kms_key", "key").policy);
    expect(key.CodeStarNotificationsThroughSns).toEqual({
      Sid: "CodeStarNotificationsThroughSns",
      Effect: "Allow",
      Principal: { Service: "codestar-notifications.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" },
      },
    });
    expect(
      key.DeliveryServicesForThisAccount.Condition.StringEquals[
        "kms:ViaService"
      ],
    ).toEqual([
      "codebuild.eu-west-1.amazonaws.com",
      "codepipeline.eu-west-1.amazonaws.com",
      "ecr.eu-west-1.amazonaws.com",
      "s3.eu-west-1.amazonaws.com",
      "sns.eu-west-1.amazonaws.com",
    ]);
  });

  test("a Slack channel through Chatbot, subscribed to the topic, behind the read-only guardrail", () => {
    expect(
      resource(
        shared,
        "aws_chatbot_slack_channel_configuration",
        "chatbot-slack",
      ),
    ).toEqual({
      configuration_name: "acme-pipelines",
      iam_role_arn: "${aws_iam_role.chatbot-role.arn}",
      slack_team_id: "T07EA123LEP",
      slack_channel_id: "C07EZ1ABC23",
      sns_topic_arns: [TOPIC_REF],
      guardrail_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
    const role = resource(shared, "aws_iam_role", "chatbot-role");
    expect(role.name).toBe("acme-chatbot-channel");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: "chatbot.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ]);
    expect(
      JSON.parse(
        resource(shared, "aws_iam_role_policy", "chatbot-policy").policy,
      ).Statement,
    ).toEqual([
      {
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
    ]);
  });

  test("the shared stack outputs the topic, for subscriptions", () => {
    expect(shared.output["notification-topic-arn"]).toEqual({
      description:
        "Where the pipelines' notifications go (subscribe e-mail addresses or queues to it)",
      value: TOPIC_REF,
    });
  });

  test("one rule per pipeline: the base image's in the shared stack, to the topic, once its policy is set", () => {
    expect(rules(shared)).toEqual({
      "base-base-pipeline_notifications": expect.anything(),
    });
    expect(
      resource(
        shared,
        "aws_codestarnotifications_notification_rule",
        "base-base-pipeline_notifications",
      ),
    ).toEqual({
      name: "acme-base",
      resource: "${aws_codepipeline.base-base-pipeline_pipeline.arn}",
      detail_type: "FULL",
      event_type_ids: ALL_EVENTS,
      target: [{ type: "SNS", address: TOPIC_REF }],
      // CodeStar Notifications checks that it may publish to the target when the rule is created
      // (aws/aws-cdk#29484): the reference to the topic alone would let both go in parallel.
      depends_on: ["aws_sns_topic_policy.notification-topic-policy"],
    });
  });

  test("a base image notifying a topic of its own does not wait for the catalogue's", () => {
    const own = synth(
      CATALOGUE(SLACK, "", `\n    notifications: { topicArn: ${EXISTING} }`),
    )["acme-shared"];
    const rule = resource(
      own,
      "aws_codestarnotifications_notification_rule",
      "base-base-pipeline_notifications",
    );
    expect(rule.target).toEqual([{ type: "SNS", address: EXISTING }]);
    expect(rule.depends_on).toBeUndefined();
  });

  test("a service's in its own stack, to the topic found by name", () => {
    for (const service of ["api", "web"]) {
      expect(rules(stacks[`acme-${service}`])).toEqual({
        pipeline_notifications: expect.anything(),
      });
      expect(
        resource(
          stacks[`acme-${service}`],
          "aws_codestarnotifications_notification_rule",
          "pipeline_notifications",
        ),
      ).toEqual({
        name: `acme-${service}`,
        resource: "${aws_codepipeline.pipeline_pipeline.arn}",
        detail_type: "FULL",
        event_type_ids: ALL_EVENTS,
        target: [{ type: "SNS", address: CATALOGUE_TOPIC }],
      });
    }
  });
});

describe("the Slack channel lives where Chatbot has an API", () => {
  // Chatbot's API answers in us-east-2, us-west-2, eu-west-1 and ap-southeast-1 only; one channel
  // configuration subscribes topics of any commercial region.
  const channel = (region: string) =>
    resource(
      synth(CATALOGUE(SLACK).replace("region: eu-west-1", `region: ${region}`))[
        "acme-shared"
      ],
      "aws_chatbot_slack_channel_configuration",
      "chatbot-slack",
    );

  test.each(["us-east-2", "us-west-2", "eu-west-1", "ap-southeast-1"])(
    "in the catalogue's region %s, which has one: the stack's provider region",
    (region) => {
      const config = channel(region);
      expect(config.region).toBeUndefined();
      expect(config.sns_topic_arns).toEqual([TOPIC_REF]);
    },
  );

  test.each(["eu-central-1", "us-east-1", "ap-northeast-1", "af-south-1"])(
    "elsewhere (%s) in us-east-2, subscribed to the topic of the catalogue's region",
    (region) => {
      const config = channel(region);
      expect(config.region).toBe("us-east-2");
      expect(config.sns_topic_arns).toEqual([TOPIC_REF]);
    },
  );

  test("the topic, its policy and the channel's role stay in the catalogue's region (IAM is global)", () => {
    const shared = synth(
      CATALOGUE(SLACK).replace("region: eu-west-1", "region: eu-central-1"),
    )["acme-shared"];
    for (const [type, name] of [
      ["aws_sns_topic", "notification-topic"],
      ["aws_sns_topic_policy", "notification-topic-policy"],
      ["aws_iam_role", "chatbot-role"],
    ])
      expect([type, resource(shared, type, name).region]).toEqual([
        type,
        undefined,
      ]);
  });
});

describe("without notifications", () => {
  const stacks = synth(CATALOGUE(""));

  test("no topic, no channel, no rule; the key's policy is as it always was", () => {
    const shared = stacks["acme-shared"];
    expect(shared.resource.aws_sns_topic).toBeUndefined();
    expect(
      shared.resource.aws_chatbot_slack_channel_configuration,
    ).toBeUndefined();
    expect(shared.output["notification-topic-arn"]).toBeUndefined();
    for (const stack of Object.values(stacks))
      expect(rules(stack)).toBeUndefined();
    const key = statements(resource(shared, "aws_kms_key", "key").policy);
    expect(Object.keys(key)).toEqual([
      "AccountAdministers",
      "CloudWatchLogsOfThisAccount",
      "DeliveryServicesForThisAccount",
    ]);
    expect(
      key.DeliveryServicesForThisAccount.Condition.StringEquals[
        "kms:ViaService"
      ],
    ).not.toContain("sns.eu-west-1.amazonaws.com");
  });
});

describe("an existing topic", () => {
  const stacks = synth(
    CATALOGUE(
      `notifications:\n  topicArn: ${EXISTING}\n  events: [approval, failed]\n  slack: { workspaceId: T07EA123LEP, channelId: C07EZ1ABC23 }`,
    ),
  );
  const shared = stacks["acme-shared"];

  test("is not created, and the key is left alone", () => {
    expect(shared.resource.aws_sns_topic).toBeUndefined();
    expect(shared.resource.aws_sns_topic_policy).toBeUndefined();
    expect(
      resource(
        shared,
        "aws_codestarnotifications_notification_rule",
        "base-base-pipeline_notifications",
      ).depends_on,
    ).toBeUndefined();
    expect(
      Object.keys(statements(resource(shared, "aws_kms_key", "key").policy)),
    ).not.toContain("CodeStarNotificationsThroughSns");
  });

  test("receives every rule, with the events in AWS's order whatever the catalogue's", () => {
    expect(
      resource(
        stacks["acme-api"],
        "aws_codestarnotifications_notification_rule",
        "pipeline_notifications",
      ),
    ).toMatchObject({
      event_type_ids: [
        "codepipeline-pipeline-pipeline-execution-failed",
        "codepipeline-pipeline-manual-approval-needed",
      ],
      target: [{ type: "SNS", address: EXISTING }],
    });
  });

  test("is the one the Slack channel subscribes to", () => {
    expect(
      resource(
        shared,
        "aws_chatbot_slack_channel_configuration",
        "chatbot-slack",
      ).sns_topic_arns,
    ).toEqual([EXISTING]);
  });
});

describe("a service or base image overrides the top level, key by key", () => {
  const OWN = "arn:aws:sns:eu-west-1:123456789012:api-team";
  const stacks = synth(
    CATALOGUE(
      "notifications:\n  events: [failed]",
      `\n    notifications: { topicArn: ${OWN}, events: [approval] }`,
      "\n    notifications: { enabled: false }",
    ),
  );

  test("its own events and topic", () => {
    expect(
      resource(
        stacks["acme-api"],
        "aws_codestarnotifications_notification_rule",
        "pipeline_notifications",
      ),
    ).toMatchObject({
      event_type_ids: ["codepipeline-pipeline-manual-approval-needed"],
      target: [{ type: "SNS", address: OWN }],
    });
  });

  test("the top level's where it says nothing", () => {
    expect(
      resource(
        stacks["acme-web"],
        "aws_codestarnotifications_notification_rule",
        "pipeline_notifications",
      ),
    ).toMatchObject({
      event_type_ids: ["codepipeline-pipeline-pipeline-execution-failed"],
      target: [{ type: "SNS", address: CATALOGUE_TOPIC }],
    });
  });

  test("its own topic with the top level's events, key by key", () => {
    const topicOnly = synth(
      CATALOGUE(
        "notifications:\n  events: [failed]",
        `\n    notifications: { topicArn: ${OWN} }`,
      ),
    );
    expect(
      resource(
        topicOnly["acme-api"],
        "aws_codestarnotifications_notification_rule",
        "pipeline_notifications",
      ),
    ).toMatchObject({
      event_type_ids: ["codepipeline-pipeline-pipeline-execution-failed"],
      target: [{ type: "SNS", address: OWN }],
    });
  });

  test("enabled: false: no rule for that pipeline", () => {
    expect(rules(stacks["acme-shared"])).toBeUndefined();
  });

  test("a service alone, with its own topic and no top-level section: its rule, no catalogue topic", () => {
    const alone = synth(
      CATALOGUE("", `\n    notifications: { topicArn: ${OWN} }`),
    );
    expect(alone["acme-shared"].resource.aws_sns_topic).toBeUndefined();
    expect(rules(alone["acme-web"])).toBeUndefined();
    expect(
      resource(
        alone["acme-api"],
        "aws_codestarnotifications_notification_rule",
        "pipeline_notifications",
      ),
    ).toMatchObject({ event_type_ids: ALL_EVENTS, target: [{ address: OWN }] });
  });
});

test("adding notifications changes no stateful resource's arguments but the key's policy", () => {
  const before = synth(CATALOGUE(""));
  const after = synth(CATALOGUE(SLACK));
  const { policy: beforePolicy, ...beforeKey } = resource(
    before["acme-shared"],
    "aws_kms_key",
    "key",
  );
  const { policy: afterPolicy, ...afterKey } = resource(
    after["acme-shared"],
    "aws_kms_key",
    "key",
  );
  expect(afterKey).toEqual(beforeKey);
  expect(afterPolicy).not.toEqual(beforePolicy);
  for (const type of ["aws_ecr_repository", "aws_s3_bucket"])
    expect(after["acme-shared"].resource[type]).toEqual(
      before["acme-shared"].resource[type],
    );
  expect(after["acme-api"].resource.aws_elastic_beanstalk_environment).toEqual(
    before["acme-api"].resource.aws_elastic_beanstalk_environment,
  );
});

describe("what the policies allow, asked of the policy simulator", () => {
  const shared = synth(CATALOGUE(SLACK))["acme-shared"];
  const TOPIC = `arn:aws:sns:eu-west-1:${EXAMPLE_ACCOUNT}:acme-pipeline-notifications`;
  const KEY = `arn:aws:kms:eu-west-1:${EXAMPLE_ACCOUNT}:key/${EXAMPLE_KEY_ID}`;
  const resolve = (policy: string) =>
    policy.split(TOPIC_REF).join(TOPIC).split(ACCOUNT).join(EXAMPLE_ACCOUNT);
  const topicPolicy = resolve(
    resource(shared, "aws_sns_topic_policy", "notification-topic-policy")
      .policy,
  );
  const keyPolicy = resolve(resource(shared, "aws_kms_key", "key").policy);
  const NOTIFICATIONS = "codestar-notifications.amazonaws.com";
  const ask = async (
    policy: string,
    principal: string,
    calls: readonly Call[],
  ) => {
    const out: string[] = [];
    for (const call of calls)
      out.push(
        `${principal} ${call.action} ${JSON.stringify(call.context ?? {})}: ${await decideByResourcePolicy(policy, call, principal)}`,
      );
    return out;
  };

  test("topic: CodeStar Notifications publishes for this account only, over TLS only; nothing else", async () => {
    const publish = (account: string, tls: string): Call => ({
      action: "sns:Publish",
      resource: TOPIC,
      context: { "aws:SourceAccount": account, "aws:SecureTransport": tls },
    });
    expect(
      await ask(topicPolicy, NOTIFICATIONS, [
        publish(EXAMPLE_ACCOUNT, "true"),
        publish("210987654321", "true"),
        publish(EXAMPLE_ACCOUNT, "false"),
        {
          action: "sns:Subscribe",
          resource: TOPIC,
          context: { "aws:SourceAccount": EXAMPLE_ACCOUNT },
        },
      ]),
    ).toEqual([
      `${NOTIFICATIONS} sns:Publish {"aws:SourceAccount":"${EXAMPLE_ACCOUNT}","aws:SecureTransport":"true"}: Allowed`,
      `${NOTIFICATIONS} sns:Publish {"aws:SourceAccount":"210987654321","aws:SecureTransport":"true"}: ImplicitlyDenied`,
      `${NOTIFICATIONS} sns:Publish {"aws:SourceAccount":"${EXAMPLE_ACCOUNT}","aws:SecureTransport":"false"}: ExplicitlyDenied`,
      `${NOTIFICATIONS} sns:Subscribe {"aws:SourceAccount":"${EXAMPLE_ACCOUNT}"}: ImplicitlyDenied`,
    ]);
    expect(
      await ask(topicPolicy, "events.amazonaws.com", [
        publish(EXAMPLE_ACCOUNT, "true"),
      ]),
    ).toEqual([
      `events.amazonaws.com sns:Publish {"aws:SourceAccount":"${EXAMPLE_ACCOUNT}","aws:SecureTransport":"true"}: ImplicitlyDenied`,
    ]);
  });

  test("the Slack channel's role reads the catalogue's pipelines and changes nothing", async () => {
    const rolePolicy = resolve(
      resource(shared, "aws_iam_role_policy", "chatbot-policy").policy,
    );
    const pipeline = (name: string) =>
      `arn:aws:codepipeline:eu-west-1:${EXAMPLE_ACCOUNT}:${name}`;
    const calls: [string, string][] = [
      ["codepipeline:GetPipelineState", pipeline("acme-api")],
      ["codepipeline:ListPipelineExecutions", pipeline("acme-base")],
      ["codepipeline:GetPipelineState", pipeline("other-api")],
      ["codepipeline:StartPipelineExecution", pipeline("acme-api")],
      [
        "codepipeline:PutApprovalResult",
        `${pipeline("acme-api")}/Deploy-prod/Approve`,
      ],
    ];
    const out: string[] = [];
    for (const [action, arn] of calls)
      out.push(
        `${action} ${arn}: ${await decide(rolePolicy, { action, resource: arn })}`,
      );
    expect(out).toEqual([
      `codepipeline:GetPipelineState ${pipeline("acme-api")}: Allowed`,
      `codepipeline:ListPipelineExecutions ${pipeline("acme-base")}: Allowed`,
      `codepipeline:GetPipelineState ${pipeline("other-api")}: ImplicitlyDenied`,
      `codepipeline:StartPipelineExecution ${pipeline("acme-api")}: ImplicitlyDenied`,
      `codepipeline:PutApprovalResult ${pipeline("acme-api")}/Deploy-prod/Approve: ImplicitlyDenied`,
    ]);
  });

  test("key: CodeStar Notifications gets and reads data keys through SNS only, and nothing more", async () => {
    const via = (action: string, service: string): Call => ({
      action,
      resource: KEY,
      context: { "kms:ViaService": `${service}.eu-west-1.amazonaws.com` },
    });
    expect(
      await ask(keyPolicy, NOTIFICATIONS, [
        via("kms:GenerateDataKey", "sns"),
        via("kms:Decrypt", "sns"),
        via("kms:GenerateDataKey", "s3"),
        via("kms:Decrypt", "codebuild"),
        via("kms:Encrypt", "sns"),
        via("kms:CreateGrant", "sns"),
      ]),
    ).toEqual([
      `${NOTIFICATIONS} kms:GenerateDataKey {"kms:ViaService":"sns.eu-west-1.amazonaws.com"}: Allowed`,
      `${NOTIFICATIONS} kms:Decrypt {"kms:ViaService":"sns.eu-west-1.amazonaws.com"}: Allowed`,
      `${NOTIFICATIONS} kms:GenerateDataKey {"kms:ViaService":"s3.eu-west-1.amazonaws.com"}: ImplicitlyDenied`,
      `${NOTIFICATIONS} kms:Decrypt {"kms:ViaService":"codebuild.eu-west-1.amazonaws.com"}: ImplicitlyDenied`,
      `${NOTIFICATIONS} kms:Encrypt {"kms:ViaService":"sns.eu-west-1.amazonaws.com"}: ImplicitlyDenied`,
      `${NOTIFICATIONS} kms:CreateGrant {"kms:ViaService":"sns.eu-west-1.amazonaws.com"}: ImplicitlyDenied`,
    ]);
  });
});

test("adding a service that notifies changes no other stack", () => {
  const before = synth(CATALOGUE(SLACK));
  const after = synth(
    CATALOGUE(SLACK).replace(
      "services:\n",
      "services:\n  new:\n    source: { codecommit: { repository: new } }\n    notifications: { events: [failed] }\n",
    ),
  );
  expect(Object.keys(after).sort()).toEqual(
    [...Object.keys(before), "acme-new"].sort(),
  );
  for (const name of Object.keys(before))
    expect([name, after[name]]).toEqual([name, before[name]]);
  expect(
    rules(after["acme-new"]).pipeline_notifications.event_type_ids,
  ).toEqual(["codepipeline-pipeline-pipeline-execution-failed"]);
});
