/**
 * Rules that span keys: references, derived AWS names, and limits that depend on merged values.
 * Each rule is a named function that reports problems; none throws. Rules run on the value the
 * shape validator returned (invalid parts left out), so they check only what is present.
 */
import { parseSecretRef, redact } from "../plan/secrets";
import { RESERVED_BUILD_VARIABLES } from "../plan/buildspec";
import { DEFAULTS } from "./defaults";
import { getIn, isObject, Merged } from "./merge";
import { formatPath, Path } from "./yaml-path";

type Obj = Record<string, unknown>;

/** A service (or base image) with `defaults:` merged under it. */
export interface MergedImage {
  readonly name: string;
  readonly kind: "service" | "baseImage";
  readonly path: Path;
  readonly merged: Merged;
  readonly environments: readonly {
    readonly name: string;
    readonly path: Path;
    readonly merged: Merged;
  }[];
}

export interface RuleContext {
  readonly raw: Obj;
  readonly images: readonly MergedImage[];
  report(path: Path, message: string): void;
}

export type Rule = (ctx: RuleContext) => void;

/** Builds the merged view of every service and base image. */
export function mergeImages(raw: Obj): MergedImage[] {
  const defaults = (raw.defaults ?? {}) as Obj;
  const out: MergedImage[] = [];
  for (const [name, value] of Object.entries((raw.baseImages ?? {}) as Obj)) {
    out.push({
      name,
      kind: "baseImage",
      path: ["baseImages", name],
      merged: new Merged([{ path: ["baseImages", name], value }]),
      environments: [],
    });
  }
  for (const [name, value] of Object.entries((raw.services ?? {}) as Obj)) {
    const path = ["services", name];
    const own = isObject(value) ? value : {};
    const merged = new Merged([
      {
        path: ["defaults"],
        value: { build: defaults.build, image: defaults.image },
      },
      { path, value: own },
    ]);
    const environments = Object.entries((own.environments ?? {}) as Obj).map(
      ([env, envValue]) => ({
        name: env,
        path: [...path, "environments", env],
        merged: new Merged([
          { path: [], value: { network: raw.network } },
          { path: ["defaults", "environment"], value: defaults.environment },
          { path: [...path, "environments", env], value: envValue },
        ]),
      }),
    );
    out.push({ name, kind: "service", path, merged, environments });
  }
  return out;
}

/** Reports at the line where the value was written; says so when it was inherited. */
export function reportMerged(
  ctx: RuleContext,
  image: { path: Path; merged: Merged },
  rel: Path,
  message: string,
): void {
  const origin = image.merged.origin(rel);
  const here = [...image.path, ...rel];
  const inherited =
    origin.length !== here.length || origin.some((part, i) => part !== here[i]);
  ctx.report(
    origin,
    inherited ? `${message} (inherited by ${formatPath(here)})` : message,
  );
}

/** A retired entry runs nothing: only its image repository is kept (see ServiceStack). */
export function isRetired(image: MergedImage): boolean {
  return image.merged.get<boolean>(["retired"]) === true;
}

// ---------------------------------------------------------------------------------------------

/** A name may be a service or a base image, not both: they would share every AWS name. */
export const namesAreUnique: Rule = (ctx) => {
  const baseImages = (ctx.raw.baseImages ?? {}) as Obj;
  for (const name of Object.keys((ctx.raw.services ?? {}) as Obj)) {
    if (name in baseImages)
      ctx.report(
        ["services", name],
        `"${name}" is also a base image; services and base images need different names`,
      );
  }
};

export const baseImageExists: Rule = (ctx) => {
  const baseImages = Object.keys((ctx.raw.baseImages ?? {}) as Obj);
  // A retired entry builds nothing: what it named may already be gone.
  for (const image of ctx.images.filter((i) => !isRetired(i))) {
    const ref = image.merged.get<string>(["baseImage"]);
    if (ref !== undefined && !baseImages.includes(ref)) {
      reportMerged(
        ctx,
        image,
        ["baseImage"],
        `unknown base image "${ref}"; ${known("baseImages", baseImages)}`,
      );
    }
  }
};

