/**
 * The catalogue loader: one invalid fixture per rule, asserting the exact messages and lines.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "../config/load-catalogue";
import { FIXTURES } from "./support/synth";

function problems(file: string): readonly string[] {
  const text = readFileSync(path.join(FIXTURES, "invalid", file), "utf8");
  try {
    loadCatalogue(text, file);
  } catch (error) {
    if (error instanceof CatalogueError) return error.problems;
    throw error;
  }
  throw new Error(`${file} loaded without problems`);
}

const CASES: [string, string, string[]][] = [
  [
    "pipelines may not share an artifact folder (the first 20 characters of their names)",
    "artifact-folders.yaml",
    [
      'artifact-folders.yaml:7:3 services.payments-gateway-us: pipeline "acme-payments-gateway-us" would share the artifact folder "acme-payments-gatewa" with services.payments-gateway-eu (CodePipeline keeps the first 20 characters of a pipeline\'s name); make the names differ sooner',
    ],
  ],
  [
    "a base image cannot be built inside itself",
    "base-image-self.yaml",
    [
      "base-image-self.yaml:7:27 baseImages.ci-tools.build.customImage: a base image cannot be built inside itself",
    ],
  ],
  [
    "Beanstalk's limits on environment variable names, values and their total size",
    "beanstalk-variables.yaml",
    [
      "beanstalk-variables.yaml:10:143 services.api.environments.prod.variables.NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN: Beanstalk allows names of up to 128 characters, got 130",
      "beanstalk-variables.yaml:11:17 services.api.environments.prod.variables.LONG: Beanstalk allows values of up to 256 characters, got 300",
      "beanstalk-variables.yaml:13:9 services.api.environments.staging.variables: Beanstalk allows 4096 bytes of variables (as key=value) per environment, got 4940",
    ],
  ],
  [
    "build variables cannot redefine the buildspec variables or clash with secrets",
    "build-variables.yaml",
    [
      "build-variables.yaml:9:25 services.api.build.variables.REPOSITORY_URL: REPOSITORY_URL is set by the build itself; choose another name",
      "build-variables.yaml:12:16 services.api.build.secrets.TOKEN: TOKEN is both a variable and a secret",
      "build-variables.yaml:13:22 services.api.build.secrets.CODEBUILD_X: CODEBUILD_X is set by the build itself; choose another name",
    ],
  ],
  [
    "certificates must be in the catalogue's region",
    "certificate-region.yaml",
    [
      "certificate-region.yaml:10:27 services.api.environments.prod.https.certificateArn: the certificate must be in the catalogue's region eu-west-1, got us-east-1",
    ],
  ],
  [
    "CNAME prefixes are unique across the catalogue",
    "cname-unique.yaml",
    [
      'cname-unique.yaml:12:28 services.web.environments.prod.cnamePrefix: "acme-api" is already the cnamePrefix of services.api.environments.prod',
    ],
  ],
  [
    "GitHubEnterpriseServer needs a host; a host is for GitHubEnterpriseServer only, beside provider",
    "connection-host.yaml",
    [
      "connection-host.yaml:6:15 connections.ghe.provider: GitHubEnterpriseServer needs hostArn (the CodeConnections host of your server)",
      "connection-host.yaml:9:14 connections.gitlab.hostArn: a host is only for GitHubEnterpriseServer, not GitLab",
      'connection-host.yaml:11:5 connections.legacy.hostArn: needs "provider" beside it',
    ],
  ],
  [
    "a connection is provider or existing, with a real ARN",
    "connection-shape.yaml",
    [
      "connection-shape.yaml:7:5 connections.github.existing: give exactly one of provider or existing, not both provider and existing",
      "connection-shape.yaml:8:14 connections.bitbucket: needs exactly one of provider or existing",
      'connection-shape.yaml:10:22 connections.gitlab.existing.arn: must be arn:aws:codeconnections:<region>:<account>:connection/<uuid>, got "arn:aws:codeconnections:eu-west-1:123456789012:connection/oops"',
    ],
  ],
  [
    "no two entries derive the same stack, project, log group or Beanstalk environment",
    "derived-name-clash.yaml",
    [
      'derived-name-clash.yaml:7:3 services.shared: derives the stack "acme-shared", which is already the shared stack; rename one of them',
      'derived-name-clash.yaml:9:3 services.docker-builder: derives the CodeBuild project "acme-docker-builder", which is already the docker builder\'s; rename one of them',
      'derived-name-clash.yaml:9:3 services.docker-builder: derives the log group "/aws/codebuild/acme-docker-builder", which is already the docker builder\'s; rename one of them',
      'derived-name-clash.yaml:18:7 services.ab-cd.environments.ef: derives the Beanstalk environment "acme-ab-cd-ef", which is already services.ab.environments.cd-ef\'s; rename one of them',
    ],
  ],
  [
    "derived AWS names fit AWS's limits (ECR, Beanstalk, connections, workspaces)",
    "derived-names.yaml",
    [
      'derived-names.yaml:7:22 terraform.cloud.workspacePrefix: workspace name "delivery-catalogue-workspaces-for-the-acme-platform-team-acme-platform-team-payments-gateway" is 92 characters; Terraform Cloud allows 90',
      'derived-names.yaml:9:3 connections.github-enterprise-server: derived CodeConnections connection name "acme-platform-team-github-enterprise-server" is 43 characters; AWS allows 1 to 32',
      "derived-names.yaml:10:15 connections.github-enterprise-server.provider: GitHubEnterpriseServer needs hostArn (the CodeConnections host of your server)",
      "derived-names.yaml:12:3 services.billing-: derived ECR repository name \"acme-platform-team/billing-\" is not allowed by AWS: use lowercase letters and digits, separated by single '.', '_', '-' or '/', no separator at either end",
      'derived-names.yaml:17:7 services.payments-gateway.environments.production: derived Beanstalk environment name "acme-platform-team-payments-gateway-production" is 46 characters; AWS allows 4 to 40',
    ],
  ],
  [
    "duplicate keys are errors",
    "duplicate-key.yaml",
    ["duplicate-key.yaml:7:3 services.api: duplicate key"],
  ],
  [
    "an empty catalogue is refused",
    "empty.yaml",
    ["empty.yaml:1:1 (root): the catalogue is empty"],
  ],
  [
    "enum values are checked, with a did-you-mean hint",
    "enum.yaml",
    [
      'enum.yaml:9:27 services.api.environments.prod.deploymentPolicy: must be one of AllAtOnce, Rolling, RollingWithAdditionalBatch, Immutable, got "rolling" (did you mean Rolling?)',
    ],
  ],
  [
    "problems in inherited defaults point at defaults: and name the service",
    "inherited-default.yaml",
    [
      'inherited-default.yaml:6:18 defaults.build.customImage: unknown base image "ci-tools"; baseImages is empty (inherited by services.api.build.customImage)',
      "inherited-default.yaml:7:17 defaults.build.privileged: the generated buildspec builds with Docker, which needs privileged: true (or give your own buildspec) (inherited by services.api.build.privileged)",
    ],
  ],
  [
    "minInstances <= maxInstances, including defaults",
    "instances.yaml",
    [
      "instances.yaml:9:23 services.api.environments.prod.minInstances: must be at most maxInstances (default 2), got 4",
      "instances.yaml:12:23 services.api.environments.staging.maxInstances: must be at least minInstances (3), got 2",
    ],
  ],
  [
    "map keys are strings; a merge key names a map; x- keys are ignored at the top level only",
    "keys.yaml",
    [
      "keys.yaml:10:13 services.api.environments.prod: a merge key (<<) must name a map",
      "keys.yaml:11:7 services.api.environments: keys must be strings, got number 1",
      "keys.yaml:12:24 services.api.environments.qa.x-note: unknown key; allowed: approval, cnamePrefix, instanceTypes, minInstances, maxInstances, platform, deploymentPolicy, healthCheckPath, https, stickiness, maintenanceWindow, updateLevel, variables, secrets, network",
    ],
  ],
  [
    "list items are unique, lists within their limits (40 instance types)",
    "lists.yaml",
    [
      'lists.yaml:9:46 services.api.environments.prod.instanceTypes[2]: repeats "t3.small" (already at [0])',
      "lists.yaml:11:24 services.api.environments.qa.instanceTypes: must list at most 40 items, got 41",
    ],
  ],
  [
    "a service and a base image cannot share a name",
    "name-clash.yaml",
    [
      'name-clash.yaml:8:3 services.api: "api" is also a base image; services and base images need different names',
      'name-clash.yaml:8:3 services.api: derives the CodeBuild project "acme-api", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: derives the log group "/aws/codebuild/acme-api", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: derives the IAM role "acme-api-build", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: derives the IAM role "acme-api-pipeline", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: derives the IAM role "acme-api-events", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: derives the EventBridge rule "acme-api-source", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: derives the EventBridge rule "acme-api-base-image", which is already base image api\'s; rename one of them',
      'name-clash.yaml:8:3 services.api: pipeline "acme-api" would share the artifact folder "acme-api" with baseImages.api (CodePipeline keeps the first 20 characters of a pipeline\'s name); make the names differ sooner',
    ],
  ],
  [
    "network: vpcId needs subnets, subnets need vpcId, an ALB needs two subnets",
    "network.yaml",
    [
      "network.yaml:5:3 network.loadBalancerSubnets: needs vpcId (the VPC these subnets are in) (inherited by services.api.environments.staging.network.loadBalancerSubnets)",
      "network.yaml:12:18 services.api.environments.prod.network.vpcId: needs instanceSubnets (the subnets of the instances in this VPC)",
      "network.yaml:13:32 services.api.environments.prod.network.loadBalancerSubnets: must list at least 2 items, got 1",
    ],
  ],
  [
    "patterns are checked and explained in words (including the Docker platform name)",
    "pattern.yaml",
    [
      "pattern.yaml:2:15 organisation: must be 2 to 20 lowercase letters, digits and '-', starting with a letter, got \"Acme\"",
      'pattern.yaml:3:9 region: must be an AWS region such as eu-west-1, got "europe"',
      'pattern.yaml:9:26 services.api.environments.prod.healthCheckPath: must be a path starting with "/", got "health"',
      'pattern.yaml:10:19 services.api.environments.prod.platform: must be "64bit Amazon Linux 2023 v<version> running Docker", got "64bit Amazon Linux 202 v4.4.0 running Docker"',
    ],
  ],
  [
    "a role's policy must fit IAM's 10,240 characters once its references resolve",
    "policy-size.yaml",
    [
      "policy-size.yaml:5:3 services.svc: its pipeline role's policy would be 13486 characters; IAM allows 10240 per role (fewer environments or secrets, or shorter names, make it fit)",
    ],
  ],
  [
    "integer ranges are checked",
    "range.yaml",
    [
      "range.yaml:7:11 services.api.port: must be between 1 and 65535, got 70000",
      "range.yaml:9:23 services.api.build.timeoutMinutes: must be between 5 and 2160, got 3",
    ],
  ],
  [
    "required keys are reported at their parent map",
    "required.yaml",
    [
      'required.yaml:1:1 (root): missing required key "organisation"',
      'required.yaml:5:5 services.api: missing required key "source"',
    ],
  ],
  [
    "secret references are parsed (names, parts), region-checked, complete, and fit Beanstalk",
    "secrets.yaml",
    [
      'secrets.yaml:9:12 services.api.build.secrets.A: must be "ssm:<parameter name>" or "secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]", got "vault:/api/a"',
      'secrets.yaml:10:12 services.api.build.secrets.B: give the parameter name after "ssm:", not an ARN, got "ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/b"',
      "secrets.yaml:11:12 services.api.build.secrets.C: the secret must be in the catalogue's region eu-west-1, got us-east-1",
      'secrets.yaml:12:12 services.api.build.secrets.D: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/db" is not a complete Secrets Manager secret ARN (it ends in -<6 characters>); or give the secret\'s name',
      'secrets.yaml:13:12 services.api.build.secrets.E: too many ":" parts in "secretsmanager:api/db:key:AWSCURRENT:v1:extra": <secret>[:<json key>[:<version stage>[:<version id>]]]',
      'secrets.yaml:14:12 services.api.build.secrets.F: "ssm:" must be followed by a parameter name (letters, digits and _.-/), got "ssm:/api/has space"',
      "secrets.yaml:19:24 services.api.environments.prod.secrets.DB_PASSWORD: DB_PASSWORD is both a variable and a secret",
      "secrets.yaml:20:18 services.api.environments.prod.secrets.TOKEN: Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
    ],
  ],
  [
    "service names follow the contract pattern",
    "service-name.yaml",
    [
      "service-name.yaml:5:3 services.Billing_API: name must be 2 to 31 lowercase letters, digits and '-', starting with a letter, got \"Billing_API\"",
    ],
  ],
  [
    "a source has exactly one of connection, codecommit, s3",
    "source-exactly-one.yaml",
    [
      "source-exactly-one.yaml:8:7 services.api.source.s3: give exactly one of connection, codecommit or s3, not both codecommit and s3",
      "source-exactly-one.yaml:11:7 services.web.source: needs exactly one of connection, codecommit or s3",
      'source-exactly-one.yaml:11:7 services.web.source.branch: needs "connection" beside it',
    ],
  ],
  [
    "YAML syntax errors stop at the parser, with line and column",
    "syntax.yaml",
    [
      "syntax.yaml:4:1 region[0]: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  ],
  [
    "tags: at most 45 (AWS allows 50 with the resources' own), no aws: prefix",
    "tags.yaml",
    [
      "tags.yaml:5:3 tags: must have at most 45 entries, got 47",
      'tags.yaml:5:3 tags["aws:owner"]: name must be 1 to 128 letters, digits, spaces and _.:/=+-@, not starting with aws:, got "aws:owner"',
    ],
  ],
  [
    "at most 48 environments: a pipeline has at most 50 stages",
    "too-many-environments.yaml",
    [
      "too-many-environments.yaml:8:7 services.api.environments: must have at most 48 entries, got 49",
    ],
  ],
  [
    "unknown keys are errors, with a did-you-mean hint",
    "unknown-key.yaml",
    [
      "unknown-key.yaml:8:7 services.api.build.computeTyp: unknown key (did you mean computeType?); allowed: computeType, image, customImage, privileged, timeoutMinutes, buildspec, variables, secrets, cache",
    ],
  ],
  [
    "connection, baseImage and customImage references must exist",
    "unknown-references.yaml",
    [
      'unknown-references.yaml:11:27 services.api.source.connection: unknown connection "gitlab"; connections has github',
      'unknown-references.yaml:12:16 services.api.baseImage: unknown base image "ruby"; baseImages has ruby-base',
      'unknown-references.yaml:14:20 services.api.build.customImage: unknown base image "ci-tools"; baseImages has ruby-base',
    ],
  ],
  [
    "version must be 1",
    "version.yaml",
    ["version.yaml:1:10 version: must be 1, got number 2"],
  ],
  [
    "wrong types are errors (no YAML 1.1 yes/no booleans, no quoted numbers)",
    "wrong-type.yaml",
    [
      'wrong-type.yaml:7:11 services.api.port: must be a whole number, got "8080"',
      'wrong-type.yaml:9:19 services.api.build.privileged: must be true or false, got "yes"',
      'wrong-type.yaml:12:24 services.api.environments.prod.instanceTypes: must be a list, got "t3.small"',
    ],
  ],
];

describe("invalid catalogues", () => {
  test.each(CASES)("%s (%s)", (_rule, file, expected) => {
    expect(problems(file)).toEqual(expected);
  });

  test("every fixture has a case", () => {
    const files = readdirSync(path.join(FIXTURES, "invalid")).sort();
    expect(CASES.map(([, file]) => file).sort()).toEqual(files);
  });
});
