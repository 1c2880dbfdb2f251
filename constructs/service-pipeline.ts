import type { Catalogue, Service } from "../config/catalogue";
import { sourceConnectionArn } from "../sources/registry";
import { smokeSkips, smokeSkipStatements, smokeTestsOf } from "../plan/gates";
import type { RepositoryRef } from "../plan/iam";
import type { ImageNames } from "../plan/image-names";
import { notificationRule, pipelineConsoleUrl } from "../plan/notifications";
import type { ServiceDeploy } from "../targets/deploy-target";
import { DeliveryPipeline } from "./delivery-pipeline";
import type { DeliveryStack } from "./delivery-stack";
import { GateProject } from "./gate-project";
import { TerraformOutput } from "./private/cdktf";

export interface ServicePipelineProps {
  readonly catalogue: Catalogue;
  readonly service: Service;
  /** Its physical names (plan/image-names.ts). */
  readonly names: ImageNames;
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
  const { service, names } = props;
  const gateRole = {
    artifactBucket: props.artifactBucket,
    artifactFolder: names.artifactFolder,
    kmsKeyArn: props.kmsKeyArn,
  };
  const tests = service.tests
    ? new GateProject(stack, "tests", {
        ...gateRole,
        projectName: names.tests!.project,
        roleName: names.tests!.role,
        logGroupName: names.tests!.logGroup,
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
          projectName: names.smoke!.project,
          roleName: names.smoke!.role,
          logGroupName: names.smoke!.logGroup,
          gate: {
            kind: "smoke",
            ...(smokeSkips(service, props.deploy) && {
              skips: {
                statements: smokeSkipStatements(
                  service,
                  props.deploy,
                  stack.scope,
                ),
              },
            }),
          },
        }).project
      : undefined;
  const pipeline = new DeliveryPipeline(stack, "pipeline", {
    pipelineName: names.project,
    roleName: names.pipelineRole,
    eventsRoleName: names.eventsRole,
    sourceRuleName: names.sourceRule,
    baseImageRuleName: names.baseImageRule,
    source: service.source,
    ...sourceConnectionArn(service.source, (c) =>
      stack.refs.connectionArn(props.catalogue.connections, c),
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
    artifactFolder: names.artifactFolder,
    kmsKeyArn: props.kmsKeyArn,
    ...(service.notifications && {
      notificationRule: notificationRule(
        names.project,
        service.notifications,
        stack.refs.notificationTopicArn(props.catalogue),
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
