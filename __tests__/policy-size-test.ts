/**
 * The validator measures each role's policy as it will be once Terraform resolves the references
 * in it; here that measure is checked against the synthesized policies themselves.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { policySizes, ROLE_POLICY_LIMIT } from "../config/validate-policies";
import { EXAMPLE, FIXTURES, Json, load, synthStacks } from "./support/synth";

const ACCOUNT = "123456789012";
const UUID = "00000000-0000-0000-0000-000000000000";

/** What each reference of a service stack resolves to, in the eu-west-1 example account. */
function resolve(policy: string, stack: Json, service: string): string {
  const arn = (s: string, r: string) =>
    `arn:aws:${s}:eu-west-1:${ACCOUNT}:${r}`;
  const values: Record<string, string> = {
    "data.aws_caller_identity.current.account_id": ACCOUNT,
    "data.aws_kms_alias.catalogue-key.target_key_arn": arn(
      "kms",
      `key/${UUID}`,
    ),
    "aws_ecr_repository.image_repository.arn": arn(
      "ecr",
      `repository/acme/${service}`,
    ),
    "aws_cloudwatch_log_group.build_logs.arn": arn(
      "logs",
      `log-group:/aws/codebuild/acme-${service}`,
    ),
    "aws_codebuild_project.build_project.arn": arn(
      "codebuild",
      `project/acme-${service}`,
    ),
    "aws_cloudwatch_log_group.mark_logs.arn": arn(
      "logs",
      `log-group:/aws/codebuild/acme-${service}-mark`,
    ),
    "aws_codebuild_project.mark_project.arn": arn(
      "codebuild",
      `project/acme-${service}-mark`,
    ),
    "aws_elastic_beanstalk_application.application.name": `acme-${service}`,
    "aws_iam_role.instance-role.arn": `arn:aws:iam::${ACCOUNT}:role/acme-${service}-instance`,
  };
  return policy.replace(/\$\{([^}]+)\}/g, (whole, ref: string) => {
    if (ref in values) return values[ref];
    const connection =
      /^data\.aws_codestarconnections_connection\.(.+)\.arn$/.exec(ref);
    if (connection) return arn("codeconnections", `connection/${UUID}`);
    const secret = /^data\.aws_secretsmanager_secret\.(.+)\.arn$/.exec(ref);
    if (secret)
      return arn(
        "secretsmanager",
        `secret:${stack.data.aws_secretsmanager_secret[secret[1]].name}-XXXXXX`,
      );
    throw new Error(`no value for ${whole}`);
  });
}

describe.each([
  ["the bundled catalogue", EXAMPLE],
  [
    "a catalogue with several entries in every map",
    path.join(FIXTURES, "valid", "many-maps.yaml"),
  ],
])("policy sizes of %s", (_what, file) => {
  const catalogue = load(readFileSync(file, "utf8"));
  const stacks = synthStacks(catalogue);
  const sizes = policySizes(catalogue).filter((s) => s.path[0] === "services");

  test("the validator's measure is the resolved policy's length, role by role", () => {
    expect(sizes.length).toBeGreaterThan(3);
    expect(sizes.map((s) => s.role)).toContain("mark");
    for (const { path: where, role, characters } of sizes) {
      const service = where[1] as string;
      const stack = stacks[`acme-${service}`];
      const address = {
        build: "build_policy",
        pipeline: "pipeline_policy",
        instance: "instance-policy",
        mark: "mark_policy",
      }[role];
      const policy = stack.resource.aws_iam_role_policy[address]
        .policy as string;
      expect([service, role, resolve(policy, stack, service).length]).toEqual([
        service,
        role,
        characters,
      ]);
    }
  });

  test("and every one fits IAM's quota", () => {
    for (const size of sizes)
      expect(size.characters).toBeLessThanOrEqual(ROLE_POLICY_LIMIT);
  });
});
