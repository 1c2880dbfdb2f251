/**
 * plan(catalogue) -> DeliveryPlan: everything the catalogue produces, derived once and purely.
 * ARNs that only exist once Terraform has run (account id, KMS key id, connection and environment
 * ids) are measurable stand-ins of their exact length, so the plan's policies have the size IAM
 * will see: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import type {
  BaseImage,
  Catalogue,
  Service,
  Source,
} from "../config/catalogue";
import { DEFAULTS } from "../config/defaults";
import type { Path } from "../config/yaml-path";
import { arn as arnIn, dnsSuffixOf, partitionOf } from "./arn";
import {
  bucketRef,
  connectionArn as connectionArnOf,
  logGroupArn,
  notificationTopicArn,
  repositoryRef,
  roleArn,
} from "./refs";
import { buildRoleStatements } from "./build-policy";
import { dockerBuilderBuild } from "./docker-builder";
import { RepositoryRef } from "./iam";
import {
  smokeRoleStatements,
  smokeSkipStatements,
  smokeTestsOf,
  testReportGroupsArn,
  testsRoleStatements,
} from "./gates";
import { markRoleStatements } from "./mark-policy";
import {
  ArtifactFolder,
  artifactFolders,
  NamedResource,
  namedResources,
} from "./named-resources";
import { DeliveryStackPlan, stacksPlan } from "./stacks";
import { imageNames, sharedNames } from "./image-names";
import { ACCOUNT_ID_FOR_LENGTH, Names } from "./names";
import { PipelineRoleProps, pipelineRoleStatements } from "./pipeline-policy";
import {
  deployStageName,
  pipelineStages,
  pipelineTriggers,
  StagePlan,
  TriggerPlan,
} from "./pipeline-stages";
import { notificationRule, NotificationRulePlan } from "./notifications";
import type { RolePlan } from "./roles";
import type { ServiceDeploy } from "../targets/deploy-target";
import { deployTarget, serviceTargets } from "../targets/registry";
import { sourceConnectionArn } from "../sources/registry";

export type { RolePlan };

/** A KMS key id or CodeConnections id: a UUID, 36 characters. */
const UUID = "00000000-0000-0000-0000-000000000000";

/** A service's or base image's pipeline. */
export interface PipelinePlan {
  readonly name: string;
  /** The service or base image. */
  readonly image: string;
  readonly path: Path;
  readonly source: Source;
  /** The base image whose pushes start it. */
  readonly baseImage?: string;
  readonly stages: readonly StagePlan[];
  /**
   * Where the catalogue writes what a stage comes from, by stage name: an environment's deploy
   * stage, its environment (other stages: the pipeline's path).
   */
  readonly stagePaths: Readonly<Record<string, Path>>;
  /** What starts it besides its source's own change detection (V2 triggers). */
  readonly triggers: readonly TriggerPlan[];
  /** Its notification rule, when it notifies. */
  readonly notificationRule?: NotificationRulePlan;
}

export interface DeliveryPlan {
  readonly organisation: string;
  readonly region: string;
  readonly partition: string;
  /** The stacks the app renders, in deploy order (plan/stacks.ts). */
  readonly stacks: readonly DeliveryStackPlan[];
  /** Every physical name, with the key that derives it. */
  readonly resources: readonly NamedResource[];
  /** Each pipeline's folder in the artifact bucket. */
  readonly artifactFolders: readonly ArtifactFolder[];
  /** Every role of a live entry, with its statements. */
  readonly roles: readonly RolePlan[];
  /** Every live entry's pipeline. */
  readonly pipelines: readonly PipelinePlan[];
}

