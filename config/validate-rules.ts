/**
 * Rules that span keys: references, derived AWS names, and limits that depend on merged values.
 * Each rule is a named function that reports problems; none throws. Rules run on the value the
 * shape validator returned (invalid parts left out), so they check only what is present.
 */
import {
  ACCOUNT_ID_FOR_LENGTH,
  PIPELINE_ARTIFACT_FOLDER_LENGTH,
  checkName,
  NameKind,
  Names,
} from "../constructs/private/names";
import { parseSecretRef } from "../constructs/private/secrets";
import { RESERVED_BUILD_VARIABLES } from "../constructs/private/buildspec";
import { DEFAULTS } from "./defaults";
import { getIn, isObject, Merged } from "./merge";
import { Path } from "./yaml-path";

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
function reportMerged(
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
    inherited ? `${message} (inherited by ${[...here].join(".")})` : message,
  );
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
  for (const image of ctx.images) {
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
  for (const image of ctx.images) {
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
  for (const image of ctx.images) {
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

export const instanceCounts: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const min =
        env.merged.get<number>(["minInstances"]) ??
        DEFAULTS.environment.minInstances;
      const max =
        env.merged.get<number>(["maxInstances"]) ??
        DEFAULTS.environment.maxInstances;
      if (min <= max) continue;
      if (env.merged.get(["maxInstances"]) === undefined) {
        reportMerged(
          ctx,
          env,
          ["minInstances"],
          `must be at most maxInstances (default ${max}), got ${min}`,
        );
      } else {
        reportMerged(
          ctx,
          env,
          ["maxInstances"],
          `must be at least minInstances (${min}), got ${max}`,
        );
      }
    }
  }
};

export const certificateInRegion: Rule = (ctx) => {
  const region = ctx.raw.region as string | undefined;
  if (region === undefined) return;
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const arn = env.merged.get<string>(["https", "certificateArn"]);
      if (arn !== undefined && arn.split(":")[3] !== region) {
        reportMerged(
          ctx,
          env,
          ["https", "certificateArn"],
          `the certificate must be in the catalogue's region ${region}, got ${arn.split(":")[3]}`,
        );
      }
    }
  }
};

/**
 * Beanstalk needs the instance subnets whenever it is told which VPC to use, and subnets only
 * mean something with their VPC. Checked on the merged network (top level, defaults, environment).
 */
export const networkComplete: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const network = env.merged.get<Obj>(["network"]);
      if (network === undefined) continue;
      if (
        network.vpcId !== undefined &&
        network.instanceSubnets === undefined
      ) {
        reportMerged(
          ctx,
          env,
          ["network", "vpcId"],
          "needs instanceSubnets (the subnets of the instances in this VPC)",
        );
      }
      for (const key of ["instanceSubnets", "loadBalancerSubnets"]) {
        if (network[key] !== undefined && network.vpcId === undefined) {
          reportMerged(
            ctx,
            env,
            ["network", key],
            "needs vpcId (the VPC these subnets are in)",
          );
        }
      }
    }
  }
};

export const cnamePrefixUnique: Rule = (ctx) => {
  const seen = new Map<string, string>();
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const prefix = env.merged.get<string>(["cnamePrefix"]);
      if (prefix === undefined) continue;
      const where = [...env.path].join(".");
      const first = seen.get(prefix.toLowerCase());
      if (first !== undefined)
        reportMerged(
          ctx,
          env,
          ["cnamePrefix"],
          `"${prefix}" is already the cnamePrefix of ${first}`,
        );
      else seen.set(prefix.toLowerCase(), where);
    }
  }
};