export const customImageExists: Rule = (ctx) => {
  const baseImages = Object.keys((ctx.raw.baseImages ?? {}) as Obj);
  for (const image of ctx.images.filter((i) => !isRetired(i))) {
    const ref = image.merged.get<string>(["build", "customImage"]);
    if (ref === undefined) continue;
    if (!baseImages.includes(ref)) {
      reportMerged(
        ctx,
        image,
        ["build", "customImage"],
        `unknown base image "${ref}"; ${known("baseImages", baseImages)}`,
      );
    } else if (image.kind === "baseImage" && ref === image.name) {
      reportMerged(
        ctx,
        image,
        ["build", "customImage"],
        `a base image cannot be built inside itself`,
      );
    }
  }
};

export const connectionExists: Rule = (ctx) => {
  const connections = Object.keys((ctx.raw.connections ?? {}) as Obj);
  for (const image of ctx.images.filter((i) => !isRetired(i))) {
    const ref = image.merged.get<string>(["source", "connection"]);
    if (ref !== undefined && !connections.includes(ref)) {
      reportMerged(
        ctx,
        image,
        ["source", "connection"],
        `unknown connection "${ref}"; ${known("connections", connections)}`,
      );
    }
  }
};

/**
 * A retired base image has no pipeline any more: nothing may build FROM it or inside it. Retire
 * it once nothing uses it, or retire what uses it with it.
 */
export const retiredBaseImagesUnused: Rule = (ctx) => {
  const retired = new Set(
    ctx.images
      .filter((i) => i.kind === "baseImage" && isRetired(i))
      .map((i) => i.name),
  );
  const uses: [Path, string][] = [
    [["baseImage"], "build FROM another base image"],
    [["build", "customImage"], "build inside another image"],
  ];
  for (const image of ctx.images.filter((i) => !isRetired(i))) {
    for (const [rel, instead] of uses) {
      const ref = image.merged.get<string>(rel);
      if (ref === undefined || !retired.has(ref)) continue;
      reportMerged(
        ctx,
        image,
        rel,
        `base image "${ref}" is retired; ${instead}, or retire this ${image.kind === "service" ? "service" : "base image"} too`,
      );
    }
  }
};

/**
 * A connection to a self-hosted provider is made through a host: CreateConnection refuses a
 * ProviderType of GitHubEnterpriseServer without one, and a host with any other provider.
 */
export const connectionHosts: Rule = (ctx) => {
  for (const [name, value] of Object.entries(
    (ctx.raw.connections ?? {}) as Obj,
  )) {
    if (!isObject(value) || value.provider === undefined) continue;
    if (
      value.provider === "GitHubEnterpriseServer" &&
      value.hostArn === undefined
    ) {
      ctx.report(
        ["connections", name, "provider"],
        "GitHubEnterpriseServer needs hostArn (the CodeConnections host of your server)",
      );
    }
    if (
      value.provider !== "GitHubEnterpriseServer" &&
      value.hostArn !== undefined
    ) {
      ctx.report(
        ["connections", name, "hostArn"],
        `a host is only for GitHubEnterpriseServer, not ${String(value.provider)}`,
      );
    }
  }
};

/**
 * A connection is a regional resource and a pipeline's source action runs in the pipeline's own
 * region (CodePipeline refuses a source action in another region), so an existing connection must
 * be in the catalogue's region, where the pipelines are.
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/connections.html
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
 */
export const connectionInRegion: Rule = (ctx) => {
  const region = ctx.raw.region as string | undefined;
  if (region === undefined) return;
  for (const [name, value] of Object.entries(
    (ctx.raw.connections ?? {}) as Obj,
  )) {
    const arn = getIn(value, ["existing", "arn"]);
    if (typeof arn !== "string") continue;
    const arnRegion = arn.split(":")[3];
    if (arnRegion !== region)
      ctx.report(
        ["connections", name, "existing", "arn"],
        `the connection must be in the catalogue's region ${region}, got ${arnRegion}`,
      );
  }
};

