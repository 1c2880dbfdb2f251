/**
 * The pipeline of ECS services as synthesized (the ECS fixture): the deploy actions per process,
 * the Record step after them, the build's image definitions (also for a service that mixes
 * Beanstalk and ECS), and the build's and Record's shell run in bash against a stand-in AWS CLI.
 */
import { spawnSync } from "child_process";
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse } from "yaml";
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
let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(CATALOGUE);
});

const stages = (service: string) =>
  resource(stacks[`acme-${service}`], "aws_codepipeline", "pipeline_pipeline")
    .stage as Json[];
const buildspec = (service: string, project: string) =>
  parse(
    resource(stacks[`acme-${service}`], "aws_codebuild_project", project).source
      .buildspec as string,
  );

test("rails-app: per environment Mark, one ECS deploy per process side by side, then Record", () => {
  const summary = stages("rails-app").map((s) => [
    s.name,
    s.action.map((a: Json) => [a.name, a.category, a.provider, a.run_order]),
  ]);
  expect(summary).toEqual([
    ["Source", [["Source", "Source", "CodeCommit", undefined]]],
    ["Build", [["Build", "Build", "CodeBuild", undefined]]],
    [
      "Deploy-staging",
      [
        ["Mark", "Build", "CodeBuild", 1],
        ["Deploy-sidekiq", "Deploy", "ECS", 2],
        ["Deploy-web", "Deploy", "ECS", 2],
        ["Record", "Build", "CodeBuild", 3],
      ],
    ],
    [
      "Deploy-production",
      [
        ["Approve", "Approval", "Manual", 1],
        ["Mark", "Build", "CodeBuild", 2],
        ["Deploy-sidekiq", "Deploy", "ECS", 3],
        ["Deploy-web", "Deploy", "ECS", 3],
        ["Record", "Build", "CodeBuild", 4],
        // a healthCheckPath and a public cluster: a smoke test, beside Record
        ["SmokeTest", "Test", "CodeBuild", 4],
      ],
    ],
  ]);
  // staging's cluster is internal, out of CodeBuild's reach: no smoke test there
  expect(
    (stages("rails-app")[2].action as Json[]).map((a) => a.name),
  ).not.toContain("SmokeTest");
  const smoke = (stages("rails-app")[3].action as Json[]).find(
    (a) => a.name === "SmokeTest",
  );
  expect(JSON.parse(smoke.configuration.EnvironmentVariables)[0]).toEqual({
    name: "SMOKE_URL",
    value: "https://rails.acme.io/health",
    type: "PLAINTEXT",
  });
  const production = stages("rails-app")[3].action as Json[];
  expect(production[3]).toEqual({
    name: "Deploy-web",
    category: "Deploy",
    owner: "AWS",
    provider: "ECS",
    version: "1",
    run_order: 3,
    input_artifacts: ["Image"],
    configuration: {
      ClusterName: "acme-production",
      // by reference: the pipeline (which runs once when created) waits for the service
      ServiceName: "${aws_ecs_service.ecs-production_web-service.name}",
      FileName: "imagedefinitions-web.json",
    },
  });
  expect(production[4]).toEqual({
    name: "Record",
    category: "Build",
    owner: "AWS",
    provider: "CodeBuild",
    version: "1",
    run_order: 4,
    input_artifacts: ["Image"],
    configuration: {
      // the mark project by its reference, as the Mark action names it
      ProjectName: "${aws_codebuild_project.mark_project.name}",
      EnvironmentVariables: JSON.stringify([
        { name: "DEPLOY_ENVIRONMENT", value: "production", type: "PLAINTEXT" },
        {
          name: "IMAGE_PARAMETER",
          value: "/acme/rails-app/production/image",
          type: "PLAINTEXT",
        },
      ]),
    },
  });
});

test("the build writes one image definitions file per process; a mixed service also Dockerrun.aws.json", () => {
  expect(buildspec("rails-app", "build_project").artifacts.files).toEqual([
    "imagedefinitions-sidekiq.json",
    "imagedefinitions-web.json",
  ]);
  expect(buildspec("orders", "build_project").artifacts.files).toEqual([
    "Dockerrun.aws.json",
    "imagedefinitions-web.json",
  ]);
  expect(buildspec("mailer", "build_project").artifacts.files).toEqual([
    "imagedefinitions-worker.json",
  ]);
  // the mixed service: Beanstalk staging, then ECS production (deploy order = catalogue order)
  expect(
    stages("orders").map((s) => [
      s.name,
      s.action.map((a: Json) => a.provider),
    ]),
  ).toEqual([
    ["Source", ["CodeCommit"]],
    ["Build", ["CodeBuild"]],
    ["Deploy-staging", ["CodeBuild", "ElasticBeanstalk", "CodeBuild"]],
    // No smoke test: https://rails.acme.io/health is rails-app's ("/*"), not one of the paths
    // its rule matches (rule smoke-test-route; off by default).
    ["Deploy-production", ["Manual", "CodeBuild", "ECS", "CodeBuild"]],
  ]);
});

