/**
 * The record of an image's physical names, on plain objects: what it holds, when its gate
 * projects are there, and that the name checks walk every name in it.
 */
import {
  connectionNames,
  ImageNames,
  imageNames,
  sharedNames,
} from "../../plan/image-names";
import { namedResources } from "../../plan/named-resources";
import { Names } from "../../plan/names";
import {
  beanstalkEnvironment,
  catalogue,
  service,
} from "../support/catalogue-builders";

const NAMES = new Names("acme");
const TESTS = {
  buildspec: "buildspec-tests.yml",
  computeType: "BUILD_GENERAL1_SMALL" as const,
  timeoutMinutes: 20,
};
const SMOKE = { path: "/", attempts: 3, intervalSeconds: 5, timeoutSeconds: 5 };

test("an image without tests or environments: its build, pipeline and triggers", () => {
  expect(imageNames(NAMES, { name: "api" })).toEqual({
    image: "api",
    repository: "acme/api",
    project: "acme-api",
    buildRole: "acme-api-build",
    buildLogGroup: "/aws/codebuild/acme-api",
    pipelineRole: "acme-api-pipeline",
    eventsRole: "acme-api-events",
    sourceRule: "acme-api-source",
    baseImageRule: "acme-api-base-image",
    artifactFolder: "acme-api",
  });
});

test("tests, a smoke-tested environment and any environment add the tests, smoke and mark projects", () => {
  const names = imageNames(NAMES, {
    name: "api",
    tests: TESTS,
    environments: [{}, { smokeTest: SMOKE }],
  });
  expect([names.tests, names.smoke, names.mark]).toEqual([
    {
      project: "acme-api-tests",
      role: "acme-api-tests",
      logGroup: "/aws/codebuild/acme-api-tests",
    },
    {
      project: "acme-api-smoke",
      role: "acme-api-smoke",
      logGroup: "/aws/codebuild/acme-api-smoke",
    },
    {
      project: "acme-api-mark",
      role: "acme-api-mark",
      logGroup: "/aws/codebuild/acme-api-mark",
    },
  ]);
});

test("environments without a smoke test: a mark project, no smoke project", () => {
  const names = imageNames(NAMES, { name: "api", environments: [{}] });
  expect(names.mark?.project).toBe("acme-api-mark");
  expect(names).not.toHaveProperty("smoke");
  expect(names).not.toHaveProperty("tests");
});

test("the artifact folder is the first 20 characters of the pipeline's name", () => {
  expect(imageNames(NAMES, { name: "payments-gateway" }).artifactFolder).toBe(
    "acme-payments-gatewa",
  );
});

/**
 * Every physical name in the record but the artifact folder, a prefix in the bucket that
 * plan/check.ts checks apart (artifactFolders).
 */
function everyName(names: ImageNames): string[] {
  const { image, artifactFolder, ...rest } = names;
  void [image, artifactFolder];
  return Object.values(rest).flatMap((v) =>
    typeof v === "string" ? [v] : Object.values(v),
  );
}

test("the name checks walk every name of the record, gates included", () => {
  const api = service("api", {
    tests: TESTS,
    environments: [beanstalkEnvironment("prod", { smokeTest: SMOKE })],
  });
  const checked = new Set(
    namedResources(catalogue({ services: [api] })).map((r) => r.name),
  );
  const names = everyName(imageNames(NAMES, api));
  expect(names).toHaveLength(17);
  expect(names.filter((n) => !checked.has(n))).toEqual([]);
});

test("the shared stack's names and the created connections'", () => {
  expect(sharedNames(NAMES)).toEqual({
    organisation: "acme",
    kmsAlias: "alias/acme-delivery",
    notificationTopic: "acme-pipeline-notifications",
    chatbotChannel: "acme-pipelines",
    chatbotRole: "acme-chatbot-channel",
    dockerBuilder: {
      project: "acme-docker-builder",
      role: "acme-docker-builder",
      logGroup: "/aws/codebuild/acme-docker-builder",
    },
    repositories: "acme/*",
  });
  expect(
    connectionNames(NAMES, [
      { name: "github", kind: "provider" },
      { name: "legacy", kind: "existing" },
    ]),
  ).toEqual({ github: "acme-github" });
});
