/**
 * The generated buildspecs, as data (rendered to YAML once). Tested as YAML, not as strings.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html
 */
import { stringify } from "yaml";

/**
 * The variable the service buildspec exports (the Build action's variables): the image it
 * pushed, which the tests project gets.
 */
export const IMAGE_URI_VARIABLE = "IMAGE_URI";

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
  /** What the deploy target reads: its file, written after the push (DeployTarget.buildArtifact). */
  readonly artifact: BuildArtifact;
  /**
   * Export the pushed image as IMAGE_URI (the Build action's variables), for the service's tests.
   * @default false
   */
  readonly exportImage?: boolean;
}

/**
 * The file a deploy target's action reads from the build's output artifact: how the build writes
 * it (after the push; $REPOSITORY_URL, $IMAGE_TAG and $CONTAINER_PORT are set), and how the Mark
 * project reads the image it names back into $IMAGE.
 */
export interface BuildArtifact {
  readonly files: readonly string[];
  readonly write: readonly string[];
  /**
   * Shell that sets IMAGE to the image the files name, if IMAGE is still empty (left empty when
   * they name none).
   */
  readonly readImage: string;
}

/**
 * The artifact of a service whose environments use several targets: every target's files,
 * written one after the other; the image is read from the first that names one (they all name
 * the image just pushed).
 */
