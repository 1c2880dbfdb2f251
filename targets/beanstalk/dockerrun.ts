/**
 * Dockerrun.aws.json v1: the single-container Docker platform's description of what to run, which
 * the service's build writes for the Beanstalk deploy action and the Mark action reads back.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/single-container-docker-configuration.html
 */
import type { BuildArtifact } from "../../plan/buildspec";

export const DOCKERRUN: BuildArtifact = {
  files: ["Dockerrun.aws.json"],
  write: [
    `printf '{"AWSEBDockerrunVersion":"1","Image":{"Name":"%s","Update":"true"},"Ports":[{"ContainerPort":%s}]}\\n' "$REPOSITORY_URL:$IMAGE_TAG" "$CONTAINER_PORT" > Dockerrun.aws.json`,
  ],
  readImage:
    "if [ -f Dockerrun.aws.json ]; then IMAGE=\"$(jq -r '.Image.Name // empty' Dockerrun.aws.json)\"; fi",
};
