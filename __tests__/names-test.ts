/** The AWS naming rules the validator and the constructs share. */
import { deployedTagPrefix } from "../plan/buildspec";
import { checkRule, NAME_RULES, Names } from "../plan/names";
import {
  BEANSTALK_NAME_RULES,
  BeanstalkNames,
} from "../targets/beanstalk/names";

/** The plan's rules and the Beanstalk target's, by the names this test uses. */
const RULES = {
  ...NAME_RULES,
  beanstalkApplication: BEANSTALK_NAME_RULES.application,
  beanstalkEnvironment: BEANSTALK_NAME_RULES.environment,
};
type NameKind = keyof typeof RULES;
const checkName = (kind: NameKind, name: string) =>
  checkRule(RULES[kind], name);
const beanstalk = (names: Names) => new BeanstalkNames(names);

describe("names", () => {
  const names = new Names("acme");

  test("derived names", () => {
    expect(names.repository("api")).toBe("acme/api");
    expect(names.project("api")).toBe("acme-api");
    expect(names.buildRole("api")).toBe("acme-api-build");
    expect(names.pipelineRole("api")).toBe("acme-api-pipeline");
    expect(names.eventsRole("api")).toBe("acme-api-events");
    expect(names.triggerRule("api", "base-image")).toBe("acme-api-base-image");
    expect(beanstalk(names).instanceRole("api", "prod")).toBe(
      "acme-api-prod-instance",
    );
    expect(beanstalk(names).environment("api", "prod")).toBe("acme-api-prod");
    expect(names.artifactBucket("123456789012", "eu-west-1")).toBe(
      "acme-artifacts-123456789012-eu-west-1",
    );
    expect(names.kmsAlias).toBe("alias/acme-delivery");
    expect(beanstalk(names).serviceRole).toBe("acme-beanstalk-service");
    expect(names.buildLogGroup("api")).toBe("/aws/codebuild/acme-api");
    expect(names.markProject("api")).toBe("acme-api-mark");
    expect(names.markRole("api")).toBe("acme-api-mark");
    expect(names.markLogGroup("api")).toBe("/aws/codebuild/acme-api-mark");
  });

  test("the mark role's name fits whenever the pipeline role's does (it is shorter)", () => {
    for (const service of ["a", "s".repeat(30), "s".repeat(50)]) {
      if (checkName("iamRole", names.pipelineRole(service)) === undefined)
        expect(checkName("iamRole", names.markRole(service))).toBeUndefined();
      expect(names.markRole(service).length).toBeLessThan(
        names.pipelineRole(service).length,
      );
    }
  });

  test("the longest environment marker is far within ECR's tag limits", () => {
    // An environment name is at most 40 - "a-b-".length = 36 characters (Beanstalk's limit).
    const marker = `${deployedTagPrefix("e".repeat(36))}20261123T120000Z`;
    expect(marker.length).toBe(62);
    // Docker's tag grammar (https://docs.docker.com/reference/cli/docker/image/tag/)
    expect(marker).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
  });

  test.each([
    [
      "beanstalkEnvironment",
      "abc",
      'derived Beanstalk environment name "abc" is 3 characters; AWS allows 4 to 40',
    ],
    [
      "beanstalkEnvironment",
      "a".repeat(41),
      `derived Beanstalk environment name "${"a".repeat(41)}" is 41 characters; AWS allows 4 to 40`,
    ],
    [
      "beanstalkEnvironment",
      "abcd-",
      "derived Beanstalk environment name \"abcd-\" is not allowed by AWS: use letters, digits and '-', not starting or ending with '-'",
    ],
    [
      "iamRole",
      "r".repeat(65),
      `derived IAM role name "${"r".repeat(65)}" is 65 characters; AWS allows 1 to 64`,
    ],
    [
      "codebuildProject",
      "p".repeat(151),
      `derived CodeBuild project name "${"p".repeat(151)}" is 151 characters; AWS allows 2 to 150`,
    ],
    [
      "pipeline",
      "p".repeat(101),
      `derived CodePipeline name "${"p".repeat(101)}" is 101 characters; AWS allows 1 to 100`,
    ],
    [
      "ecrRepository",
      "acme/a--b",
      "derived ECR repository name \"acme/a--b\" is not allowed by AWS: use lowercase letters and digits, separated by single '.', '_', '-' or '/', no separator at either end",
    ],
    [
      "s3Bucket",
      "b".repeat(64),
      `derived S3 bucket name "${"b".repeat(64)}" is 64 characters; AWS allows 3 to 63`,
    ],
    [
      "connection",
      "c".repeat(33),
      `derived CodeConnections connection name "${"c".repeat(33)}" is 33 characters; AWS allows 1 to 32`,
    ],
  ] as const)("%s rejects %s", (kind, name, message) => {
    expect(checkName(kind, name)).toBe(message);
  });

  test.each([
    ["beanstalkEnvironment", "acme-api-prod"],
    ["beanstalkEnvironment", "a".repeat(40)],
    ["iamRole", "r".repeat(64)],
    ["ecrRepository", "acme/billing-api"],
    ["ecrRepository", "acme/a.b_c"],
    ["s3Bucket", "acme-artifacts-123456789012-ap-southeast-2"],
    ["codebuildProject", "acme-api"],
  ] as const)("%s accepts %s", (kind, name) => {
    expect(checkName(kind, name)).toBeUndefined();
  });

  test("the longest names the catalogue patterns allow fit every limit but the Beanstalk environment's", () => {
    // organisation: 20 characters, service or base image: 31, connection: long enough to fail
    const long = new Names("o".repeat(20));
    const image = "s".repeat(31);
    const fits: [NameKind, string][] = [
      ["ecrRepository", long.repository(image)],
      ["codebuildProject", long.project(image)],
      ["pipeline", long.project(image)],
      ["beanstalkApplication", long.project(image)],
      ["iamRole", long.buildRole(image)],
      ["iamRole", long.pipelineRole(image)],
      ["iamRole", long.eventsRole(image)],
      ["iamRole", beanstalk(long).serviceRole],
      ["iamRole", long.dockerBuilder],
      ["eventRule", long.triggerRule(image, "source")],
      ["eventRule", long.triggerRule(image, "base-image")],
      ["logGroup", long.buildLogGroup(image)],
      ["logGroup", long.dockerBuilderLogGroup],
      ["codebuildProject", long.dockerBuilder],
      ["s3Bucket", long.artifactBucket("123456789012", "ap-southeast-2")],
      ["kmsAlias", long.kmsAlias],
      ["snsTopic", long.notificationTopic],
      ["chatbotChannel", long.chatbotChannel],
      ["iamRole", long.chatbotRole],
      ["notificationRule", long.project(image)],
    ];
    for (const [kind, name] of fits)
      expect([kind, name, checkName(kind, name)]).toEqual([
        kind,
        name,
        undefined,
      ]);
    // these two depend on the other keys' lengths, and are checked per catalogue
    expect(
      checkName(
        "beanstalkEnvironment",
        beanstalk(long).environment(image, "prod"),
      ),
    ).toMatch(/AWS allows 4 to 40/);
    expect(
      checkName("connection", long.connection("github-enterprise")),
    ).toMatch(/AWS allows 1 to 32/);
  });

  test("an environment's instance role fits IAM's 64 whenever its environment name fits Beanstalk's 40", () => {
    // the role is the environment's name plus "-instance"
    const longest = new Names("o".repeat(18));
    const environment = beanstalk(longest).environment(
      "s".repeat(10),
      "e".repeat(10),
    );
    expect(environment.length).toBe(40);
    expect(checkName("beanstalkEnvironment", environment)).toBeUndefined();
    const role = beanstalk(longest).instanceRole(
      "s".repeat(10),
      "e".repeat(10),
    );
    expect(role).toBe(`${environment}-instance`);
    expect(checkName("iamRole", role)).toBeUndefined();
    expect(checkName("instanceProfile", role)).toBeUndefined();
  });
});
