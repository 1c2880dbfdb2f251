/**
 * The physical names of one service's or base image's resources, as one record: the name checks
 * (./named-resources), the plan (./plan) and the constructs all read this record, so the names
 * the checks measure are exactly the names the stacks render.
 */
import type { Names } from "./names";

/** A CodeBuild project with a role and a log group of the same stem (gates, mark, builder). */
export interface ProjectNames {
  readonly project: string;
  readonly role: string;
  readonly logGroup: string;
}

/** What an image's names depend on: its name, and whether it has tests, smoke tests, deploys. */
export interface NamedImage {
  readonly name: string;
  /** Present when the service has tests (a tests project). */
  readonly tests?: object;
  readonly environments?: readonly {
    /** Present when the environment has a smoke test (the service's smoke project). */
    readonly smokeTest?: object;
  }[];
}

export interface ImageNames {
  /** The service or base image. */
  readonly image: string;
  /** Its ECR repository. */
  readonly repository: string;
  /** Its CodeBuild project, its pipeline and its notification rule (and a target's application). */
  readonly project: string;
  readonly buildRole: string;
  readonly buildLogGroup: string;
  readonly pipelineRole: string;
  /** The role EventBridge assumes to start the pipeline. */
  readonly eventsRole: string;
  /** The EventBridge rule that starts the pipeline when its source changes. */
  readonly sourceRule: string;
  /** The EventBridge rule that starts the pipeline when its base image changes. */
  readonly baseImageRule: string;
  /** The pipeline's folder in the artifact bucket (Names.artifactFolder). */
  readonly artifactFolder: string;
  /** The tests project, with `tests`. */
  readonly tests?: ProjectNames;
  /** The smoke project, when an environment has a smoke test. */
  readonly smoke?: ProjectNames;
  /** The image marker's project, when the service has environments. */
  readonly mark?: ProjectNames;
}

/** Every physical name of one image, from the organisation's Names. */
export function imageNames(names: Names, image: NamedImage): ImageNames {
  const n = image.name;
  const environments = image.environments ?? [];
  return {
    image: n,
    repository: names.repository(n),
    project: names.project(n),
    buildRole: names.buildRole(n),
    buildLogGroup: names.buildLogGroup(n),
    pipelineRole: names.pipelineRole(n),
    eventsRole: names.eventsRole(n),
    sourceRule: names.triggerRule(n, "source"),
    baseImageRule: names.triggerRule(n, "base-image"),
    artifactFolder: names.artifactFolder(n),
    ...(image.tests !== undefined && {
      tests: {
        project: names.testsProject(n),
        role: names.testsRole(n),
        logGroup: names.testsLogGroup(n),
      },
    }),
    ...(environments.some((e) => e.smokeTest !== undefined) && {
      smoke: {
        project: names.smokeProject(n),
        role: names.smokeRole(n),
        logGroup: names.smokeLogGroup(n),
      },
    }),
    ...(environments.length > 0 && {
      mark: {
        project: names.markProject(n),
        role: names.markRole(n),
        logGroup: names.markLogGroup(n),
      },
    }),
  };
}

/** The names of what the catalogue itself (not an image) creates in the shared stack. */
export interface SharedNames {
  readonly organisation: string;
  /** The catalogue key's alias. */
  readonly kmsAlias: string;
  readonly notificationTopic: string;
  readonly chatbotChannel: string;
  readonly chatbotRole: string;
  /** The docker builder's project, role and log group. */
  readonly dockerBuilder: ProjectNames;
  /** The repository path every repository of the catalogue is under (`<organisation>/*`). */
  readonly repositories: string;
}

/** The physical names of the connections the catalogue creates, by connection name. */
export function connectionNames(
  names: Names,
  connections: readonly { readonly name: string; readonly kind: string }[],
): Readonly<Record<string, string>> {
  return Object.fromEntries(
    connections
      .filter((c) => c.kind === "provider")
      .map((c) => [c.name, names.connection(c.name)]),
  );
}

export function sharedNames(names: Names): SharedNames {
  return {
    organisation: names.organisation,
    kmsAlias: names.kmsAlias,
    notificationTopic: names.notificationTopic,
    chatbotChannel: names.chatbotChannel,
    chatbotRole: names.chatbotRole,
    dockerBuilder: {
      project: names.dockerBuilder,
      role: names.dockerBuilder,
      logGroup: names.dockerBuilderLogGroup,
    },
    repositories: `${names.organisation}/*`,
  };
}
