/**
 * The gates of a pipeline (issue 10 §3): the smoke test after each deploy, and the service's
 * tests between the build and the first deploy. When a smoke test is on, what the projects and
 * their roles are in the synthesized JSON, what IAM lets those roles do (simulated), and what the
 * smoke script does against a real HTTP server.
 */
import { spawn, spawnSync } from "child_process";
import { readFileSync } from "fs";
import { createServer, Server } from "http";
import type { AddressInfo } from "net";
import { URL_PATH_PATTERN } from "../config/gates";
import { renderBuildspec } from "../plan/buildspec";
import { smokeBuildspec } from "../plan/gates";
import { pipelineDiagram } from "../plan/pipeline-diagram";
import { escapeTemplate } from "../plan/terraform-text";
import { decisions, EXAMPLE_ACCOUNT, resolvePolicy } from "./support/iam";
import {
  ACCOUNT,
  EXAMPLE,
  Json,
  load,
  resource,
  synthStacks,
} from "./support/synth";

const catalogue = (defaults: string, environments: string, extra = "") => `
version: 1
organisation: acme
region: eu-west-1
defaults:
  environment:
${defaults}
services:
  api:
    source: { codecommit: { repository: api } }
${extra}
    environments:
${environments}
`;

/** Environments of the api service that get a smoke test. */
function smoked(text: string): string[] {
  return load(text)
    .services[0].environments.filter((e) => e.smokeTest)
    .map((e) => e.name);
}

describe("when an environment has a smoke test", () => {
  test("on where a healthCheckPath is written, here or under defaults; Beanstalk's implicit / does not count", () => {
    expect(
      smoked(
        catalogue(
          "    minInstances: 1",
          "      plain: {}\n      checked: { healthCheckPath: /health }",
        ),
      ),
    ).toEqual(["checked"]);
    expect(
      smoked(catalogue("    healthCheckPath: /up", "      a: {}\n      b: {}")),
    ).toEqual(["a", "b"]);
  });

  test("on where any smokeTest key is written; enabled: false turns it off", () => {
    expect(
      smoked(
        catalogue(
          "    healthCheckPath: /up",
          "      a: { smokeTest: { enabled: false } }\n      b: { smokeTest: { attempts: 3 } }",
        ),
      ),
    ).toEqual(["b"]);
    expect(
      smoked(
        catalogue(
          "    minInstances: 1",
          "      a: { smokeTest: { attempts: 3 } }\n      b: {}",
        ),
      ),
    ).toEqual(["a"]);
  });

  test("off behind an internal load balancer unless asked for (which the rule refuses)", () => {
    expect(
      smoked(
        catalogue(
          "    healthCheckPath: /up",
          "      a: { network: { loadBalancerScheme: internal } }\n      b: {}",
        ),
      ),
    ).toEqual(["b"]);
  });

  test("path, attempts, interval and timeout: the written ones, else the healthCheckPath and the defaults", () => {
    const [a, b] = load(
      catalogue(
        "    healthCheckPath: /up",
        "      a: {}\n      b: { smokeTest: { path: /ready, attempts: 3, intervalSeconds: 2, timeoutSeconds: 5 } }",
      ),
    ).services[0].environments;
    expect(a.smokeTest).toEqual({
      path: "/up",
      attempts: 10,
      intervalSeconds: 15,
      timeoutSeconds: 10,
    });
    expect(b.smokeTest).toEqual({
      path: "/ready",
      attempts: 3,
      intervalSeconds: 2,
      timeoutSeconds: 5,
    });
  });

  test("without any, a service has no smoke project and its stages are as before", () => {
    const stack = synthStacks(
      load(catalogue("    minInstances: 1", "      a: {}")),
    )["acme-api"];
    expect(Object.keys(stack.resource.aws_codebuild_project).sort()).toEqual([
      "build_project",
      "mark_project",
    ]);
    const stages = resource(stack, "aws_codepipeline", "pipeline_pipeline")
      .stage as Json[];
    expect(
      stages.map((s) => [s.name, s.action.map((a: Json) => a.name)]),
    ).toEqual([
      ["Source", ["Source"]],
      ["Build", ["Build"]],
      ["Deploy-a", ["Mark", "Deploy"]],
    ]);
  });
});

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(load(readFileSync(EXAMPLE, "utf8")));
});

test.each([
  ["/", true],
  ["/health", true],
  ["/api/v1/status;deep=1?verbose=true&x=%20", true],
  ["/~user/a-b_c.d!$'()*+,=:@", true],
  ["/health#{BuildVariables.IMAGE_URI}", false],
  ["/health#top", false],
  ["/a b", false],
  ['/"quoted"', false],
  ["/%zz", false],
  ["health", false],
])("a smoke test path %j is a URL path: %s", (path, ok) => {
  expect(URL_PATH_PATTERN.test(path)).toBe(ok);
});

