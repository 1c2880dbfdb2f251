/**
 * The ECS target's plan on plain objects (no synth): the pipeline's deploy actions and Record
 * step, the pipeline role's ECS statements, the roles, the build artifact.
 */
import type { Catalogue, Service } from "../../../config/catalogue";
import { Names } from "../../../plan/names";
import { serviceBuildspec } from "../../../plan/buildspec";
import { ecsDeployActions, ecsStatements } from "../../../targets/ecs/deploy";
import { imageDefinitions } from "../../../targets/ecs/image-definitions";
import { planEcs } from "../../../targets/ecs/plan";
import type { TargetPlanContext } from "../../../targets/deploy-target";
import { cluster, environment, PROCESSES } from "./builders";

const SCOPE = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "111122223333",
};
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:eu-west-1:111122223333:${resource}`;
const KEY = arn("kms", "key/k");

const CTX: TargetPlanContext = {
  names: new Names("acme"),
  scope: SCOPE,
  repository: (image) => ({
    name: `acme/${image}`,
    arn: arn("ecr", `repository/acme/${image}`),
    url: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme/${image}`,
  }),
  markProject: {
    name: "acme-rails-app-mark",
    arn: arn("codebuild", "project/acme-rails-app-mark"),
  },
  role: (name) => `arn:aws:iam::111122223333:role/${name}`,
  kmsKeyArn: KEY,
  catalogue: {
    clusters: [cluster(), cluster({ name: "staging", https: undefined })],
  } as unknown as Catalogue,
};

/** A service with web and sidekiq on ECS in staging (no approval) and production. */
const SERVICE = {
  name: "rails-app",
  port: 8080,
  processes: PROCESSES,
  environments: [
    environment({
      name: "staging",
      approval: false,
      cluster: "staging",
      exec: true,
    }),
    environment(),
  ],
} as unknown as Service;

const planned = planEcs(CTX, SERVICE);

test("deploy props: per environment its cluster, a service per process (by name), its image parameter", () => {
  expect(planned.deploy).toEqual({
    kind: "ecs",
    environments: [
      {
        key: "staging",
        environmentName: "staging",
        approval: false,
        clusterName: "acme-staging",
        processes: [
          { process: "sidekiq", serviceName: "rails-app-staging-sidekiq" },
          { process: "web", serviceName: "rails-app-staging-web" },
        ],
        imageParameter: "/acme/rails-app/staging/image",
        // the smoke test first asks whether the web service runs a task (webTaskCheck)
        smokeSkip: {
          command: expect.stringContaining(
            "--cluster acme-staging --services rails-app-staging-web",
          ),
          statements: expect.any(Function),
        },
        // a host and no certificate
        url: "http://rails.acme.io",
      },
      {
        key: "production",
        environmentName: "production",
        approval: true,
        clusterName: "acme-production",
        processes: [
          { process: "sidekiq", serviceName: "rails-app-production-sidekiq" },
          { process: "web", serviceName: "rails-app-production-web" },
        ],
        imageParameter: "/acme/rails-app/production/image",
        // the smoke test first asks whether the web service runs a task (webTaskCheck)
        smokeSkip: {
          command: expect.stringContaining(
            "--cluster acme-production --services rails-app-production-web",
          ),
          statements: expect.any(Function),
        },
        url: "https://rails.acme.io",
      },
    ],
    taskFamilies: [
      "acme-rails-app-staging-sidekiq",
      "acme-rails-app-staging-web",
      "acme-rails-app-production-sidekiq",
      "acme-rails-app-production-web",
    ],
    taskRoleArns: [
      "arn:aws:iam::111122223333:role/acme-rails-app-staging-execution",
      "arn:aws:iam::111122223333:role/acme-rails-app-staging-task",
      "arn:aws:iam::111122223333:role/acme-rails-app-production-execution",
      "arn:aws:iam::111122223333:role/acme-rails-app-production-task",
    ],
  });
  expect(planned.recordParameterArns).toEqual([
    arn("ssm", "parameter/acme/rails-app/staging/image"),
    arn("ssm", "parameter/acme/rails-app/production/image"),
  ]);
});

test("deploy actions: one ECS action per process, each with its own image definitions file, then Record", () => {
  const production = planned.deploy.environments[1];
  expect(ecsDeployActions(planned.deploy, production)).toEqual([
    {
      name: "Deploy-sidekiq",
      provider: "ECS",
      configuration: {
        ClusterName: "acme-production",
        ServiceName: "rails-app-production-sidekiq",
        FileName: "imagedefinitions-sidekiq.json",
      },
    },
    {
      name: "Deploy-web",
      provider: "ECS",
      configuration: {
        ClusterName: "acme-production",
        ServiceName: "rails-app-production-web",
        FileName: "imagedefinitions-web.json",
      },
    },
    {
      name: "Record",
      category: "Build",
      provider: "CodeBuild",
      afterDeploy: true,
      // the pipeline names the mark project (its reference, as for Mark)
      runsMarkProject: true,
      configuration: {
        EnvironmentVariables: JSON.stringify([
          {
            name: "DEPLOY_ENVIRONMENT",
            value: "production",
            type: "PLAINTEXT",
          },
          {
            name: "IMAGE_PARAMETER",
            value: "/acme/rails-app/production/image",
            type: "PLAINTEXT",
          },
        ]),
      },
    },
  ]);
});

