/**
 * The base image as a second source of a pipeline built FROM it: an ECR source action on its
 * movable tag, the EventBridge rule that starts the pipeline when that tag is pushed, and what the
 * pipeline role needs to read it.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECR.html
 */
import type { RepositoryRef } from "../../plan/iam";
import type { Statement } from "../../plan/iam";
import type { SourceAction } from "../source-kind";

/** The base image tag whose pushes start the pipelines built FROM it. */
export const BASE_IMAGE_TAG = "latest";

export const baseImageSource = {
  action: (repository: Pick<RepositoryRef, "name">): SourceAction => ({
    provider: "ECR",
    configuration: {
      RepositoryName: repository.name,
      ImageTag: BASE_IMAGE_TAG,
    },
  }),
  // https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
  trigger: (repository: Pick<RepositoryRef, "name">): object => ({
    source: ["aws.ecr"],
    "detail-type": ["ECR Image Action"],
    detail: {
      "action-type": ["PUSH"],
      result: ["SUCCESS"],
      "repository-name": [repository.name],
      "image-tag": [BASE_IMAGE_TAG],
    },
  }),
  statements: (repository: Pick<RepositoryRef, "arn">): Statement[] => [
    {
      sid: "ReadBaseImage",
      actions: ["ecr:DescribeImages"],
      resources: [repository.arn],
    },
  ],
  /** Its Source action, in words (the pipeline picture). */
  describeAction: (repository: string): string =>
    `ECR ${repository}:${BASE_IMAGE_TAG}`,
  describe: (organisationPipeline: string, repository: string): string =>
    `pipeline ${organisationPipeline} pushes ${repository}:${BASE_IMAGE_TAG}`,
};
