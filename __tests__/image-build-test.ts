/**
 * Images and builds (catalogue contract, "What one service must produce" 1-3): ECR repositories,
 * their lifecycle and repository policies, the CodeBuild role and project.
 */
import { readFileSync } from "fs";
import { parse } from "yaml";
import {
  ACCOUNT,
  EXAMPLE,
  Json,
  KEY,
  load,
  MINIMAL,
  resource,
  statements,
  synthStacks,
} from "./support/synth";

const PULL = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];
const PUSH = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:CompleteLayerUpload",
  "ecr:DescribeImages",
  "ecr:GetDownloadUrlForLayer",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
];
const KMS_USE = [
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:Encrypt",
  "kms:GenerateDataKey",
];
const BUCKET = `acme-artifacts-${ACCOUNT}-eu-west-1`;

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(load(readFileSync(EXAMPLE, "utf8")));
});

/** Every IAM policy document (identity and resource) of every stack. */
function allPolicies(): { stack: string; address: string; doc: Json }[] {
  const out: { stack: string; address: string; doc: Json }[] = [];
  for (const [stack, json] of Object.entries(stacks)) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, value] of Object.entries(
        byName as Record<string, Json>,
      )) {
        for (const key of ["policy", "assume_role_policy"]) {
          if (
            typeof value[key] === "string" &&
            value[key].includes('"Statement"')
          ) {
            out.push({
              stack,
              address: `${type}.${name}.${key}`,
              doc: JSON.parse(value[key]),
            });
          }
        }
      }
    }
  }
  return out;
}

describe("ECR repository of a service", () => {
  test("scan on push, IMMUTABLE, the catalogue's key, never force-deleted, protected from destroy", () => {
    expect(
      resource(
        stacks["acme-billing-api"],
        "aws_ecr_repository",
        "image_repository",
      ),
    ).toEqual({
      name: "acme/billing-api",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY }],
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("lifecycle: expire untagged after expireUntaggedDays, never expire an image an environment is deployed with, keep the newest keepTagged tagged", () => {
    const lifecycle = resource(
      stacks["acme-billing-api"],
      "aws_ecr_lifecycle_policy",
      "image_lifecycle",
    );
    expect(lifecycle.repository).toBe(
      "${aws_ecr_repository.image_repository.name}",
    );
    expect(JSON.parse(lifecycle.policy)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images after 7 days",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 7,
          },
          action: { type: "expire" },
        },
        {
          // Before keepTagged: an image matched here is out of keepTagged's reach.
          rulePriority: 2,
          description:
            "Never expire images an environment is deployed with (tagged deployed.*)",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["deployed.*"],
            countType: "imageCountMoreThan",
            // ECR's default images-per-repository quota: never reached.
            countNumber: 10000,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 3,
          // keepTagged: 50 comes from defaults.image in the example
          description: "Keep the newest 50 tagged images",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*"],
            countType: "imageCountMoreThan",
            countNumber: 50,
          },
          action: { type: "expire" },
        },
      ],
    });
  });

  test("repository policy: the CodeBuild service may pull for this account (eb deploy's temporary project too)", () => {
    const policy = resource(
      stacks["acme-billing-api"],
      "aws_ecr_repository_policy",
      "image_policy",
    );
    expect(policy.repository).toBe(
      "${aws_ecr_repository.image_repository.name}",
    );
    expect(JSON.parse(policy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CodeBuildPull",
          Effect: "Allow",
          Principal: { Service: "codebuild.amazonaws.com" },
          Action: PULL,
          // not pinned to one project ARN: eb deploy builds in a temporary project
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  test("pullers and pushers get exactly pull or push actions", () => {
    const policy = statements(
      resource(
        stacks["acme-storefront"],
        "aws_ecr_repository_policy",
        "image_policy",
      ).policy,
    );
    expect(Object.keys(policy)).toEqual(["CodeBuildPull", "CataloguePullers"]);
    expect(policy.CataloguePullers).toEqual({
      Sid: "CataloguePullers",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::210987654321:role/partner-ci" },
      Action: PULL,
    });
    const both = synthStacks(
      load(
        MINIMAL.replace(
          "    environments:",
          "    image:\n      pullers: [arn:aws:iam::111111111111:root]\n      pushers: [arn:aws:iam::222222222222:role/ci, arn:aws:iam::222222222222:user/bot]\n    environments:",
        ),
      ),
    );
    const pushers = statements(
      resource(both["acme-api"], "aws_ecr_repository_policy", "image_policy")
        .policy,
    ).CataloguePushers;
    expect(pushers).toEqual({
      Sid: "CataloguePushers",
      Effect: "Allow",
      Principal: {
        AWS: [
          "arn:aws:iam::222222222222:role/ci",
          "arn:aws:iam::222222222222:user/bot",
        ],
      },
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
      ],
    });
  });

  test("MUTABLE and AES256 are honoured", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "    environments:",
          "    image: { tagMutability: MUTABLE, encryption: AES256, scanOnPush: false }\n    environments:",
        ),
      ),
    );
    const repo = resource(
      s["acme-api"],
      "aws_ecr_repository",
      "image_repository",
    );
    expect(repo.image_tag_mutability).toBe("MUTABLE");
    expect(repo.encryption_configuration).toEqual([
      { encryption_type: "AES256" },
    ]);
    expect(repo.image_scanning_configuration).toEqual({ scan_on_push: false });
  });

  test('no repository policy anywhere has Principal "*", not even in a Deny', () => {
    for (const { address, doc } of allPolicies().filter((p) =>
      p.address.startsWith("aws_ecr_repository_policy"),
    )) {
      for (const statement of doc.Statement) {
        expect([address, statement.Principal]).not.toEqual([address, "*"]);
        expect([address, JSON.stringify(statement.Principal)]).not.toEqual([
          address,
          expect.stringContaining('"*"'),
        ]);
      }
    }
  });
});

