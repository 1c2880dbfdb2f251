import type { Catalogue, Service } from "../config/catalogue";
import { sourceConnectionArn } from "../sources/registry";
import { smokeSkips, smokeSkipStatements, smokeTestsOf } from "../plan/gates";
import type { RepositoryRef } from "../plan/iam";
import { notificationRule, pipelineConsoleUrl } from "../plan/notifications";
import type { ServiceDeploy } from "../targets/deploy-target";
import { DeliveryPipeline } from "./delivery-pipeline";
import type { DeliveryStack } from "./delivery-stack";
import { GateProject } from "./gate-project";
import { TerraformOutput } from "./private/cdktf";

export interface ServicePipelineProps {
  readonly catalogue: Catalogue;
  readonly service: Service;
  /** The service's own repository (the tests run its image). */
  readonly image: RepositoryRef;
  readonly buildProject: { readonly name: string; readonly arn: string };
  readonly baseImage?: RepositoryRef;
  /** Its environments' deploys; none for a service without environments. */
  readonly deploy?: ServiceDeploy;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  readonly kmsKeyArn: string;
}

/**
 * A service's DeliveryPipeline, named after it, with its gates (the tests and smoke projects) and
 * the outputs that find it. Created in the stack's own scope ("pipeline", "tests", "smoke"), so
 * their addresses are what they always were.
 */
export function servicePipeline(
  stack: DeliveryStack,
  props: ServicePipelineProps,
): DeliveryPipeline {
  const { names } = stack;
  const { service } = props;
  const gateRole = {
    artifactBucket: props.artifactBucket,
    artifactFolder: names.artifactFolder(service.name),
    kmsKeyArn: props.kmsKeyArn,
  };
  const tests = service.tests
    ? new GateProject(stack, "tests", {
        ...gateRole,
        projectName: names.testsProject(service.name),
        roleName: names.testsRole(service.name),
        logGroupName: names.testsLogGroup(service.name),
        gate: {
          kind: "tests",
          ...service.tests,
          repositoryArn: props.image.arn,
        },
      }).project
    : undefined;
  const smoked = smokeTestsOf(service, props.deploy);
  const smoke =
    Object.keys(smoked).length > 0
      ? new GateProject(stack, "smoke", {
          ...gateRole,
          projectName: names.smokeProject(service.name),
          roleName: names.smokeRole(service.name),
          logGroupName: names.smokeLogGroup(service.name),
          gate: {
            kind: "smoke",
            ...(smokeSkips(service, props.deploy) && {
              skips: {
                statements: smokeSkipStatements(service, props.deploy, {
                  accountId: stack.accountId,
                  partition: stack.partition,
                  region: stack.region,
                }),
              },
            }),
          },
        }).project
      : undefined;
  const pipeline = new DeliveryPipeline(stack, "pipeline", {
    pipelineName: names.project(service.name),
    roleName: names.pipelineRole(service.name),
    eventsRoleName: names.eventsRole(service.name),
    sourceRuleName: names.triggerRule(service.name, "source"),
    baseImageRuleName: names.triggerRule(service.name, "base-image"),
    source: service.source,
    ...sourceConnectionArn(service.source, (c) =>
      stack.connectionArn(props.catalogue.connections, c),
    ),
    ...(props.baseImage && { baseImage: props.baseImage }),
    buildProject: props.buildProject,
    ...(props.deploy && { deploy: props.deploy }),
    ...(tests && { testsProject: { name: tests.name, arn: tests.arn } }),
    ...(smoke && {
      smokeTests: {
        project: { name: smoke.name, arn: smoke.arn },
        environments: smoked,
      },
    }),
    artifactBucket: props.artifactBucket,
    artifactFolder: names.artifactFolder(service.name),
    kmsKeyArn: props.kmsKeyArn,
    ...(service.notifications && {
      notificationRule: notificationRule(
        names.project(service.name),
        service.notifications,
        stack.notificationTopicArn(props.catalogue),
      ),
    }),
  });
  new TerraformOutput(stack, "pipeline-name", {
    description: "The service's pipeline",
    value: pipeline.pipeline.name,
  });
  new TerraformOutput(stack, "pipeline-url", {
    description: "The pipeline in the AWS console",
    value: pipelineConsoleUrl(stack.region, pipeline.pipeline.name),
  });
  return pipeline;
}
