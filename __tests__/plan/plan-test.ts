/**
 * The plan layer on plain objects: no YAML, no cdktf, no synth.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import type { Catalogue, Environment, Service } from "../../config/catalogue";
import {
  nameProblems,
  policyProblems,
  policySize,
  ROLE_POLICY_LIMIT,
} from "../../plan/check";
import type { NamedResource } from "../../plan/named-resources";
import { NAME_RULES } from "../../plan/names";
import { plan } from "../../plan/plan";

const BUILD: Service["build"] = {
  computeType: "BUILD_GENERAL1_SMALL",
  image: "aws/codebuild/standard:7.0",
  privileged: true,
  timeoutMinutes: 30,
  variables: {},
  secrets: {},
  cache: "none",
};

const IMAGE: Service["image"] = {
  scanOnPush: true,
  tagMutability: "IMMUTABLE",
  keepTagged: 30,
  expireUntaggedDays: 7,
  encryption: "KMS",
  pullers: [],
  pushers: [],
};

function environment(name: string, approval = false): Environment {
  return {
    name,
    kind: "beanstalk",
    approval,
    instanceTypes: ["t3.small"],
    minInstances: 1,
    maxInstances: 2,
    deploymentPolicy: "Rolling",
    healthCheckPath: "/",
    stickiness: false,
    maintenanceWindow: "Sun:02:00",
    updateLevel: "minor",
    variables: {},
    secrets: {},
    network: { loadBalancerScheme: "public" },
  };
}

function service(name: string, environments: Environment[] = []): Service {
  return {
    name,
    retired: false,
    source: { kind: "codecommit", repository: name, branch: "main" },
    build: BUILD,
    image: IMAGE,
    port: 8080,
    processes: [{ name: "web", http: true }],
    environments,
  };
}

function catalogue(services: Service[]): Catalogue {
  return {
    organisation: "acme",
    region: "eu-west-1",
    tags: {},
    connections: [],
    baseImages: [],
    clusters: [],
    services,
  };
}

const ORDERS = catalogue([
  service("orders", [environment("staging"), environment("prod", true)]),
]);

describe("plan", () => {
  test("is a pure function of the catalogue", () => {
    expect(JSON.stringify(plan(ORDERS))).toBe(JSON.stringify(plan(ORDERS)));
  });

  test("lays out the shared stack and one stack per service", () => {
    expect(plan(ORDERS).stacks).toEqual([
      { name: "acme-shared", path: ["organisation"] },
      { name: "acme-orders", path: ["services", "orders"] },
    ]);
  });

  test("names every resource once, with the key that derives it", () => {
    const named = plan(ORDERS).resources.map((r) => [
      r.rule?.what ?? "-",
      r.name,
      r.path.join("."),
    ]);
    expect(named).toContainEqual([
      "Beanstalk environment name",
      "acme-orders-prod",
      "services.orders.environments.prod",
    ]);
    expect(named).toContainEqual([
      "IAM role name",
      "acme-orders-mark",
      "services.orders",
    ]);
    expect(named).toContainEqual(["-", "acme-orders", "services.orders"]);
  });

  test("each live entry's roles, with their statements", () => {
    const roles = plan(ORDERS).roles.map((r) => [r.purpose, r.name]);
    expect(roles).toEqual([
      ["build", "acme-orders-build"],
      ["pipeline", "acme-orders-pipeline"],
      ["instance", "acme-orders-staging-instance"],
      ["instance", "acme-orders-prod-instance"],
      ["mark", "acme-orders-mark"],
    ]);
    const build = plan(ORDERS).roles[0];
    expect(build.statements.map((s) => s.sid)).toContain("PushImage");
    expect(
      build.statements.find((s) => s.sid === "PushImage")?.resources,
    ).toEqual(["arn:aws:ecr:eu-west-1:000000000000:repository/acme/orders"]);
  });

  test("the pipeline's stages: source, build, then per environment (approval,) mark, deploy", () => {
    const [pipeline] = plan(ORDERS).pipelines;
    expect(pipeline.name).toBe("acme-orders");
    expect(
      pipeline.stages.map((s) => [s.name, s.action.map((a) => a.name)]),
    ).toEqual([
      ["Source", ["Source"]],
      ["Build", ["Build"]],
      ["Deploy-staging", ["Mark", "Deploy"]],
      ["Deploy-prod", ["Approve", "Mark", "Deploy"]],
    ]);
  });

  test("a retired entry keeps its names but has no roles and no pipeline", () => {
    const retired = catalogue([{ ...service("orders"), retired: true }]);
    expect(plan(retired).roles).toEqual([]);
    expect(plan(retired).pipelines).toEqual([]);
    expect(plan(retired).resources.map((r) => r.name)).toContain("acme/orders");
  });
});

describe("the checks walk the plan", () => {
  const names = (resources: readonly NamedResource[]) => {
    const p = plan(ORDERS);
    return nameProblems({ ...p, resources });
  };

  test("a resource added to the plan is checked against its AWS rule, without changing the checks", () => {
    const fake: NamedResource = {
      rule: NAME_RULES.iamRole,
      name: `acme-orders-${"x".repeat(60)}`,
      path: ["services", "orders"],
      rank: 2,
    };
    expect(names([...plan(ORDERS).resources, fake])).toEqual([
      {
        path: ["services", "orders"],
        message: `derived IAM role name "${fake.name}" is 72 characters; AWS allows 1 to 64`,
      },
    ]);
    expect(names([{ ...fake, name: "acme orders" }])).toEqual([
      {
        path: ["services", "orders"],
        message:
          'derived IAM role name "acme orders" is not allowed by AWS: use letters, digits and +=,.@_-',
      },
    ]);
  });

  test("and against every other name of its namespace; a retired holder claims first", () => {
    const claim = (
      path: string[],
      rank: 1 | 2,
      owner: string,
    ): NamedResource => ({
      name: "acme-x",
      path,
      rank,
      unique: { namespace: "IAM role", owner },
    });
    expect(
      names([
        claim(["services", "b"], 2, "service b's"),
        claim(["services", "a"], 1, "service a's"),
      ]),
    ).toEqual([
      {
        path: ["services", "b"],
        message:
          'derives the IAM role "acme-x", which is still service a\'s (retired: until the retirement is applied and the entry deleted); rename this one, or do that first',
      },
    ]);
  });

  test("the bundled shape fits", () => {
    const p = plan(ORDERS);
    expect(nameProblems(p)).toEqual([]);
    expect(policyProblems(p.roles)).toEqual([]);
  });

  test("a role whose statements outgrow IAM's quota is refused at its entry", () => {
    const role = {
      name: "acme-orders-build",
      purpose: "build" as const,
      path: ["services", "orders"],
      statements: [
        {
          sid: "Many",
          actions: ["s3:GetObject"],
          resources: Array.from(
            { length: 400 },
            (_, i) => `arn:aws:s3:::bucket-${i}/*`,
          ),
        },
      ],
    };
    expect(policySize(role)).toBeGreaterThan(ROLE_POLICY_LIMIT);
    expect(policyProblems([role])).toEqual([
      {
        path: ["services", "orders"],
        message: `its build role's policy would be ${policySize(role)} characters; IAM allows 10240 per role (fewer environments or secrets, or shorter names, make it fit)`,
      },
    ]);
  });
});

describe("layers", () => {
  const ROOT = path.join(__dirname, "..", "..");
  const imports = (folder: string) =>
    readdirSync(path.join(ROOT, folder), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) =>
        [
          ...readFileSync(path.join(ROOT, folder, f), "utf8").matchAll(
            /from "([^"]+)"/g,
          ),
        ].map((m) => `${folder}/${f}: ${m[1]}`),
      );

  test("plan/ imports neither cdktf nor constructs/", () => {
    expect(imports("plan").filter((i) => /cdktf|constructs/.test(i))).toEqual(
      [],
    );
  });

  /** The file a relative import names: "./rules" is rules.ts or, failing that, rules/index.ts. */
  const resolveImport = (target: string) =>
    [`${target}.ts`, path.join(target, "index.ts")].find((file) =>
      existsSync(file),
    ) ?? `${target}.ts`;

  test("an import of a folder resolves to its index.ts", () => {
    expect(resolveImport(path.join(ROOT, "config", "rules"))).toBe(
      path.join(ROOT, "config", "rules", "index.ts"),
    );
    expect(resolveImport(path.join(ROOT, "config", "schema"))).toBe(
      path.join(ROOT, "config", "schema.ts"),
    );
  });

  test("no two modules import each other", () => {
    const folders = ["config", "plan", "sources", "targets", "constructs"];
    const deps = new Map<string, string[]>();
    for (const folder of folders)
      for (const f of readdirSync(path.join(ROOT, folder), { recursive: true })
        .map(String)
        .filter((name) => name.endsWith(".ts"))) {
        const file = path.join(ROOT, folder, f);
        deps.set(
          file,
          [...readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)].map(
            (m) => resolveImport(path.resolve(path.dirname(file), m[1])),
          ),
        );
      }
    const mutual = [...deps].flatMap(([a, ds]) =>
      ds
        .filter((b) => a < b && (deps.get(b) ?? []).includes(a))
        .map((b) => `${path.relative(ROOT, a)} <-> ${path.relative(ROOT, b)}`),
    );
    expect(mutual).toEqual([]);
  });

  test("config/ imports nothing from constructs/", () => {
    expect(imports("config").filter((i) => /constructs/.test(i))).toEqual([]);
  });
});

