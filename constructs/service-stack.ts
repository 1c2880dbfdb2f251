import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { TerraformOutput } from "./private/cdktf";
import { Construct } from "constructs";
import type { Catalogue, Service } from "../config/catalogue";
import { ServiceBuild } from "./service-build";
import { DeliveryPipeline } from "./delivery-pipeline";
import { DeliveryStack, StateProps } from "./delivery-stack";
import { GateProject } from "./gate-project";
import { ImageRepository } from "./image-repository";
import { smokeTestsOf } from "../plan/gates";
import { keepRetiredImage } from "./retired-image";
import { notificationRule, pipelineConsoleUrl } from "../plan/notifications";
import { DEPLOYED_TAG_PREFIX } from "../plan/buildspec";
import { renderDeployment } from "../targets/renderers";
import { sourceConnectionArn } from "../sources/registry";

export interface ServiceStackProps {
  readonly catalogue: Catalogue;
  readonly service: Service;
  readonly state: StateProps;
  /** See DeliveryStackProps.crossStackPass. */
  readonly crossStackPass?: boolean;
}

/** Construct ids of what a retired service keeps: its Terraform addresses derive from them. */
const IMAGE_ID = "image";
const BUILD_ID = "build";

/**
 * Everything that is one service's own: image repository, build, pipeline, and what its deploy
 * target renders for its environments (targets/renderers.ts). It reads what is shared (the
 * catalogue's key, the artifact store, base image repositories, connections) by name, so it
 * never depends on another service's stack and needs no remote state.
 */
export class ServiceStack extends DeliveryStack {
  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { catalogue, service } = props;
    super(scope, id, {
      organisation: catalogue.organisation,
      region: catalogue.region,
      tags: catalogue.tags,
      state: props.state,
      crossStackPass: props.crossStackPass,
    });
    const names = this.names;
    if (service.retired) {
      this.retire(service);
      return;
    }

    const kmsKeyArn = new DataAwsKmsAlias(this, "catalogue-key", {
      name: names.kmsAlias,
    }).targetKeyArn;
    const artifactBucket = this.artifactBucket;

    const image = new ImageRepository(this, IMAGE_ID, {
      repositoryName: names.repository(service.name),
      settings: service.image,
      kmsKeyArn,
      // What an environment runs is never expired (ImageMarker tags it before each deploy).
      ...(service.environments.length > 0 && {
        protectedTagPrefix: DEPLOYED_TAG_PREFIX,
      }),
    });

    const baseImage = service.baseImage
      ? this.repository(service.baseImage)
      : undefined;
    const customImage = service.build.customImage
      ? this.repository(service.build.customImage)
      : undefined;
    const build = new ServiceBuild(this, BUILD_ID, {
      service,
      image,
      ...(baseImage && { baseImage }),
      ...(customImage && { customImage }),
      kmsKeyArn,
      artifactBucket,
    }).project;

    const deploy =
      service.environments.length > 0
        ? renderDeployment(this, {
            catalogue,
            service,
            image,
            artifactBucket,
            kmsKeyArn,
          })
        : undefined;

    const gateRole = {
      artifactBucket,
      artifactFolder: names.artifactFolder(service.name),
      kmsKeyArn,
    };
    const tests = service.tests
      ? new GateProject(this, "tests", {
          ...gateRole,
          projectName: names.testsProject(service.name),
          roleName: names.testsRole(service.name),
          logGroupName: names.testsLogGroup(service.name),
          gate: {
            kind: "tests",
            ...service.tests,
            repositoryArn: image.arn,
          },
        }).project
      : undefined;
    const smoked = smokeTestsOf(service, deploy);
    const smoke =
      Object.keys(smoked).length > 0
        ? new GateProject(this, "smoke", {
            ...gateRole,
            projectName: names.smokeProject(service.name),
            roleName: names.smokeRole(service.name),
            logGroupName: names.smokeLogGroup(service.name),
            gate: { kind: "smoke" },
          }).project
        : undefined;

    const pipeline = new DeliveryPipeline(this, "pipeline", {
      pipelineName: names.project(service.name),
      roleName: names.pipelineRole(service.name),
      eventsRoleName: names.eventsRole(service.name),
      sourceRuleName: names.triggerRule(service.name, "source"),
      baseImageRuleName: names.triggerRule(service.name, "base-image"),
      source: service.source,
      ...sourceConnectionArn(service.source, (c) =>
        this.connectionArn(catalogue.connections, c),
      ),
      ...(baseImage && { baseImage }),
      buildProject: { name: build.project.name, arn: build.project.arn },
      ...(deploy && { deploy }),
      ...(tests && { testsProject: { name: tests.name, arn: tests.arn } }),
      ...(smoke && {
        smokeTests: {
          project: { name: smoke.name, arn: smoke.arn },
          environments: smoked,
        },
      }),
      artifactBucket,
      artifactFolder: names.artifactFolder(service.name),
      kmsKeyArn,
      ...(service.notifications && {
        notificationRule: notificationRule(
          names.project(service.name),
          service.notifications,
          this.notificationTopicArn(catalogue),
        ),
      }),
    });

    new TerraformOutput(this, "image-repository-url", {
      description: "Where the service's images are pushed",
      value: image.url,
    });
    new TerraformOutput(this, "pipeline-name", {
      description: "The service's pipeline",
      value: pipeline.pipeline.name,
    });
    new TerraformOutput(this, "pipeline-url", {
      description: "The pipeline in the AWS console",
      value: pipelineConsoleUrl(this.region, pipeline.pipeline.name),
    });
  }

  /**
   * A retired service: its stack configures none of what runs (environments, application,
   * pipeline and its rules, build project, roles), so the next apply destroys them, and keeps
   * its image repository (with its lifecycle and repository policies, so the images stay as
   * they were) and its build logs (until their retention expires) by forgetting them.
   */
  private retire(service: Service): void {
    keepRetiredImage(this, IMAGE_ID, BUILD_ID);
    new TerraformOutput(this, "image-repository-url", {
      description:
        "Where the retired service's images are kept (no longer managed by Terraform)",
      value: this.repositoryUrl(service.name),
    });
  }
}
