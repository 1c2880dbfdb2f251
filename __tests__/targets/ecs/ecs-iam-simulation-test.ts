/**
 * The ECS roles of the ECS fixture, put through the IAM policy simulator with every reference
 * resolved in the example account: each environment's execution and task roles, the pipeline
 * role's ECS deploys, the mark project's Record step. Each may do its own and nothing of another
 * environment or service.
 */
import { readFileSync } from "fs";
import * as path from "path";
import {
  Call,
  decisions,
  DEFAULT_KEY_POLICY,
  EXAMPLE_ACCOUNT,
  resolvePolicy,
} from "../../support/iam";
import {
  FIXTURES,
  Json,
  load,
  resource,
  synthStacks,
} from "../../support/synth";

const CATALOGUE = load(
  readFileSync(path.join(FIXTURES, "valid", "ecs.yaml"), "utf8"),
);
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:eu-west-1:${EXAMPLE_ACCOUNT}:${resource}`;
const role = (name: string) => `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/${name}`;

/** Every ECS environment of the fixture with its processes. */
const ENVIRONMENTS = CATALOGUE.services.flatMap((s) =>
  s.environments
    .filter((e) => e.kind === "ecs")
    .map((e) => ({
      service: s.name,
      env: e.name,
      processes: s.processes.map((p) => p.name),
      exec: e.kind === "ecs" && e.exec,
    })),
);

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(CATALOGUE);
});

function policyOf(service: string, address: string): string {
  const stack = stacks[`acme-${service}`];
  return resolvePolicy(
    resource(stack, "aws_iam_role_policy", address).policy,
    stack,
    service,
  );
}

const allowed = (calls: Call[]) =>
  calls.map((c) => [c.action, c.resource, "Allowed"]);
const denied = (calls: Call[]) =>
  calls.map((c) => [c.action, c.resource, "ImplicitlyDenied"]);

/** What ECS and Fargate do with an environment's execution role when its tasks start. */
function startCalls(
  service: string,
  env: string,
  processes: readonly string[],
): Call[] {
  const secrets = stacks[`acme-${service}`].data?.aws_secretsmanager_secret;
  return [
    {
      action: "ecr:BatchGetImage",
      resource: arn("ecr", `repository/acme/${service}`),
    },
    {
      action: "ecr:GetDownloadUrlForLayer",
      resource: arn("ecr", `repository/acme/${service}`),
    },
    ...processes.map((p) => ({
      action: "logs:PutLogEvents",
      resource: arn(
        "logs",
        `log-group:/ecs/acme-${service}-${env}-${p}:log-stream:${p}/${p}/0123456789abcdef`,
      ),
    })),
    // the secrets this environment's variables name
    ...Object.values((secrets ?? {}) as Record<string, { name: string }>)
      .filter((s) => s.name.includes(`/${env}/`))
      .map((s) => ({
        action: "secretsmanager:GetSecretValue",
        resource: arn("secretsmanager", `secret:${s.name}-XXXXXX`),
      })),
  ];
}

describe("execution roles", () => {
  test.each(ENVIRONMENTS)(
    "$service $env: pulls its image, writes its processes' logs, reads its secrets",
    async ({ service, env, processes }) => {
      const policy = policyOf(service, `ecs-${env}_execution-policy`);
      const own: Call[] = [
        { action: "ecr:GetAuthorizationToken", resource: "*" },
        ...startCalls(service, env, processes),
      ];
      expect(await decisions(policy, own)).toEqual(allowed(own));
    },
  );

  test.each(ENVIRONMENTS)(
    "$service $env: nothing of another environment or service",
    async ({ service, env, processes }) => {
      const policy = policyOf(service, `ecs-${env}_execution-policy`);
      const others = ENVIRONMENTS.filter(
        (o) => o.service !== service || o.env !== env,
      ).flatMap((o) =>
        startCalls(o.service, o.env, o.processes).filter(
          // the same service's image is this environment's image too
          (c) => o.service !== service || !c.action.startsWith("ecr:"),
        ),
      );
      const more: Call[] = [
        // an image that is not this service's
        {
          action: "ecr:BatchGetImage",
          resource: arn("ecr", "repository/acme/other"),
        },
        // logs of a process it does not have
        {
          action: "logs:PutLogEvents",
          resource: arn(
            "logs",
            `log-group:/ecs/acme-${service}-${env}-other:log-stream:x`,
          ),
        },
        // creating groups: the stack creates them
        {
          action: "logs:CreateLogGroup",
          resource: arn(
            "logs",
            `log-group:/ecs/acme-${service}-${env}-${processes[0]}`,
          ),
        },
        // the production database secret of a service that is not this one
        {
          action: "secretsmanager:GetSecretValue",
          resource: arn("secretsmanager", "secret:other/production/db-XXXXXX"),
        },
      ];
      expect(others.length + more.length).toBeGreaterThan(6);
      expect(await decisions(policy, [...others, ...more])).toEqual(
        denied([...others, ...more]),
      );
    },
  );

  test("an SSM parameter secret: GetParameters on exactly that parameter", async () => {
    const policy = policyOf("rails-app", "ecs-production_execution-policy");
    const own: Call[] = [
      {
        action: "ssm:GetParameters",
        resource: arn("ssm", "parameter/rails/production/master-key"),
      },
    ];
    const others: Call[] = [
      {
        action: "ssm:GetParameters",
        resource: arn("ssm", "parameter/rails/staging/master-key"),
      },
      {
        action: "ssm:GetParameters",
        resource: arn("ssm", "parameter/acme/rails-app/production/image"),
      },
    ];
    expect(await decisions(policy, own)).toEqual(allowed(own));
    expect(await decisions(policy, others)).toEqual(denied(others));
  });
});

describe("execution roles: customer-managed keys of secrets", () => {
  // the fixture's production RAILS_MASTER_KEY names it; staging's secrets name no key
  const KEY = arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab");
  const decrypt = (keyArn: string, store: string): Call => ({
    action: "kms:Decrypt",
    resource: keyArn,
    context: { "kms:ViaService": `${store}.eu-west-1.amazonaws.com` },
  });

  test("pinned: production decrypts with exactly its parameter's key, through SSM", () => {
    const stack = stacks["acme-rails-app"];
    const policy = JSON.parse(
      resource(stack, "aws_iam_role_policy", "ecs-production_execution-policy")
        .policy,
    );
    const decrypting = policy.Statement.filter((s: Json) =>
      [s.Action].flat().some((a: string) => a.startsWith("kms:")),
    );
    expect(decrypting).toEqual([
      {
        Sid: "DecryptParametersWithTheirKeys",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: KEY,
        Condition: {
          StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" },
        },
      },
    ]);
  });

  test("simulated (the key's policy KMS's default): production's key through SSM only; not staging's role", async () => {
    const production = policyOf("rails-app", "ecs-production_execution-policy");
    const own = [decrypt(KEY, "ssm")];
    const not = [
      decrypt(KEY, "secretsmanager"),
      decrypt(KEY, "ecs"),
      decrypt(arn("kms", "key/00000000-1111-2222-3333-444444444444"), "ssm"),
      { ...decrypt(KEY, "ssm"), action: "kms:GenerateDataKey" },
    ];
    expect(await decisions(production, own, DEFAULT_KEY_POLICY)).toEqual(
      allowed(own),
    );
    expect(await decisions(production, not, DEFAULT_KEY_POLICY)).toEqual(
      denied(not),
    );
    for (const other of ENVIRONMENTS.filter(
      (e) => e.service !== "rails-app" || e.env !== "production",
    )) {
      const policy = policyOf(
        other.service,
        `ecs-${other.env}_execution-policy`,
      );
      expect([
        other.service,
        other.env,
        await decisions(policy, own, DEFAULT_KEY_POLICY),
      ]).toEqual([other.service, other.env, denied(own)]);
    }
  });
});

describe("task roles", () => {
  const sessions = (resource = "*"): Call[] =>
    [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ].map((action) => ({ action, resource }));

  test("with exec: ECS Exec's channels and the session key; nothing else", async () => {
    const policy = policyOf("rails-app", "ecs-staging_task-policy");
    const own = sessions();
    expect(await decisions(policy, own)).toEqual(allowed(own));
    const not: Call[] = [
      {
        action: "ssm:StartSession",
        resource: arn("ecs", "task/acme-staging/0123"),
      },
      {
        action: "ecr:BatchGetImage",
        resource: arn("ecr", "repository/acme/rails-app"),
      },
      {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::acme-artifacts/anything",
      },
    ];
    expect(await decisions(policy, not)).toEqual(denied(not));
    // The simulator denies every KMS call without the key's own policy, so the session key's
    // statement is checked as written: Decrypt only, on the catalogue's key only.
    expect(JSON.parse(policy).Statement[1]).toEqual({
      Sid: "DecryptExecSessions",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: arn("kms", "key/00000000-0000-0000-0000-000000000000"),
    });
  });

  test("without exec: no policy at all", () => {
    for (const { service, env, exec } of ENVIRONMENTS) {
      const stack = stacks[`acme-${service}`];
      expect([
        service,
        env,
        stack.resource.aws_iam_role[`ecs-${env}_task-role`] !== undefined,
      ]).toEqual([service, env, true]);
      expect([
        service,
        env,
        stack.resource.aws_iam_role_policy[`ecs-${env}_task-policy`] !==
          undefined,
      ]).toEqual([service, env, exec]);
    }
  });
});

describe("pipeline roles: ECS deploys", () => {
  /** What the ECS deploy action does for one process of one environment. */
  const deployCalls = (
    service: string,
    env: string,
    process: string,
  ): Call[] => [
    {
      action: "ecs:DescribeServices",
      resource: arn("ecs", `service/acme-${env}/${service}-${env}-${process}`),
    },
    {
      action: "ecs:UpdateService",
      resource: arn("ecs", `service/acme-${env}/${service}-${env}-${process}`),
    },
    {
      action: "ecs:TagResource",
      resource: arn(
        "ecs",
        `task-definition/acme-${service}-${env}-${process}:7`,
      ),
      context: { "ecs:CreateAction": "RegisterTaskDefinition" },
    },
    ...["execution", "task"].map((r) => ({
      action: "iam:PassRole",
      resource: role(`acme-${service}-${env}-${r}`),
      context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
    })),
  ];

  test.each(CATALOGUE.services.map((s) => s.name))(
    "%s: its own services, revisions and roles",
    async (service) => {
      const policy = policyOf(service, "pipeline_policy");
      const own: Call[] = [
        { action: "ecs:RegisterTaskDefinition", resource: "*" },
        { action: "ecs:DescribeTaskDefinition", resource: "*" },
        ...ENVIRONMENTS.filter((e) => e.service === service).flatMap((e) =>
          e.processes.flatMap((p) => deployCalls(service, e.env, p)),
        ),
      ];
      expect(await decisions(policy, own)).toEqual(allowed(own));
    },
  );

  test.each(CATALOGUE.services.map((s) => s.name))(
    "%s: nothing of another service's, no tagging outside a registration, no role passed elsewhere",
    async (service) => {
      const policy = policyOf(service, "pipeline_policy");
      const others = ENVIRONMENTS.filter((e) => e.service !== service).flatMap(
        (e) => e.processes.flatMap((p) => deployCalls(e.service, e.env, p)),
      );
      const mine = ENVIRONMENTS.filter((e) => e.service === service);
      const misuse: Call[] = mine.flatMap((e): Call[] => [
        {
          action: "ecs:TagResource",
          resource: arn(
            "ecs",
            `task-definition/acme-${service}-${e.env}-${e.processes[0]}:7`,
          ),
          context: { "ecs:CreateAction": "CreateService" },
        },
        {
          action: "iam:PassRole",
          resource: role(`acme-${service}-${e.env}-execution`),
          context: { "iam:PassedToService": "ec2.amazonaws.com" },
        },
        {
          action: "ecs:DeleteService",
          resource: arn(
            "ecs",
            `service/acme-${e.env}/${service}-${e.env}-${e.processes[0]}`,
          ),
        },
        // Not in AWS's permissions of the ECS standard action (action-reference-ECS.html):
        // the action's own tasks are none of the pipeline's business.
        {
          action: "ecs:DescribeTasks",
          resource: arn("ecs", `task/acme-${e.env}/0123456789abcdef`),
        },
        { action: "ecs:ListTasks", resource: "*" },
        // Passed to ECS itself rather than to its tasks (the page allows it; nothing here does it).
        {
          action: "iam:PassRole",
          resource: role(`acme-${service}-${e.env}-task`),
          context: { "iam:PassedToService": "ecs.amazonaws.com" },
        },
      ]);
      expect(others.length).toBeGreaterThan(5);
      expect(await decisions(policy, [...others, ...misuse])).toEqual(
        denied([...others, ...misuse]),
      );
    },
  );
});

describe("smoke roles: whether the web service runs a task", () => {
  test("rails-app: DescribeServices on its smoke-tested web service only", async () => {
    // production is smoke-tested (staging's cluster is internal: no smoke test there)
    const policy = policyOf("rails-app", "smoke_policy");
    const service = (env: string, name: string) =>
      arn("ecs", `service/acme-${env}/${name}`);
    const own: Call[] = [
      {
        action: "ecs:DescribeServices",
        resource: service("production", "rails-app-production-web"),
      },
    ];
    const not: Call[] = [
      {
        action: "ecs:DescribeServices",
        resource: service("production", "rails-app-production-sidekiq"),
      },
      {
        action: "ecs:DescribeServices",
        resource: service("staging", "rails-app-staging-web"),
      },
      {
        action: "ecs:DescribeServices",
        resource: service("production", "orders-production-web"),
      },
      {
        action: "ecs:UpdateService",
        resource: service("production", "rails-app-production-web"),
      },
      {
        action: "ecs:DescribeTasks",
        resource: arn("ecs", "task/acme-production/0123456789abcdef"),
      },
    ];
    expect(await decisions(policy, own)).toEqual(allowed(own));
    expect(await decisions(policy, not)).toEqual(denied(not));
  });
});

describe("mark roles: the Record step", () => {
  const record = (service: string, env: string): Call => ({
    action: "ssm:PutParameter",
    resource: arn("ssm", `parameter/acme/${service}/${env}/image`),
  });

  test.each(CATALOGUE.services.map((s) => s.name))(
    "%s: writes exactly its ECS environments' image parameters",
    async (service) => {
      const policy = policyOf(service, "mark_policy");
      const own = ENVIRONMENTS.filter((e) => e.service === service).map((e) =>
        record(service, e.env),
      );
      const others = [
        ...ENVIRONMENTS.filter((e) => e.service !== service).map((e) =>
          record(e.service, e.env),
        ),
        // a Beanstalk environment of its own has no image parameter
        ...CATALOGUE.services
          .find((s) => s.name === service)!
          .environments.filter((e) => e.kind !== "ecs")
          .map((e) => record(service, e.name)),
      ];
      expect(own.length).toBeGreaterThan(0);
      expect(await decisions(policy, own)).toEqual(allowed(own));
      expect(await decisions(policy, others)).toEqual(denied(others));
    },
  );

  // Production runs what its parameter names: only the mark role (the Record step, after the
  // approval and the deploy) may write one. Not the build (which runs the repository's
  // Dockerfile), the smoke test or the tests (which run the repository's code).
  const everyParameter = () =>
    ENVIRONMENTS.map((e) => record(e.service, e.env));

  test.each(CATALOGUE.services.map((s) => s.name))(
    "%s: its build and smoke roles write no image parameter",
    async (service) => {
      const calls = everyParameter();
      expect(calls.length).toBeGreaterThan(3);
      const addresses = ["build_policy", "smoke_policy"].filter(
        (address) =>
          stacks[`acme-${service}`].resource.aws_iam_role_policy[address],
      );
      expect(addresses).toContain("build_policy");
      for (const address of addresses)
        expect([
          address,
          await decisions(policyOf(service, address), calls),
        ]).toEqual([address, denied(calls)]);
    },
  );

  test("a tests role (billing-api of the bundled example) writes no image parameter", async () => {
    const example = synthStacks(
      load(readFileSync(path.join(FIXTURES, "valid", "example.yaml"), "utf8")),
    );
    const stack = example["acme-billing-api"];
    const policy = resolvePolicy(
      resource(stack, "aws_iam_role_policy", "tests_policy").policy,
      stack,
      "billing-api",
    );
    const calls = [
      ...everyParameter(),
      record("billing-api", "production"),
      arnCall("/acme/rails-app/production/image"),
    ];
    expect(await decisions(policy, calls)).toEqual(denied(calls));
  });
});

function arnCall(parameter: string): Call {
  return {
    action: "ssm:PutParameter",
    resource: arn("ssm", `parameter${parameter}`),
  };
}
