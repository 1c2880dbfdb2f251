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
import type { Path } from "../config/yaml-path";
import { arn as arnIn, partitionOf } from "./arn";
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
  StackPlan,
  stackPlans,
} from "./named-resources";
import { ACCOUNT_ID_FOR_LENGTH, Names } from "./names";
import { PipelineRoleProps, pipelineRoleStatements } from "./pipeline-policy";
import {
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
  /** What starts it besides its source's own change detection (V2 triggers). */
  readonly triggers: readonly TriggerPlan[];
  /** Its notification rule, when it notifies. */
  readonly notificationRule?: NotificationRulePlan;
}

export interface DeliveryPlan {
  readonly organisation: string;
  readonly region: string;
  readonly partition: string;
  readonly stacks: readonly StackPlan[];
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
  const scope = { partition, region, accountId };
  const arn = (service: string, resource: string) =>
    arnIn(scope, service, resource);
  const kmsKeyArn = arn("kms", `key/${UUID}`);
  const bucket = names.artifactBucket(accountId, region);
  const artifactBucket = {
    name: bucket,
    arn: `arn:${partition}:s3:::${bucket}`,
  };
  const repository = (image: string): RepositoryRef => ({
    name: names.repository(image),
    arn: arn("ecr", `repository/${names.repository(image)}`),
    url: `${accountId}.dkr.ecr.${region}.amazonaws.com/${names.repository(image)}`,
  });
  const connectionArn = (name: string) => {
    const connection = catalogue.connections.find((c) => c.name === name);
    return connection?.kind === "existing"
      ? connection.arn
      : arn("codeconnections", `connection/${UUID}`);
  };
  const role = (name: string) =>
    `arn:${partition}:iam::${accountId}:role/${name}`;
  const markProject = (n: string) => ({
    name: names.markProject(n),
    arn: arn("codebuild", `project/${names.markProject(n)}`),
  });

  const roles: RolePlan[] = [];
  const pipelines: PipelinePlan[] = [];
  const planImage = (image: BaseImage & Partial<Service>, path: Path) => {
    const n = image.name;
    roles.push({
      name: names.buildRole(n),
      purpose: "build",
      path,
      statements: buildRoleStatements(
        {
          build: image.build,
          projectName: names.project(n),
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
          artifactFolder: names.artifactFolder(n),
        },
        arn("logs", `log-group:${names.buildLogGroup(n)}`),
      ),
    });

    const environments = image.environments ?? [];
    // Each target plans the service's environments of its kind.
    const targets = serviceTargets({
      ...(image as Service),
      environments,
    }).map(({ kind, service }) =>
      deployTarget(kind).plan(
        {
          names,
          scope,
          repository,
          markProject: markProject(n),
          role,
          kmsKeyArn,
          catalogue,
        },
        service,
      ),
    );
    const deploy: ServiceDeploy | undefined =
      environments.length > 0
        ? {
            targets: targets.map((t) => t.deploy),
            order: environments.map((e) => e.name),
            markProject: markProject(n),
          }
        : undefined;
    const smoked =
      environments.length > 0 ? smokeTestsOf(image as Service, deploy) : {};
    const pipeline: PipelineRoleProps = {
      source: image.source,
      ...sourceConnectionArn(image.source, connectionArn),
      ...(image.baseImage && { baseImage: repository(image.baseImage) }),
      buildProject: {
        name: names.project(n),
        arn: arn("codebuild", `project/${names.project(n)}`),
      },
      ...(deploy && { deploy }),
      ...(image.tests && {
        testsProject: {
          name: names.testsProject(n),
          arn: arn("codebuild", `project/${names.testsProject(n)}`),
        },
      }),
      ...(Object.keys(smoked).length > 0 && {
        smokeTests: {
          project: {
            name: names.smokeProject(n),
            arn: arn("codebuild", `project/${names.smokeProject(n)}`),
          },
          environments: smoked,
        },
      }),
      artifactBucket,
      artifactFolder: names.artifactFolder(n),
      kmsKeyArn,
      accountId,
      partition,
      region,
    };
    roles.push({
      name: names.pipelineRole(n),
      purpose: "pipeline",
      path,
      statements: pipelineRoleStatements(pipeline),
    });
    pipelines.push({
      name: names.project(n),
      image: n,
      path,
      source: image.source,
      ...(image.baseImage && { baseImage: image.baseImage }),
      stages: pipelineStages({ ...pipeline, pipelineName: names.project(n) }),
      triggers: pipelineTriggers(pipeline),
      ...(image.notifications && {
        notificationRule: notificationRule(
          names.project(n),
          image.notifications,
          catalogue.notifications?.topicArn ??
            arn("sns", names.notificationTopic),
        ),
      }),
    });

    roles.push(...targets.flatMap((t) => t.roles));
    const gateRole = {
      artifactBucket,
      artifactFolder: names.artifactFolder(n),
      kmsKeyArn,
    };
    if (image.tests)
      roles.push({
        name: names.testsRole(n),
        purpose: "tests",
        path: [...path, "tests"],
        statements: testsRoleStatements(
          {
            ...gateRole,
            repositoryArn: repository(n).arn,
            reportGroupsArn: testReportGroupsArn(scope, names.testsProject(n)),
          },
          arn("logs", `log-group:${names.testsLogGroup(n)}`),
        ),
      });
    if (Object.keys(smoked).length > 0)
      roles.push({
        name: names.smokeRole(n),
        purpose: "smoke",
        path,
        statements: smokeRoleStatements(
          gateRole,
          arn("logs", `log-group:${names.smokeLogGroup(n)}`),
          smokeSkipStatements(image as Service, deploy, scope),
        ),
      });
    if (environments.length > 0) {
      roles.push({
        name: names.markRole(n),
        purpose: "mark",
        path,
        statements: markRoleStatements(
          {
            repositoryArn: repository(n).arn,
            artifactBucket,
            artifactFolder: names.artifactFolder(n),
            kmsKeyArn,
            imageParameterArns: targets.flatMap(
              (t) => t.recordParameterArns ?? [],
            ),
          },
          arn("logs", `log-group:${names.markLogGroup(n)}`),
        ),
      });
    }
  };
  // A retired entry has no roles and no pipeline.
  for (const base of catalogue.baseImages.filter((b) => !b.retired))
    planImage(base, ["baseImages", base.name]);
  for (const service of catalogue.services.filter((s) => !s.retired))
    planImage(service, ["services", service.name]);
  if (catalogue.dockerBuilder)
    roles.push({
      name: names.dockerBuilder,
      purpose: "docker builder",
      path: ["dockerBuilder"],
      statements: buildRoleStatements(
        {
          ...dockerBuilderBuild({
            builder: catalogue.dockerBuilder,
            projectName: names.dockerBuilder,
            kmsKeyArn,
            repositoriesArn: arn("ecr", `repository/${names.organisation}/*`),
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
        arn("logs", `log-group:${names.dockerBuilderLogGroup}`),
      ),
    });
  return {
    organisation: catalogue.organisation,
    region,
    partition,
    stacks: stackPlans(catalogue),
    resources: namedResources(catalogue),
    artifactFolders: artifactFolders(catalogue),
    roles,
    pipelines,
  };
}
