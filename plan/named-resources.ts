/**
 * Every physical name the catalogue derives, once, with the catalogue key that derives it: the
 * name checks (./check) walk this list, so a new named resource is checked by adding it here.
 */
import type { CatalogueOutline } from "../config/catalogue";
import { DEFAULTS } from "../config/defaults";
import type { Path } from "../config/yaml-path";
import {
  ACCOUNT_ID_FOR_LENGTH,
  NAME_RULES,
  NameKind,
  NameRule,
  Names,
} from "./names";
import {
  DEFAULT_DEPLOY_TARGET,
  DEPLOY_TARGETS,
  deployTarget,
} from "../targets/registry";
import type { NamedResource } from "./named-resource";
import {
  connectionNames,
  imageNames,
  ProjectNames,
  sharedNames,
} from "./image-names";

export type { NamedResource } from "./named-resource";

/** A Terraform stack of the catalogue. */
export interface StackPlan {
  readonly kind: "shared" | "service";
  readonly name: string;
  readonly path: Path;
  /** Its Terraform Cloud workspace, when the catalogue uses one. */
  readonly workspace?: string;
}

/** `<organisation>-shared`, then `<organisation>-<service>` per service. */
export function stackPlans(outline: CatalogueOutline): StackPlan[] {
  const prefix = outline.cloud?.workspacePrefix;
  const stack = (
    kind: StackPlan["kind"],
    name: string,
    path: Path,
  ): StackPlan => ({
    kind,
    name,
    path,
    ...(prefix !== undefined && { workspace: workspaceName(prefix, name) }),
  });
  return [
    stack("shared", sharedStackName(outline.organisation), ["organisation"]),
    ...outline.services.map((s) =>
      stack("service", serviceStackName(outline.organisation, s.name), [
        "services",
        s.name,
      ]),
    ),
  ];
}

/** A stack's Terraform Cloud workspace: `terraform.cloud.workspacePrefix` + its name. */
export function workspaceName(prefix: string, stack: string): string {
  return `${prefix}${stack}`;
}

/** The stack of what services share. */
export function sharedStackName(organisation: string): string {
  return `${organisation}-shared`;
}

/** A service's own stack. */
export function serviceStackName(
  organisation: string,
  service: string,
): string {
  return `${organisation}-${service}`;
}

/** The stack of the Terraform Cloud workspaces (`terraform.cloud.workspaces`). */
export function workspacesStackName(organisation: string): string {
  return `${organisation}-workspaces`;
}

/** A pipeline's folder in the artifact bucket (Names.artifactFolder). */
export interface ArtifactFolder {
  readonly folder: string;
  readonly pipeline: string;
  readonly path: Path;
}

/** Each pipeline's artifact folder, in catalogue order (base images, then services). */
export function artifactFolders(outline: CatalogueOutline): ArtifactFolder[] {
  const names = new Names(outline.organisation);
  return [
    ...outline.baseImages.map((b) => ["baseImages", b.name] as const),
    ...outline.services.map((s) => ["services", s.name] as const),
  ].map(([map, name]) => {
    const named = imageNames(names, { name });
    return {
      folder: named.artifactFolder,
      pipeline: named.project,
      path: [map, name],
    };
  });
}

