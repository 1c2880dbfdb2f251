/**
 * The plan measures each role's policy as it will be once Terraform resolves the references
 * in it; here that measure is checked against the synthesized policies themselves.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { policySize, ROLE_POLICY_LIMIT } from "../plan/check";
import { plan } from "../plan/plan";
import { resolvePolicy } from "./support/iam";
import { EXAMPLE, FIXTURES, load, synthStacks } from "./support/synth";

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