describe("CodeBuild role of a service", () => {
  test("exactly its own logs, ECR login, its own repository, its base and build images, artifacts, the key, its secrets", () => {
    const role = resource(
      stacks["acme-billing-api"],
      "aws_iam_role",
      "build_role",
    );
    expect(role.name).toBe("acme-billing-api-build");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: "codebuild.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
    const policy = resource(
      stacks["acme-billing-api"],
      "aws_iam_role_policy",
      "build_policy",
    );
    expect(policy.role).toBe("${aws_iam_role.build_role.name}");
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "${aws_cloudwatch_log_group.build_logs.arn}:*",
      },
      {
        Sid: "EcrLogin",
        Effect: "Allow",
        Action: "ecr:GetAuthorizationToken",
        Resource: "*",
      },
      {
        Sid: "PushImage",
        Effect: "Allow",
        Action: PUSH,
        Resource: "${aws_ecr_repository.image_repository.arn}",
      },
      {
        Sid: "PullBaseImages",
        Effect: "Allow",
        Action: PULL,
        Resource: [
          `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/acme/ruby-base`,
          `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/acme/ci-tools`,
        ],
      },
      {
        Sid: "PipelineArtifacts",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
        // only its own pipeline's folder (the first 20 characters of "acme-billing-api")
        Resource: `arn:aws:s3:::${BUCKET}/acme-billing-api/*`,
      },
      {
        Sid: "PipelineArtifactBucket",
        Effect: "Allow",
        Action: [
          "s3:GetBucketAcl",
          "s3:GetBucketLocation",
          "s3:GetBucketVersioning",
        ],
        Resource: `arn:aws:s3:::${BUCKET}`,
      },
      {
        Sid: "UseCatalogueKey",
        Effect: "Allow",
        Action: KMS_USE,
        Resource: KEY,
      },
      {
        Sid: "ReadDeclaredParameters",
        Effect: "Allow",
        Action: "ssm:GetParameters",
        Resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/billing/master-key`,
      },
    ]);
  });

  test("Secrets Manager secrets are granted by name with the 6-character suffix, or by the ARN given", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "    environments:",
          `    build:
      cache: s3
      secrets:
        DB: secretsmanager:api/db:password
        KEY: secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/key-AbCdEf
        PARAM: ssm:api.param
    environments:`,
        ),
      ),
    );
    const policy = statements(
      resource(s["acme-api"], "aws_iam_role_policy", "build_policy").policy,
    );
    expect(policy.ReadDeclaredSecrets).toEqual({
      Sid: "ReadDeclaredSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [
        `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:api/db-??????`,
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/key-AbCdEf",
      ],
    });
    expect(policy.ReadDeclaredParameters.Resource).toBe(
      `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/api.param`,
    );
    // cache: s3 may write only its own prefix
    expect(policy.BuildCache).toEqual({
      Sid: "BuildCache",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: `arn:aws:s3:::${BUCKET}/cache/acme-api/*`,
    });
    const project = resource(
      s["acme-api"],
      "aws_codebuild_project",
      "build_project",
    );
    expect(project.cache).toEqual({
      type: "S3",
      location: `${BUCKET}/cache/acme-api`,
    });
    expect(project.environment.environment_variable.slice(2)).toEqual([
      { name: "DB", type: "SECRETS_MANAGER", value: "api/db:password" },
      {
        name: "KEY",
        type: "SECRETS_MANAGER",
        value:
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/key-AbCdEf",
      },
      { name: "PARAM", type: "PARAMETER_STORE", value: "api.param" },
    ]);
  });

  test("no service's build role reaches another service's repository", () => {
    const services = ["billing-api", "reports-worker", "storefront"];
    for (const service of services) {
      const policy = resource(
        stacks[`acme-${service}`],
        "aws_iam_role_policy",
        "build_policy",
      ).policy as string;
      for (const other of services.filter((s) => s !== service)) {
        expect(policy).not.toContain(`repository/acme/${other}`);
        expect(policy).not.toContain(`acme/${other}"`);
      }
      // and its only push statement names its own repository
      expect(statements(policy).PushImage.Resource).toBe(
        "${aws_ecr_repository.image_repository.arn}",
      );
    }
  });

  test('no identity policy has a "*" action, a service wildcard, or Resource "*" where the action takes an ARN', () => {
    // Actions that support no resource-level permission (Service Authorization Reference).
    const resourceless = new Set([
      "ecr:GetAuthorizationToken",
      "elasticbeanstalk:CreateStorageLocation",
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeAutoScalingInstances",
      "autoscaling:DescribeLaunchConfigurations",
      "autoscaling:DescribeScalingActivities",
      "ec2:DescribeImages",
      "ec2:DescribeInstances",
      "ec2:DescribeLaunchTemplateVersions",
      "ec2:DescribeLaunchTemplates",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeSubnets",
      "ec2:DescribeVpcs",
      "elasticloadbalancing:DescribeInstanceHealth",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetHealth",
      // task definitions support no resource-level permission (aws/containers-roadmap#929)
      "ecs:DescribeTaskDefinition",
      "ecs:RegisterTaskDefinition",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ]);
    const identity = allPolicies().filter((p) =>
      p.address.startsWith("aws_iam_role_policy."),
    );
    expect(identity.length).toBeGreaterThan(10);
    for (const { address, doc } of identity) {
      for (const statement of doc.Statement) {
        const actions: string[] = [].concat(statement.Action);
        for (const action of actions)
          expect([address, action]).toEqual([
            address,
            expect.not.stringContaining("*"),
          ]);
        if ([].concat(statement.Resource).includes("*" as never)) {
          for (const action of actions)
            expect([address, action, resourceless.has(action)]).toEqual([
              address,
              action,
              true,
            ]);
        }
        if (actions.includes("iam:PassRole"))
          expect([].concat(statement.Resource)).not.toContain("*");
      }
    }
  });
});

describe("CodeBuild project of a service", () => {
  test("privileged Docker build in the custom image, with its variables, secrets, cache, logs and key", () => {
    const project = resource(
      stacks["acme-billing-api"],
      "aws_codebuild_project",
      "build_project",
    );
    const { source, ...rest } = project;
    expect(rest).toEqual({
      name: "acme-billing-api",
      description: "Builds the billing-api image",
      service_role: "${aws_iam_role.build_role.arn}",
      build_timeout: 60,
      encryption_key: KEY,
      artifacts: { type: "CODEPIPELINE" },
      environment: {
        type: "LINUX_CONTAINER",
        compute_type: "BUILD_GENERAL1_SMALL",
        // customImage: ci-tools, pulled with the service role
        image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/acme/ci-tools:latest`,
        image_pull_credentials_type: "SERVICE_ROLE",
        privileged_mode: true,
        environment_variable: [
          {
            name: "REPOSITORY_URL",
            type: "PLAINTEXT",
            value: "${aws_ecr_repository.image_repository.repository_url}",
          },
          { name: "CONTAINER_PORT", type: "PLAINTEXT", value: "3000" },
          {
            name: "BASE_IMAGE_URL",
            type: "PLAINTEXT",
            value: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/acme/ruby-base`,
          },
          { name: "RAILS_ENV", type: "PLAINTEXT", value: "production" },
          // a secret is a reference, never a value
          {
            name: "RAILS_MASTER_KEY",
            type: "PARAMETER_STORE",
            value: "/billing/master-key",
          },
        ],
      },
      cache: {
        type: "LOCAL",
        modes: ["LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE"],
      },
      logs_config: {
        cloudwatch_logs: {
          group_name: "${aws_cloudwatch_log_group.build_logs.name}",
          status: "ENABLED",
        },
        s3_logs: { status: "DISABLED" },
      },
      depends_on: ["aws_iam_role_policy.build_policy"],
    });
    expect(source.type).toBe("CODEPIPELINE");
    // the generated buildspec, escaped for Terraform ("$${" is a literal "${")
    const buildspec = parse(
      source.buildspec.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{"),
    );
    expect(buildspec.phases.build.commands[0]).toContain(
      '--build-arg BASE_IMAGE="$BASE_IMAGE"',
    );
  });

  test("a managed image by default, pulled by CodeBuild; a given buildspec is used as-is", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "    environments:",
          "    build: { buildspec: ci/buildspec.yml, cache: none }\n    environments:",
        ),
      ),
    );
    const project = resource(
      s["acme-api"],
      "aws_codebuild_project",
      "build_project",
    );
    expect(project.environment.image).toBe(
      "aws/codebuild/amazonlinux-x86_64-standard:5.0",
    );
    expect(project.environment.image_pull_credentials_type).toBe("CODEBUILD");
    expect(project.source).toEqual({
      type: "CODEPIPELINE",
      buildspec: "ci/buildspec.yml",
    });
    expect(project.cache).toEqual({ type: "NO_CACHE" });
  });

  test("its log group keeps a year, encrypted with the catalogue's key", () => {
    expect(
      resource(
        stacks["acme-billing-api"],
        "aws_cloudwatch_log_group",
        "build_logs",
      ),
    ).toEqual({
      name: "/aws/codebuild/acme-billing-api",
      retention_in_days: 365,
      kms_key_id: KEY,
    });
  });

  test("user values with ${ or %{ reach AWS literally (escaped for Terraform)", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "    environments:",
          '    build: { variables: { GREETING: "hello ${USER} %{x}" } }\n    environments:',
        ),
      ),
    );
    const vars = resource(
      s["acme-api"],
      "aws_codebuild_project",
      "build_project",
    ).environment.environment_variable;
    expect(vars).toContainEqual({
      name: "GREETING",
      type: "PLAINTEXT",
      value: "hello $${USER} %%{x}",
    });
  });
});
