/** The shared stack: key, connections, Beanstalk service role, artifact store, base images, docker builder. */
import { readFileSync } from "fs";
import {
  ACCOUNT,
  EXAMPLE,
  Json,
  load,
  MINIMAL,
  resource,
  statements,
  synthStacks,
} from "./support/synth";

const KEY = "${aws_kms_key.key.arn}";
let shared: Json;
beforeAll(() => {
  shared = synthStacks(load(readFileSync(EXAMPLE, "utf8")))["acme-shared"];
});

describe("catalogue key", () => {
  test("rotated, 30-day deletion window, protected, with an alias services find it by", () => {
    const key = resource(shared, "aws_kms_key", "key");
    expect(typeof key.policy).toBe("string");
    delete key.policy;
    expect(key).toEqual({
      description:
        "Encrypts the acme delivery catalogue's images, artifacts and logs",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(resource(shared, "aws_kms_alias", "key-alias")).toEqual({
      name: "alias/acme-delivery",
      target_key_id: "${aws_kms_key.key.key_id}",
    });
  });

  test("policy: the account administers; CloudWatch Logs and the delivery services use it for this account only (the example's notification topic: SNS too, and CodeStar Notifications through it)", () => {
    const policy = JSON.parse(resource(shared, "aws_kms_key", "key").policy);
    expect(policy.Statement).toEqual([
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "logs.eu-west-1.amazonaws.com" },
        Action: [
          "kms:Decrypt*",
          "kms:Describe*",
          "kms:Encrypt*",
          "kms:GenerateDataKey*",
          "kms:ReEncrypt*",
        ],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*`,
          },
        },
      },
      {
        Sid: "DeliveryServicesForThisAccount",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: [
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:Encrypt",
          "kms:GenerateDataKey",
          "kms:CreateGrant",
        ],
        Resource: "*",
        Condition: {
          StringEquals: {
            "kms:CallerAccount": ACCOUNT,
            "kms:ViaService": [
              "codebuild.eu-west-1.amazonaws.com",
              "codepipeline.eu-west-1.amazonaws.com",
              "ecr.eu-west-1.amazonaws.com",
              "s3.eu-west-1.amazonaws.com",
              "sns.eu-west-1.amazonaws.com",
            ],
          },
        },
      },
      {
        Sid: "CodeStarNotificationsThroughSns",
        Effect: "Allow",
        Principal: { Service: "codestar-notifications.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: {
          StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" },
        },
      },
    ]);
  });
});

describe("artifact store", () => {
  test("SSE-KMS with the catalogue's key, versioned, all public access blocked, owner-enforced, never force-destroyed", () => {
    expect(resource(shared, "aws_s3_bucket", "artifacts_bucket")).toEqual({
      bucket: `acme-artifacts-${ACCOUNT}-eu-west-1`,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    const bucket = "${aws_s3_bucket.artifacts_bucket.id}";
    expect(
      resource(
        shared,
        "aws_s3_bucket_server_side_encryption_configuration",
        "artifacts_encryption",
      ),
    ).toEqual({
      bucket,
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: KEY,
          },
          bucket_key_enabled: true,
        },
      ],
    });
    expect(
      resource(shared, "aws_s3_bucket_versioning", "artifacts_versioning"),
    ).toEqual({ bucket, versioning_configuration: { status: "Enabled" } });
    expect(
      resource(
        shared,
        "aws_s3_bucket_public_access_block",
        "artifacts_public-access",
      ),
    ).toEqual({
      bucket,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(
      resource(
        shared,
        "aws_s3_bucket_ownership_controls",
        "artifacts_ownership",
      ),
    ).toEqual({ bucket, rule: { object_ownership: "BucketOwnerEnforced" } });
  });

  test("denies plain HTTP; expires old versions and aborts incomplete uploads", () => {
    expect(
      JSON.parse(
        resource(shared, "aws_s3_bucket_policy", "artifacts_policy").policy,
      ).Statement,
    ).toEqual([
      {
        Sid: "DenyPlainHttp",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Resource: [
          "${aws_s3_bucket.artifacts_bucket.arn}",
          "${aws_s3_bucket.artifacts_bucket.arn}/*",
        ],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
    expect(
      resource(
        shared,
        "aws_s3_bucket_lifecycle_configuration",
        "artifacts_lifecycle",
      ).rule,
    ).toEqual([
      {
        id: "expire-old-artifacts",
        status: "Enabled",
        filter: [{ prefix: "" }],
        // each run writes new keys: current artifacts expire too, replaced versions sooner
        expiration: [{ days: 90 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
      {
        id: "remove-expired-delete-markers",
        status: "Enabled",
        filter: [{ prefix: "" }],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
  });
});

describe("connections and the Beanstalk service role", () => {
  test("a provider connection is created (and its pending state explained in the output)", () => {
    expect(
      resource(shared, "aws_codeconnections_connection", "connection-github"),
    ).toEqual({ name: "acme-github", provider_type: "GitHub" });
    expect(shared.output["connection-github-arn"]).toEqual({
      description:
        'Connection "github": PENDING until confirmed once in the console (Developer Tools > Settings > Connections)',
      value: "${aws_codeconnections_connection.connection-github.arn}",
    });
  });

  test("the Beanstalk service role trusts Beanstalk and carries AWS's health and managed-update policies", () => {
    const role = resource(shared, "aws_iam_role", "beanstalk-service-role");
    expect(role.name).toBe("acme-beanstalk-service");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustBeanstalk",
        Effect: "Allow",
        Principal: { Service: "elasticbeanstalk.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": "elasticbeanstalk" } },
      },
    ]);
    expect(
      Object.values(shared.resource.aws_iam_role_policy_attachment).map(
        (a: Json) => a.policy_arn,
      ),
    ).toEqual([
      // AWS publishes this one under service-role/
      "arn:aws:iam::aws:policy/service-role/AWSElasticBeanstalkEnhancedHealth",
      "arn:aws:iam::aws:policy/AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy",
    ]);
  });
});

describe("base images", () => {
  test("repository: immutable tags except latest, which the services' pipelines follow", () => {
    expect(
      resource(shared, "aws_ecr_repository", "base-ruby-base_repository"),
    ).toEqual({
      name: "acme/ruby-base",
      image_tag_mutability: "IMMUTABLE_WITH_EXCLUSION",
      image_tag_mutability_exclusion_filter: [
        { filter: "latest", filter_type: "WILDCARD" },
      ],
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY }],
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
    // the CodeBuild service may pull it as a build image (ci-tools is one)
    expect(
      statements(
        resource(shared, "aws_ecr_repository_policy", "base-ci-tools_policy")
          .policy,
      ).CodeBuildPull.Condition,
    ).toEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
  });

  test("pipeline: source -> build, nothing deployed", () => {
    const pipeline = resource(
      shared,
      "aws_codepipeline",
      "base-ruby-base-pipeline_pipeline",
    );
    expect(pipeline.name).toBe("acme-ruby-base");
    expect(pipeline.stage).toEqual([
      {
        name: "Source",
        action: [
          {
            name: "Source",
            category: "Source",
            owner: "AWS",
            provider: "CodeStarSourceConnection",
            version: "1",
            output_artifacts: ["Source"],
            configuration: {
              ConnectionArn:
                "${aws_codeconnections_connection.connection-github.arn}",
              FullRepositoryId: "acme/ruby-base",
              BranchName: "main",
              DetectChanges: "true",
              OutputArtifactFormat: "CODE_ZIP",
            },
          },
        ],
      },
      {
        name: "Build",
        action: [
          {
            name: "Build",
            category: "Build",
            owner: "AWS",
            provider: "CodeBuild",
            version: "1",
            input_artifacts: ["Source"],
            configuration: {
              ProjectName:
                "${aws_codebuild_project.base-ruby-base-build_project.name}",
            },
          },
        ],
      },
    ]);
    const policy = statements(
      resource(shared, "aws_iam_role_policy", "base-ruby-base-pipeline_policy")
        .policy,
    );
    expect(Object.keys(policy)).toEqual([
      "PipelineArtifacts",
      "PipelineArtifactBucket",
      "UseCatalogueKey",
      "UseSourceConnection",
      "RunOwnBuild",
    ]);
    expect(policy.UseSourceConnection.Resource).toBe(
      "${aws_codeconnections_connection.connection-github.arn}",
    );
    expect(policy.PipelineArtifacts.Resource).toBe(
      "${aws_s3_bucket.artifacts_bucket.arn}/acme-ruby-base/*",
    );
  });

  test("build role pushes only its own repository", () => {
    const policy = statements(
      resource(shared, "aws_iam_role_policy", "base-ruby-base-build_policy")
        .policy,
    );
    expect(policy.PushImage.Resource).toBe(
      "${aws_ecr_repository.base-ruby-base_repository.arn}",
    );
    expect(policy.PullBaseImages).toBeUndefined();
    expect(policy.PipelineArtifacts.Resource).toBe(
      "${aws_s3_bucket.artifacts_bucket.arn}/acme-ruby-base/*",
    );
  });
});

describe("docker builder", () => {
  test("one on-demand project: no source, no artifacts, its own log group, privileged", () => {
    const { source, ...project } = resource(
      shared,
      "aws_codebuild_project",
      "docker-builder_project",
    );
    expect(project).toEqual({
      name: "acme-docker-builder",
      description:
        "Builds any repository on demand and pushes it to this catalogue's ECR (see README)",
      service_role: "${aws_iam_role.docker-builder_role.arn}",
      build_timeout: 60,
      encryption_key: KEY,
      artifacts: { type: "NO_ARTIFACTS" },
      environment: {
        type: "LINUX_CONTAINER",
        compute_type: "BUILD_GENERAL1_MEDIUM",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        image_pull_credentials_type: "CODEBUILD",
        privileged_mode: true,
        environment_variable: [],
      },
      cache: { type: "NO_CACHE" },
      logs_config: {
        cloudwatch_logs: {
          group_name: "${aws_cloudwatch_log_group.docker-builder_logs.name}",
          status: "ENABLED",
        },
        s3_logs: { status: "DISABLED" },
      },
      depends_on: ["aws_iam_role_policy.docker-builder_policy"],
    });
    expect(source.type).toBe("NO_SOURCE");
    expect(
      resource(shared, "aws_cloudwatch_log_group", "docker-builder_logs").name,
    ).toBe("/aws/codebuild/acme-docker-builder");
  });

  test("may push to this catalogue's repositories only, and fetch sources through its connections", () => {
    const policy = statements(
      resource(shared, "aws_iam_role_policy", "docker-builder_policy").policy,
    );
    expect(Object.keys(policy)).toEqual([
      "WriteOwnLogs",
      "EcrLogin",
      "PushImage",
      "UseCatalogueKey",
      "UseCatalogueConnections",
      "NeverPushBaseImages",
    ]);
    // base images come from their own pipelines only: a push of `latest` starts their users' pipelines
    expect(policy.NeverPushBaseImages).toEqual({
      Sid: "NeverPushBaseImages",
      Effect: "Deny",
      Action: [
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
      ],
      Resource: [
        "${aws_ecr_repository.base-ci-tools_repository.arn}",
        "${aws_ecr_repository.base-ruby-base_repository.arn}",
      ],
    });
    expect(policy.PushImage.Resource).toBe(
      `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/acme/*`,
    );
    expect(policy.UseCatalogueConnections).toEqual({
      Sid: "UseCatalogueConnections",
      Effect: "Allow",
      Action: [
        "codeconnections:GetConnection",
        "codeconnections:GetConnectionToken",
        "codeconnections:UseConnection",
      ],
      Resource: "${aws_codeconnections_connection.connection-github.arn}",
    });
  });

  test("a GitHub Enterprise Server connection is made through its host", () => {
    const host =
      "arn:aws:codeconnections:eu-west-1:123456789012:host/acme-ghe-0f1e2d3c";
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "github: { provider: GitHub }",
          `github: { provider: GitHubEnterpriseServer, hostArn: "${host}" }`,
        ),
      ),
    )["acme-shared"];
    expect(
      resource(s, "aws_codeconnections_connection", "connection-github"),
    ).toEqual({ name: "acme-github", host_arn: host });
  });

  test("is not created unless enabled", () => {
    const s = synthStacks(load(MINIMAL))["acme-shared"];
    expect(s.resource.aws_codebuild_project).toBeUndefined();
    expect(Object.keys(s.output).sort()).toEqual([
      "artifact-bucket",
      "connection-github-arn",
      "kms-key-arn",
    ]);
  });
});
