/**
 * The generated buildspecs, as data (rendered to YAML once). Tested as YAML, not as strings.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
 */
import { stringify } from "yaml";

/** Variables the generated buildspecs set or read; the catalogue may not redefine them. */
export const RESERVED_BUILD_VARIABLES: readonly string[] = [
  "REPOSITORY_URL",
  "IMAGE_TAG",
  "BASE_IMAGE",
  "BASE_IMAGE_URL",
  "CONTAINER_PORT",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
];

/** Name of the base image's source artifact in a service pipeline: CODEBUILD_SRC_DIR_<name>. */
export const BASE_IMAGE_ARTIFACT = "BaseImage";

export interface ServiceBuildspecOptions {
  /** The service has a base image: resolve it (from the pipeline's ECR source) and pass it in. */
  readonly baseImage: boolean;
  /** The build runs in a custom image, which must start its own Docker daemon. */
  readonly customImage: boolean;
}

/**
 * CodeBuild starts the Docker daemon only in its own images; a custom build image (privileged)
 * starts it here, unless one is already running.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker-custom-image.html
 */
const START_DOCKER = [
  "if ! docker info > /dev/null 2>&1; then nohup dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay2 > /tmp/dockerd.log 2>&1 & fi",
  'timeout 30 sh -c "until docker info > /dev/null 2>&1; do sleep 1; done"',
];

function installPhase(customImage: boolean): Record<string, unknown> {
  return customImage ? { install: { commands: START_DOCKER } } : {};
}

// ECR logins are short-lived tokens; `aws ecr get-login` is gone from AWS CLI v2.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html
const LOGIN = [
  'REGISTRY="${REPOSITORY_URL%%/*}"',
  'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
];

// The commit CodePipeline passed in (an S3 source passes an object version): a tag by commit
// never needs to be pushed twice, which an IMMUTABLE repository would refuse.
const TAG_BY_COMMIT =
  'IMAGE_TAG="$(printf %s "${CODEBUILD_RESOLVED_SOURCE_VERSION:?no source version}" | tr -c "A-Za-z0-9_.-" "_" | cut -c1-64)"';

// The exact base image that started this run (the ECR source's imageDetail.json names it by
// digest); a build started outside the pipeline uses the base image's `latest`.
const RESOLVE_BASE_IMAGE = [
  `if [ -f "\${CODEBUILD_SRC_DIR_${BASE_IMAGE_ARTIFACT}:-}/imageDetail.json" ]; then BASE_IMAGE="$(jq -r .ImageURI "$CODEBUILD_SRC_DIR_${BASE_IMAGE_ARTIFACT}/imageDetail.json")"; else BASE_IMAGE="$BASE_IMAGE_URL:latest"; fi`,
  'docker pull "$BASE_IMAGE"',
  'BASE_IMAGE="$(docker inspect --format "{{index .RepoDigests 0}}" "$BASE_IMAGE")"',
  // A new base image gives the same commit a new tag, so a base-image rebuild is never refused.
  'IMAGE_TAG="$IMAGE_TAG-$(printf %s "${BASE_IMAGE##*@sha256:}" | cut -c1-12)"',
];

/** Builds and pushes unless the tag is already there (a re-run of the same inputs). */
function buildAndPush(
  buildArgs: string,
  extraTags: readonly string[],
): string[] {
  const tagFlags = [
    '-t "$REPOSITORY_URL:$IMAGE_TAG"',
    ...extraTags.map((t) => `-t "$REPOSITORY_URL:${t}"`),
  ].join(" ");
  const pushes = [
    '"$REPOSITORY_URL:$IMAGE_TAG"',
    ...extraTags.map((t) => `"$REPOSITORY_URL:${t}"`),
  ]
    .map((ref) => `docker push ${ref}`)
    .join(" && ");
  return [
    `if aws ecr describe-images --repository-name "\${REPOSITORY_URL#*/}" --image-ids imageTag="$IMAGE_TAG" > /dev/null 2>&1; then echo "$IMAGE_TAG is already pushed: not pushing it again"; else docker build${buildArgs} ${tagFlags} . && ${pushes}; fi`,
  ];
}

/** The buildspec of a service: build, push by commit, emit Dockerrun.aws.json for Beanstalk. */
export function serviceBuildspec(
  options: ServiceBuildspecOptions,
): Record<string, unknown> {
  return {
    version: 0.2,
    env: { shell: "bash" },
    phases: {
      ...installPhase(options.customImage),
      pre_build: {
        commands: [
          ...LOGIN,
          TAG_BY_COMMIT,
          ...(options.baseImage ? RESOLVE_BASE_IMAGE : []),
        ],
      },
      build: {
        commands: [
          ...buildAndPush(
            options.baseImage ? ' --build-arg BASE_IMAGE="$BASE_IMAGE"' : "",
            [],
          ),
          // Dockerrun.aws.json v1: the single-container Docker platform's description of what to run.
          // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/single-container-docker-configuration.html
          `printf '{"AWSEBDockerrunVersion":"1","Image":{"Name":"%s","Update":"true"},"Ports":[{"ContainerPort":%s}]}\\n' "$REPOSITORY_URL:$IMAGE_TAG" "$CONTAINER_PORT" > Dockerrun.aws.json`,
        ],
      },
    },
    artifacts: { files: ["Dockerrun.aws.json"], "discard-paths": "yes" },
  };
}

/**
 * The buildspec of a base image: push by commit, and move `latest`, which the repository exempts
 * from tag immutability, so the services built FROM it can follow it.
 */
export function baseImageBuildspec(options: {
  readonly customImage: boolean;
}): Record<string, unknown> {
  return {
    version: 0.2,
    env: { shell: "bash" },
    phases: {
      ...installPhase(options.customImage),
      pre_build: { commands: [...LOGIN, TAG_BY_COMMIT] },
      build: { commands: buildAndPush("", ["latest"]) },
    },
  };
}

/**
 * The docker builder: builds whatever source the start-build call names and pushes it to the
 * repository it names (REPOSITORY_URL, IMAGE_TAG overrides).
 */
export function dockerBuilderBuildspec(): Record<string, unknown> {
  return {
    version: 0.2,
    env: { shell: "bash" },
    phases: {
      pre_build: {
        commands: [
          ': "${REPOSITORY_URL:?start the build with --environment-variables-override name=REPOSITORY_URL,value=<repository url>}"',
          ': "${IMAGE_TAG:?start the build with --environment-variables-override name=IMAGE_TAG,value=<tag>}"',
          ...LOGIN,
        ],
      },
      build: { commands: buildAndPush("", []) },
    },
  };
}

/** Renders a buildspec as CodeBuild reads it. */
export function renderBuildspec(spec: Record<string, unknown>): string {
  return stringify(spec, { lineWidth: 0 });
}
