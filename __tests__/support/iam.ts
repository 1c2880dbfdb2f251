/**
 * Test support: the synthesized policies as IAM will see them (every Terraform reference
 * resolved to the concrete ARN or name it has in an example account), and an IAM policy
 * simulator (@cloud-copilot/iam-simulate) to ask them questions.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { Json } from "./synth";

/** The example account and key every reference resolves in. */
export const EXAMPLE_ACCOUNT = "123456789012";
export const EXAMPLE_KEY_ID = "00000000-0000-0000-0000-000000000000";

/**
 * The id Beanstalk gives an environment in the example account: "e-" and 10 lowercase letters
 * and digits (the length the policy-size check assumes), derived from the keys so a test can
 * name the environment's resources (awseb-<id>-stack-…).
 */
export function exampleEnvironmentId(service: string, env: string): string {
  const alnum = (text: string) => text.replace(/[^a-z0-9]/g, "");
  return `e-${(alnum(service).slice(0, 4) + alnum(env)).padEnd(10, "0").slice(0, 10)}`;
}

/**
 * A policy of a service stack with every `${…}` reference replaced by what Terraform resolves it
 * to in the example account (eu-west-1, organisation "acme"); an unknown reference throws.
 */
export function resolvePolicy(
  policy: string,
  stack: Json,
  service: string,
): string {
  const arn = (s: string, r: string) =>
    `arn:aws:${s}:eu-west-1:${EXAMPLE_ACCOUNT}:${r}`;
  const values: Record<string, string> = {
    "data.aws_caller_identity.current.account_id": EXAMPLE_ACCOUNT,
    "data.aws_kms_alias.catalogue-key.target_key_arn": arn(
      "kms",
      `key/${EXAMPLE_KEY_ID}`,
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
    ...Object.fromEntries(
      ["tests", "smoke"].flatMap((gate) => [
        [
          `aws_cloudwatch_log_group.${gate}_logs.arn`,
          arn("logs", `log-group:/aws/codebuild/acme-${service}-${gate}`),
        ],
        [
          `aws_codebuild_project.${gate}_project.arn`,
          arn("codebuild", `project/acme-${service}-${gate}`),
        ],
      ]),
    ),
    "aws_elastic_beanstalk_application.application.name": `acme-${service}`,
  };
  return policy.replace(/\$\{([^}]+)\}/g, (whole, ref: string) => {
    if (ref in values) return values[ref];
    const environment =
      /^aws_elastic_beanstalk_environment\.env-(.+)_environment\.id$/.exec(ref);
    if (environment) return exampleEnvironmentId(service, environment[1]);
    // A role, log group or parameter of the stack: its ARN from its name.
    const named =
      /^(aws_iam_role|aws_cloudwatch_log_group|aws_ssm_parameter)\.(.+)\.arn$/.exec(
        ref,
      );
    const name = named && stack.resource?.[named[1]]?.[named[2]]?.name;
    if (named && typeof name === "string") {
      if (named[1] === "aws_iam_role")
        return `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/${name}`;
      if (named[1] === "aws_cloudwatch_log_group")
        return arn("logs", `log-group:${name}`);
      return arn("ssm", `parameter${name}`);
    }
    const role = /^aws_iam_role\.instance-role-(.+)\.arn$/.exec(ref);
    if (role)
      return `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/acme-${service}-${role[1]}-instance`;
    const connection =
      /^data\.aws_codestarconnections_connection\.(.+)\.arn$/.exec(ref);
    if (connection)
      return arn("codeconnections", `connection/${EXAMPLE_KEY_ID}`);
    const secret = /^data\.aws_secretsmanager_secret\.(.+)\.arn$/.exec(ref);
    if (secret)
      return arn(
        "secretsmanager",
        `secret:${stack.data.aws_secretsmanager_secret[secret[1]].name}-XXXXXX`,
      );
    throw new Error(`no value for ${whole}`);
  });
}

/** One API call as IAM authorizes it: action, resource ARN and the request's context keys. */
export interface Call {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/**
 * What IAM decides for a call by a role with this identity policy (JSON text, references
 * resolved). A call the simulator cannot evaluate, or a context key that does not apply to the
 * action (the simulator would drop it silently), fails the test instead of passing quietly.
 * With a resource policy (a KMS key's, which KMS always consults: without one every kms: call is
 * denied), both are evaluated, as AWS does.
 */
export async function decide(
  policy: string,
  call: Call,
  principal = `arn:aws:iam::${EXAMPLE_ACCOUNT}:role/under-test`,
  resourcePolicy?: string,
): Promise<Decision> {
  return simulate([policy], call, principal, resourcePolicy);
}

/**
 * What IAM decides for a call by a principal (an AWS service, such as
 * "codestar-notifications.amazonaws.com", or a role ARN) that no identity policy grants anything:
 * only this resource policy (a topic's, a key's; references resolved) can allow it.
 */
export async function decideByResourcePolicy(
  resourcePolicy: string,
  call: Call,
  principal: string,
): Promise<Decision> {
  return simulate([], call, principal, resourcePolicy);
}

/** One simulated call: identity policies (none, or the role's) and an optional resource policy. */
async function simulate(
  identityPolicies: readonly string[],
  call: Call,
  principal: string,
  resourcePolicy: string | undefined,
): Promise<Decision> {
  for (const text of [...identityPolicies, resourcePolicy ?? ""])
    if (text.includes("${")) throw new Error(`unresolved reference in ${text}`);
  const result = await runSimulation(
    {
      identityPolicies: identityPolicies.map((policy) => ({
        name: "inline",
        policy: JSON.parse(policy),
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy !== undefined && {
        resourcePolicy: JSON.parse(resourcePolicy),
      }),
      request: {
        action: call.action,
        principal,
        resource: { resource: call.resource, accountId: EXAMPLE_ACCOUNT },
        contextVariables: { ...call.context },
      },
    },
    {},
  );
  if (result.resultType === "error")
    throw new Error(
      `${call.action} on ${call.resource}: ${JSON.stringify(result.errors)}`,
    );
  const ignored =
    result.resultType === "single"
      ? (result.result.ignoredContextKeys ?? [])
      : result.results.flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0)
    throw new Error(
      `${call.action} on ${call.resource}: context keys that do not apply: ${ignored.join(", ")}`,
    );
  return result.overallResult as Decision;
}

/**
 * Each call with IAM's decision, to compare a whole list at once in an assertion; with the
 * resource policy of the resource called (a KMS key's: KMS honours identity policies only when
 * the key's policy lets the account's IAM grant it, as DEFAULT_KEY_POLICY does).
 */
export async function decisions(
  policy: string,
  calls: readonly Call[],
  resourcePolicy?: string,
): Promise<[string, string, Decision][]> {
  const out: [string, string, Decision][] = [];
  for (const call of calls)
    out.push([
      call.action,
      call.resource,
      await decide(policy, call, undefined, resourcePolicy),
    ]);
  return out;
}

/**
 * The key policy KMS gives a customer-managed key by default: the account's IAM policies decide
 * who may use it (without such a statement no identity policy can grant the key).
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export const DEFAULT_KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
});
