import type { Service } from "../config/catalogue";
import { renderBuildspec, serviceBuildspec } from "../plan/buildspec";
import type { RepositoryRef } from "../plan/iam";
import type { ImageNames } from "../plan/image-names";
import { serviceArtifact } from "../targets/registry";
import { BuildProject } from "./build-project";
import type { DeliveryStack } from "./delivery-stack";

export interface ServiceBuildProps {
  readonly service: Service;
  /** Its physical names (plan/image-names.ts). */
  readonly names: ImageNames;
  /** The service's own repository. */
  readonly image: RepositoryRef;
  readonly kmsKeyArn: string;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
}

/**
 * A service's build: the generated buildspec (build, push by commit, write its deploy target's
 * artifact) in a BuildProject created in the stack's own scope, so addresses stay as they were.
 */
export class ServiceBuild {
  readonly project: BuildProject;
  /** Its base image's repository (a second source, passed in as BASE_IMAGE_URL). */
  readonly baseImage?: RepositoryRef;

  constructor(
    stack: DeliveryStack,
    id: string,
    serviceProps: ServiceBuildProps,
  ) {
    const { service, names } = serviceProps;
    // Base and custom build images are the catalogue's, found by name.
    const props = {
      ...serviceProps,
      baseImage: service.baseImage
        ? stack.refs.repository(service.baseImage)
        : undefined,
      customImage: service.build.customImage
        ? stack.refs.repository(service.build.customImage)
        : undefined,
    };
    this.baseImage = props.baseImage;
    this.project = new BuildProject(stack, id, {
      projectName: names.project,
      roleName: names.buildRole,
      logGroupName: names.buildLogGroup,
      description: `Builds the ${props.service.name} image`,
      build: props.service.build,
      generatedBuildspec: renderBuildspec(
        serviceBuildspec({
          baseImage: props.baseImage !== undefined,
          customImage: props.customImage !== undefined,
          // What the service's deploy targets read.
          artifact: serviceArtifact(props.service),
          exportImage: props.service.tests !== undefined,
        }),
      ),
      buildVariables: {
        REPOSITORY_URL: props.image.url,
        CONTAINER_PORT: String(props.service.port),
        ...(props.baseImage && { BASE_IMAGE_URL: props.baseImage.url }),
      },
      kmsKeyArn: props.kmsKeyArn,
      pushTo: [props.image.arn],
      pullFrom: props.baseImage ? [props.baseImage.arn] : [],
      ...(props.customImage && { customImage: props.customImage }),
      artifactBucket: props.artifactBucket,
      artifactFolder: names.artifactFolder,
    });
  }
}