/** Every AWS name derived from the catalogue keys must fit AWS's own rules. */
export const derivedNames: Rule = (ctx) => {
  const organisation = ctx.raw.organisation as string | undefined;
  if (organisation === undefined) return;
  const names = new Names(organisation);
  const check = (path: Path, kind: NameKind, name: string) => {
    const problem = checkName(kind, name);
    if (problem) ctx.report(path, problem);
  };
  const region = (ctx.raw.region as string | undefined) ?? "ap-southeast-2";
  check(
    ["organisation"],
    "s3Bucket",
    names.artifactBucket(ACCOUNT_ID_FOR_LENGTH, region),
  );
  check(["organisation"], "kmsAlias", names.kmsAlias);
  for (const [key, connection] of Object.entries(
    (ctx.raw.connections ?? {}) as Obj,
  )) {
    if (isObject(connection) && connection.provider !== undefined)
      check(["connections", key], "connection", names.connection(key));
  }
  for (const image of ctx.images) {
    const n = image.name;
    check(image.path, "ecrRepository", names.repository(n));
    check(image.path, "codebuildProject", names.project(n));
    check(image.path, "pipeline", names.project(n));
    check(image.path, "iamRole", names.buildRole(n));
    check(image.path, "iamRole", names.pipelineRole(n));
    check(image.path, "iamRole", names.eventsRole(n));
    check(image.path, "eventRule", names.triggerRule(n, "base-image"));
    check(image.path, "eventRule", names.triggerRule(n, "source"));
    check(image.path, "logGroup", names.buildLogGroup(n));
    if (image.kind === "service" && image.environments.length > 0) {
      check(image.path, "beanstalkApplication", names.project(n));
    }
    for (const env of image.environments) {
      check(env.path, "beanstalkEnvironment", names.environment(n, env.name));
      // Never fails while the environment's name fits (40 + "-instance" <= 64); checked anyway
      // so a change of either name cannot slip through.
      check(env.path, "iamRole", names.instanceRole(n, env.name));
      check(env.path, "instanceProfile", names.instanceRole(n, env.name));
    }
  }
  const cloud = getIn(ctx.raw, ["terraform", "cloud"]);
  if (isObject(cloud)) {
    const prefix = (cloud.workspacePrefix as string | undefined) ?? "";
    // https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create (90 characters)
    const stacks = [
      `${organisation}-shared`,
      ...ctx.images
        .filter((i) => i.kind === "service")
        .map((i) => `${organisation}-${i.name}`),
    ];
    for (const stack of stacks) {
      if (prefix.length + stack.length > 90) {
        ctx.report(
          ["terraform", "cloud", "workspacePrefix"],
          `workspace name "${prefix}${stack}" is ${prefix.length + stack.length} characters; Terraform Cloud allows 90`,
        );
        break;
      }
    }
  }
};

/**
 * No two entries may derive the same AWS name (or stack): a service called "shared" would be a
 * second "<organisation>-shared" stack, one called "docker-builder" the docker builder's project,
 * and service "a" with environment "b-c" the same Beanstalk environment as service "a-b" with "c".
 */