/** Every physical name of the catalogue (stacks are in stackPlans). */
export function namedResources(outline: CatalogueOutline): NamedResource[] {
  const names = new Names(outline.organisation);
  const [sharedStack, ...serviceStacks] = stackPlans(outline);
  const stackOf = new Map(
    outline.services.map((s, i) => [s.name, serviceStacks[i].name]),
  );
  const out: NamedResource[] = [];
  const add = (
    kind: NameKind | NameRule | undefined,
    name: string,
    path: Path,
    rank: 0 | 1 | 2,
    unique?: NamedResource["unique"],
  ) =>
    out.push({
      ...(kind !== undefined && {
        rule: typeof kind === "string" ? NAME_RULES[kind] : kind,
      }),
      name,
      path,
      ...(unique !== undefined && { unique }),
      rank,
    });
  const org: Path = ["organisation"];
  add(
    "s3Bucket",
    names.artifactBucket(ACCOUNT_ID_FOR_LENGTH, outline.region),
    org,
    0,
  );
  const shared = sharedNames(names);
  add("kmsAlias", shared.kmsAlias, org, 0);
  add(undefined, sharedStack.name, org, 0, {
    namespace: "stack",
    owner: "the shared stack",
  });
  if (outline.cloud?.workspaces !== undefined)
    add(
      undefined,
      workspacesStackName(outline.organisation),
      ["terraform", "cloud", "workspaces"],
      0,
      { namespace: "stack", owner: "the workspaces stack" },
    );
  // The deploy targets' shared names.
  for (const target of DEPLOY_TARGETS)
    out.push(...target.sharedResources(names, outline));
  const connections = connectionNames(names, outline.connections);
  for (const { name } of outline.connections)
    if (name in connections)
      add("connection", connections[name], ["connections", name], 0);
  if (outline.dockerBuilder !== undefined) {
    const builder: Path = ["dockerBuilder"];
    const owner = "the docker builder's";
    const { project, role, logGroup } = shared.dockerBuilder;
    add("codebuildProject", project, builder, 0, {
      namespace: "CodeBuild project",
      owner,
    });
    add("iamRole", role, builder, 0, { namespace: "IAM role", owner });
    add("logGroup", logGroup, builder, 0, { namespace: "log group", owner });
  }
  const notifications = outline.notifications;
  if (notifications !== undefined && notifications.topicArn === undefined)
    add("snsTopic", shared.notificationTopic, ["notifications"], 0);
  if (notifications?.slack !== undefined) {
    const slack: Path = ["notifications", "slack"];
    add("chatbotChannel", shared.chatbotChannel, slack, 0);
    add("iamRole", shared.chatbotRole, slack, 0, {
      namespace: "IAM role",
      owner: "the Slack channel's",
    });
  }
  const images = [
    ...outline.baseImages.map((b) => ({
      ...b,
      kind: "baseImage" as const,
      processes: [],
      port: DEFAULTS.port,
      environments: [],
    })),
    ...outline.services.map((s) => ({ ...s, kind: "service" as const })),
  ];
  for (const image of images) {
    const n = image.name;
    const named = imageNames(names, image);
    const path: Path = [
      image.kind === "service" ? "services" : "baseImages",
      n,
    ];
    const rank = image.retired ? 1 : 2;
    const of = `${image.kind === "service" ? "service" : "base image"} ${n}'s`;
    const stack = stackOf.get(n);
    if (image.kind === "service" && stack !== undefined)
      add(undefined, stack, path, rank, {
        namespace: "stack",
        owner: `${of} stack`,
      });
    add("ecrRepository", named.repository, path, rank);
    add("codebuildProject", named.project, path, rank, {
      namespace: "CodeBuild project",
      owner: of,
    });
    add("pipeline", named.project, path, rank);
    if (image.notifications !== undefined)
      add("notificationRule", named.project, path, rank, {
        namespace: "notification rule",
        owner: of,
      });
    add("logGroup", named.buildLogGroup, path, rank, {
      namespace: "log group",
      owner: of,
    });
    for (const role of [named.buildRole, named.pipelineRole, named.eventsRole])
      add("iamRole", role, path, rank, { namespace: "IAM role", owner: of });
    for (const rule of [named.sourceRule, named.baseImageRule])
      add("eventRule", rule, path, rank, {
        namespace: "EventBridge rule",
        owner: of,
      });
    const project = (
      what: string,
      { project, role, logGroup }: ProjectNames,
      at: Path,
    ) => {
      const owner = `${of} ${what}`;
      add("codebuildProject", project, at, rank, {
        namespace: "CodeBuild project",
        owner,
      });
      add("iamRole", role, at, rank, { namespace: "IAM role", owner });
      add("logGroup", logGroup, at, rank, { namespace: "log group", owner });
    };
    if (named.mark !== undefined) {
      // Each target's, once, in the order the service's environments name them.
      const kinds = new Set(
        image.environments.map((e) => e.kind ?? DEFAULT_DEPLOY_TARGET),
      );
      for (const kind of kinds)
        out.push(...deployTarget(kind).serviceResources(names, n, path, rank));
      project("mark", named.mark, path);
    }
    if (named.tests !== undefined)
      project("tests", named.tests, [...path, "tests"]);
    const smoked = image.environments.find((env) => env.smokeTest);
    if (named.smoke !== undefined && smoked !== undefined)
      project("smoke test", named.smoke, [
        ...path,
        "environments",
        smoked.name,
      ]);
    for (const env of image.environments) {
      const envPath: Path = [...path, "environments", env.name];
      out.push(
        ...deployTarget(env.kind ?? DEFAULT_DEPLOY_TARGET).environmentResources(
          names,
          n,
          env.name,
          envPath,
          rank,
          { processes: image.processes.map((p) => p.name), port: image.port },
        ),
      );
    }
  }
  return out;
}