/** Runs shell in bash in a fresh directory with a stand-in `aws` that logs its calls. */
function run(
  script: string,
  env: Record<string, string>,
  files: Record<string, string> = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), "ecs-"));
  try {
    const bin = path.join(dir, "bin");
    const work = path.join(dir, "work");
    spawnSync("mkdir", ["-p", bin, work]);
    for (const [name, text] of Object.entries(files))
      writeFileSync(path.join(work, name), text);
    writeFileSync(
      path.join(bin, "aws"),
      `#!/bin/bash\necho "$*" >> "${dir}/calls.log"\n[ "$2" = batch-get-image ] && echo '{"images":[],"failures":[{"failureCode":"ImageNotFound"}]}'\nexit 0\n`,
    );
    chmodSync(path.join(bin, "aws"), 0o755);
    const result = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
      cwd: work,
      encoding: "utf8",
      env: { PATH: `${bin}:${process.env.PATH}`, ...env },
    });
    const out: Record<string, string> = {};
    for (const f of readdirSync(work))
      out[f] = readFileSync(path.join(work, f), "utf8");
    let calls: string[] = [];
    try {
      calls = readFileSync(path.join(dir, "calls.log"), "utf8")
        .split("\n")
        .filter(Boolean);
    } catch {
      calls = [];
    }
    return { status: result.status, stderr: result.stderr, files: out, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const URL = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/rails-app";

test("the build's shell writes each file as AWS documents it: one container, named after its process", () => {
  const commands = buildspec("rails-app", "build_project").phases.build
    .commands as string[];
  const result = run(commands.slice(1).join("\n"), {
    REPOSITORY_URL: URL,
    IMAGE_TAG: "c0ffee",
  });
  expect(result.status).toBe(0);
  expect(
    Object.fromEntries(
      Object.entries(result.files).map(([f, text]) => [f, JSON.parse(text)]),
    ),
  ).toEqual({
    "imagedefinitions-sidekiq.json": [
      { name: "sidekiq", imageUri: `${URL}:c0ffee` },
    ],
    "imagedefinitions-web.json": [{ name: "web", imageUri: `${URL}:c0ffee` }],
  });
});

describe("the Record step (the mark project with IMAGE_PARAMETER)", () => {
  const script = () =>
    (buildspec("rails-app", "mark_project").phases.build.commands as string[])
      .join("\n")
      // Terraform's escape of "${" in the synthesized text
      .replace(/\$\$\{/g, "${");
  const files = {
    "imagedefinitions-sidekiq.json": `[{"name":"sidekiq","imageUri":"${URL}:c0ffee"}]`,
    "imagedefinitions-web.json": `[{"name":"web","imageUri":"${URL}:c0ffee"}]`,
  };

  test("writes exactly the image the deploy used into the parameter, and tags nothing", () => {
    const result = run(
      script(),
      {
        REPOSITORY_URL: URL,
        KEEP_DEPLOYED: "5",
        DEPLOY_ENVIRONMENT: "production",
        IMAGE_PARAMETER: "/acme/rails-app/production/image",
      },
      files,
    );
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(result.calls).toEqual([
      `ssm put-parameter --name /acme/rails-app/production/image --type String --overwrite --value ${URL}:c0ffee`,
    ]);
  });

  test("without IMAGE_PARAMETER it is the Mark step: it looks the image up to tag it", () => {
    const result = run(
      script(),
      {
        REPOSITORY_URL: URL,
        KEEP_DEPLOYED: "5",
        DEPLOY_ENVIRONMENT: "production",
      },
      files,
    );
    expect(result.calls[0]).toBe(
      "ecr batch-get-image --repository-name acme/rails-app --image-ids imageTag=c0ffee --output json",
    );
    // the stand-in has no such image: the deploy is stopped before it starts
    expect(result.status).toBe(1);
  });

  test("no image definitions: Record fails rather than write nothing", () => {
    const result = run(script(), {
      REPOSITORY_URL: URL,
      KEEP_DEPLOYED: "5",
      DEPLOY_ENVIRONMENT: "production",
      IMAGE_PARAMETER: "/acme/rails-app/production/image",
    });
    expect(result.status).toBe(1);
    expect(result.calls).toEqual([]);
    expect(result.stderr).toContain("name no image: nothing to record");
  });
});

test("outputs: each ECS environment's URL (https with a certificate), cluster and services", () => {
  const outputs = (service: string) =>
    Object.fromEntries(
      Object.entries(stacks[`acme-${service}`].output as Json)
        .filter(([k]) => k.startsWith("ecs-"))
        .map(([k, v]) => [k, (v as Json).value]),
    );
  expect(outputs("rails-app")).toEqual({
    "ecs-production-cluster": "acme-production",
    "ecs-production-services":
      "rails-app-production-sidekiq,rails-app-production-web",
    "ecs-production-url": "https://rails.acme.io",
    "ecs-staging-cluster": "acme-staging",
    "ecs-staging-services": "rails-app-staging-sidekiq,rails-app-staging-web",
    // no host and no certificate: the load balancer's own name, over HTTP
    "ecs-staging-url":
      "http://${data.aws_lb.ecs-cluster-staging-load-balancer.dns_name}",
  });
  // a service beside another on one host: an address its own rule answers
  expect(outputs("orders")["ecs-production-url"]).toBe(
    "https://rails.acme.io/api/orders",
  );
  // a worker-only service has no URL
  expect(outputs("mailer")).toEqual({
    "ecs-production-cluster": "acme-production",
    "ecs-production-services": "mailer-production-worker",
  });
});

test("the shared stack holds the declared clusters; a service finds its cluster's listener by name", () => {
  const shared = stacks["acme-shared"].resource;
  expect(
    Object.values(shared.aws_ecs_cluster).map((c) => (c as Json).name),
  ).toEqual(["acme-production", "acme-staging"]);
  const data = stacks["acme-rails-app"].data;
  expect(data.aws_lb_listener).toEqual({
    "ecs-cluster-production-listener": expect.objectContaining({
      load_balancer_arn:
        "${data.aws_lb.ecs-cluster-production-load-balancer.arn}",
      port: 443,
    }),
    "ecs-cluster-staging-listener": expect.objectContaining({
      load_balancer_arn: "${data.aws_lb.ecs-cluster-staging-load-balancer.arn}",
      port: 80,
    }),
  });
  expect(
    data.aws_security_group[
      "ecs-cluster-production-load-balancer-security-group"
    ],
  ).toMatchObject({
    name: "acme-production-alb",
    vpc_id: "vpc-0a1b2c3d4e5f67890",
  });
});

describe("the smoke test of an ECS environment whose web service runs no task yet", () => {
  const smokeVariables = () =>
    Object.fromEntries(
      (
        JSON.parse(
          (stages("rails-app")[3].action as Json[]).find(
            (a) => a.name === "SmokeTest",
          ).configuration.EnvironmentVariables,
        ) as { name: string; value: string }[]
      ).map((v) => [v.name, v.value]),
    );
  /** The synthesized smoke script against a stand-in `aws` answering a desired count. */
  function smoke(desired: string) {
    const dir = mkdtempSync(path.join(tmpdir(), "ecs-smoke-"));
    try {
      writeFileSync(
        path.join(dir, "aws"),
        `#!/bin/bash\necho "$*" >> "${dir}/calls.log"\necho ${desired}\n`,
      );
      chmodSync(path.join(dir, "aws"), 0o755);
      const script = (
        buildspec("rails-app", "smoke_project").phases.build
          .commands as string[]
      )
        .join("\n")
        .replace(/\$\$\{/g, "${");
      const result = spawnSync(
        "bash",
        ["--norc", "--noprofile", "-c", script],
        {
          encoding: "utf8",
          env: {
            PATH: `${dir}:${process.env.PATH}`,
            ...smokeVariables(),
            // nothing listens here: a request fails at once
            SMOKE_URL: "http://127.0.0.1:9/health",
            SMOKE_ATTEMPTS: "1",
            SMOKE_TIMEOUT_SECONDS: "2",
          },
        },
      );
      return {
        status: result.status,
        stdout: result.stdout,
        calls: readFileSync(path.join(dir, "calls.log"), "utf8"),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test("desired count 0 (the first deploy): passes, saying why, without a request", () => {
    const result = smoke("0");
    expect(result.status).toBe(0);
    expect(result.calls).toBe(
      "ecs describe-services --cluster acme-production --services rails-app-production-web --query services[0].desiredCount --output text\n",
    );
    expect(result.stdout).toBe(
      "not tested: rails-app-production-web runs no task yet (desired count 0): this deploy recorded the first image of this environment, and its tasks start when its service stack is applied again (README: The first apply)\n",
    );
  });

  test("tasks to run: the requests decide (here: nothing answers, so it fails)", () => {
    const result = smoke("2");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("attempt 1 of 1:");
  });

  test("ECS not answering (no count printed): the requests decide too", () => {
    const result = smoke("");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("attempt 1 of 1:");
  });
});
