/**
 * Trigger filters and gates in the plan layer, on plain objects: no YAML, no cdktf.
 */
import type { Environment, Service, Source } from "../../config/catalogue";
import { plan } from "../../plan/plan";
import { pipelineProblems } from "../../plan/pipeline-check";
import { pipelineTriggers } from "../../plan/pipeline-stages";

const connection = (trigger?: object): Source =>
  ({
    kind: "connection",
    connection: "github",
    repository: "acme/mono",
    branch: "trunk",
    ...(trigger && { trigger }),
  }) as Source;

describe("pipelineTriggers: AWS's valid combinations (tags; branches; branches + file paths)", () => {
  test.each<[string, object | undefined, object[]]>([
    ["none without filters", undefined, []],
    [
      "branches and paths: one filter",
      { branches: { include: ["main"] }, paths: { exclude: ["docs/**"] } },
      [
        {
          branches: { includes: ["main"] },
          filePaths: { excludes: ["docs/**"] },
        },
      ],
    ],
    [
      "paths alone: on the source's branch",
      { paths: { include: ["api/**"] } },
      [
        {
          branches: { includes: ["trunk"] },
          filePaths: { includes: ["api/**"] },
        },
      ],
    ],
    [
      "tags alone: one filter",
      { tags: { include: ["v*"] } },
      [{ tags: { includes: ["v*"] } }],
    ],
    [
      "tags with branches and paths: two filters, paths on the branch one",
      {
        branches: { exclude: ["wip/*"] },
        paths: { include: ["api/**"] },
        tags: { include: ["v*"] },
      },
      [
        {
          branches: { excludes: ["wip/*"] },
          filePaths: { includes: ["api/**"] },
        },
        { tags: { includes: ["v*"] } },
      ],
    ],
  ])("%s", (_what, trigger, push) => {
    const triggers = pipelineTriggers({ source: connection(trigger) });
    expect(triggers).toEqual(
      push.length === 0
        ? []
        : [
            {
              providerType: "CodeStarSourceConnection",
              gitConfiguration: { sourceActionName: "Source", push },
            },
          ],
    );
  });
});

const ENV: Environment = {
  name: "staging",
  kind: "beanstalk",
  approval: false,
  instanceTypes: ["t3.small"],
  minInstances: 1,
  maxInstances: 2,
  deploymentPolicy: "Rolling",
  healthCheckPath: "/health",
  stickiness: false,
  maintenanceWindow: "Sun:02:00",
  updateLevel: "minor",
  variables: {},
  secrets: {},
  network: { loadBalancerScheme: "public" },
};

const service = (extra: Partial<Service>): Service => ({
  name: "orders",
  retired: false,
  source: connection({ paths: { include: ["orders/**"] } }),
  build: {
    computeType: "BUILD_GENERAL1_SMALL",
    image: "aws/codebuild/standard:7.0",
    privileged: true,
    timeoutMinutes: 30,
    variables: {},
    secrets: {},
    cache: "none",
  },
  image: {
    scanOnPush: true,
    tagMutability: "IMMUTABLE",
    keepTagged: 30,
    expireUntaggedDays: 7,
    encryption: "KMS",
    pullers: [],
    pushers: [],
  },
  port: 8080,
  processes: [{ name: "web", http: true }],
  environments: [ENV],
  ...extra,
});

const planOf = (s: Service) =>
  plan({
    organisation: "acme",
    region: "eu-west-1",
    clusters: [],
    tags: {},
    connections: [{ name: "github", kind: "provider", provider: "GitHub" }],
    baseImages: [],
    services: [s],
  });

