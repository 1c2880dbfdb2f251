/**
 * The catalogue loader: every invalid fixture, asserting the exact messages and lines. A catalogue
 * rule's fixtures are named after its id (invalid/<id>.yaml, invalid/<id>.<case>.yaml; see
 * rules-test.ts); the others are the parser's and the shape validator's.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "../config/load-catalogue";
import { ALB_SECURITY_POLICIES } from "../plan/elb-security-policies";
import { FIXTURES } from "./support/synth";
import { ECS_CASES } from "./targets/ecs/ecs-invalid-cases";

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

/** The hint of a path the smoke test requests (config/gates.ts URL_PATH_HINT). */
const URL_PATH =
  'a URL path starting with "/": letters, digits and /-._~!$&\'()*+,;=:@?% (no "#", "{", "}" or spaces)';

const CASES: [string, string, string[]][] = [
  [
    "an environment gives only its kind's keys",
    "environment-kind-keys.yaml",
    [
      "environment-kind-keys.yaml:15:14 services.api.environments.staging.cpu: is a key of kind: ecs environments, and this one is kind: beanstalk (the default); give kind: ecs, or remove cpu",
      "environment-kind-keys.yaml:19:9 services.api.environments.prod.instanceTypes: is a key of kind: beanstalk environments, and this one is kind: ecs; give kind: beanstalk, or remove instanceTypes",
    ],
  ],
  ...ECS_CASES,
  [
    "a Beanstalk HTTPS listener takes one of AWS's Application Load Balancer policies (a typo, or a Classic Load Balancer's, refused)",
    "beanstalk-ssl-policy.yaml",
    [
      `beanstalk-ssl-policy.yaml:12:22 services.api.environments.staging.https.sslPolicy: must be one of ${ALB_SECURITY_POLICIES.join(", ")}, got "ELBSecurityPolicy-TLS13-1-2-Res-2021-6" (did you mean ELBSecurityPolicy-TLS13-1-2-Res-2021-06?)`,
      `beanstalk-ssl-policy.yaml:17:22 services.api.environments.production.https.sslPolicy: must be one of ${ALB_SECURITY_POLICIES.join(", ")}, got "ELBSecurityPolicy-2015-03" (did you mean ELBSecurityPolicy-2015-05?)`,
    ],
  ],
  [
    "Slack notifications need Chatbot's API, which only the aws partition has",
    "notification-slack-region.yaml",
    [
      "notification-slack-region.yaml:6:3 notifications.slack: Amazon Q Developer in chat applications (AWS Chatbot) has no API in the aws-cn partition of cn-north-1 (only in us-east-2, us-west-2, eu-west-1, ap-southeast-1); leave slack out and subscribe to the topic instead",
    ],
  ],
  [
    "a smoke test is not turned on behind an internal load balancer, where CodeBuild cannot reach it",
    "smoke-test-reachable.yaml",
    [
      "smoke-test-reachable.yaml:6:27 defaults.environment.smokeTest.enabled: a smoke test runs in CodeBuild outside the VPC and cannot reach an internal load balancer; set enabled: false (or make the load balancer public) (inherited by services.api.environments.internal.smokeTest.enabled)",
      "smoke-test-reachable.yaml:19:31 services.worker.environments.production.smokeTest.enabled: a smoke test runs in CodeBuild outside the VPC and cannot reach an internal load balancer; set enabled: false (or make the load balancer public)",
    ],
  ],
  [
    "trigger filters name patterns (an empty trigger would start the pipeline on nothing)",
    "trigger-filters.yaml",
    [
      "trigger-filters.yaml:12:7 services.api.source.trigger: name at least one of branches, tags or paths: an empty trigger would start the pipeline on nothing",
      "trigger-filters.yaml:18:9 services.web.source.trigger.branches: give include or exclude patterns (or leave the key out)",
    ],
  ],
  [
    "trigger filters: connection sources only, AWS's 1 to 8 patterns of 1 to 255 characters",
    "trigger-shape.yaml",
    [
      'trigger-shape.yaml:11:7 services.api.source.trigger: needs "connection" beside it',
      "trigger-shape.yaml:17:30 services.web.source.trigger.branches.include: must list at most 8 items, got 9",
      'trigger-shape.yaml:18:27 services.web.source.trigger.tags.include[0]: must be at least 1 characters, got ""',
    ],
  ],
  [
    "pipelines may not share an artifact folder (the first 20 characters of their names)",
    "artifact-folder-clash.yaml",
    [
      'artifact-folder-clash.yaml:7:3 services.payments-gateway-us: pipeline "acme-payments-gateway-us" would share the artifact folder "acme-payments-gatewa" with services.payments-gateway-eu (CodePipeline keeps the first 20 characters of a pipeline\'s name); make the names differ sooner',
    ],
  ],
  [
    "a base image cannot be built inside itself",
    "custom-image-exists.self.yaml",
    [
      "custom-image-exists.self.yaml:7:27 baseImages.ci-tools.build.customImage: a base image cannot be built inside itself",
    ],
  ],
  [
    "Beanstalk's limits on environment variable names, values and their total size",
    "beanstalk-variable-limits.yaml",
    [
      "beanstalk-variable-limits.yaml:10:143 services.api.environments.prod.variables.NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN: Beanstalk allows names of up to 128 characters, got 130",
      "beanstalk-variable-limits.yaml:11:17 services.api.environments.prod.variables.LONG: Beanstalk allows values of up to 256 characters, got 300",
      "beanstalk-variable-limits.yaml:13:9 services.api.environments.staging.variables: Beanstalk allows 4096 bytes of variables (as key=value) per environment, got 4940",
    ],
  ],
  [
    "build variables cannot redefine the buildspec variables or clash with secrets",
    "build-variable-names.yaml",
    [
      "build-variable-names.yaml:9:25 services.api.build.variables.REPOSITORY_URL: REPOSITORY_URL is set by the build itself; choose another name",
      "build-variable-names.yaml:12:20 services.api.build.secrets.LOG_LEVEL: LOG_LEVEL is both a variable and a secret",
      "build-variable-names.yaml:13:22 services.api.build.secrets.CODEBUILD_X: CODEBUILD_X is set by the build itself; choose another name",
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
    "cname-prefix-clash.yaml",
    [
      'cname-prefix-clash.yaml:12:28 services.web.environments.prod.cnamePrefix: "acme-api" is already the cnamePrefix of services.api.environments.prod',
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
    "an existing connection must be in the catalogue's region (its pipelines' region)",
    "connection-region.yaml",
    [
      "connection-region.yaml:6:22 connections.github.existing.arn: the connection must be in the catalogue's region eu-west-1, got us-east-1",
    ],
  ],
  [
    "an existing notification topic must be in the catalogue's region (its notification rules')",
    "notification-topic-region.yaml",
    [
      "notification-topic-region.yaml:5:13 notifications.topicArn: the topic must be in the catalogue's region eu-west-1, got us-east-1",
      "notification-topic-region.yaml:10:17 services.api.notifications.topicArn: the topic must be in the catalogue's region eu-west-1, got eu-central-1",
    ],
  ],
  [
    "a pipeline that notifies on its own names its topic when the catalogue creates none",
    "notification-topic-needed.yaml",
    [
      "notification-topic-needed.yaml:7:5 baseImages.base.notifications: no topic to notify: give a topicArn here, or a top-level notifications section (whose topic the shared stack creates)",
      "notification-topic-needed.yaml:12:5 services.api.notifications: no topic to notify: give a topicArn here, or a top-level notifications section (whose topic the shared stack creates)",
    ],
  ],
  [
    "notifications: known events, once each; a standard SNS topic ARN; Slack ids; Slack only at the top level",
    "notifications-shape.yaml",
    [
      'notifications-shape.yaml:5:20 notifications.events[1]: must be one of failed, succeeded, approval, got "deployed"',
      'notifications-shape.yaml:5:30 notifications.events[2]: repeats "failed" (already at [0])',
      'notifications-shape.yaml:6:13 notifications.topicArn: must be a standard SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (not a .fifo topic), got "arn:aws:sns:eu-west-1:123456789012:alerts.fifo"',
      'notifications-shape.yaml:8:18 notifications.slack.workspaceId: must be uppercase letters and digits, such as T07EA123LEP, got "t07ea123lep"',
      'notifications-shape.yaml:9:16 notifications.slack.channelId: must be letters and digits, such as C07EZ1ABC23, got "#deploys"',
      "notifications-shape.yaml:14:15 services.api.notifications.events: must list at least 1 item, got 0",
      "notifications-shape.yaml:15:7 services.api.notifications.slack: unknown key; allowed: enabled, events, topicArn",
      'notifications-shape.yaml:16:17 services.api.notifications.topicArn: must be a standard SNS topic ARN, arn:aws:sns:<region>:<account>:<name> (not a .fifo topic), got "arn:aws:sqs:eu-west-1:123456789012:alerts"',
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
    "derived-name-limits.yaml",
    [
      'derived-name-limits.yaml:7:22 terraform.cloud.workspacePrefix: workspace name "delivery-catalogue-workspaces-for-the-acme-platform-team-acme-platform-team-payments-gateway" is 92 characters; Terraform Cloud allows 90',
      'derived-name-limits.yaml:9:3 connections.github-enterprise-server: derived CodeConnections connection name "acme-platform-team-github-enterprise-server" is 43 characters; AWS allows 1 to 32',
      "derived-name-limits.yaml:10:15 connections.github-enterprise-server.provider: GitHubEnterpriseServer needs hostArn (the CodeConnections host of your server)",
      "derived-name-limits.yaml:12:3 services.billing-: derived ECR repository name \"acme-platform-team/billing-\" is not allowed by AWS: use lowercase letters and digits, separated by single '.', '_', '-' or '/', no separator at either end",
      'derived-name-limits.yaml:17:7 services.payments-gateway.environments.production: derived Beanstalk environment name "acme-platform-team-payments-gateway-production" is 46 characters; AWS allows 4 to 40',
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
    "a misindented key is reported once, at the key, not followed by the parser's cascade",
    "indentation.yaml",
    [
      "indentation.yaml:66:8 services.billing-api.environments.production: minInstances is indented 7 spaces, but the keys of this map are at 8 (and of the map around it at 6); all keys of one map must start at the same column",
    ],
  ],
  [
    "each misindented key once: read again with the key where it belongs, the next mistake (same section or not) is found too",
    "indentation-deeper.yaml",
    [
      "indentation-deeper.yaml:11:13 services.api.environments.prod.variables: LOG_LEVEL is indented 12 spaces, deeper than GREETING above it (at 10), which already has a value; give it GREETING's indentation",
      "indentation-deeper.yaml:13:8 services.api.environments.prod: maxInstances is indented 7 spaces, but the keys of this map are at 8 (and of the map around it at 6); all keys of one map must start at the same column",
      "indentation-deeper.yaml:17:4 connections.github: hostArn is indented 3 spaces, but the keys of this map are at 4 (and of the map around it at 2); all keys of one map must start at the same column",
    ],
  ],
  [
    "instance types run what the build produces: x86_64, not Graviton (arm64), including defaults",
    "instance-architecture.yaml",
    [
      "instance-architecture.yaml:6:21 defaults.environment.instanceTypes[0]: must be an x86_64 instance type (builds produce x86_64 images), got t4g.small, an arm64 (Graviton) type (such as t3.small instead) (inherited by services.api.environments.staging.instanceTypes[0])",
      "instance-architecture.yaml:13:25 services.api.environments.prod.instanceTypes[0]: must be an x86_64 instance type (builds produce x86_64 images), got m7g.large, an arm64 (Graviton) type (such as m7i.large instead)",
      "instance-architecture.yaml:13:47 services.api.environments.prod.instanceTypes[2]: must be an x86_64 instance type (builds produce x86_64 images), got c6gn.xlarge, an arm64 (Graviton) type",
      "instance-architecture.yaml:13:73 services.api.environments.prod.instanceTypes[4]: must be an x86_64 instance type (builds produce x86_64 images), got a1.medium, an arm64 (Graviton) type",
    ],
  ],
  [
    "minInstances <= maxInstances, including defaults",
    "instance-counts.yaml",
    [
      "instance-counts.yaml:9:23 services.api.environments.prod.minInstances: must be at most maxInstances (default 2), got 4",
      "instance-counts.yaml:12:23 services.api.environments.staging.maxInstances: must be at least minInstances (3), got 2",
    ],
  ],
  [
    "map keys are strings; a merge key names a map; x- keys are ignored at the top level only",
    "keys.yaml",
    [
      "keys.yaml:10:13 services.api.environments.prod: a merge key (<<) must name a map",
      "keys.yaml:11:7 services.api.environments: keys must be strings, got number 1",
      "keys.yaml:12:24 services.api.environments.qa.x-note: unknown key; allowed: kind, approval, variables, secrets, smokeTest, cnamePrefix, instanceTypes, minInstances, maxInstances, platform, deploymentPolicy, healthCheckPath, https, stickiness, maintenanceWindow, updateLevel, network, cluster, http, cpu, memory, count, processes, exec, deployment",
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
    "network-complete.yaml",
    [
      "network-complete.yaml:5:3 network.loadBalancerSubnets: needs vpcId (the VPC these subnets are in) (inherited by services.api.environments.staging.network.loadBalancerSubnets)",
      "network-complete.yaml:12:18 services.api.environments.prod.network.vpcId: needs instanceSubnets (the subnets of the instances in this VPC)",
      "network-complete.yaml:13:32 services.api.environments.prod.network.loadBalancerSubnets: must list at least 2 items, got 1",
    ],
  ],
  [
    "an environment that overrides the VPC overrides its subnets too",
    "network-complete.vpc-override.yaml",
    [
      "network-complete.vpc-override.yaml:13:27 services.api.environments.prod.network.vpcId: overrides the VPC, got vpc-0f0e0d0c0b0a09080, but takes instanceSubnets and loadBalancerSubnets from network, subnets of vpc-0a1b2c3d4e5f67890; give instanceSubnets and loadBalancerSubnets of vpc-0f0e0d0c0b0a09080 beside it",
      "network-complete.vpc-override.yaml:16:18 services.api.environments.qa.network.vpcId: overrides the VPC, got vpc-0f0e0d0c0b0a09080, but takes loadBalancerSubnets from network, subnets of vpc-0a1b2c3d4e5f67890; give loadBalancerSubnets of vpc-0f0e0d0c0b0a09080 beside it",
    ],
  ],
  [
    "the shape of terraform.cloud.workspaces",
    "cloud-workspaces.yaml",
    [
      'cloud-workspaces.yaml:10:25 terraform.cloud.workspaces.terraformVersion: must be an exact version such as 1.11.4, got "~> 1.11"',
      'cloud-workspaces.yaml:11:19 terraform.cloud.workspaces.awsRoleArn: must be an IAM role ARN, arn:aws:iam::<account>:role/<name>, got "arn:aws:iam::123456789012:user/tfc"',
      `cloud-workspaces.yaml:12:15 terraform.cloud.workspaces.tags["hc:owner"]: name must be 1 to 128 letters, digits, '_', ':' and '-', starting with a letter or digit, not hc:, got "hc:owner"`,
      `cloud-workspaces.yaml:12:43 terraform.cloud.workspaces.tags.team: must be up to 256 letters, digits, '_', ':', '.' and '-', got "platform team"`,
      `cloud-workspaces.yaml:13:23 terraform.cloud.workspaces.stateWorkspace: must be 1 to 90 letters, digits, '-' and '_', got "acme workspaces"`,
      "cloud-workspaces.yaml:14:7 terraform.cloud.workspaces.vcsRepo: unknown key; allowed: terraformVersion, awsRoleArn, tags, stateWorkspace",
    ],
  ],
  [
    "the workspaces run a Terraform that parses removed blocks",
    "workspace-terraform-version.yaml",
    [
      "workspace-terraform-version.yaml:8:37 terraform.cloud.workspaces.terraformVersion: the stacks need Terraform 1.7.0 or later (removed blocks), got 1.6.6",
    ],
  ],
  [
    "the workspaces stack keeps its state in a workspace it does not create",
    "workspace-state-clash.yaml",
    [
      'workspace-state-clash.yaml:10:23 terraform.cloud.workspaces.stateWorkspace: "delivery-acme-api" is the workspace of the stack acme-api, which this stack creates; name a workspace made by hand',
    ],
  ],
  [
    "previousWorkspacePrefix names the prefix being left",
    "workspace-prefix-change.yaml",
    [
      'workspace-prefix-change.yaml:9:30 terraform.cloud.previousWorkspacePrefix: equals workspacePrefix "delivery-", so no workspace changes; remove it once the stacks run in their new workspaces',
    ],
  ],
  [
    "the workspaces' AWS role is in the region's partition",
    "workspace-role-partition.yaml",
    [
      "workspace-role-partition.yaml:9:19 terraform.cloud.workspaces.awsRoleArn: the role must be in the partition of eu-west-1 (aws), got aws-cn",
    ],
  ],
  [
    "patterns are checked and explained in words (including the Docker platform name)",
    "pattern.yaml",
    [
      "pattern.yaml:2:15 organisation: must be 2 to 20 lowercase letters, digits and '-', starting with a letter, got \"Acme\"",
      'pattern.yaml:3:9 region: must be an AWS region such as eu-west-1, got "europe"',
      `pattern.yaml:9:26 services.api.environments.prod.healthCheckPath: must be ${URL_PATH}, got "health"`,
      'pattern.yaml:10:19 services.api.environments.prod.platform: must be "64bit Amazon Linux 2023 v<version> running Docker", got "64bit Amazon Linux 202 v4.4.0 running Docker"',
      `pattern.yaml:12:26 services.api.environments.staging.healthCheckPath: must be ${URL_PATH}, got "/health#{BuildVariables.IMAGE_URI}"`,
      `pattern.yaml:13:28 services.api.environments.staging.smokeTest.path: must be ${URL_PATH}, got "/ready#{SourceVariables.CommitId}"`,
      `pattern.yaml:15:28 services.api.environments.qa.smokeTest.path: must be ${URL_PATH}, got "/ready now"`,
    ],
  ],
  [
    "no plain-text credentials in variables (build, environment, through defaults); values are shown redacted",
    "plaintext-secrets.yaml",
    [
      'plaintext-secrets.yaml:7:23 defaults.environment.variables.STRIPE_API_KEY: is named like a credential and has a plain-text value, got "sk_l…" (30 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under secrets (STRIPE_API_KEY: ssm:<parameter> or secretsmanager:<secret>) (inherited by services.api.environments.prod.variables.STRIPE_API_KEY, services.api.environments.legacy.variables.STRIPE_API_KEY, services.api.environments.flow.variables.STRIPE_API_KEY)',
      'plaintext-secrets.yaml:13:22 services.api.build.variables.DB_PASSWORD: is named like a credential and has a plain-text value, got "hunt…" (14 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under build.secrets (DB_PASSWORD: ssm:<parameter> or secretsmanager:<secret>)',
      'plaintext-secrets.yaml:15:21 services.api.build.variables.DEPLOY_KEY: is a private key, got "----…" (141 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under build.secrets (DEPLOY_KEY: ssm:<parameter> or secretsmanager:<secret>)',
      'plaintext-secrets.yaml:22:26 services.api.environments.prod.variables.UPLOAD_KEY_ID: is an AWS access key id, got "AKIA…" (20 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under secrets (UPLOAD_KEY_ID: ssm:<parameter> or secretsmanager:<secret>)',
      'plaintext-secrets.yaml:23:25 services.api.environments.prod.variables.DATABASE_URL: is a URL with a password in it, got "post…" (45 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under secrets (DATABASE_URL: ssm:<parameter> or secretsmanager:<secret>)',
      'plaintext-secrets.yaml:24:24 services.api.environments.prod.variables.githubToken: is named like a credential and has a plain-text value, got "ghp_…" (40 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under secrets (githubToken: ssm:<parameter> or secretsmanager:<secret>)',
      'plaintext-secrets.yaml:29:26 services.api.environments.prod.variables.DOOR_PASSWORD: is named like a credential and has a plain-text value, got "84…" (8 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under secrets (DOOR_PASSWORD: ssm:<parameter> or secretsmanager:<secret>)',
      'plaintext-secrets.yaml:31:20 services.api.environments.legacy.variables: must be a map of name: value, got "DB_P…" (26 characters)',
      'plaintext-secrets.yaml:32:18 services.api.environments.legacy.secrets: must be a map of name: value, got "sk_l…" (30 characters)',
      "plaintext-secrets.yaml:34:22 services.api.environments.flow.variables: names must be letters, digits and '_', not starting with a digit, got \"DB_P…\" (26 characters)",
    ],
  ],
  [
    "a pinned platform must be new enough for the environment's secrets and their form (versions compared as numbers)",
    "platform-secrets.yaml",
    [
      "platform-secrets.yaml:6:15 defaults.environment.platform: is too old for environment secrets, got Amazon Linux 2023 v4.4.0 (environment secrets need a platform released on or after 2025-03-26: Amazon Linux 2023 v4.5.0 or later; or leave platform out for the newest) (inherited by services.api.environments.inherited.platform)",
      "platform-secrets.yaml:15:19 services.api.environments.old.platform: is too old for environment secrets, got Amazon Linux 2023 v4.4.9 (environment secrets need a platform released on or after 2025-03-26: Amazon Linux 2023 v4.5.0 or later; or leave platform out for the newest)",
      "platform-secrets.yaml:21:19 services.api.environments.json-key.platform: is too old for the JSON key in secrets.DB_PASSWORD, got Amazon Linux 2023 v4.9.0 (JSON keys need a platform released on or after 2026-01-13: Amazon Linux 2023 v4.9.1 or later; or leave platform out for the newest)",
      "platform-secrets.yaml:27:19 services.api.environments.al2.platform: is too old for environment secrets, got Amazon Linux 2 v4.3.3 (environment secrets need a platform released on or after 2025-03-26: Amazon Linux 2 v4.3.4 or later; or leave platform out for the newest)",
      "platform-secrets.yaml:30:19 services.api.environments.al2-json-key.platform: cannot read the JSON key in secrets.DB_PASSWORD, got Amazon Linux 2 v4.9.5 (JSON keys are documented for Amazon Linux 2023 only: v4.9.1 or later, released on or after 2026-01-13)",
    ],
  ],
  [
    "a role's policy must fit IAM's 10,240 characters once its references resolve",
    "policy-size.yaml",
    [
      "policy-size.yaml:5:3 services.svc: its pipeline role's policy would be 13570 characters; IAM allows 10240 per role (fewer environments or secrets, or shorter names, make it fit)",
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
    "nothing live builds FROM or inside a retired base image (retired entries may)",
    "retired-base-image-in-use.yaml",
    [
      'retired-base-image-in-use.yaml:5:25 defaults.build.customImage: base image "ci-tools" is retired; build inside another image, or retire this service too (inherited by services.api.build.customImage)',
      'retired-base-image-in-use.yaml:12:27 baseImages.ruby-base.build.customImage: base image "ci-tools" is retired; build inside another image, or retire this base image too',
      'retired-base-image-in-use.yaml:16:16 services.api.baseImage: base image "ci-tools" is retired; build FROM another base image, or retire this service too',
    ],
  ],
  [
    "a live entry may not derive a name a retired entry still holds; the live one is told to change",
    "derived-name-clash.retired.yaml",
    [
      'derived-name-clash.retired.yaml:8:7 services.orders-prod.environments.eu: derives the Beanstalk environment "acme-orders-prod-eu", which is still services.orders.environments.prod-eu\'s (retired: until the retirement is applied and the entry deleted); rename this one, or do that first',
    ],
  ],
  [
    "a live environment may not take a retired one's cnamePrefix (case-insensitive, as DNS)",
    "retired-cname-prefix.yaml",
    [
      'retired-cname-prefix.yaml:13:28 services.order-service.environments.prod.cnamePrefix: "ACME-Orders" is the cnamePrefix of retired services.orders.environments.prod, whose environment holds it until the retirement is applied; apply it, delete the retired entry, then take the prefix',
    ],
  ],
  [
    "Beanstalk environment secrets name no version (a build's may); the Beanstalk target's rule",
    "beanstalk-secret-versions.yaml",
    [
      "beanstalk-secret-versions.yaml:14:18 services.api.environments.prod.secrets.TOKEN: Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
      "beanstalk-secret-versions.yaml:15:24 services.api.environments.prod.secrets.DB_PASSWORD: Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
    ],
  ],
  [
    "secret references are parsed (names, parts), region-checked, complete, and fit Beanstalk; a malformed one is shown redacted",
    "secret-references.yaml",
    [
      'secret-references.yaml:9:12 services.api.build.secrets.A: must be "ssm:<parameter name>" or "secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]", got "vaul…" (12 characters)',
      'secret-references.yaml:10:12 services.api.build.secrets.B: give the parameter name after "ssm:", not an ARN, got "ssm:arn:…" (50 characters)',
      "secret-references.yaml:11:12 services.api.build.secrets.C: the secret must be in the catalogue's region eu-west-1, got us-east-1",
      'secret-references.yaml:12:12 services.api.build.secrets.D: must name a complete Secrets Manager secret ARN (it ends in -<6 characters>) or the secret\'s name, got "secretsmanager:arn:…" (74 characters)',
      'secret-references.yaml:13:12 services.api.build.secrets.E: has too many ":" parts, got "secretsmanager:api/…" (45 characters) (<secret>[:<json key>[:<version stage>[:<version id>]]])',
      'secret-references.yaml:14:12 services.api.build.secrets.F: "ssm:" must be followed by a parameter name (letters, digits and _.-/), got "ssm:/api…" (18 characters)',
      'secret-references.yaml:15:12 services.api.build.secrets.G: must be "ssm:<parameter name>" or "secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]", got "sk_l…" (30 characters)',
      'secret-references.yaml:16:12 services.api.build.secrets.H: must be a string, got "73…" (8 characters)',
      'secret-references.yaml:17:20 services.api.build.secrets.I.from: must be "ssm:<parameter name>" or "secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]", got "vaul…" (12 characters)',
      'secret-references.yaml:20:35 services.api.environments.prod.variables.DB_PASSWORD: is named like a credential and has a plain-text value, got "p…" (5 characters); keep it in SSM Parameter Store or Secrets Manager and reference it under secrets (DB_PASSWORD: ssm:<parameter> or secretsmanager:<secret>)',
      "secret-references.yaml:22:24 services.api.environments.prod.secrets.DB_PASSWORD: DB_PASSWORD is both a variable and a secret",
      "secret-references.yaml:23:18 services.api.environments.prod.secrets.TOKEN: Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
      "secret-references.yaml:24:26 services.api.environments.prod.secrets.KEYED.from: Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
    ],
  ],
  [
    "a secret's kmsKey names a customer-managed key by its ARN (no alias, no AWS-managed key), in the catalogue's partition and region; one in defaults is reported where it is written",
    "secret-keys.yaml",
    [
      'secret-keys.yaml:7:50 defaults.environment.secrets.SHARED.kmsKey: must name the key, not an alias (IAM does not authorize kms:Decrypt through an alias\'s ARN): arn:<partition>:kms:<region>:<account>:key/<key id>, got "arn:aws:kms:eu-west-1:123456789012:alias/shared" (inherited by services.api.environments.prod.secrets.SHARED.kmsKey)',
      'secret-keys.yaml:13:40 services.api.build.secrets.A.kmsKey: alias/aws/ssm is an AWS-managed key, which needs no grant: write the secret as a plain reference, got "arn:aws:kms:eu-west-1:123456789012:alias/aws/ssm"',
      "secret-keys.yaml:14:40 services.api.build.secrets.B.kmsKey: the key must be in the catalogue's region eu-west-1 (SSM and Secrets Manager encrypt with a key of their own region), got us-east-1",
      "secret-keys.yaml:15:40 services.api.build.secrets.C.kmsKey: the key must be in the catalogue's partition aws, got aws-cn",
      'secret-keys.yaml:16:40 services.api.build.secrets.D.kmsKey: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, got "1234abcd-12ab-34cd-56ef-1234567890ab"',
      'secret-keys.yaml:17:40 services.api.build.secrets.E.kmsKey: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, got "arn:aws:kms:eu-west-1:123456789012:key/my-key"',
      'secret-keys.yaml:21:64 services.api.environments.prod.secrets.DB_URL.kmsKey: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, got "arn:aws:kms:eu-west-1:123456789012:key/mrk-0123"',
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
    "a connection reference must exist",
    "connection-exists.yaml",
    [
      'connection-exists.yaml:8:27 services.api.source.connection: unknown connection "gitlab"; connections has github',
    ],
  ],
  [
    "a baseImage reference must exist",
    "base-image-exists.yaml",
    [
      'base-image-exists.yaml:10:16 services.api.baseImage: unknown base image "ruby"; baseImages has ruby-base',
    ],
  ],
  [
    "a customImage reference must exist",
    "custom-image-exists.yaml",
    [
      'custom-image-exists.yaml:11:20 services.api.build.customImage: unknown base image "ci-tools"; baseImages has ruby-base',
    ],
  ],
  [
    "the generated buildspec needs privileged mode",
    "privileged-build.yaml",
    [
      "privileged-build.yaml:8:19 services.api.build.privileged: the generated buildspec builds with Docker, which needs privileged: true (or give your own buildspec)",
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