export function combineArtifacts(
  artifacts: readonly BuildArtifact[],
): BuildArtifact {
  if (artifacts.length === 1) return artifacts[0];
  return {
    files: artifacts.flatMap((a) => a.files),
    write: artifacts.flatMap((a) => a.write),
    readImage: artifacts.map((a) => a.readImage).join("\n"),
  };
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

/** The buildspec of a service: build, push by commit, write its deploy target's artifact. */
export function serviceBuildspec(
  options: ServiceBuildspecOptions,
): Record<string, unknown> {
  return {
    version: 0.2,
    env: {
      shell: "bash",
      // https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.exported-variables
      ...(options.exportImage && {
        "exported-variables": [IMAGE_URI_VARIABLE],
      }),
    },
    phases: {
      ...installPhase(options.customImage),
      pre_build: {
        commands: [
          ...LOGIN,
          TAG_BY_COMMIT,
          ...(options.baseImage ? RESOLVE_BASE_IMAGE : []),
          ...(options.exportImage
            ? [`export ${IMAGE_URI_VARIABLE}="$REPOSITORY_URL:$IMAGE_TAG"`]
            : []),
        ],
      },
      build: {
        commands: [
          ...buildAndPush(
            options.baseImage ? ' --build-arg BASE_IMAGE="$BASE_IMAGE"' : "",
            [],
          ),
          ...options.artifact.write,
        ],
      },
    },
    artifacts: { files: [...options.artifact.files], "discard-paths": "yes" },
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

/**
 * Images an environment is deployed with carry a marker tag `deployed.<environment>.<UTC time>`,
 * which the lifecycle policy never expires (ImageRepository's protectedTagPrefix). `.` cannot
 * appear in an environment name, so one environment's prefix never matches another's
 * (`deployed.prod.` is not a prefix of `deployed.prod-eu.…`). A marker is 9 + the environment's
 * name + 1 + 16 characters, and ECR allows 128 per tag: an environment name fits up to 102
 * characters, which every deploy target's own name limits keep it far below (Beanstalk's 40 for
 * `<organisation>-<service>-<environment>` allow 36).
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html
 */
export const DEPLOYED_TAG_PREFIX = "deployed.";

/** The marker prefix of one environment. */
export function deployedTagPrefix(environment: string): string {
  return `${DEPLOYED_TAG_PREFIX}${environment}.`;
}

/**
 * Markers kept per environment: the image it runs now and the ones before it (what a rollback
 * goes back to). Older markers are removed by the next deploy of that environment, so the
 * number of protected images stays at most this many per environment.
 */
export const DEPLOYED_IMAGES_KEPT = 5;

/** Variables of the mark project: set on the project, or by the pipeline's action. */
export const MARK_VARIABLES = {
  repositoryUrl: "REPOSITORY_URL",
  kept: "KEEP_DEPLOYED",
  environment: "DEPLOY_ENVIRONMENT",
  /** Set by a Record action: the SSM parameter that gets the image just deployed. */
  imageParameter: "IMAGE_PARAMETER",
} as const;

/**
 * The buildspec of a service's mark project, run by the pipeline right before each deploy with
 * the same input artifact: it reads the image the deploy target's build artifact names
 * (BuildArtifact.file and readImage: Beanstalk's Dockerrun.aws.json, say) and adds the
 * environment's marker tag to it, the same manifest under a new tag (AWS's retag procedure:
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-retag.html), then removes that
 * environment's markers beyond the newest DEPLOYED_IMAGES_KEPT. Removing a tag leaves the
 * image and its other tags alone
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchDeleteImage.html).
 *
 * Marking before the deploy, not after, means the image is kept from the moment any instance may
 * run it, also when a rolling deploy stops half-way, and a deploy of an image that is already
 * gone fails here with a clear message instead of on the instances. Markers are unique (a new
 * time per deploy), so IMMUTABLE repositories accept them; a re-run within the same second gets
 * ImageAlreadyExistsException, which means the marker is there: success.
 */
export function markBuildspec(
  artifact: Pick<BuildArtifact, "files" | "readImage">,
  options: { readonly record?: boolean } = {},
): Record<string, unknown> {
  const { repositoryUrl: url, kept, environment: env } = MARK_VARIABLES;
  const script = [
    "set -euo pipefail",
    // No quote in the message: bash would read it as one inside "${…:?…}".
    `: "\${${env}:?is set by the Mark action of the pipeline}"`,
    `REPOSITORY="\${${url}#*/}"`,
    'IMAGE=""',
    artifact.readImage,
    ...(options.record ? recordImage(artifact) : []),
    'case "$IMAGE" in',
    `  "$${url}"@sha256:*|"$${url}":*@sha256:*) IMAGE_ID="imageDigest=\${IMAGE##*@}" ;;`,
    `  "$${url}":*) IMAGE_ID="imageTag=\${IMAGE#"$${url}":}" ;;`,
    '  *) IMAGE_ID="" ;;',
    "esac",
    'if [ -z "$IMAGE_ID" ]; then',
    `  echo "${filesName(artifact.files)} no image of $${url} (\\"$IMAGE\\"): nothing to keep"`,
    "else",
    '  aws ecr batch-get-image --repository-name "$REPOSITORY" --image-ids "$IMAGE_ID" --output json > image.json',
    "  if [ \"$(jq '.images | length' image.json)\" != 1 ]; then",
    '    echo "$IMAGE is not in $REPOSITORY any more (expired or deleted): not deploying it" >&2',
    "    jq -c .failures image.json >&2",
    "    exit 1",
    "  fi",
    "  DIGEST=\"$(jq -r '.images[0].imageId.imageDigest' image.json)\"",
    // Older images may come without a media type; the manifest's own mediaType then serves.
    "  MEDIA_TYPE=\"$(jq -r '.images[0].imageManifestMediaType // empty' image.json)\"",
    "  jq -j '.images[0].imageManifest' image.json > manifest.json",
    `  MARKER="${DEPLOYED_TAG_PREFIX}$${env}.$(date -u +%Y%m%dT%H%M%SZ)"`,
    '  if aws ecr put-image --repository-name "$REPOSITORY" --image-tag "$MARKER" --image-digest "$DIGEST" --image-manifest file://manifest.json ${MEDIA_TYPE:+--image-manifest-media-type "$MEDIA_TYPE"} > /dev/null 2> put-image.err; then',
    '    echo "$IMAGE ($DIGEST) is kept as $MARKER"',
    "  elif grep -q ImageAlreadyExistsException put-image.err; then",
    '    echo "$IMAGE ($DIGEST) already carries $MARKER"',
    "  else",
    "    cat put-image.err >&2",
    "    exit 1",
    "  fi",
    `  aws ecr list-images --repository-name "$REPOSITORY" --filter tagStatus=TAGGED --query 'imageIds[].imageTag' --output json | jq -r --arg prefix "${DEPLOYED_TAG_PREFIX}$${env}." '.[] | select(startswith($prefix))' | sort -r | tail -n +"$((${kept} + 1))" > stale.txt`,
    "  while read -r TAG; do",
    '    aws ecr batch-delete-image --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" --output json > deleted.json',
    "    if [ \"$(jq '.failures | length' deleted.json)\" != 0 ]; then jq -c .failures deleted.json >&2; exit 1; fi",
    '    echo "removed the old marker $TAG"',
    "  done < stale.txt",
    "fi",
  ].join("\n");
  return {
    version: 0.2,
    env: { shell: "bash" },
    phases: { build: { commands: [script] } },
  };
}

/**
 * A Record action (after an environment's ECS deploys succeeded) runs the mark project with
 * IMAGE_PARAMETER set: the image the deploy put into the task definitions, exactly as the
 * artifact names it, goes into the environment's image parameter, from which its task
 * definitions are rendered (targets/ecs: Terraform then never rolls the image back, and never
 * ships one that has not passed this environment's approval). Nothing is tagged.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */
function recordImage(
  artifact: Pick<BuildArtifact, "files" | "readImage">,
): string[] {
  const parameter = MARK_VARIABLES.imageParameter;
  return [
    `if [ -n "\${${parameter}:-}" ]; then`,
    `  if [ -z "$IMAGE" ]; then echo "${filesName(artifact.files)} no image: nothing to record" >&2; exit 1; fi`,
    `  aws ssm put-parameter --name "$${parameter}" --type String --overwrite --value "$IMAGE" > /dev/null`,
    `  echo "$${parameter} is now $IMAGE"`,
    "  exit 0",
    "fi",
  ];
}

/** "a.json names", "a.json and b.json name": the subject of a message about the files. */
function filesName(files: readonly string[]): string {
  return `${files.join(" and ")} ${files.length === 1 ? "names" : "name"}`;
}
