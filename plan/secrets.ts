/**
 * Secret references as the catalogue writes them:
 *   ssm:<parameter name>
 *   secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]
 * (the second is CodeBuild's own SECRETS_MANAGER syntax:
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager)
 */
import type { SecretRef } from "../config/catalogue";

// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
// A full ARN ends in the 6 random characters Secrets Manager adds; IAM matches nothing shorter.
const SECRET_ARN =
  /^arn:aws(?:-cn|-us-gov)?:secretsmanager:([a-z0-9-]+):\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/**
 * A value from a secret-ish position (a secret reference, a credential-like variable) as error
 * messages may show it: its first characters and its length, never the whole. A reference keeps
 * its "ssm:" / "secretsmanager:" prefix, so the user still sees which form was meant; a value
 * shorter than 12 characters shows fewer characters, so little of a short secret is revealed.
 */
export function redact(text: string): string {
  const prefix = /^(?:ssm|secretsmanager):/.exec(text)?.[0] ?? "";
  const rest = text.slice(prefix.length);
  const shown = rest.slice(0, Math.min(4, Math.floor(rest.length / 3)));
  return `${JSON.stringify(`${prefix}${shown}…`)} (${text.length} characters)`;
}

/** Parses a reference; a string result is what is wrong with it (the reference redacted). */
export function parseSecretRef(
  text: string,
  region: string,
): SecretRef | string {
  if (text.startsWith("ssm:")) {
    const name = text.slice(4);
    if (name.startsWith("arn:"))
      return `give the parameter name after "ssm:", not an ARN, got ${redact(text)}`;
    if (!PARAMETER_NAME.test(name) || name.includes("//")) {
      return `"ssm:" must be followed by a parameter name (letters, digits and _.-/), got ${redact(text)}`;
    }
    return { store: "ssm", name };
  }
  if (text.startsWith("secretsmanager:")) {
    const rest = text.slice("secretsmanager:".length);
    let secretId: string;
    let extra: string[];
    if (rest.startsWith("arn:")) {
      const parts = rest.split(":");
      secretId = parts.slice(0, 7).join(":");
      extra = parts.slice(7);
      const match = SECRET_ARN.exec(secretId);
      if (!match) {
        return `must name a complete Secrets Manager secret ARN (it ends in -<6 characters>) or the secret's name, got ${redact(text)}`;
      }
      if (match[1] !== region)
        return `the secret must be in the catalogue's region ${region}, got ${match[1]}`;
    } else {
      [secretId, ...extra] = rest.split(":");
      if (!SECRET_NAME.test(secretId)) {
        return `"secretsmanager:" must be followed by a secret name (letters, digits and /_+=.@-) or ARN, got ${redact(text)}`;
      }
    }
    if (extra.length > 3)
      return `has too many ":" parts, got ${redact(text)} (<secret>[:<json key>[:<version stage>[:<version id>]]])`;
    const [jsonKey, versionStage, versionId] = extra.map((part) =>
      part === "" ? undefined : part,
    );
    return {
      store: "secretsmanager",
      secretId,
      ...(jsonKey !== undefined && { jsonKey }),
      ...(versionStage !== undefined && { versionStage }),
      ...(versionId !== undefined && { versionId }),
    };
  }
  return `must start with "ssm:" or "secretsmanager:", got ${redact(text)}`;
}

/** The value CodeBuild takes for a PARAMETER_STORE or SECRETS_MANAGER variable. */
export function codebuildSecretValue(ref: SecretRef): string {
  if (ref.store === "ssm") return ref.name;
  const parts = [
    ref.secretId,
    ref.jsonKey ?? "",
    ref.versionStage ?? "",
    ref.versionId ?? "",
  ];
  while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts.join(":");
}

/** The resource part of an SSM parameter's ARN: "parameter/a/b" for "/a/b" and for "a/b". */
export function parameterResource(name: string): string {
  return `parameter${name.startsWith("/") ? "" : "/"}${name}`;
}