export const derivedNamesUnique: Rule = (ctx) => {
  const organisation = ctx.raw.organisation as string | undefined;
  if (organisation === undefined) return;
  const names = new Names(organisation);
  const seen = new Map<string, { path: Path; what: string }>();
  const claim = (kind: string, name: string, path: Path, what: string) => {
    const key = `${kind}\u0000${name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, { path, what });
    else
      ctx.report(
        path,
        `derives the ${kind} "${name}", which is already ${first.what}; rename one of them`,
      );
  };
  claim(
    "stack",
    `${organisation}-shared`,
    ["organisation"],
    "the shared stack",
  );
  claim(
    "IAM role",
    names.beanstalkServiceRole,
    ["organisation"],
    "the Beanstalk service role",
  );
  const builder = ctx.raw.dockerBuilder as Obj | undefined;
  if (builder?.enabled === true) {
    claim(
      "CodeBuild project",
      names.dockerBuilder,
      ["dockerBuilder"],
      "the docker builder's",
    );
    claim(
      "IAM role",
      names.dockerBuilder,
      ["dockerBuilder"],
      "the docker builder's",
    );
    claim(
      "log group",
      names.dockerBuilderLogGroup,
      ["dockerBuilder"],
      "the docker builder's",
    );
  }
  for (const image of ctx.images) {
    const n = image.name;
    const of = `${image.kind === "service" ? "service" : "base image"} ${n}'s`;
    if (image.kind === "service")
      claim("stack", `${organisation}-${n}`, image.path, `${of} stack`);
    claim("CodeBuild project", names.project(n), image.path, of);
    claim("log group", names.buildLogGroup(n), image.path, of);
    for (const role of [
      names.buildRole(n),
      names.pipelineRole(n),
      names.eventsRole(n),
    ])
      claim("IAM role", role, image.path, of);
    for (const rule of [
      names.triggerRule(n, "source"),
      names.triggerRule(n, "base-image"),
    ])
      claim("EventBridge rule", rule, image.path, of);
    // An environment's instance role is its name plus "-instance" (no other role ends so):
    // unique environment names make unique instance roles.
    for (const env of image.environments) {
      claim(
        "Beanstalk environment",
        names.environment(n, env.name),
        env.path,
        `${[...env.path].join(".")}'s`,
      );
    }
  }
};

/**
 * CodePipeline keeps a pipeline's artifacts in a folder named after the first 20 characters of
 * its name, and each pipeline's roles reach only their own folder: two pipelines of a catalogue
 * must not share one.
 */
export const artifactFoldersUnique: Rule = (ctx) => {
  const organisation = ctx.raw.organisation as string | undefined;
  if (organisation === undefined) return;
  const names = new Names(organisation);
  const seen = new Map<string, Path>();
  for (const image of ctx.images) {
    const folder = names.artifactFolder(image.name);
    const first = seen.get(folder);
    if (first === undefined) {
      seen.set(folder, image.path);
      continue;
    }
    ctx.report(
      image.path,
      `pipeline "${names.project(image.name)}" would share the artifact folder "${folder}" with ${[...first].join(".")} ` +
        `(CodePipeline keeps the first ${PIPELINE_ARTIFACT_FOLDER_LENGTH} characters of a pipeline's name); make the names differ sooner`,
    );
  }
};

/**
 * Beanstalk's limits on environment properties: names up to 128 characters, values up to 256,
 * and all of them together, written as key=value, up to 4,096 bytes.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environments-cfg-softwaresettings.html
 */
export const beanstalkVariableLimits: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const variables = env.merged.get<Obj>(["variables"]) ?? {};
      let total = 0;
      for (const [name, value] of Object.entries(variables)) {
        const text = String(value);
        total += Buffer.byteLength(`${name}=${text}`);
        if (name.length > 128)
          reportMerged(
            ctx,
            env,
            ["variables", name],
            `Beanstalk allows names of up to 128 characters, got ${name.length}`,
          );
        if (text.length > 256)
          reportMerged(
            ctx,
            env,
            ["variables", name],
            `Beanstalk allows values of up to 256 characters, got ${text.length}`,
          );
      }
      if (total > 4096) {
        ctx.report(
          [...env.path, "variables"],
          `Beanstalk allows 4096 bytes of variables (as key=value) per environment, got ${total}`,
        );
      }
    }
  }
};

export const RULES: readonly Rule[] = [
  namesAreUnique,
  baseImageExists,
  customImageExists,
  connectionExists,
  connectionHosts,
  privilegedForGeneratedBuildspec,
  buildVariables,
  secretReferences,
  instanceCounts,
  certificateInRegion,
  networkComplete,
  cnamePrefixUnique,
  derivedNames,
  derivedNamesUnique,
  artifactFoldersUnique,
  beanstalkVariableLimits,
];

function known(what: string, names: readonly string[]): string {
  return names.length === 0
    ? `${what} is empty`
    : `${what} has ${[...names].sort().join(", ")}`;
}