test("pipeline role: update exactly its services, register task definitions (no resource-level support), tag only on registration, pass exactly its roles to ECS tasks", () => {
  expect(ecsStatements(SCOPE, planned.deploy)).toEqual([
    {
      sid: "DeployOwnServices",
      actions: ["ecs:DescribeServices", "ecs:UpdateService"],
      resources: [
        arn("ecs", "service/acme-staging/rails-app-staging-sidekiq"),
        arn("ecs", "service/acme-staging/rails-app-staging-web"),
        arn("ecs", "service/acme-production/rails-app-production-sidekiq"),
        arn("ecs", "service/acme-production/rails-app-production-web"),
      ],
    },
    {
      sid: "RegisterTaskDefinitions",
      actions: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
      resources: ["*"],
    },
    {
      sid: "TagOwnNewTaskDefinitions",
      actions: ["ecs:TagResource"],
      resources: [
        arn("ecs", "task-definition/acme-rails-app-staging-sidekiq:*"),
        arn("ecs", "task-definition/acme-rails-app-staging-web:*"),
        arn("ecs", "task-definition/acme-rails-app-production-sidekiq:*"),
        arn("ecs", "task-definition/acme-rails-app-production-web:*"),
      ],
      conditions: {
        StringEquals: { "ecs:CreateAction": "RegisterTaskDefinition" },
      },
    },
    {
      sid: "PassOwnTaskRoles",
      actions: ["iam:PassRole"],
      resources: planned.deploy.taskRoleArns,
      conditions: {
        StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" },
      },
    },
  ]);
});

test("roles: an execution role per environment, a task role policy only with exec", () => {
  expect(
    planned.roles.map((r) => [
      r.name,
      r.purpose,
      r.statements.map((s) => s.sid),
    ]),
  ).toEqual([
    [
      "acme-rails-app-staging-execution",
      "execution",
      [
        "EcrLogin",
        "PullOwnImage",
        "WriteOwnLogs",
        "ReadEnvironmentParameters",
        "ReadEnvironmentSecrets",
      ],
    ],
    [
      "acme-rails-app-staging-task",
      "task",
      ["ExecSessions", "DecryptExecSessions"],
    ],
    [
      "acme-rails-app-production-execution",
      "execution",
      [
        "EcrLogin",
        "PullOwnImage",
        "WriteOwnLogs",
        "ReadEnvironmentParameters",
        "ReadEnvironmentSecrets",
      ],
    ],
  ]);
  const production = planned.roles[2];
  expect(
    production.statements.find((s) => s.sid === "WriteOwnLogs")!.resources,
  ).toEqual([
    arn("logs", "log-group:/ecs/acme-rails-app-production-sidekiq:*"),
    arn("logs", "log-group:/ecs/acme-rails-app-production-web:*"),
  ]);
  expect(
    production.statements.find((s) => s.sid === "ReadEnvironmentSecrets")!
      .resources,
  ).toEqual([arn("secretsmanager", "secret:rails/db-XXXXXX")]);
});

test("build artifact: one image definitions file per process, each naming only its container", () => {
  const artifact = imageDefinitions(["web", "sidekiq"]);
  expect(artifact.files).toEqual([
    "imagedefinitions-sidekiq.json",
    "imagedefinitions-web.json",
  ]);
  const spec = serviceBuildspec({
    baseImage: false,
    customImage: false,
    artifact,
  }) as {
    phases: { build: { commands: string[] } };
    artifacts: unknown;
  };
  expect(spec.phases.build.commands.slice(1)).toEqual([
    `printf '[{"name":"%s","imageUri":"%s"}]\\n' "sidekiq" "$REPOSITORY_URL:$IMAGE_TAG" > imagedefinitions-sidekiq.json`,
    `printf '[{"name":"%s","imageUri":"%s"}]\\n' "web" "$REPOSITORY_URL:$IMAGE_TAG" > imagedefinitions-web.json`,
  ]);
  expect(spec.artifacts).toEqual({
    files: ["imagedefinitions-sidekiq.json", "imagedefinitions-web.json"],
    "discard-paths": "yes",
  });
});

test("url without a host: the load balancer's DNS name (a stand-in of its length in the plan); none without http", () => {
  const noHost = planEcs(CTX, {
    ...SERVICE,
    environments: [
      environment({
        http: { ...environment().http!, hosts: [] },
      }),
      environment({ name: "worker", cluster: "staging", http: undefined }),
    ],
  } as unknown as Service);
  expect(noHost.deploy.environments.map((e) => e.url)).toEqual([
    "https://acme-production-0000000000.eu-west-1.elb.amazonaws.com",
    undefined,
  ]);
});
