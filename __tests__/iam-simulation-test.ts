/**
 * The synthesized roles, put through an IAM policy simulator with every reference resolved to the
 * ARN it has in an example account: what each role may do, and what it may not.
 */
import { beanstalkEnvironments } from "../targets/beanstalk/types";
import { readFileSync } from "fs";
import * as path from "path";
import {
  Call,
  decisions,
  EXAMPLE_ACCOUNT,
  exampleEnvironmentId,
  resolvePolicy,
} from "./support/iam";
import { FIXTURES, Json, load, resource, synthStacks } from "./support/synth";

const CATALOGUE = load(
  readFileSync(path.join(FIXTURES, "valid", "isolation.yaml"), "utf8"),
);
const REGION = "eu-west-1";
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:${REGION}:${EXAMPLE_ACCOUNT}:${resource}`;

/** Every environment of the fixture, as service and environment key. */
const ENVIRONMENTS = CATALOGUE.services.flatMap((s) =>
  s.environments.map((e) => ({ service: s.name, env: e.name })),
);

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(CATALOGUE);
});

/** A role policy of a service stack, references resolved. */
function policyOf(service: string, address: string): string {
  const stack = stacks[`acme-${service}`];
  return resolvePolicy(
    resource(stack, "aws_iam_role_policy", address).policy,
    stack,
    service,
  );
}

describe("instance roles: an environment reads its own secrets and no other's", () => {
  /** What the instances of one environment read at start-up (its secrets), and run (its image). */
  const calls = (service: string, env: string): Call[] => [
    {
      action: "secretsmanager:GetSecretValue",
      resource: arn("secretsmanager", `secret:${service}/${env}/db-XXXXXX`),
    },
    {
      action: "ssm:GetParameter",
      resource: arn("ssm", `parameter/${service}/${env}/token`),
    },
    {
      action: "ecr:BatchGetImage",
      resource: arn("ecr", `repository/acme/${service}`),
    },
    {
      action: "logs:PutLogEvents",
      resource: arn(
        "logs",
        `log-group:/aws/elasticbeanstalk/acme-${service}-${env}/var/log/eb-engine.log:log-stream:i-0123456789abcdef0`,
      ),
    },
  ];

  test.each(ENVIRONMENTS)(
    "$service $env: its own secrets, image and logs are allowed",
    async ({ service, env }) => {
      const policy = policyOf(service, `instance-policy-${env}`);
      const own = calls(service, env);
      expect(await decisions(policy, own)).toEqual(
        own.map((c) => [c.action, c.resource, "Allowed"]),
      );
    },
  );

  test.each(ENVIRONMENTS)(
    "$service $env: every other environment's secrets and logs are denied, and other services' images",
    async ({ service, env }) => {
      const policy = policyOf(service, `instance-policy-${env}`);
      const others = ENVIRONMENTS.filter(
        (o) => o.service !== service || o.env !== env,
      ).flatMap((o) =>
        calls(o.service, o.env).filter(
          // the same service's image is this environment's image too
          (c) => !(o.service === service && c.action === "ecr:BatchGetImage"),
        ),
      );
      expect(others.length).toBeGreaterThan(15);
      expect(await decisions(policy, others)).toEqual(
        others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
      );
    },
  );
});

/**
 * One environment's resources as IAM sees them during a deploy: Beanstalk names the
 * CloudFormation stack, Auto Scaling group, target group and alarms after the environment's id
 * (awseb-e-<id>-…) and tags the stack, group, target group and instances with the environment's
 * name; the launch template carries no tag.
 */
function target(service: string, env: string) {
  const name = `acme-${service}-${env}`;
  const id = exampleEnvironmentId(service, env);
  const tag = { "aws:ResourceTag/elasticbeanstalk:environment-name": name };
  const requestTag = {
    "aws:RequestTag/elasticbeanstalk:environment-name": name,
    "aws:TagKeys": ["elasticbeanstalk:environment-name"],
  };
  const stackId = "11111111-2222-3333-4444-555555555555";
  return {
    name,
    tag,
    requestTag,
    environment: arn("elasticbeanstalk", `environment/acme-${service}/${name}`),
    version: arn(
      "elasticbeanstalk",
      `applicationversion/acme-${service}/code-pipeline-1700000000000`,
    ),
    stack: arn("cloudformation", `stack/awseb-${id}-stack/${stackId}`),
    immutableStack: arn(
      "cloudformation",
      `stack/awseb-${id}-immutable-stack/${stackId}`,
    ),
    group: arn(
      "autoscaling",
      `autoScalingGroup:${stackId}:autoScalingGroupName/awseb-${id}-stack-AWSEBAutoScalingGroup-ABCDEF`,
    ),
    targetGroup: arn(
      "elasticloadbalancing",
      `targetgroup/awseb-AWSEB-ABCDEF/0123456789abcdef`,
    ),
    instance: arn("ec2", "instance/i-0123456789abcdef0"),
    launchTemplate: arn("ec2", "launch-template/lt-0123456789abcdef0"),
    alarm: arn(
      "cloudwatch",
      `alarm:awseb-${id}-stack-AWSEBCloudwatchAlarmHigh-ABCDEF`,
    ),
    instanceRole: `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/${name}-instance`,
  };
}

type Policy =
  "AllAtOnce" | "Rolling" | "RollingWithAdditionalBatch" | "Immutable";

/**
 * The calls a CodePipeline Beanstalk deploy makes with the pipeline role's credentials (no
 * operations role), by deployment policy, from AWS's documentation of each:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features.rolling-version-deploy.html
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environmentmgmt-updates-immutable.html
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-launch-template-permissions.html
 */
function deployCalls(policy: Policy, service: string, env: string): Call[] {
  const t = target(service, env);
  // AllAtOnce: a new application version, the environment update, the bundle in Beanstalk's
  // storage bucket, the environment's CloudFormation stack read and updated
  const allAtOnce: Call[] = [
    {
      action: "elasticbeanstalk:CreateApplicationVersion",
      resource: t.version,
    },
    { action: "elasticbeanstalk:UpdateEnvironment", resource: t.environment },
    {
      action: "elasticbeanstalk:DescribeEnvironments",
      resource: t.environment,
    },
    {
      action: "s3:PutObject",
      resource: `arn:aws:s3:::elasticbeanstalk-${REGION}-${EXAMPLE_ACCOUNT}/acme-${service}/bundle.zip`,
    },
    { action: "cloudformation:DescribeStackResources", resource: t.stack },
    { action: "cloudformation:UpdateStack", resource: t.stack, context: t.tag },
  ];
  // Rolling: batch by batch out of the load balancer, with scaling processes suspended
  const rolling: Call[] = [
    ...allAtOnce,
    {
      action: "autoscaling:SuspendProcesses",
      resource: t.group,
      context: t.tag,
    },
    {
      action: "autoscaling:ResumeProcesses",
      resource: t.group,
      context: t.tag,
    },
    {
      action: "elasticloadbalancing:DeregisterTargets",
      resource: t.targetGroup,
      context: t.tag,
    },
    {
      action: "elasticloadbalancing:RegisterTargets",
      resource: t.targetGroup,
      context: t.tag,
    },
  ];
  // a launch: the group updated with its launch template, which Auto Scaling checks as a
  // RunInstances by the caller passing the instance role; instances terminated afterwards
  const launch: Call[] = [
    {
      action: "autoscaling:UpdateAutoScalingGroup",
      resource: t.group,
      context: t.tag,
    },
    {
      action: "autoscaling:SetDesiredCapacity",
      resource: t.group,
      context: t.tag,
    },
    {
      action: "ec2:RunInstances",
      resource: t.instance,
      context: { "ec2:LaunchTemplate": t.launchTemplate },
    },
    {
      action: "ec2:RunInstances",
      resource: arn("ec2", "subnet/subnet-0123456789abcdef0"),
      context: { "ec2:LaunchTemplate": t.launchTemplate },
    },
    {
      action: "ec2:RunInstances",
      resource: `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`,
      context: { "ec2:LaunchTemplate": t.launchTemplate },
    },
    {
      action: "ec2:CreateTags",
      resource: t.instance,
      context: { "ec2:CreateAction": "RunInstances" },
    },
    {
      action: "iam:PassRole",
      resource: t.instanceRole,
      context: { "iam:PassedToService": "ec2.amazonaws.com" },
    },
    { action: "ec2:CreateLaunchTemplateVersion", resource: t.launchTemplate },
    { action: "cloudwatch:PutMetricAlarm", resource: t.alarm },
    {
      action: "autoscaling:TerminateInstanceInAutoScalingGroup",
      resource: t.group,
      context: t.tag,
    },
    { action: "ec2:TerminateInstances", resource: t.instance, context: t.tag },
  ];
  switch (policy) {
    case "AllAtOnce":
      return allAtOnce;
    case "Rolling":
      return rolling;
    case "RollingWithAdditionalBatch":
      return [...rolling, ...launch];
    case "Immutable":
      // a temporary stack and group, whose instances move into the environment's group
      return [
        ...allAtOnce,
        ...launch,
        {
          action: "cloudformation:CreateStack",
          resource: t.immutableStack,
          context: t.requestTag,
        },
        {
          action: "autoscaling:CreateAutoScalingGroup",
          resource: t.group,
          context: t.requestTag,
        },
        {
          action: "autoscaling:CreateOrUpdateTags",
          resource: t.group,
          context: t.requestTag,
        },
        {
          action: "autoscaling:DetachInstances",
          resource: t.group,
          context: t.tag,
        },
        {
          action: "autoscaling:AttachInstances",
          resource: t.group,
          context: t.tag,
        },
        {
          action: "autoscaling:DeleteAutoScalingGroup",
          resource: t.group,
          context: t.tag,
        },
        {
          action: "cloudformation:DeleteStack",
          resource: t.immutableStack,
          context: t.tag,
        },
      ];
  }
}

/**
 * The calls that AWS offers no way to tie to one environment: Beanstalk's storage bucket (one
 * per account and region), the stack description, and for launching deploys the untagged launch
 * template. Another service's deploy may make these; what they could do to another service stops
 * at the tagged resources, the environment-id-named alarms and PassRole.
 */
const UNSCOPED = new Set([
  "s3:PutObject",
  "cloudformation:DescribeStackResources",
  "ec2:RunInstances",
  "ec2:CreateTags",
  "ec2:CreateLaunchTemplateVersion",
]);

/** What a pipeline may do to any of its own environments, whatever their policy. */
const OWN_ENVIRONMENT = new Set([
  "autoscaling:SetDesiredCapacity",
  "autoscaling:TerminateInstanceInAutoScalingGroup",
  "autoscaling:UpdateAutoScalingGroup",
  "iam:PassRole",
]);

describe("pipeline roles: each deployment policy's calls on its own environment, none on another service's", () => {
  const policyOfEnv = (service: string, env: string) =>
    beanstalkEnvironments(
      CATALOGUE.services.find((s) => s.name === service)!.environments,
    ).find((e) => e.name === env)!.deploymentPolicy as Policy;

  test("the fixture has every deployment policy, and launching and non-launching services", () => {
    expect(
      [
        ...new Set(ENVIRONMENTS.map((e) => policyOfEnv(e.service, e.env))),
      ].sort(),
    ).toEqual([
      "AllAtOnce",
      "Immutable",
      "Rolling",
      "RollingWithAdditionalBatch",
    ]);
  });

  test.each(ENVIRONMENTS)(
    "$service's pipeline may deploy $env with its deployment policy",
    async ({ service, env }) => {
      const calls = deployCalls(policyOfEnv(service, env), service, env);
      expect(
        await decisions(policyOf(service, "pipeline_policy"), calls),
      ).toEqual(calls.map((c) => [c.action, c.resource, "Allowed"]));
    },
  );

  test.each(ENVIRONMENTS)(
    "no other service's pipeline may deploy $service $env (beyond what AWS cannot scope)",
    async ({ service, env }) => {
      const calls = deployCalls(policyOfEnv(service, env), service, env).filter(
        (c) => !UNSCOPED.has(c.action),
      );
      for (const other of CATALOGUE.services.filter(
        (s) => s.name !== service,
      )) {
        expect([
          other.name,
          await decisions(policyOf(other.name, "pipeline_policy"), calls),
        ]).toEqual([
          other.name,
          calls.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
        ]);
      }
    },
  );

  test("a pipeline may launch only from launch templates naming its own instance roles", async () => {
    // RunInstances is allowed with any of the account's launch templates (they carry no tag);
    // another service's template names that service's instance profile, and Auto Scaling checks
    // that the caller may pass its role
    const policy = policyOf("orders", "pipeline_policy");
    const others = ENVIRONMENTS.filter((e) => e.service !== "orders").map(
      (e) => ({
        action: "iam:PassRole",
        resource: target(e.service, e.env).instanceRole,
        context: { "iam:PassedToService": "ec2.amazonaws.com" },
      }),
    );
    expect(await decisions(policy, others)).toEqual(
      others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
    // and its own roles go to EC2 only
    const own = target("orders", "immutable").instanceRole;
    expect(
      await decisions(policy, [
        {
          action: "iam:PassRole",
          resource: own,
          context: { "iam:PassedToService": "lambda.amazonaws.com" },
        },
      ]),
    ).toEqual([["iam:PassRole", own, "ImplicitlyDenied"]]);
  });

  test("launching and Immutable permissions reach only the environments whose policy needs them", async () => {
    const policy = policyOf("orders", "pipeline_policy");
    const extra = (env: string, from: Policy, beyond: Policy) => {
      const keep = new Set(
        deployCalls(beyond, "orders", env).map(
          (c) => `${c.action} ${c.resource}`,
        ),
      );
      return deployCalls(from, "orders", env).filter(
        (c) =>
          !keep.has(`${c.action} ${c.resource}`) &&
          !UNSCOPED.has(c.action) &&
          // every environment's own group may be resized through Auto Scaling, and its own
          // instance role passed to EC2, whatever its policy
          !OWN_ENVIRONMENT.has(c.action),
      );
    };
    // a Rolling environment: no terminating its instances; a RollingWithAdditionalBatch one: no
    // temporary groups or stacks
    const calls = [
      ...extra("rolling", "RollingWithAdditionalBatch", "Rolling"),
      ...extra("extra-batch", "Immutable", "RollingWithAdditionalBatch"),
    ];
    expect(calls.map((c) => c.action).sort()).toEqual([
      "autoscaling:AttachInstances",
      "autoscaling:CreateAutoScalingGroup",
      "autoscaling:CreateOrUpdateTags",
      "autoscaling:DeleteAutoScalingGroup",
      "autoscaling:DetachInstances",
      "cloudformation:CreateStack",
      "cloudformation:DeleteStack",
      "cloudwatch:PutMetricAlarm",
      "ec2:TerminateInstances",
    ]);
    expect(await decisions(policy, calls)).toEqual(
      calls.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
  });

  test("a launching pipeline runs instances only from a launch template of its account and region", async () => {
    const t = target("orders", "immutable");
    const elsewhere = t.launchTemplate.replace(`:${REGION}:`, ":us-east-1:");
    const calls: Call[] = [
      // no launch template at all: RunInstances straight from the API
      { action: "ec2:RunInstances", resource: t.instance },
      {
        action: "ec2:RunInstances",
        resource: t.instance,
        context: { "ec2:LaunchTemplate": elsewhere },
      },
    ];
    expect(
      await decisions(policyOf("orders", "pipeline_policy"), calls),
    ).toEqual(calls.map((c) => [c.action, c.resource, "ImplicitlyDenied"]));
  });

  test("a pipeline with no launching environment cannot launch or terminate instances at all", async () => {
    const t = target("search", "production");
    const calls: Call[] = [
      {
        action: "ec2:RunInstances",
        resource: t.instance,
        context: { "ec2:LaunchTemplate": t.launchTemplate },
      },
      {
        action: "ec2:TerminateInstances",
        resource: t.instance,
        context: t.tag,
      },
      { action: "ec2:CreateLaunchTemplateVersion", resource: t.launchTemplate },
      { action: "cloudwatch:PutMetricAlarm", resource: t.alarm },
    ];
    expect(
      await decisions(policyOf("search", "pipeline_policy"), calls),
    ).toEqual(calls.map((c) => [c.action, c.resource, "ImplicitlyDenied"]));
  });
});
