/**
 * The plan measures each role's policy as it will be once Terraform resolves the references
 * in it; here that measure is checked against the synthesized policies themselves.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "../config/load-catalogue";
import { policySize, ROLE_POLICY_LIMIT } from "../plan/check";
import { plan } from "../plan/plan";
import { EXAMPLE_ACCOUNT, EXAMPLE_KEY_ID, resolvePolicy } from "./support/iam";
import { EXAMPLE, FIXTURES, Json, load, synthStacks } from "./support/synth";

describe.each([
  ["the bundled catalogue", EXAMPLE],
  [
    "a catalogue with several entries in every map",
    path.join(FIXTURES, "valid", "many-maps.yaml"),
  ],
  [
    "a catalogue with every deployment policy and per-environment secrets",
    path.join(FIXTURES, "valid", "isolation.yaml"),
  ],
  [
    "a catalogue with ECS services (exec, secrets, a mixed service)",
    path.join(FIXTURES, "valid", "ecs.yaml"),
  ],
])("policy sizes of %s", (_what, file) => {
  const catalogue = load(readFileSync(file, "utf8"));
  const stacks = synthStacks(catalogue);
  const sizes = plan(catalogue)
    .roles.filter((r) => r.path[0] === "services")
    .map((r) => ({ path: r.path, role: r.purpose, characters: policySize(r) }));

  test("the validator's measure is the resolved policy's length, role by role", () => {
    expect(sizes.length).toBeGreaterThan(3);
    expect(sizes.map((s) => s.role)).toContain("mark");
    for (const { path: where, role, characters } of sizes) {
      const service = where[1] as string;
      const stack = stacks[`acme-${service}`];
      const address = {
        build: "build_policy",
        pipeline: "pipeline_policy",
        instance: `instance-policy-${where[3] as string}`,
        mark: "mark_policy",
        execution: `ecs-${where[3] as string}_execution-policy`,
        task: `ecs-${where[3] as string}_task-policy`,
        tests: "tests_policy",
        smoke: "smoke_policy",
        "docker builder": "docker-builder_policy",
      }[role];
      const policy = stack.resource.aws_iam_role_policy[address]
        .policy as string;
      expect([
        service,
        role,
        resolvePolicy(policy, stack, service).length,
      ]).toEqual([service, role, characters]);
    }
  });

  test("and every one fits IAM's quota", () => {
    for (const size of sizes)
      expect(size.characters).toBeLessThanOrEqual(ROLE_POLICY_LIMIT);
  });
});

/**
 * The docker builder's role is the plan's too: its deny on every base image grows with the
 * catalogue, and IAM would refuse it at apply.
 */
describe("the docker builder's policy", () => {
  /** A catalogue with `bases` base images and the docker builder. */
  const withBaseImages = (bases: number) =>
    [
      "version: 1",
      "organisation: acme",
      "region: eu-west-1",
      "connections:",
      "  github: { provider: GitHub }",
      "baseImages:",
      ...Array.from({ length: bases }, (_, i) => [
        `  b${i}-base-image-number:`,
        `    source: { connection: github, repository: acme/b${i}, branch: main }`,
      ]).flat(),
      "dockerBuilder: { enabled: true }",
      "services:",
      "  api:",
      "    source: { connection: github, repository: acme/api }",
      "",
    ].join("\n");
  const resolveShared = (policy: string, stack: Json) =>
    policy.replace(/\$\{([^}]+)\}/g, (whole, ref: string) => {
      const arn = (s: string, r: string) =>
        `arn:aws:${s}:eu-west-1:${EXAMPLE_ACCOUNT}:${r}`;
      if (ref === "data.aws_caller_identity.current.account_id")
        return EXAMPLE_ACCOUNT;
      if (ref === "aws_kms_key.key.arn")
        return arn("kms", `key/${EXAMPLE_KEY_ID}`);
      if (ref === "aws_cloudwatch_log_group.docker-builder_logs.arn")
        return arn("logs", "log-group:/aws/codebuild/acme-docker-builder");
      const connection = /^aws_codeconnections_connection\..+\.arn$/.exec(ref);
      if (connection)
        return arn("codeconnections", `connection/${EXAMPLE_KEY_ID}`);
      const repository = /^aws_ecr_repository\.(.+)\.arn$/.exec(ref);
      if (repository)
        return arn(
          "ecr",
          `repository/${stack.resource.aws_ecr_repository[repository[1]].name}`,
        );
      throw new Error(`no value for ${whole}`);
    });

  test.each([
    ["the bundled catalogue", readFileSync(EXAMPLE, "utf8")],
    ["a catalogue with 100 base images", withBaseImages(100)],
  ])("is measured by the plan as it is synthesized: %s", (_what, text) => {
    const catalogue = load(text);
    const role = plan(catalogue).roles.filter(
      (r) => r.purpose === "docker builder",
    );
    expect(role.map((r) => [r.name, r.path])).toEqual([
      ["acme-docker-builder", ["dockerBuilder"]],
    ]);
    const shared = synthStacks(catalogue)["acme-shared"];
    const policy = shared.resource.aws_iam_role_policy["docker-builder_policy"]
      .policy as string;
    expect(resolveShared(policy, shared).length).toBe(policySize(role[0]));
  });

  test("is refused at synth when IAM would refuse it, at the dockerBuilder line", () => {
    const text = withBaseImages(120);
    const line =
      text.split("\n").indexOf("dockerBuilder: { enabled: true }") + 1;
    let problems: readonly string[] = [];
    try {
      loadCatalogue(text, "services.yaml");
    } catch (error) {
      if (!(error instanceof CatalogueError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([
      `services.yaml:${line}:1 dockerBuilder: its docker builder role's policy would be 10274 characters; IAM allows 10240 per role (fewer base images or connections, or shorter names, make it fit)`,
    ]);
  });
});
