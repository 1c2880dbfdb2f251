/**
 * The rules over names derived from the catalogue keys (AWS limits, clashes, artifact folders).
 * Each is a named function that reports problems; none throws. The catalogue rules in
 * config/rules/ (derived-name-limits, derived-name-clash, artifact-folder-clash) wrap them.
 */
import {
  ACCOUNT_ID_FOR_LENGTH,
  PIPELINE_ARTIFACT_FOLDER_LENGTH,
  checkName,
  NameKind,
  Names,
} from "../constructs/private/names";
import { getIn, isObject } from "./merge";
import { isRetired, RuleContext } from "./rules/rule";
import { Path } from "./yaml-path";

type Obj = Record<string, unknown>;

export type Rule = (ctx: RuleContext) => void;

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
      check(image.path, "codebuildProject", names.markProject(n));
      check(image.path, "iamRole", names.markRole(n));
      check(image.path, "logGroup", names.markLogGroup(n));
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
  // A retired entry's resources keep their names until its retirement is applied: it claims
  // first, so the live entry is the one told to change.
  const retired = new Set(
    ctx.images.filter(isRetired).map((i) => [...i.path].join(".")),
  );
  const claim = (kind: string, name: string, path: Path, what: string) => {
    const key = `${kind}\u0000${name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, { path, what });
    else if (retired.has(first.path.slice(0, 2).join(".")))
      ctx.report(
        path,
        `derives the ${kind} "${name}", which is still ${first.what} (retired: until the retirement is applied and the entry deleted); rename this one, or do that first`,
      );
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
  for (const image of [
    ...ctx.images.filter(isRetired),
    ...ctx.images.filter((i) => !isRetired(i)),
  ]) {
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
    if (image.kind === "service" && image.environments.length > 0) {
      claim(
        "CodeBuild project",
        names.markProject(n),
        image.path,
        `${of} mark`,
      );
      claim("IAM role", names.markRole(n), image.path, `${of} mark`);
      claim("log group", names.markLogGroup(n), image.path, `${of} mark`);
    }
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
