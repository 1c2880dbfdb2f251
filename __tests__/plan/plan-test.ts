/**
 * The plan layer on plain objects: no YAML, no cdktf, no synth.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
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
    expect(
      plan(ORDERS).stacks.map((s) => [s.kind, s.name, "path" in s && s.path]),
    ).toEqual([
      ["shared", "acme-shared", ["organisation"]],
      ["service", "acme-orders", ["services", "orders"]],
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

  test("config/ imports nothing from constructs/", () => {
    expect(imports("config").filter((i) => /constructs/.test(i))).toEqual([]);
  });

  /** The project's modules, relative to the root (not the tests, not generated output). */
  const modules = (dir = ""): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory())
        return /^(node_modules|__tests__|cdktf\.out|dist|baseline|\..*)$/.test(
          e.name,
        )
          ? []
          : modules(rel);
      return rel.endsWith(".ts") && !rel.endsWith(".d.ts") ? [rel] : [];
    });

  /**
   * Every import of each module, as the module (relative to the root) or the package it names,
   * and whether it is type-only: `import type`, `export type ... from`, or named imports that are
   * all `type` (erased from the JavaScript). Any other import, re-export, `import x = require`
   * or dynamic `import()`/`require()` is a runtime one.
   */
  const importGraph = () => {
    const graph = new Map<string, { to: string; type: boolean }[]>();
    for (const file of modules()) {
      const source = ts.createSourceFile(
        file,
        readFileSync(path.join(ROOT, file), "utf8"),
        ts.ScriptTarget.Latest,
        true,
      );
      const edges: { to: string; type: boolean }[] = [];
      const add = (specifier: string, type: boolean) =>
        edges.push({
          to: specifier.startsWith(".")
            ? path.relative(
                ROOT,
                resolveImport(
                  path.resolve(path.join(ROOT, path.dirname(file)), specifier),
                ),
              )
            : `package:${specifier}`,
          type,
        });
      const visit = (node: ts.Node): void => {
        if (
          ts.isImportDeclaration(node) &&
          ts.isStringLiteral(node.moduleSpecifier)
        ) {
          const clause = node.importClause;
          const named = clause?.namedBindings;
          add(
            node.moduleSpecifier.text,
            clause !== undefined &&
              (clause.isTypeOnly ||
                (clause.name === undefined &&
                  named !== undefined &&
                  ts.isNamedImports(named) &&
                  named.elements.length > 0 &&
                  named.elements.every((e) => e.isTypeOnly))),
          );
        } else if (
          ts.isExportDeclaration(node) &&
          node.moduleSpecifier &&
          ts.isStringLiteral(node.moduleSpecifier)
        ) {
          add(node.moduleSpecifier.text, node.isTypeOnly);
        } else if (
          ts.isImportEqualsDeclaration(node) &&
          ts.isExternalModuleReference(node.moduleReference) &&
          ts.isStringLiteral(node.moduleReference.expression)
        ) {
          add(node.moduleReference.expression.text, node.isTypeOnly);
        } else if (
          ts.isCallExpression(node) &&
          (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
            (ts.isIdentifier(node.expression) &&
              node.expression.text === "require")) &&
          node.arguments.length > 0 &&
          ts.isStringLiteral(node.arguments[0])
        ) {
          add(node.arguments[0].text, false);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      graph.set(file, edges);
    }
    return graph;
  };
  const GRAPH = importGraph();
  const runtime = (file: string) =>
    (GRAPH.get(file) ?? []).filter((e) => !e.type).map((e) => e.to);

  type Edge = { to: string; type: boolean };
  const edges = (file: string): Edge[] => GRAPH.get(file) ?? [];

  /**
   * Import cycles, one per strongly connected component (Tarjan's), each as a readable chain
   * from the component's first module back to it, the shortest there is: `a -> b -(type)-> a`,
   * `-(type)->` marking a type-only import.
   */
  const cycles = (next: (file: string) => readonly Edge[]): string[] => {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const components: string[][] = [];
    const targets = (v: string) =>
      next(v)
        .map((e) => e.to)
        .filter((m) => GRAPH.has(m));
    const connect = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      for (const w of targets(v)) {
        if (!index.has(w)) {
          connect(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (stack.includes(w))
          low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || targets(v).includes(v))
          components.push(component.sort());
      }
    };
    for (const v of GRAPH.keys()) if (!index.has(v)) connect(v);
    // Breadth-first from the component's first module, inside it, until an edge leads back.
    const chain = (component: string[]): string => {
      const inside = new Set(component);
      const start = component[0];
      const reached = new Map<string, { from: string; edge: Edge }>();
      const queue = [start];
      for (let v = queue.shift(); v !== undefined; v = queue.shift())
        for (const edge of next(v)) {
          if (!inside.has(edge.to)) continue;
          if (edge.to === start) {
            const steps = [edge];
            for (let x = v; x !== start; x = reached.get(x)!.from)
              steps.unshift(reached.get(x)!.edge);
            return steps.reduce(
              (text, e) => `${text} ${e.type ? "-(type)->" : "->"} ${e.to}`,
              start,
            );
          }
          if (!reached.has(edge.to)) {
            reached.set(edge.to, { from: v, edge });
            queue.push(edge.to);
          }
        }
      return component.join(", ");
    };
    return components.map(chain);
  };

  test("the import graph is read as TypeScript compiles it", () => {
    expect(GRAPH.size).toBeGreaterThan(100);
    // a runtime import, a type-only import and a package
    expect(runtime("plan/plan.ts")).toContain("plan/names.ts");
    expect(GRAPH.get("plan/check.ts")).toContainEqual({
      to: "plan/plan.ts",
      type: true,
    });
    expect(runtime("plan/check.ts")).not.toContain("plan/plan.ts");
    expect(runtime("constructs/build-project.ts")).toContain(
      "package:@cdktf/provider-aws/lib/iam-role",
    );
  });

  test("no module imports itself through other modules, type-only imports included", () => {
    expect(cycles(edges)).toEqual([]);
    // The check sees a cycle where there is one, and names it: the Dockerrun file's module
    // imports the BuildArtifact type from plan/buildspec.ts.
    const plus =
      (from: string, edge: Edge) =>
      (file: string): Edge[] =>
        file === from ? [...edges(file), edge] : edges(file);
    expect(
      cycles(
        plus("plan/buildspec.ts", {
          to: "targets/beanstalk/dockerrun.ts",
          type: false,
        }),
      ),
    ).toEqual([
      "plan/buildspec.ts -> targets/beanstalk/dockerrun.ts -(type)-> plan/buildspec.ts",
    ]);
    // A longer one is followed through every module on it.
    expect(
      cycles(
        plus("sources/connection/trigger.ts", {
          to: "sources/codecommit/index.ts",
          type: true,
        }),
      ),
    ).toEqual([
      "sources/codecommit/index.ts -> sources/connection/index.ts -> sources/connection/trigger.ts -(type)-> sources/codecommit/index.ts",
    ]);
  });

  test("nothing under config/ or plan/ reaches constructs/ or cdktf, through any chain of imports", () => {
    const reaches = (start: string) => {
      const seen = new Map<string, string | undefined>([[start, undefined]]);
      const queue = [start];
      const found: string[] = [];
      while (queue.length > 0) {
        const v = queue.shift()!;
        // type-only imports too: a layer that needs a construct's types depends on it
        for (const { to } of GRAPH.get(v) ?? []) {
          if (seen.has(to)) continue;
          seen.set(to, v);
          if (/^(constructs\/|package:(cdktf|@cdktf\/|constructs$))/.test(to)) {
            const chain = [to];
            for (let x = seen.get(to); x !== undefined; x = seen.get(x))
              chain.unshift(x);
            found.push(chain.join(" -> "));
          } else queue.push(to);
        }
      }
      return found;
    };
    const layers = [...GRAPH.keys()].filter((f) => /^(config|plan)\//.test(f));
    expect(layers.length).toBeGreaterThan(40);
    expect(layers.flatMap(reaches)).toEqual([]);
    // The walk follows chains: the renderers reach cdktf through a target's render.
    expect(reaches("targets/renderers.ts")).toContain(
      "targets/renderers.ts -> targets/beanstalk/renderer.ts -> targets/beanstalk/render.ts -> package:@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack",
    );
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