describe("notifications in the plan", () => {
  test("a pipeline that notifies carries its rule: AWS's event ids, the catalogue's topic by name", () => {
    const orders = {
      ...service("orders", [environment("prod", true)]),
      notifications: { events: ["approval", "failed"] as const },
    };
    const p = plan({
      ...catalogue([orders, service("quiet")]),
      notifications: { events: ["failed"] },
    });
    expect(p.pipelines.map((x) => [x.name, x.notificationRule])).toEqual([
      [
        "acme-orders",
        {
          name: "acme-orders",
          eventTypeIds: [
            "codepipeline-pipeline-pipeline-execution-failed",
            "codepipeline-pipeline-manual-approval-needed",
          ],
          topicArn:
            "arn:aws:sns:eu-west-1:000000000000:acme-pipeline-notifications",
        },
      ],
      ["acme-quiet", undefined],
    ]);
  });

  test("an approval links the pipeline's console page", () => {
    const approve = plan(ORDERS)
      .pipelines[0].stages.find((s) => s.name === "Deploy-prod")!
      .action.find((a) => a.name === "Approve")!;
    expect(approve.configuration).toEqual({
      CustomData: "Deploy acme-orders to acme-orders-prod?",
      ExternalEntityLink:
        "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-orders/view?region=eu-west-1",
    });
  });
});
