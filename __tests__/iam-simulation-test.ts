/**
 * The synthesized roles, put through an IAM policy simulator with every reference resolved to the
 * ARN it has in an example account: what each role may do, and what it may not.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { Call, decisions, EXAMPLE_ACCOUNT, resolvePolicy } from "./support/iam";
import { FIXTURES, Json, load, resource, synthStacks } from "./support/synth";

const CATALOGUE = load(
  readFileSync(path.join(FIXTURES, "valid", "isolation.yaml"), "utf8"),
);
const REGION = "eu-west-1";
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:${REGION}:${EXAMPLE_ACCOUNT}:${resource}`;

/** Every environment of the fixture, as service and environment key. */
const ENVIRONMENTS = CATALOGUE.services.flatMap((s) =>
  s.environments.map((e) => ({ service: s.name, env: e.name })),
);

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(CATALOGUE);
});

/** A role policy of a service stack, references resolved. */
function policyOf(service: string, address: string): string {
  const stack = stacks[`acme-${service}`];
  return resolvePolicy(
    resource(stack, "aws_iam_role_policy", address).policy,
    stack,
    service,
  );
}

describe("instance roles: an environment reads its own secrets and no other's", () => {
  /** What the instances of one environment read at start-up (its secrets), and run (its image). */
  const calls = (service: string, env: string): Call[] => [
    {
      action: "secretsmanager:GetSecretValue",
      resource: arn("secretsmanager", `secret:${service}/${env}/db-XXXXXX`),
    },
    {
      action: "ssm:GetParameter",
      resource: arn("ssm", `parameter/${service}/${env}/token`),
    },
    {
      action: "ecr:BatchGetImage",
      resource: arn("ecr", `repository/acme/${service}`),
    },
    {
      action: "logs:PutLogEvents",
      resource: arn(
        "logs",
        `log-group:/aws/elasticbeanstalk/acme-${service}-${env}/var/log/eb-engine.log:log-stream:i-0123456789abcdef0`,
      ),
    },
  ];

  test.each(ENVIRONMENTS)(
    "$service $env: its own secrets, image and logs are allowed",
    async ({ service, env }) => {
      const policy = policyOf(service, `instance-policy-${env}`);
      const own = calls(service, env);
      expect(await decisions(policy, own)).toEqual(
        own.map((c) => [c.action, c.resource, "Allowed"]),
      );
    },
  );

  test.each(ENVIRONMENTS)(
    "$service $env: every other environment's secrets and logs are denied, and other services' images",
    async ({ service, env }) => {
      const policy = policyOf(service, `instance-policy-${env}`);
      const others = ENVIRONMENTS.filter(
        (o) => o.service !== service || o.env !== env,
      ).flatMap((o) =>
        calls(o.service, o.env).filter(
          // the same service's image is this environment's image too
          (c) => !(o.service === service && c.action === "ecr:BatchGetImage"),
        ),
      );
      expect(others.length).toBeGreaterThan(15);
      expect(await decisions(policy, others)).toEqual(
        others.map((c) => [c.action, c.resource, "ImplicitlyDenied"]),
      );
    },
  );
});