export function plan(catalogue: Catalogue): DeliveryPlan {
  const { region } = catalogue;
  const names = new Names(catalogue.organisation);
  const partition = partitionOf(region);
  const accountId = ACCOUNT_ID_FOR_LENGTH;
  const scope = {
    partition,
    region,
    accountId,
    dnsSuffix: dnsSuffixOf(region),
  };
  const arn = (service: string, resource: string) =>
    arnIn(scope, service, resource);
  const kmsKeyArn = arn("kms", `key/${UUID}`);
  const artifactBucket = bucketRef(
    scope,
    names.artifactBucket(accountId, region),
  );
  const repository = (image: string): RepositoryRef =>
    repositoryRef(scope, names.repository(image));
  // A created connection's ARN ends in its id, a UUID.
  const connectionArn = (name: string) =>
    connectionArnOf(catalogue.connections, name, () =>
      arn("codeconnections", `connection/${UUID}`),
    );
  const role = (name: string) => roleArn(scope, name);
  const project = (name: string) => ({
    name,
    arn: arn("codebuild", `project/${name}`),
  });

  const roles: RolePlan[] = [];
  const pipelines: PipelinePlan[] = [];
  const planImage = (image: Service, path: Path) => {
    const n = image.name;
    const named = imageNames(names, image);
    roles.push({
      name: named.buildRole,
      purpose: "build",
      path,
      statements: buildRoleStatements(
        {
          build: image.build,
          projectName: named.project,
          kmsKeyArn,
          accountId,
          partition,
          region,
          pushTo: [repository(n).arn],
          pullFrom: image.baseImage ? [repository(image.baseImage).arn] : [],
          ...(image.build.customImage && {
            customImage: repository(image.build.customImage),
          }),
          artifactBucket,
          artifactFolder: named.artifactFolder,
        },
        logGroupArn(scope, named.buildLogGroup),
      ),
    });

    const { environments } = image;
    // The mark project's names: present when the service has environments.
    const { mark, tests } = named;
    // Each target plans the service's environments of its kind.
    const targets =
      mark === undefined
        ? []
        : serviceTargets(image).map(({ kind, service }) =>
            deployTarget(kind).plan(
              {
                names,
                scope,
                repository,
                markProject: project(mark.project),
                role,
                kmsKeyArn,
                catalogue,
              },
              service,
            ),
          );
    const deploy: ServiceDeploy | undefined =
      mark === undefined
        ? undefined
        : {
            targets: targets.map((t) => t.deploy),
            order: environments.map((e) => e.name),
            markProject: project(mark.project),
          };
    const smoked = smokeTestsOf(image, deploy);
    const smoke = Object.keys(smoked).length > 0 ? named.smoke : undefined;
    const pipeline: PipelineRoleProps = {
      source: image.source,
      ...sourceConnectionArn(image.source, connectionArn),
      ...(image.baseImage && { baseImage: repository(image.baseImage) }),
      buildProject: project(named.project),
      ...(deploy && { deploy }),
      ...(tests && { testsProject: project(tests.project) }),
      ...(smoke && {
        smokeTests: { project: project(smoke.project), environments: smoked },
      }),
      artifactBucket,
      artifactFolder: named.artifactFolder,
      kmsKeyArn,
      accountId,
      partition,
      region,
    };
    roles.push({
      name: named.pipelineRole,
      purpose: "pipeline",
      path,
      statements: pipelineRoleStatements(pipeline),
    });
    pipelines.push({
      name: named.project,
      image: n,
      path,
      source: image.source,
      ...(image.baseImage && { baseImage: image.baseImage }),
      stages: pipelineStages({ ...pipeline, pipelineName: named.project }),
      stagePaths: Object.fromEntries(
        environments.map((e) => [
          deployStageName(e.name),
          [...path, "environments", e.name],
        ]),
      ),
      triggers: pipelineTriggers(pipeline),
      ...(image.notifications && {
        notificationRule: notificationRule(
          named.project,
          image.notifications,
          notificationTopicArn(
            scope,
            names.notificationTopic,
            catalogue.notifications,
          ),
        ),
      }),
    });

    roles.push(...targets.flatMap((t) => t.roles));
    const gateRole = {
      artifactBucket,
      artifactFolder: named.artifactFolder,
      kmsKeyArn,
    };
    if (tests)
      roles.push({
        name: tests.role,
        purpose: "tests",
        path: [...path, "tests"],
        statements: testsRoleStatements(
          {
            ...gateRole,
            repositoryArn: repository(n).arn,
            reportGroupsArn: testReportGroupsArn(scope, tests.project),
          },
          logGroupArn(scope, tests.logGroup),
        ),
      });
    if (smoke)
      roles.push({
        name: smoke.role,
        purpose: "smoke",
        path,
        statements: smokeRoleStatements(
          gateRole,
          logGroupArn(scope, smoke.logGroup),
          smokeSkipStatements(image, deploy, scope),
        ),
      });
    if (mark) {
      roles.push({
        name: mark.role,
        purpose: "mark",
        path,
        statements: markRoleStatements(
          {
            repositoryArn: repository(n).arn,
            artifactBucket,
            artifactFolder: named.artifactFolder,
            kmsKeyArn,
            imageParameterArns: targets.flatMap(
              (t) => t.recordParameterArns ?? [],
            ),
          },
          logGroupArn(scope, mark.logGroup),
        ),
      });
    }
  };
  // A retired entry has no roles and no pipeline.
  for (const base of catalogue.baseImages.filter((b) => !b.retired))
    planImage(asImage(base), ["baseImages", base.name]);
  for (const service of catalogue.services.filter((s) => !s.retired))
    planImage(service, ["services", service.name]);
  const shared = sharedNames(names);
  if (catalogue.dockerBuilder)
    roles.push({
      name: shared.dockerBuilder.role,
      purpose: "docker builder",
      path: ["dockerBuilder"],
      statements: buildRoleStatements(
        {
          ...dockerBuilderBuild({
            builder: catalogue.dockerBuilder,
            projectName: shared.dockerBuilder.project,
            kmsKeyArn,
            repositoriesArn: repositoryRef(scope, shared.repositories).arn,
            connectionArns: catalogue.connections.map((c) =>
              connectionArn(c.name),
            ),
            baseImageArns: catalogue.baseImages
              .filter((b) => !b.retired)
              .map((b) => repository(b.name).arn),
          }),
          accountId,
          partition,
          region,
        },
        logGroupArn(scope, shared.dockerBuilder.logGroup),
      ),
    });
  return {
    organisation: catalogue.organisation,
    region,
    partition,
    stacks: stacksPlan(catalogue),
    resources: namedResources(catalogue),
    artifactFolders: artifactFolders(catalogue),
    roles,
    pipelines,
  };
}

/**
 * A base image as the service it is to the plan: built and piped the same way, with no
 * environments, tests or processes (so no deploys, gates or mark project).
 */
function asImage(base: BaseImage): Service {
  return { ...base, port: DEFAULTS.port, processes: [], environments: [] };
}
