import { redact } from "../../plan/secrets";
import type { Merged } from "../merge";
import type { Path } from "../yaml-path";
import { reportMerged, type MergedRule, type RuleContext } from "./rule";
import { isObject } from "../merge";

// Plain-text credentials. A variable's value is written into the CodeBuild project or the
// Beanstalk environment's configuration, and so into the Terraform state, the console and
// DescribeConfigurationSettings: a credential belongs in SSM Parameter Store or Secrets Manager,
// named under `secrets:`.
// https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.variables
// https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html

/** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 more characters. */
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/;
/** A PEM private key block (RSA, EC, OPENSSH, ENCRYPTED, PKCS#8 ...). */
const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** A URL with a password in it: scheme://user:password@host. */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;
/**
 * Names of credentials, matched on the upper-cased name: PASSWORD, PASSWD, SECRET and API_KEY
 * anywhere (DB_PASSWORD, dbPassword, AWS_SECRET_ACCESS_KEY, STRIPE_API_KEY, apiKey), TOKEN(S)
 * where a word ends (GITHUB_TOKEN, authToken), so TOKENIZER_MODEL is not one.
 */
const CREDENTIAL_NAME = /PASSWORD|PASSWD|SECRET|API_?KEY|TOKENS?(?![A-Z])/;
/**
 * Names that say where a credential is or how it behaves, not what it is (TOKEN_URL,
 * SECRET_ARN, PASSWORD_MIN_LENGTH, API_KEY_HEADER): not credentials.
 */
const NOT_A_CREDENTIAL =
  /_(?:URL|URI|ENDPOINT|HOST|PORT|PATH|FILE|DIR|ARN|NAME|ID|REGION|TTL|TIMEOUT|EXPIRY|LENGTH|TYPE|HEADER|ENABLED)$/;
/** A setting, not a credential: empty or true/false. */
const NOT_A_SECRET_VALUE = /^(?:|true|false)$/i;
/** A number is a setting only under a name that counts or limits (MAX_TOKENS: 4096), not a PIN. */
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const COUNTS = /(?:^|_)(?:MAX|MIN|LIMIT|COUNT|SIZE|NUM|NUMBER)(?:_|$)|TOKENS$/;

/** What makes a variable a plain-text credential, or undefined. */
export function plaintextCredential(
  name: string,
  value: string,
): string | undefined {
  if (ACCESS_KEY_ID.test(value)) return "is an AWS access key id";
  if (PRIVATE_KEY.test(value)) return "is a private key";
  if (URL_PASSWORD.test(value)) return "is a URL with a password in it";
  const upper = name.toUpperCase();
  if (
    CREDENTIAL_NAME.test(upper) &&
    !NOT_A_CREDENTIAL.test(upper) &&
    !NOT_A_SECRET_VALUE.test(value.trim()) &&
    !(NUMBER.test(value.trim()) && COUNTS.test(upper))
  )
    return "is named like a credential and has a plain-text value";
  return undefined;
}

function checkPlaintext(
  ctx: RuleContext,
  image: { path: Path; merged: Merged },
  rel: Path,
): void {
  const secrets = [...rel.slice(0, -1), "secrets"].join(".");
  const variables = image.merged.get(rel, isObject) ?? {};
  for (const [name, value] of Object.entries(variables)) {
    const text = String(value);
    const problem = plaintextCredential(name, text);
    if (problem === undefined) continue;
    reportMerged(
      ctx,
      image,
      [...rel, name],
      `${problem}, got ${redact(text)}; keep it in SSM Parameter Store or Secrets Manager and reference it under ${secrets} (${name}: ssm:<parameter> or secretsmanager:<secret>)`,
    );
  }
}

export const plaintextSecrets: MergedRule = {
  id: "plaintext-secrets",
  summary:
    "No credentials in plain-text variables (access keys, private keys, URLs with a password, values of names like `*_PASSWORD`): reference them under `secrets`.",
  keys: [
    "services.<name>.build.variables",
    "services.<name>.environments.<env>.variables",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      checkPlaintext(ctx, image, ["build", "variables"]);
      for (const env of image.environments)
        checkPlaintext(ctx, env, ["variables"]);
    }
  },
};
