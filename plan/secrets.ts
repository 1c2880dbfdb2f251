/**
 * Secret references as the catalogue writes them:
 *   ssm:<parameter name>
 *   secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]
 * (the second is CodeBuild's own SECRETS_MANAGER syntax:
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager)
 */
import type { SecretRef } from "../config/catalogue";
import { arn, type ArnScope, dnsSuffixOf, partitionOf } from "./arn";
import type { Statement } from "./iam";

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

/**
 * An SSM parameter's ARN by name; `escape` escapes the name for the text the ARN goes into (a
 * Terraform string, a buildspec).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html#awssystemsmanager-resources-for-iam-policies
 */
export function parameterArn(
  scope: ArnScope,
  name: string,
  escape: (text: string) => string = (text) => text,
): string {
  return arn(scope, "ssm", escape(parameterResource(name)));
}

/**
 * The ARNs an environment's secrets are read at, as the plan measures them: a parameter's ARN, a
 * secret's ARN as given, or for a secret named by name a stand-in of its full ARN's length (the
 * name and 7 more characters, the random suffix Secrets Manager adds).
 */
export function secretReadArns(
  scope: ArnScope,
  refs: Iterable<SecretRef>,
): { readonly parameterArns: string[]; readonly secretArns: string[] } {
  const parameters = new Set<string>();
  const secrets = new Set<string>();
  for (const ref of refs) {
    if (ref.store === "ssm") parameters.add(parameterArn(scope, ref.name));
    else
      secrets.add(
        ref.secretId.startsWith("arn:")
          ? ref.secretId
          : arn(scope, "secretsmanager", `secret:${ref.secretId}-XXXXXX`),
      );
  }
  return { parameterArns: [...parameters], secretArns: [...secrets] };
}

/** A secrets map's value as the catalogue writes it: the reference, or the reference and its key. */
export type SecretEntry =
  string | { readonly from: string; readonly kmsKey: string };

/**
 * The reference of a secrets map's value as written (a string, or a map with `from`); undefined
 * when there is none to check (the shape validator has refused what was there).
 */
export function referenceOf(entry: unknown): string | undefined {
  const text =
    typeof entry === "object" && entry !== null && "from" in entry
      ? entry.from
      : entry;
  return typeof text === "string" ? text : undefined;
}

/** Where a secrets map's value keeps its reference: the value itself, or its `from`. */
export function fromKey(entry: unknown): string[] {
  return typeof entry === "object" && entry !== null ? ["from"] : [];
}

/**
 * A KMS key's ARN: a key id (a UUID, or mrk- and 32 hex digits for a multi-Region key).
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN
 */
const KEY_ARN =
  /^arn:([a-z-]+):kms:([a-z0-9-]+):\d{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS_ARN = /^arn:[a-z-]+:kms:[a-z0-9-]*:\d*:(alias\/.*)$/;
const KEY_ARN_FORM = "arn:<partition>:kms:<region>:<account>:key/<key id>";

/**
 * What is wrong with a secret's kmsKey, if anything: it must be a key's ARN in the catalogue's
 * partition and region. An alias's ARN cannot be granted kms:Decrypt (a policy naming an alias
 * applies to the alias, not to its key:
 * https://docs.aws.amazon.com/kms/latest/developerguide/alias-authorization.html), and the
 * AWS-managed keys (alias/aws/ssm, alias/aws/secretsmanager) need no grant. SSM and Secrets
 * Manager encrypt with a key of their own region.
 */
export function kmsKeyProblem(
  text: string,
  region: string,
): string | undefined {
  const alias = ALIAS_ARN.exec(text);
  if (alias?.[1].startsWith("alias/aws/"))
    return `${alias[1]} is an AWS-managed key, which needs no grant: write the secret as a plain reference, got ${JSON.stringify(text)}`;
  if (alias)
    return `must name the key, not an alias (IAM does not authorize kms:Decrypt through an alias's ARN): ${KEY_ARN_FORM}, got ${JSON.stringify(text)}`;
  const key = KEY_ARN.exec(text);
  if (!key)
    return `must be a KMS key ARN, ${KEY_ARN_FORM}, got ${JSON.stringify(text)}`;
  if (region === "") return undefined;
  if (key[1] !== partitionOf(region))
    return `the key must be in the catalogue's partition ${partitionOf(region)}, got ${key[1]}`;
  if (key[2] !== region)
    return `the key must be in the catalogue's region ${region} (SSM and Secrets Manager encrypt with a key of their own region), got ${key[2]}`;
  return undefined;
}

/** The customer-managed keys some secrets are encrypted with, by the store that holds them. */
export interface SecretKeys {
  readonly parameters: readonly string[];
  readonly secrets: readonly string[];
}

/** The keys the catalogue names for these secrets (AWS-managed ones name none), sorted. */
export function secretKeys(refs: Iterable<SecretRef>): SecretKeys {
  const parameters = new Set<string>();
  const secrets = new Set<string>();
  for (const ref of refs) {
    if (ref.kmsKey === undefined) continue;
    (ref.store === "ssm" ? parameters : secrets).add(ref.kmsKey);
  }
  return { parameters: [...parameters].sort(), secrets: [...secrets].sort() };
}

/**
 * kms:Decrypt on exactly these keys, and only as the store that holds the secret asks for it on
 * the role's behalf: Parameter Store decrypts a SecureString for GetParameter(s) with decryption,
 * and Secrets Manager a secret for GetSecretValue, with the caller's permission on the key
 * (kms:ViaService names the store's endpoint in the catalogue's region).
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 * No statement for a store none of whose secrets names a key.
 */
export function decryptSecretStatements(
  keys: SecretKeys,
  region: string,
): Statement[] {
  const via = (service: string) =>
    `${service}.${region}.${dnsSuffixOf(region)}`;
  const statements: Statement[] = [];
  if (keys.parameters.length > 0)
    statements.push({
      sid: "DecryptParametersWithTheirKeys",
      actions: ["kms:Decrypt"],
      resources: [...keys.parameters],
      conditions: { StringEquals: { "kms:ViaService": via("ssm") } },
    });
  if (keys.secrets.length > 0)
    statements.push({
      sid: "DecryptSecretsWithTheirKeys",
      actions: ["kms:Decrypt"],
      resources: [...keys.secrets],
      conditions: { StringEquals: { "kms:ViaService": via("secretsmanager") } },
    });
  return statements;
}