describe("the plan's gates", () => {
  const smokeTest = {
    path: "/health",
    attempts: 4,
    intervalSeconds: 5,
    timeoutSeconds: 3,
  };

  test("a smoke test after the deploy, on the target's URL stand-in; a Test stage before the first deploy", () => {
    const p = planOf(
      service({
        tests: {
          buildspec: "ci/tests.yml",
          computeType: "BUILD_GENERAL1_SMALL",
          timeoutMinutes: 20,
        },
        environments: [{ ...ENV, smokeTest }],
      }),
    );
    const [pipeline] = p.pipelines;
    expect(pipeline.stages.map((s) => s.name)).toEqual([
      "Source",
      "Build",
      "Test",
      "Deploy-staging",
    ]);
    expect(pipeline.triggers).toHaveLength(1);
    const smoke = pipeline.stages[3].action.find((a) => a.name === "SmokeTest");
    expect(JSON.parse(smoke!.configuration!.EnvironmentVariables)).toEqual([
      {
        name: "SMOKE_URL",
        // Beanstalk's generated CNAME starts with the environment's name.
        value:
          "http://acme-orders-staging.eba-00000000.eu-west-1.elasticbeanstalk.com/health",
        type: "PLAINTEXT",
      },
      { name: "SMOKE_ATTEMPTS", value: "4", type: "PLAINTEXT" },
      { name: "SMOKE_INTERVAL_SECONDS", value: "5", type: "PLAINTEXT" },
      { name: "SMOKE_TIMEOUT_SECONDS", value: "3", type: "PLAINTEXT" },
    ]);
    // Their roles are planned (and so size-checked) with the others.
    expect(p.roles.map((r) => [r.purpose, r.name])).toEqual([
      ["build", "acme-orders-build"],
      ["pipeline", "acme-orders-pipeline"],
      ["instance", "acme-orders-staging-instance"],
      ["tests", "acme-orders-tests"],
      ["smoke", "acme-orders-smoke"],
      ["mark", "acme-orders-mark"],
    ]);
    expect(
      p.resources
        .filter((r) => /-(smoke|tests)$/.test(r.name))
        .map((r) => [r.rule?.what, r.name, r.path.join(".")]),
    ).toEqual([
      ["CodeBuild project name", "acme-orders-tests", "services.orders.tests"],
      ["IAM role name", "acme-orders-tests", "services.orders.tests"],
      [
        "CloudWatch log group name",
        "/aws/codebuild/acme-orders-tests",
        "services.orders.tests",
      ],
      [
        "CodeBuild project name",
        "acme-orders-smoke",
        "services.orders.environments.staging",
      ],
      [
        "IAM role name",
        "acme-orders-smoke",
        "services.orders.environments.staging",
      ],
      [
        "CloudWatch log group name",
        "/aws/codebuild/acme-orders-smoke",
        "services.orders.environments.staging",
      ],
    ]);
  });

  test("a smoke test's EnvironmentVariables are measured with the environment's name in its CNAME: refused over 1000", () => {
    const smokeVariables = (path: string) => {
      const p = planOf(
        service({
          environments: [{ ...ENV, smokeTest: { ...smokeTest, path } }],
        }),
      );
      const smoke = p.pipelines[0].stages
        .flatMap((s) => s.action)
        .find((a) => a.name === "SmokeTest");
      return {
        length: smoke!.configuration!.EnvironmentVariables.length,
        problems: pipelineProblems(p.pipelines).map((x) => x.message),
      };
    };
    // A path of 693 characters brings the value to exactly 1001 characters with the real
    // name, acme-orders-staging (19 characters), and to 993 with a stand-in of 11 ("environment").
    const path = `/${"a".repeat(692)}`;
    const measured = smokeVariables(path);
    expect(measured.length).toBe(1001);
    expect(measured.problems).toEqual([
      `its pipeline's stage "Deploy-staging", action "SmokeTest": its EnvironmentVariables would be 1001 characters; CodePipeline allows 1 to 1000 in a configuration value: shorten the names or paths it is made of`,
    ]);
    expect(smokeVariables(path.slice(0, -1)).problems).toEqual([]);
  });

  test("without gates: no Test stage, no smoke action, no gate roles", () => {
    const p = planOf(service({}));
    expect(p.pipelines[0].stages.map((s) => s.name)).toEqual([
      "Source",
      "Build",
      "Deploy-staging",
    ]);
    expect(p.pipelines[0].stages[2].action.map((a) => a.name)).toEqual([
      "Mark",
      "Deploy",
    ]);
    expect(p.roles.map((r) => r.purpose)).not.toContain("smoke");
  });
});