describe("the projects", () => {
  test("smoke: the generated script, small and not privileged, half an hour at most, its own logs, the key", () => {
    const stack = stacks["acme-storefront"];
    expect(resource(stack, "aws_codebuild_project", "smoke_project")).toEqual({
      name: "acme-storefront-smoke",
      description:
        "Requests each environment after its deploy; a non-2xx answer stops the promotion",
      service_role: "${aws_iam_role.smoke_role.arn}",
      build_timeout: 30,
      encryption_key: "${data.aws_kms_alias.catalogue-key.target_key_arn}",
      artifacts: { type: "CODEPIPELINE" },
      source: {
        type: "CODEPIPELINE",
        buildspec: escapeTemplate(renderBuildspec(smokeBuildspec())),
      },
      environment: {
        type: "LINUX_CONTAINER",
        compute_type: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        image_pull_credentials_type: "CODEBUILD",
        privileged_mode: false,
      },
      logs_config: {
        cloudwatch_logs: {
          group_name: "${aws_cloudwatch_log_group.smoke_logs.name}",
          status: "ENABLED",
        },
        s3_logs: { status: "DISABLED" },
      },
      depends_on: ["aws_iam_role_policy.smoke_policy"],
    });
    expect(resource(stack, "aws_cloudwatch_log_group", "smoke_logs")).toEqual({
      name: "/aws/codebuild/acme-storefront-smoke",
      retention_in_days: 365,
      kms_key_id: "${data.aws_kms_alias.catalogue-key.target_key_arn}",
    });
  });

  test("tests: the repository's buildspec, privileged for Docker, the catalogue's compute and timeout", () => {
    const stack = stacks["acme-billing-api"];
    const project = resource(stack, "aws_codebuild_project", "tests_project");
    expect(project).toMatchObject({
      name: "acme-billing-api-tests",
      service_role: "${aws_iam_role.tests_role.arn}",
      build_timeout: 60,
      source: { type: "CODEPIPELINE", buildspec: "ci/tests.yml" },
      environment: {
        compute_type: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        privileged_mode: true,
      },
    });
    // The build exports the image it pushed, which the Tests action passes on.
    const build = resource(stack, "aws_codebuild_project", "build_project");
    expect(build.source.buildspec).toContain(
      "  exported-variables:\n    - IMAGE_URI\n",
    );
    expect(build.source.buildspec).toContain(
      'export IMAGE_URI="$REPOSITORY_URL:$IMAGE_TAG"',
    );
    // A service without tests builds as before.
    expect(
      resource(
        stacks["acme-storefront"],
        "aws_codebuild_project",
        "build_project",
      ).source.buildspec,
    ).not.toContain("IMAGE_URI");
  });

  test("an internal environment (reports-worker) has no smoke test, a service without tests no Test stage", () => {
    const stack = stacks["acme-reports-worker"];
    expect(stack.resource.aws_codebuild_project.smoke_project).toBeUndefined();
    expect(
      resource(stack, "aws_codepipeline", "pipeline_pipeline").stage.map(
        (s: Json) => s.name,
      ),
    ).toEqual(["Source", "Build", "Deploy-production"]);
  });
});

