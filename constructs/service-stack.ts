import { TerraformOutput } from "./private/cdktf";
import { Construct } from "constructs";
import type { Catalogue, Service } from "../config/catalogue";
import { ServiceBuild } from "./service-build";
import { servicePipeline } from "./service-pipeline";
import { DeliveryStack, StateProps } from "./delivery-stack";
import { ImageRepository } from "./image-repository";
import { keepRetiredImage } from "./retired-image";
import { DEPLOYED_TAG_PREFIX } from "../plan/buildspec";
import type { ServiceStackPlan } from "../plan/stacks";
import { renderDeployment } from "../targets/renderers";

export interface ServiceStackProps {
  readonly catalogue: Catalogue;
  readonly service: Service;
  /** Its plan (plan/stacks.ts): name, provider, state and the service's names. */
  readonly plan: ServiceStackPlan;
  readonly state: StateProps;
  /** See AppStackProps.crossStackPass. */
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
    const { catalogue, service, plan } = props;
    super(scope, id, {
      organisation: catalogue.organisation,
      ...plan.provider,
      state: props.state,
      crossStackPass: props.crossStackPass,
    });
    const { names } = plan;
    if (service.retired) {
      // It keeps only its image repository and build logs (see keepRetiredImage).
      keepRetiredImage(this, IMAGE_ID, BUILD_ID);
      new TerraformOutput(this, "image-repository-url", {
        description:
          "Where the retired service's images are kept (no longer managed by Terraform)",
        value: this.refs.repositoryUrl(service.name),
      });
      return;
    }

    // The catalogue's key and artifact store, found by name.
    const shared = {
      kmsKeyArn: this.refs.catalogueKeyArn(),
      artifactBucket: this.refs.artifactBucket,
    };

    const image = new ImageRepository(this, IMAGE_ID, {
      repositoryName: names.repository,
      settings: service.image,
      kmsKeyArn: shared.kmsKeyArn,
      // What an environment runs is never expired (ImageMarker tags it before each deploy).
      ...(service.environments.length > 0 && {
        protectedTagPrefix: DEPLOYED_TAG_PREFIX,
      }),
    });

    const build = new ServiceBuild(this, BUILD_ID, {
      service,
      names,
      image,
      ...shared,
    });

    // What each deploy target renders for its environments, and the mark project.
    const deploy =
      service.environments.length > 0
        ? renderDeployment(
            this,
            { catalogue, service, image, ...shared },
            names,
          )
        : undefined;

    new TerraformOutput(this, "image-repository-url", {
      description: "Where the service's images are pushed",
      value: image.url,
    });
    servicePipeline(this, {
      catalogue,
      service,
      names,
      image,
      buildProject: {
        name: build.project.project.name,
        arn: build.project.project.arn,
      },
      ...(build.baseImage && { baseImage: build.baseImage }),
      ...(deploy && { deploy }),
      ...shared,
    });
  }
}
