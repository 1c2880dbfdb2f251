/** The generated buildspecs, read as YAML the way CodeBuild reads them. */
import { parse } from "yaml";
import { DOCKERRUN } from "../targets/beanstalk/dockerrun";
import {
  baseImageBuildspec,
  dockerBuilderBuildspec,
  renderBuildspec,
  serviceBuildspec,
} from "../plan/buildspec";

const service = parse(
  renderBuildspec(
    serviceBuildspec({
      baseImage: false,
      customImage: false,
      artifact: DOCKERRUN,
    }),
  ),
);
const withBase = parse(
  renderBuildspec(
    serviceBuildspec({
      baseImage: true,
      customImage: false,
      artifact: DOCKERRUN,
    }),
  ),
);
const inCustomImage = parse(
  renderBuildspec(
    serviceBuildspec({
      baseImage: false,
      customImage: true,
      artifact: DOCKERRUN,
    }),
  ),
);
const base = parse(renderBuildspec(baseImageBuildspec({ customImage: false })));
const baseInCustomImage = parse(
  renderBuildspec(baseImageBuildspec({ customImage: true })),
);
const builder = parse(renderBuildspec(dockerBuilderBuildspec()));

describe("service buildspec", () => {
  test("version 0.2, bash, pre_build and build phases, Dockerrun.aws.json as the only artifact", () => {
    expect(service.version).toBe(0.2);
    expect(service.env).toEqual({ shell: "bash" });
    expect(Object.keys(service.phases)).toEqual(["pre_build", "build"]);
    expect(service.artifacts).toEqual({
      files: ["Dockerrun.aws.json"],
      "discard-paths": "yes",
    });
  });

  test("logs in with a short-lived token (get-login-password), never the removed get-login", () => {
    const [registry, login] = service.phases.pre_build.commands;
    expect(registry).toBe('REGISTRY="${REPOSITORY_URL%%/*}"');
    expect(login).toBe(
      'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
    );
    expect(JSON.stringify([service, withBase, base, builder])).not.toMatch(
      /get-login(?!-password)/,
    );
  });

  test("tags with the commit CodePipeline resolved", () => {
    expect(service.phases.pre_build.commands[2]).toBe(
      'IMAGE_TAG="$(printf %s "${CODEBUILD_RESOLVED_SOURCE_VERSION:?no source version}" | tr -c "A-Za-z0-9_.-" "_" | cut -c1-64)"',
    );
    expect(service.phases.pre_build.commands).toHaveLength(3);
  });

  test("builds and pushes the commit tag only if it is not there yet (an IMMUTABLE repository refuses a second push)", () => {
    const [buildAndPush, dockerrun] = service.phases.build.commands;
    expect(buildAndPush).toBe(
      'if aws ecr describe-images --repository-name "${REPOSITORY_URL#*/}" --image-ids imageTag="$IMAGE_TAG" > /dev/null 2>&1; ' +
        'then echo "$IMAGE_TAG is already pushed: not pushing it again"; ' +
        'else docker build -t "$REPOSITORY_URL:$IMAGE_TAG" . && docker push "$REPOSITORY_URL:$IMAGE_TAG"; fi',
    );
    // never a fixed tag
    expect(buildAndPush).not.toContain(":latest");
    expect(dockerrun).toBe(
      `printf '{"AWSEBDockerrunVersion":"1","Image":{"Name":"%s","Update":"true"},"Ports":[{"ContainerPort":%s}]}\\n' "$REPOSITORY_URL:$IMAGE_TAG" "$CONTAINER_PORT" > Dockerrun.aws.json`,
    );
  });

  test("Dockerrun.aws.json (v1) names the pushed image and the port", () => {
    // Run the printf the way bash would, with the variables CodeBuild sets.
    const line = service.phases.build.commands[1] as string;
    const format = /printf '([^']*)'/.exec(line)![1].replace(/\\n$/, "");
    const rendered = format
      .replace(
        "%s",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api:abc123",
      )
      .replace("%s", "8080");
    expect(JSON.parse(rendered)).toEqual({
      AWSEBDockerrunVersion: "1",
      Image: {
        Name: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/api:abc123",
        Update: "true",
      },
      Ports: [{ ContainerPort: 8080 }],
    });
  });
});

describe("in a custom build image", () => {
  test("the install phase starts the Docker daemon (CodeBuild starts it only in its own images)", () => {
    const start = [
      "if ! docker info > /dev/null 2>&1; then nohup dockerd --host=unix:///var/run/docker.sock --storage-driver=overlay2 > /tmp/dockerd.log 2>&1 & fi",
      'timeout 30 sh -c "until docker info > /dev/null 2>&1; do sleep 1; done"',
    ];
    expect(Object.keys(inCustomImage.phases)).toEqual([
      "install",
      "pre_build",
      "build",
    ]);
    expect(inCustomImage.phases.install).toEqual({ commands: start });
    expect(baseInCustomImage.phases.install).toEqual({ commands: start });
    // and nothing else changes
    expect(inCustomImage.phases.build).toEqual(service.phases.build);
    expect(service.phases.install).toBeUndefined();
  });
});

describe("service buildspec with a base image", () => {
  test("builds FROM the exact base image that started the run, by digest, and folds the digest into the tag", () => {
    expect(withBase.phases.pre_build.commands.slice(3)).toEqual([
      'if [ -f "${CODEBUILD_SRC_DIR_BaseImage:-}/imageDetail.json" ]; then BASE_IMAGE="$(jq -r .ImageURI "$CODEBUILD_SRC_DIR_BaseImage/imageDetail.json")"; else BASE_IMAGE="$BASE_IMAGE_URL:latest"; fi',
      'docker pull "$BASE_IMAGE"',
      'BASE_IMAGE="$(docker inspect --format "{{index .RepoDigests 0}}" "$BASE_IMAGE")"',
      'IMAGE_TAG="$IMAGE_TAG-$(printf %s "${BASE_IMAGE##*@sha256:}" | cut -c1-12)"',
    ]);
    expect(withBase.phases.build.commands[0]).toContain(
      'docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$REPOSITORY_URL:$IMAGE_TAG" .',
    );
  });
});

describe("base image buildspec", () => {
  test("pushes the commit tag and moves latest (exempt from immutability) for the images built FROM it", () => {
    expect(base.phases.build.commands).toEqual([
      'if aws ecr describe-images --repository-name "${REPOSITORY_URL#*/}" --image-ids imageTag="$IMAGE_TAG" > /dev/null 2>&1; ' +
        'then echo "$IMAGE_TAG is already pushed: not pushing it again"; ' +
        'else docker build -t "$REPOSITORY_URL:$IMAGE_TAG" -t "$REPOSITORY_URL:latest" . && docker push "$REPOSITORY_URL:$IMAGE_TAG" && docker push "$REPOSITORY_URL:latest"; fi',
    ]);
    expect(base.artifacts).toBeUndefined();
  });
});

describe("docker builder buildspec", () => {
  test("refuses to start without REPOSITORY_URL and IMAGE_TAG, then logs in, builds and pushes", () => {
    expect(builder.phases.pre_build.commands.slice(0, 2)).toEqual([
      ': "${REPOSITORY_URL:?start the build with --environment-variables-override name=REPOSITORY_URL,value=<repository url>}"',
      ': "${IMAGE_TAG:?start the build with --environment-variables-override name=IMAGE_TAG,value=<tag>}"',
    ]);
    expect(builder.phases.build.commands[0]).toContain(
      'docker push "$REPOSITORY_URL:$IMAGE_TAG"',
    );
    expect(builder.artifacts).toBeUndefined();
  });
});