describe("IAM, simulated", () => {
  const bucket = `arn:aws:s3:::acme-artifacts-${EXAMPLE_ACCOUNT}-eu-west-1`;
  const arn = (service: string, r: string) =>
    `arn:aws:${service}:eu-west-1:${EXAMPLE_ACCOUNT}:${r}`;
  const key = arn("kms", "key/00000000-0000-0000-0000-000000000000");
  // What a gate role may do with the catalogue's key, asked with the key's own policy (KMS always
  // consults it; it lets this account's IAM policies decide). The gates write no artifact, cache
  // or report file: reading the input artifact (SSE-KMS) needs Decrypt, and nothing encrypts.
  const keyPolicy = () =>
    resource(stacks["acme-shared"], "aws_kms_key", "key")
      .policy.split(ACCOUNT)
      .join(EXAMPLE_ACCOUNT);
  const readsKeyOnly = async (text: string) => {
    expect(JSON.parse(text).Statement).toContainEqual({
      Sid: "DecryptWithCatalogueKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: key,
    });
    const calls = [
      "kms:Decrypt",
      "kms:DescribeKey",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:ReEncryptFrom",
      "kms:CreateGrant",
    ].map((action) => ({ action, resource: key }));
    expect(await decisions(text, calls, keyPolicy())).toEqual(
      calls.map((c) => [
        c.action,
        c.resource,
        ["kms:Decrypt", "kms:DescribeKey"].includes(c.action)
          ? "Allowed"
          : "ImplicitlyDenied",
      ]),
    );
  };
  const policy = (service: string, address: string) =>
    resolvePolicy(
      resource(stacks[`acme-${service}`], "aws_iam_role_policy", address)
        .policy,
      stacks[`acme-${service}`],
      service,
    );

  test("the smoke role writes its own logs and reads its pipeline's artifacts with the key, nothing else", async () => {
    const own = [
      {
        action: "logs:PutLogEvents",
        resource: arn(
          "logs",
          "log-group:/aws/codebuild/acme-storefront-smoke:log-stream:x",
        ),
      },
      {
        action: "s3:GetObject",
        resource: `${bucket}/acme-storefront/Image/a.zip`,
      },
    ];
    const others = [
      {
        action: "logs:PutLogEvents",
        resource: arn(
          "logs",
          "log-group:/aws/codebuild/acme-storefront:log-stream:x",
        ),
      },
      {
        action: "s3:PutObject",
        resource: `${bucket}/acme-storefront/Image/a.zip`,
      },
      {
        action: "s3:GetObject",
        resource: `${bucket}/acme-billing-api/Image/a.zip`,
      },
      {
        action: "ecr:BatchGetImage",
        resource: arn("ecr", "repository/acme/storefront"),
      },
      { action: "ecr:GetAuthorizationToken", resource: "*" },
      {
        action: "elasticbeanstalk:DescribeEnvironments",
        resource: arn(
          "elasticbeanstalk",
          "environment/acme-storefront/acme-storefront-staging",
        ),
      },
    ];
    const smoke = policy("storefront", "smoke_policy");
    await readsKeyOnly(smoke);
    expect(await decisions(smoke, own)).toEqual(
      own.map((c) => [c.action, c.resource, "Allowed"]),
    );
    expect(await decisions(smoke, others)).toEqual(
      others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
  });

  test("the tests role also pulls its own service's image, and no other, and pushes none", async () => {
    const own = [
      {
        action: "logs:PutLogEvents",
        resource: arn(
          "logs",
          "log-group:/aws/codebuild/acme-billing-api-tests:log-stream:x",
        ),
      },
      {
        action: "s3:GetObject",
        resource: `${bucket}/acme-billing-api/Source/a.zip`,
      },
      { action: "ecr:GetAuthorizationToken", resource: "*" },
      ...["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"].map((action) => ({
        action,
        resource: arn("ecr", "repository/acme/billing-api"),
      })),
    ];
    const others = [
      ...["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"].map((action) => ({
        action,
        resource: arn("ecr", "repository/acme/storefront"),
      })),
      ...[
        "ecr:PutImage",
        "ecr:InitiateLayerUpload",
        "ecr:BatchDeleteImage",
      ].map((action) => ({
        action,
        resource: arn("ecr", "repository/acme/billing-api"),
      })),
      {
        action: "s3:PutObject",
        resource: `${bucket}/acme-billing-api/Source/a.zip`,
      },
      {
        action: "s3:GetObject",
        resource: `${bucket}/acme-storefront/Source/a.zip`,
      },
      {
        action: "ssm:GetParameters",
        resource: arn("ssm", "parameter/billing/master-key"),
      },
    ];
    const tests = policy("billing-api", "tests_policy");
    await readsKeyOnly(tests);
    expect(await decisions(tests, own)).toEqual(
      own.map((c) => [c.action, c.resource, "Allowed"]),
    );
    expect(await decisions(tests, others)).toEqual(
      others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
  });

  test("the tests role writes test and coverage reports to its own project's report groups only", async () => {
    // A buildspec's `reports:` group `unit` is created as <project name>-unit.
    // https://docs.aws.amazon.com/codebuild/latest/userguide/test-permissions.html
    const REPORT_ACTIONS = [
      "codebuild:CreateReportGroup",
      "codebuild:CreateReport",
      "codebuild:UpdateReport",
      "codebuild:BatchPutTestCases",
      "codebuild:BatchPutCodeCoverages",
    ];
    const group = (name: string) => arn("codebuild", `report-group/${name}`);
    const calls = (names: string[]) =>
      names.flatMap((name) =>
        REPORT_ACTIONS.map((action) => ({ action, resource: group(name) })),
      );
    const tests = policy("billing-api", "tests_policy");
    expect(JSON.parse(tests).Statement).toContainEqual({
      Sid: "WriteOwnTestReports",
      Effect: "Allow",
      Action: REPORT_ACTIONS,
      Resource: group("acme-billing-api-tests-*"),
    });
    const own = calls(["acme-billing-api-tests-unit"]);
    expect(await decisions(tests, own)).toEqual(
      own.map((c) => [c.action, c.resource, "Allowed"]),
    );
    const others = [
      // Another service's tests, the service's own build project, a group made by hand.
      ...calls(["acme-storefront-tests-unit", "acme-billing-api-unit", "unit"]),
      {
        action: "codebuild:DeleteReportGroup",
        resource: group("acme-billing-api-tests-unit"),
      },
    ];
    expect(await decisions(tests, others)).toEqual(
      others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
    // The smoke test writes no report.
    const smoke = policy("storefront", "smoke_policy");
    const smokeCalls = calls(["acme-storefront-smoke-unit"]);
    expect(await decisions(smoke, smokeCalls)).toEqual(
      smokeCalls.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
  });

  test("a pipeline role starts its own gates and not another service's", async () => {
    const project = (name: string) => arn("codebuild", `project/${name}`);
    const calls = (names: string[]) =>
      names.map((n) => ({
        action: "codebuild:StartBuild",
        resource: project(n),
      }));
    const pipeline = policy("billing-api", "pipeline_policy");
    const own = calls(["acme-billing-api-tests", "acme-billing-api-smoke"]);
    const others = calls(["acme-storefront-smoke", "acme-ledger-tests"]);
    expect(await decisions(pipeline, own)).toEqual(
      own.map((c) => [c.action, c.resource, "Allowed"]),
    );
    expect(await decisions(pipeline, others)).toEqual(
      others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
    );
  });
});

describe("the smoke script (run in bash with curl against a local HTTP server)", () => {
  let server: Server;
  let answers: number[];
  let requests: string[];
  beforeEach(async () => {
    answers = [];
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/moved") {
        res.writeHead(301, { Location: "/health" });
        res.end();
        return;
      }
      res.writeHead(answers.shift() ?? 200);
      res.end();
    });
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
  });
  afterEach(
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );

  const script = (smokeBuildspec() as Json).phases.build.commands[0] as string;
  async function run(urlPath: string, attempts: number) {
    const { port } = server.address() as AddressInfo;
    // The server answers in this process: run bash without blocking the event loop.
    return new Promise<{
      status: number | null;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      const proc = spawn("bash", ["--norc", "--noprofile", "-c", script], {
        env: {
          PATH: process.env.PATH,
          SMOKE_URL: `http://127.0.0.1:${port}${urlPath}`,
          SMOKE_ATTEMPTS: String(attempts),
          SMOKE_INTERVAL_SECONDS: "0",
          SMOKE_TIMEOUT_SECONDS: "5",
        },
      });
      let stdout = "";
      let stderr = "";
      proc.stdout.on("data", (d) => (stdout += d));
      proc.stderr.on("data", (d) => (stderr += d));
      proc.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  test("passes on the first 2xx, after failed attempts", async () => {
    answers = [503, 500, 204];
    const result = await run("/health", 5);
    expect(result.status).toBe(0);
    expect(requests).toEqual(["/health", "/health", "/health"]);
    expect(result.stdout).toContain("attempt 3 of 5:");
  });

  test("fails (and so fails the stage) when no attempt answers 2xx", async () => {
    answers = [500, 404, 302];
    const result = await run("/health", 3);
    expect(result.status).toBe(1);
    expect(requests).toHaveLength(3);
    expect(result.stderr).toContain("gave no 2xx answer");
  });

  test("follows a redirect (port 80 redirecting to HTTPS) to the answer", async () => {
    const result = await run("/moved", 1);
    expect(result.status).toBe(0);
    expect(requests).toEqual(["/moved", "/health"]);
  });

  test("nothing listening fails too", async () => {
    const result = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        SMOKE_URL: "http://127.0.0.1:9/health",
        SMOKE_ATTEMPTS: "2",
        SMOKE_INTERVAL_SECONDS: "0",
        SMOKE_TIMEOUT_SECONDS: "2",
      },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("attempt 2 of 2:");
  });
});

test("the pipeline picture shows a path-filtered trigger", () => {
  const diagram = pipelineDiagram(
    load(readFileSync(EXAMPLE, "utf8")),
    "ledger",
  );
  expect(diagram.split("\n")[1]).toBe(
    '  trigger_source(["git push to acme/platform main changing services/ledger/**, not **/*.md"]) --> Source',
  );
});