/** The generated buildspec runs Docker, which needs privileged mode. */
export const privilegedForGeneratedBuildspec: Rule = (ctx) => {
  for (const image of ctx.images) {
    const privileged =
      image.merged.get<boolean>(["build", "privileged"]) ??
      DEFAULTS.build.privileged;
    if (!privileged && image.merged.get(["build", "buildspec"]) === undefined) {
      reportMerged(
        ctx,
        image,
        ["build", "privileged"],
        "the generated buildspec builds with Docker, which needs privileged: true (or give your own buildspec)",
      );
    }
  }
};

export const buildVariables: Rule = (ctx) => {
  for (const image of ctx.images) {
    const variables = image.merged.get<Obj>(["build", "variables"]) ?? {};
    const secrets = image.merged.get<Obj>(["build", "secrets"]) ?? {};
    for (const name of [...Object.keys(variables), ...Object.keys(secrets)]) {
      const where = name in secrets ? "secrets" : "variables";
      if (
        RESERVED_BUILD_VARIABLES.includes(name) ||
        name.startsWith("CODEBUILD_")
      ) {
        reportMerged(
          ctx,
          image,
          ["build", where, name],
          `${name} is set by the build itself; choose another name`,
        );
      }
    }
    for (const name of Object.keys(secrets)) {
      if (name in variables)
        reportMerged(
          ctx,
          image,
          ["build", "secrets", name],
          `${name} is both a variable and a secret`,
        );
    }
  }
};

function checkSecrets(
  ctx: RuleContext,
  image: { path: Path; merged: Merged },
  rel: Path,
  forBeanstalk: boolean,
): void {
  const region = ctx.raw.region as string | undefined;
  const secrets = image.merged.get<Obj>(rel) ?? {};
  for (const [name, text] of Object.entries(secrets)) {
    const ref = parseSecretRef(text as string, region ?? "");
    if (typeof ref === "string") {
      // Without a valid region the region comparison would be noise.
      if (region !== undefined || !ref.includes("region"))
        reportMerged(ctx, image, [...rel, name], ref);
      continue;
    }
    // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html
    if (
      forBeanstalk &&
      ref.store === "secretsmanager" &&
      (ref.versionStage || ref.versionId)
    ) {
      reportMerged(
        ctx,
        image,
        [...rel, name],
        "Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
      );
    }
  }
}

export const secretReferences: Rule = (ctx) => {
  for (const image of ctx.images) {
    checkSecrets(ctx, image, ["build", "secrets"], false);
    for (const env of image.environments) {
      checkSecrets(ctx, env, ["secrets"], true);
      const variables = env.merged.get<Obj>(["variables"]) ?? {};
      for (const name of Object.keys(env.merged.get<Obj>(["secrets"]) ?? {})) {
        if (name in variables)
          reportMerged(
            ctx,
            env,
            ["secrets", name],
            `${name} is both a variable and a secret`,
          );
      }
    }
  }
};

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
/** A setting, not a credential: empty, true/false or a number (MAX_TOKENS: 4096). */
const NOT_A_SECRET_VALUE = /^(?:|true|false|-?\d+(?:\.\d+)?)$/i;

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
    !NOT_A_SECRET_VALUE.test(value.trim())
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
  const variables = image.merged.get<Obj>(rel) ?? {};
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

export const plaintextSecrets: Rule = (ctx) => {
  for (const image of ctx.images) {
    checkPlaintext(ctx, image, ["build", "variables"]);
    for (const env of image.environments)
      checkPlaintext(ctx, env, ["variables"]);
  }
};

export const RULES: readonly Rule[] = [
  namesAreUnique,
  baseImageExists,
  customImageExists,
  connectionExists,
  retiredBaseImagesUnused,
  connectionHosts,
  connectionInRegion,
  privilegedForGeneratedBuildspec,
  buildVariables,
  secretReferences,
  plaintextSecrets,
];

function known(what: string, names: readonly string[]): string {
  return names.length === 0
    ? `${what} is empty`
    : `${what} has ${[...names].sort().join(", ")}`;
}
