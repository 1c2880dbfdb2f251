/**
 * Pipelines and Beanstalk (catalogue contract, "What one service must produce" 4-6).
 */
import { readFileSync } from "fs";
import {
  ACCOUNT,
  data,
  EXAMPLE,
  Json,
  KEY,
  load,
  MINIMAL,
  resource,
  statements,
  synthStacks,
} from "../../support/synth";

const BUCKET = `acme-artifacts-${ACCOUNT}-eu-west-1`;
const APP = "${aws_elastic_beanstalk_application.application.name}";

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(load(readFileSync(EXAMPLE, "utf8")));
});

describe("pipeline of a service with a base image and two environments", () => {
  test("V2, its own role, artifacts in the shared store under the catalogue's key", () => {
    const { stage, ...pipeline } = resource(
      stacks["acme-billing-api"],
      "aws_codepipeline",
      "pipeline_pipeline",
    );
    expect(pipeline).toEqual({
      name: "acme-billing-api",
      pipeline_type: "V2",
      execution_mode: "SUPERSEDED",
      role_arn: "${aws_iam_role.pipeline_role.arn}",
      artifact_store: [
        {
          type: "S3",
          location: BUCKET,
          encryption_key: { type: "KMS", id: KEY },
        },
      ],
      depends_on: ["aws_iam_role_policy.pipeline_policy"],
    });
    expect(stage.map((s: Json) => s.name)).toEqual([
      "Source",
      "Build",
      "Test",
      "Deploy-staging",
      "Deploy-production",
    ]);
  });

  test("Source: the connection, and the base image's ECR repository as a second source", () => {
    const [source] = resource(
      stacks["acme-billing-api"],
      "aws_codepipeline",
      "pipeline_pipeline",
    ).stage;
    expect(source.action).toEqual([
      {
        name: "Source",
        category: "Source",
        owner: "AWS",
        provider: "CodeStarSourceConnection",
        version: "1",
        output_artifacts: ["Source"],
        configuration: {
          ConnectionArn:
            "${data.aws_codestarconnections_connection.connection-github.arn}",
          FullRepositoryId: "acme/billing-api",
          BranchName: "main",
          DetectChanges: "true",
          OutputArtifactFormat: "CODE_ZIP",
        },
      },
      {
        name: "BaseImage",
        category: "Source",
        owner: "AWS",
        provider: "ECR",
        version: "1",
        output_artifacts: ["BaseImage"],
        configuration: { RepositoryName: "acme/ruby-base", ImageTag: "latest" },
      },
    ]);
    // the connection created in the shared stack is found by its name
    expect(
      data(
        stacks["acme-billing-api"],
        "aws_codestarconnections_connection",
        "connection-github",
      ),
    ).toEqual({ name: "acme-github" });
  });

  test("Build: the service's project reads both sources and writes the image artifact", () => {
    const [, build] = resource(
      stacks["acme-billing-api"],
      "aws_codepipeline",
      "pipeline_pipeline",
    ).stage;
    expect(build.action).toEqual([
      {
        name: "Build",
        category: "Build",
        owner: "AWS",
        provider: "CodeBuild",
        version: "1",
        // the tests read the image it pushed from its variables
        namespace: "BuildVariables",
        input_artifacts: ["Source", "BaseImage"],
        output_artifacts: ["Image"],
        configuration: {
          ProjectName: "${aws_codebuild_project.build_project.name}",
          PrimarySource: "Source",
        },
      },
    ]);
  });

  test("Test: the service's tests project runs the repository's buildspec with the image the build pushed", () => {
    const [, , tests] = resource(
      stacks["acme-billing-api"],
      "aws_codepipeline",
      "pipeline_pipeline",
    ).stage;
    expect(tests).toEqual({
      name: "Test",
      action: [
        {
          name: "Tests",
          category: "Test",
          owner: "AWS",
          provider: "CodeBuild",
          version: "1",
          input_artifacts: ["Source"],
          configuration: {
            ProjectName: "${aws_codebuild_project.tests_project.name}",
            EnvironmentVariables: JSON.stringify([
              {
                name: "IMAGE_URI",
                value: "#{BuildVariables.IMAGE_URI}",
                type: "PLAINTEXT",
              },
            ]),
          },
        },
      ],
    });
  });

  test("per environment in catalogue order: an optional approval, the image marked for that environment, a Beanstalk deploy of the build's artifact, then a smoke test of the environment's URL", () => {
    const [, , , staging, production] = resource(
      stacks["acme-billing-api"],
      "aws_codepipeline",
      "pipeline_pipeline",
    ).stage;
    const deploy = (env: string, runOrder: number) => ({
      name: "Deploy",
      category: "Deploy",
      owner: "AWS",
      provider: "ElasticBeanstalk",
      version: "1",
      run_order: runOrder,
      input_artifacts: ["Image"],
      configuration: {
        ApplicationName: APP,
        // a reference: Terraform creates the environment before the pipeline, whose first run
        // starts as soon as it exists
        EnvironmentName: `\${aws_elastic_beanstalk_environment.env-${env}_environment.name}`,
      },
    });
    // The same artifact as the deploy, one run order before it, the environment's key passed in.
    const mark = (env: string, runOrder: number) => ({
      name: "Mark",
      category: "Build",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
      run_order: runOrder,
      input_artifacts: ["Image"],
      configuration: {
        ProjectName: "${aws_codebuild_project.mark_project.name}",
        EnvironmentVariables: JSON.stringify([
          { name: "DEPLOY_ENVIRONMENT", value: env, type: "PLAINTEXT" },
        ]),
      },
    });
    // After the deploy: the environment's address (its CNAME) and health check path.
    const smoke = (env: string, runOrder: number) => ({
      name: "SmokeTest",
      category: "Test",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
      run_order: runOrder,
      input_artifacts: ["Image"],
      configuration: {
        ProjectName: "${aws_codebuild_project.smoke_project.name}",
        EnvironmentVariables: JSON.stringify([
          {
            name: "SMOKE_URL",
            value: `http://\${aws_elastic_beanstalk_environment.env-${env}_environment.cname}/health`,
            type: "PLAINTEXT",
          },
          { name: "SMOKE_ATTEMPTS", value: "10", type: "PLAINTEXT" },
          { name: "SMOKE_INTERVAL_SECONDS", value: "15", type: "PLAINTEXT" },
          { name: "SMOKE_TIMEOUT_SECONDS", value: "10", type: "PLAINTEXT" },
        ]),
      },
    });
    expect(staging.action).toEqual([
      mark("staging", 1),
      deploy("staging", 2),
      smoke("staging", 3),
    ]);
    expect(production.action).toEqual([
      {
        name: "Approve",
        category: "Approval",
        owner: "AWS",
        provider: "Manual",
        version: "1",
        run_order: 1,
        configuration: {
          CustomData: "Deploy acme-billing-api to acme-billing-api-production?",
          // The pipeline's console page: in the review dialog and the approval notification.
          ExternalEntityLink:
            "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/acme-billing-api/view?region=eu-west-1",
        },
      },
      mark("production", 2),
      deploy("production", 3),
      smoke("production", 4),
    ]);
  });

  test("every deploy action names its environment by reference, so no first run reaches an environment not yet created", () => {
    for (const [name, stack] of Object.entries(stacks)) {
      for (const pipeline of Object.values(
        stack.resource.aws_codepipeline ?? {},
      ) as Json[]) {
        for (const stage of pipeline.stage)
          for (const action of stage.action)
            if (action.provider === "ElasticBeanstalk")
              expect([name, action.configuration.EnvironmentName]).toEqual([
                name,
                expect.stringMatching(
                  /^\$\{aws_elastic_beanstalk_environment\.env-[a-z0-9-]+_environment\.name\}$/,
                ),
              ]);
      }
    }
    // and each names the environment of its own stage
    const [, , , staging] = resource(
      stacks["acme-billing-api"],
      "aws_codepipeline",
      "pipeline_pipeline",
    ).stage;
    expect(
      resource(
        stacks["acme-billing-api"],
        "aws_elastic_beanstalk_environment",
        "env-staging_environment",
      ).name,
    ).toBe("acme-billing-api-staging");
    const deploy = staging.action.find(
      (a: { name: string }) => a.name === "Deploy",
    );
    expect(deploy.configuration.EnvironmentName).toBe(
      "${aws_elastic_beanstalk_environment.env-staging_environment.name}",
    );
  });

  test("every input artifact is produced by an earlier action", () => {
    for (const stack of Object.values(stacks)) {
      for (const pipeline of Object.values(
        stack.resource.aws_codepipeline ?? {},
      ) as Json[]) {
        const produced = new Set<string>();
        for (const stage of pipeline.stage) {
          for (const action of stage.action)
            for (const input of action.input_artifacts ?? [])
              expect([pipeline.name, input, produced.has(input)]).toEqual([
                pipeline.name,
                input,
                true,
              ]);
          for (const action of stage.action)
            for (const output of action.output_artifacts ?? [])
              produced.add(output);
        }
      }
    }
  });

  test("a push of the base image's latest tag starts the pipeline (EventBridge rule and a role for exactly this pipeline)", () => {
    const stack = stacks["acme-billing-api"];
    expect(
      resource(
        stack,
        "aws_cloudwatch_event_rule",
        "pipeline_base-image-trigger",
      ),
    ).toEqual({
      name: "acme-billing-api-base-image",
      description: "Start acme-billing-api when its base image is pushed",
      event_pattern: JSON.stringify({
        source: ["aws.ecr"],
        "detail-type": ["ECR Image Action"],
        detail: {
          "action-type": ["PUSH"],
          result: ["SUCCESS"],
          "repository-name": ["acme/ruby-base"],
          "image-tag": ["latest"],
        },
      }),
    });
    expect(
      resource(
        stack,
        "aws_cloudwatch_event_target",
        "pipeline_base-image-trigger-target",
      ),
    ).toEqual({
      rule: "${aws_cloudwatch_event_rule.pipeline_base-image-trigger.name}",
      target_id: "pipeline",
      arn: "${aws_codepipeline.pipeline_pipeline.arn}",
      role_arn: "${aws_iam_role.pipeline_events-role.arn}",
    });
    expect(
      JSON.parse(
        resource(stack, "aws_iam_role_policy", "pipeline_events-policy").policy,
      ).Statement,
    ).toEqual([
      {
        Sid: "StartThisPipeline",
        Effect: "Allow",
        Action: "codepipeline:StartPipelineExecution",
        Resource: "${aws_codepipeline.pipeline_pipeline.arn}",
      },
    ]);
    expect(
      JSON.parse(
        resource(stack, "aws_iam_role", "pipeline_events-role")
          .assume_role_policy,
      ).Statement[0].Principal,
    ).toEqual({
      Service: "events.amazonaws.com",
    });
  });
});

describe("pipeline role", () => {
  test("exactly its artifacts, key, connection, base image, build, and its own Beanstalk application and environments", () => {
    const policy = statements(
      resource(
        stacks["acme-billing-api"],
        "aws_iam_role_policy",
        "pipeline_policy",
      ).policy,
    );
    const eb = (r: string) =>
      `arn:aws:elasticbeanstalk:eu-west-1:${ACCOUNT}:${r}`;
    const envs = ["acme-billing-api-staging", "acme-billing-api-production"];
    expect(Object.values(policy)).toEqual([
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
        Action: [
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:Encrypt",
          "kms:GenerateDataKey",
        ],
        Resource: KEY,
      },
      {
        Sid: "UseSourceConnection",
        Effect: "Allow",
        Action: "codeconnections:UseConnection",
        Resource:
          "${data.aws_codestarconnections_connection.connection-github.arn}",
      },
      {
        Sid: "ReadBaseImage",
        Effect: "Allow",
        Action: "ecr:DescribeImages",
        Resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/acme/ruby-base`,
      },
      {
        Sid: "RunOwnBuild",
        Effect: "Allow",
        Action: [
          "codebuild:BatchGetBuilds",
          "codebuild:StartBuild",
          "codebuild:StopBuild",
        ],
        // its build, and the project that marks the image each environment runs
        Resource: [
          "${aws_codebuild_project.build_project.arn}",
          "${aws_codebuild_project.mark_project.arn}",
          "${aws_codebuild_project.tests_project.arn}",
          "${aws_codebuild_project.smoke_project.arn}",
        ],
      },
      {
        Sid: "DeployOwnEnvironments",
        Effect: "Allow",
        Action: [
          "elasticbeanstalk:CreateApplicationVersion",
          "elasticbeanstalk:DescribeApplicationVersions",
          "elasticbeanstalk:DescribeApplications",
          "elasticbeanstalk:DescribeEnvironments",
          "elasticbeanstalk:DescribeEvents",
          "elasticbeanstalk:UpdateEnvironment",
        ],
        Resource: [
          eb(`application/${APP}`),
          eb(`applicationversion/${APP}/*`),
          ...envs.map((e) => eb(`environment/${APP}/${e}`)),
        ],
      },
      {
        Sid: "BeanstalkStorageLocation",
        Effect: "Allow",
        Action: "elasticbeanstalk:CreateStorageLocation",
        Resource: "*",
      },
      {
        Sid: "BeanstalkStorageBucket",
        Effect: "Allow",
        Action: [
          "s3:CreateBucket",
          "s3:GetBucketLocation",
          "s3:GetBucketPolicy",
          "s3:ListBucket",
        ],
        Resource: `arn:aws:s3:::elasticbeanstalk-eu-west-1-${ACCOUNT}`,
      },
      {
        Sid: "BeanstalkStorageObjects",
        Effect: "Allow",
        Action: [
          "s3:GetObject",
          "s3:GetObjectAcl",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:PutObjectAcl",
        ],
        Resource: `arn:aws:s3:::elasticbeanstalk-eu-west-1-${ACCOUNT}/*`,
      },
      {
        Sid: "ReadBeanstalkEnvironmentStacks",
        Effect: "Allow",
        Action: [
          "cloudformation:DescribeStackEvents",
          "cloudformation:DescribeStackResource",
          "cloudformation:DescribeStackResources",
          "cloudformation:DescribeStacks",
          "cloudformation:GetTemplate",
        ],
        Resource: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/awseb-e-*`,
      },
      {
        Sid: "ChangeOwnEnvironments",
        Effect: "Allow",
        Action: [
          "autoscaling:ResumeProcesses",
          "autoscaling:SetDesiredCapacity",
          "autoscaling:SuspendProcesses",
          "autoscaling:TerminateInstanceInAutoScalingGroup",
          "autoscaling:UpdateAutoScalingGroup",
          "cloudformation:CancelUpdateStack",
          "cloudformation:ContinueUpdateRollback",
          "cloudformation:UpdateStack",
          "elasticloadbalancing:DeregisterTargets",
          "elasticloadbalancing:RegisterTargets",
        ],
        Resource: [
          `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/awseb-e-*`,
          `arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:*:autoScalingGroupName/awseb-e-*`,
          `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/awseb-*/*`,
        ],
        Condition: {
          StringEquals: {
            "aws:ResourceTag/elasticbeanstalk:environment-name": envs,
          },
        },
      },
      {
        Sid: "BeanstalkDescribe",
        Effect: "Allow",
        Action: [
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
        ],
        Resource: "*",
      },
      // production is RollingWithAdditionalBatch: its deploys launch an extra batch
      {
        Sid: "LaunchFromLaunchTemplates",
        Effect: "Allow",
        Action: "ec2:RunInstances",
        Resource: [
          `arn:aws:ec2:eu-west-1:${ACCOUNT}:*`,
          "arn:aws:ec2:eu-west-1::image/*",
          "arn:aws:ec2:eu-west-1::snapshot/*",
        ],
        Condition: {
          ArnLike: {
            "ec2:LaunchTemplate": `arn:aws:ec2:eu-west-1:${ACCOUNT}:launch-template/*`,
          },
        },
      },
      {
        Sid: "TagLaunchedInstances",
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: [
          `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`,
          `arn:aws:ec2:eu-west-1:${ACCOUNT}:network-interface/*`,
          `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/*`,
        ],
        Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
      },
      {
        Sid: "VersionLaunchTemplates",
        Effect: "Allow",
        Action: "ec2:CreateLaunchTemplateVersion",
        Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:launch-template/*`,
      },
      {
        Sid: "TerminateOwnInstances",
        Effect: "Allow",
        Action: "ec2:TerminateInstances",
        Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`,
        Condition: {
          StringEquals: {
            "aws:ResourceTag/elasticbeanstalk:environment-name":
              "acme-billing-api-production",
          },
        },
      },
      {
        Sid: "OwnScalingAlarms",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricAlarm",
        // named after the environment's stack: awseb-<environment id>-stack-…
        Resource: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:awseb-\${aws_elastic_beanstalk_environment.env-production_environment.id}-*`,
      },
      {
        Sid: "PassInstanceRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [
          "${aws_iam_role.instance-role-staging.arn}",
          "${aws_iam_role.instance-role-production.arn}",
        ],
        Condition: {
          StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" },
        },
      },
      {
        Sid: "PassBeanstalkServiceRole",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: `arn:aws:iam::${ACCOUNT}:role/acme-beanstalk-service`,
        Condition: {
          StringEquals: {
            "iam:PassedToService": "elasticbeanstalk.amazonaws.com",
          },
        },
      },
    ]);
  });

  test("one service's pipeline role cannot start another's build or deploy to another's environments", () => {
    const services = ["billing-api", "reports-worker", "storefront"];
    for (const service of services) {
      const text = resource(
        stacks[`acme-${service}`],
        "aws_iam_role_policy",
        "pipeline_policy",
      ).policy as string;
      const policy = statements(text);
      // builds: only this stack's own projects, by reference (tests and smoke tests where
      // the service has them)
      expect(policy.RunOwnBuild.Resource).toEqual([
        "${aws_codebuild_project.build_project.arn}",
        "${aws_codebuild_project.mark_project.arn}",
        ...(service === "billing-api"
          ? ["${aws_codebuild_project.tests_project.arn}"]
          : []),
        ...(service === "reports-worker"
          ? []
          : ["${aws_codebuild_project.smoke_project.arn}"]),
      ]);
      // Beanstalk: only this stack's own application, its own environment names
      for (const arn of [].concat(
        policy.DeployOwnEnvironments.Resource,
      ) as string[]) {
        expect(arn).toMatch(
          new RegExp(
            `:(application|applicationversion|environment)/\\$\\{aws_elastic_beanstalk_application\\.application\\.name\\}(/\\*|/acme-${service}-[a-z]+)?$`,
          ),
        );
      }
      for (const other of services.filter((s) => s !== service))
        expect(text).not.toContain(`acme-${other}`);
    }
  });

  test("CodeCommit and S3 sources: the right read actions, and an EventBridge rule that starts the pipeline", () => {
    const s = synthStacks(load(readFileSync(EXAMPLE, "utf8")));
    const storefront = s["acme-storefront"];
    const policy = statements(
      resource(storefront, "aws_iam_role_policy", "pipeline_policy").policy,
    );
    expect(policy.ReadSourceRepository).toEqual({
      Sid: "ReadSourceRepository",
      Effect: "Allow",
      Action: [
        "codecommit:CancelUploadArchive",
        "codecommit:GetBranch",
        "codecommit:GetCommit",
        "codecommit:GetUploadArchiveStatus",
        "codecommit:UploadArchive",
      ],
      Resource: `arn:aws:codecommit:eu-west-1:${ACCOUNT}:storefront`,
    });
    expect(
      resource(storefront, "aws_codepipeline", "pipeline_pipeline").stage[0]
        .action[0],
    ).toEqual({
      name: "Source",
      category: "Source",
      owner: "AWS",
      provider: "CodeCommit",
      version: "1",
      output_artifacts: ["Source"],
      configuration: {
        RepositoryName: "storefront",
        BranchName: "main",
        PollForSourceChanges: "false",
        OutputArtifactFormat: "CODE_ZIP",
      },
    });
    expect(
      JSON.parse(
        resource(
          storefront,
          "aws_cloudwatch_event_rule",
          "pipeline_source-trigger",
        ).event_pattern,
      ),
    ).toEqual({
      source: ["aws.codecommit"],
      "detail-type": ["CodeCommit Repository State Change"],
      resources: [`arn:aws:codecommit:eu-west-1:${ACCOUNT}:storefront`],
      detail: {
        event: ["referenceCreated", "referenceUpdated"],
        referenceType: ["branch"],
        referenceName: ["main"],
      },
    });

    const worker = s["acme-reports-worker"];
    const workerPolicy = statements(
      resource(worker, "aws_iam_role_policy", "pipeline_policy").policy,
    );
    expect(workerPolicy.ReadSourceObject).toEqual({
      Sid: "ReadSourceObject",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: "arn:aws:s3:::acme-build-sources/reports-worker/source.zip",
    });
    expect(workerPolicy.ReadSourceBucket.Resource).toBe(
      "arn:aws:s3:::acme-build-sources",
    );
    expect(
      resource(worker, "aws_codepipeline", "pipeline_pipeline").stage[0]
        .action[0].configuration,
    ).toEqual({
      S3Bucket: "acme-build-sources",
      S3ObjectKey: "reports-worker/source.zip",
      PollForSourceChanges: "false",
    });
    expect(
      JSON.parse(
        resource(worker, "aws_cloudwatch_event_rule", "pipeline_source-trigger")
          .event_pattern,
      ),
    ).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: {
        bucket: { name: ["acme-build-sources"] },
        object: { key: ["reports-worker/source.zip"] },
      },
    });
    // both rules share the one events role that may start only this pipeline
    expect(
      resource(
        worker,
        "aws_cloudwatch_event_target",
        "pipeline_source-trigger-target",
      ).role_arn,
    ).toBe("${aws_iam_role.pipeline_events-role.arn}");
  });

  test("an Immutable environment lets the deploy create, fill and delete a temporary stack and group, for that environment only", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "      prod: {}",
          "      qa: {}\n      prod: { deploymentPolicy: Immutable }",
        ),
      ),
    );
    const policy = statements(
      resource(s["acme-api"], "aws_iam_role_policy", "pipeline_policy").policy,
    );
    const group = `arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:*:autoScalingGroupName/awseb-e-*`;
    const stack = `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/awseb-e-*`;
    const only = "acme-api-prod"; // one value renders as a string
    expect(
      Object.keys(policy).filter((sid) => sid.startsWith("ImmutableDeploy")),
    ).toEqual([
      "ImmutableDeployCreateTemporary",
      "ImmutableDeployMoveInstances",
    ]);
    expect(policy.ImmutableDeployCreateTemporary).toEqual({
      Sid: "ImmutableDeployCreateTemporary",
      Effect: "Allow",
      Action: [
        "autoscaling:CreateAutoScalingGroup",
        "autoscaling:CreateOrUpdateTags",
        "cloudformation:CreateStack",
      ],
      Resource: [group, stack],
      Condition: {
        StringEquals: {
          "aws:RequestTag/elasticbeanstalk:environment-name": only,
        },
      },
    });
    expect(policy.ImmutableDeployMoveInstances).toEqual({
      Sid: "ImmutableDeployMoveInstances",
      Effect: "Allow",
      Action: [
        "autoscaling:AttachInstances",
        "autoscaling:DeleteAutoScalingGroup",
        "autoscaling:DetachInstances",
        "cloudformation:DeleteStack",
      ],
      Resource: [group, stack],
      Condition: {
        StringEquals: {
          "aws:ResourceTag/elasticbeanstalk:environment-name": only,
        },
      },
    });
    // it launches instances: terminating is scoped to that environment too
    expect(
      policy.TerminateOwnInstances.Condition.StringEquals[
        "aws:ResourceTag/elasticbeanstalk:environment-name"
      ],
    ).toBe(only);
    // without a launching environment there is none of it
    const plain = statements(
      resource(
        synthStacks(load(MINIMAL))["acme-api"],
        "aws_iam_role_policy",
        "pipeline_policy",
      ).policy,
    );
    expect(
      Object.keys(plain).filter(
        (sid) =>
          sid.startsWith("ImmutableDeploy") ||
          [
            "LaunchFromLaunchTemplates",
            "TagLaunchedInstances",
            "VersionLaunchTemplates",
            "TerminateOwnInstances",
            "OwnScalingAlarms",
          ].includes(sid),
      ),
    ).toEqual([]);
  });

  test("an existing codestar-connections ARN gets the codestar-connections action prefix", () => {
    const arn =
      "arn:aws:codestar-connections:eu-west-1:123456789012:connection/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "github: { provider: GitHub }",
          `github: { existing: { arn: "${arn}" } }`,
        ),
      ),
    );
    const policy = statements(
      resource(s["acme-api"], "aws_iam_role_policy", "pipeline_policy").policy,
    );
    expect(policy.UseSourceConnection).toEqual({
      Sid: "UseSourceConnection",
      Effect: "Allow",
      Action: "codestar-connections:UseConnection",
      Resource: arn,
    });
    expect(
      resource(s["acme-api"], "aws_codepipeline", "pipeline_pipeline").stage[0]
        .action[0].configuration.ConnectionArn,
    ).toBe(arn);
    expect(
      s["acme-api"].data?.aws_codestarconnections_connection,
    ).toBeUndefined();
  });
});

describe("Beanstalk", () => {
  test("application with an application-version lifecycle", () => {
    expect(
      resource(
        stacks["acme-billing-api"],
        "aws_elastic_beanstalk_application",
        "application",
      ),
    ).toEqual({
      name: "acme-billing-api",
      description: "billing-api (acme delivery catalogue)",
      appversion_lifecycle: {
        service_role: `arn:aws:iam::${ACCOUNT}:role/acme-beanstalk-service`,
        max_count: 100,
        delete_source_from_s3: true,
      },
    });
  });

  test("environment: Docker platform, WebServer tier, ALB, HTTPS, secrets by ARN; Terraform leaves the version and platform to the pipeline and managed updates", () => {
    const { setting, ...environment } = resource(
      stacks["acme-billing-api"],
      "aws_elastic_beanstalk_environment",
      "env-production_environment",
    );
    expect(environment).toEqual({
      name: "acme-billing-api-production",
      application: APP,
      tier: "WebServer",
      solution_stack_name:
        "${data.aws_elastic_beanstalk_solution_stack.docker-platform.name}",
      lifecycle: {
        ignore_changes: [
          "version_label",
          "solution_stack_name",
          "platform_arn",
        ],
      },
    });
    expect(
      data(
        stacks["acme-billing-api"],
        "aws_elastic_beanstalk_solution_stack",
        "docker-platform",
      ),
    ).toEqual({
      most_recent: true,
      name_regex: "^64bit Amazon Linux 2023 v[0-9.]+ running Docker$",
    });
    const value = (namespace: string, name: string) =>
      setting.find((s: Json) => s.namespace === namespace && s.name === name)
        ?.value;
    expect(value("aws:elasticbeanstalk:environment", "LoadBalancerType")).toBe(
      "application",
    );
    expect(value("aws:elasticbeanstalk:environment", "ServiceRole")).toBe(
      "acme-beanstalk-service",
    );
    expect(
      value("aws:autoscaling:launchconfiguration", "IamInstanceProfile"),
    ).toBe("${aws_iam_instance_profile.instance-profile-production.name}");
    expect(value("aws:autoscaling:launchconfiguration", "DisableIMDSv1")).toBe(
      "true",
    );
    expect(value("aws:elbv2:listener:443", "SSLCertificateArns")).toBe(
      "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
    );
    expect(value("aws:elbv2:listener:443", "SSLPolicy")).toBe(
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
    );
    expect(
      value("aws:elasticbeanstalk:application:environment", "RAILS_ENV"),
    ).toBe("production");
    // a JSON key is appended to the secret's full ARN
    expect(
      value(
        "aws:elasticbeanstalk:application:environmentsecrets",
        "DB_PASSWORD",
      ),
    ).toBe(
      "${data.aws_secretsmanager_secret.secret-billing-production-db-8a1ba38f.arn}:password",
    );
    expect(
      data(
        stacks["acme-billing-api"],
        "aws_secretsmanager_secret",
        "secret-billing-production-db-8a1ba38f",
      ),
    ).toEqual({ name: "billing/production/db" });
    // every setting, as written in the catalogue (defaults included), in a stable order
    const ns = (namespace: string, name: string, value: string) => ({
      namespace,
      name,
      value,
    });
    expect(setting).toEqual([
      ns("aws:autoscaling:asg", "MaxSize", "6"),
      ns("aws:autoscaling:asg", "MinSize", "2"),
      ns("aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"),
      ns(
        "aws:autoscaling:launchconfiguration",
        "IamInstanceProfile",
        "${aws_iam_instance_profile.instance-profile-production.name}",
      ),
      ns("aws:ec2:instances", "InstanceTypes", "t3.medium,t3a.medium"),
      ns("aws:ec2:vpc", "ELBScheme", "public"),
      ns(
        "aws:ec2:vpc",
        "ELBSubnets",
        "subnet-0a1b2c3d4e5f60101,subnet-0a1b2c3d4e5f60102",
      ),
      ns(
        "aws:ec2:vpc",
        "Subnets",
        "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002",
      ),
      ns("aws:ec2:vpc", "VPCId", "vpc-0a1b2c3d4e5f67890"),
      ns(
        "aws:elasticbeanstalk:application:environment",
        "RAILS_ENV",
        "production",
      ),
      ns(
        "aws:elasticbeanstalk:application:environmentsecrets",
        "DB_PASSWORD",
        "${data.aws_secretsmanager_secret.secret-billing-production-db-8a1ba38f.arn}:password",
      ),
      ns("aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate", "false"),
      ns("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "365"),
      ns("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"),
      ns(
        "aws:elasticbeanstalk:cloudwatch:logs:health",
        "DeleteOnTerminate",
        "false",
      ),
      ns(
        "aws:elasticbeanstalk:cloudwatch:logs:health",
        "HealthStreamingEnabled",
        "true",
      ),
      ns(
        "aws:elasticbeanstalk:cloudwatch:logs:health",
        "RetentionInDays",
        "365",
      ),
      ns(
        "aws:elasticbeanstalk:command",
        "DeploymentPolicy",
        "RollingWithAdditionalBatch",
      ),
      ns("aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced"),
      ns("aws:elasticbeanstalk:environment", "LoadBalancerType", "application"),
      ns(
        "aws:elasticbeanstalk:environment",
        "ServiceRole",
        "acme-beanstalk-service",
      ),
      ns(
        "aws:elasticbeanstalk:environment:process:default",
        "HealthCheckPath",
        "/health",
      ),
      ns(
        "aws:elasticbeanstalk:environment:process:default",
        "StickinessEnabled",
        "false",
      ),
      ns(
        "aws:elasticbeanstalk:healthreporting:system",
        "SystemType",
        "enhanced",
      ),
      ns(
        "aws:elasticbeanstalk:managedactions",
        "ManagedActionsEnabled",
        "true",
      ),
      ns(
        "aws:elasticbeanstalk:managedactions",
        "PreferredStartTime",
        "Sun:03:00",
      ),
      ns(
        "aws:elasticbeanstalk:managedactions",
        "ServiceRoleForManagedUpdates",
        "acme-beanstalk-service",
      ),
      ns(
        "aws:elasticbeanstalk:managedactions:platformupdate",
        "UpdateLevel",
        "minor",
      ),
      ns("aws:elbv2:listener:443", "ListenerEnabled", "true"),
      ns("aws:elbv2:listener:443", "Protocol", "HTTPS"),
      ns(
        "aws:elbv2:listener:443",
        "SSLCertificateArns",
        "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      ),
      ns(
        "aws:elbv2:listener:443",
        "SSLPolicy",
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
      ),
    ]);
  });

  test("environment variable values with ${ or %{ reach Beanstalk literally (escaped for Terraform)", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "      prod: {}",
          '      prod: { variables: { GREETING: "hi ${USER} %{x}" } }',
        ),
      ),
    );
    expect(
      resource(
        s["acme-api"],
        "aws_elastic_beanstalk_environment",
        "env-prod_environment",
      ).setting,
    ).toContainEqual({
      namespace: "aws:elasticbeanstalk:application:environment",
      name: "GREETING",
      value: "hi $${USER} %%{x}",
    });
  });

  test("a platform named in the catalogue is used as written", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "      prod: {}",
          '      prod: { platform: "64bit Amazon Linux 2023 v4.4.0 running Docker", cnamePrefix: acme-api-prod }',
        ),
      ),
    );
    const env = resource(
      s["acme-api"],
      "aws_elastic_beanstalk_environment",
      "env-prod_environment",
    );
    expect(env.solution_stack_name).toBe(
      "64bit Amazon Linux 2023 v4.4.0 running Docker",
    );
    expect(env.cname_prefix).toBe("acme-api-prod");
    expect(
      s["acme-api"].data.aws_elastic_beanstalk_solution_stack,
    ).toBeUndefined();
  });

  test("instance roles: one per environment, each pulls its own image, reads its own environment's secrets, the web-tier basics; nothing else", () => {
    const stack = stacks["acme-billing-api"];
    expect(Object.keys(stack.resource.aws_iam_instance_profile).sort()).toEqual(
      ["instance-profile-production", "instance-profile-staging"],
    );
    expect(
      Object.keys(stack.resource.aws_iam_role)
        .filter((r) => r.startsWith("instance-role"))
        .sort(),
    ).toEqual(["instance-role-production", "instance-role-staging"]);
    // no managed policy: AWSElasticBeanstalkWebTier would reach every service's logs and bundles
    expect(stack.resource.aws_iam_role_policy_attachment).toBeUndefined();
    const secrets = {
      staging:
        "${data.aws_secretsmanager_secret.secret-billing-staging-db-8fda2def.arn}",
      production:
        "${data.aws_secretsmanager_secret.secret-billing-production-db-8a1ba38f.arn}",
    };
    for (const env of ["staging", "production"] as const) {
      const name = `acme-billing-api-${env}`;
      expect(resource(stack, "aws_iam_role", `instance-role-${env}`)).toEqual({
        name: `${name}-instance`,
        description: `Beanstalk instances of billing-api ${env}`,
        assume_role_policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "TrustService",
              Effect: "Allow",
              Principal: { Service: "ec2.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      });
      expect(
        resource(stack, "aws_iam_instance_profile", `instance-profile-${env}`),
      ).toEqual({
        name: `${name}-instance`,
        role: `\${aws_iam_role.instance-role-${env}.name}`,
        // instances never start with a role that has no permissions yet
        depends_on: [`aws_iam_role_policy.instance-policy-${env}`],
      });
      expect(
        resource(
          stack,
          "aws_elastic_beanstalk_environment",
          `env-${env}_environment`,
        ).setting,
      ).toContainEqual({
        namespace: "aws:autoscaling:launchconfiguration",
        name: "IamInstanceProfile",
        value: `\${aws_iam_instance_profile.instance-profile-${env}.name}`,
      });
      const policy = resource(
        stack,
        "aws_iam_role_policy",
        `instance-policy-${env}`,
      );
      expect(policy.role).toBe(`\${aws_iam_role.instance-role-${env}.name}`);
      expect(JSON.parse(policy.policy).Statement).toEqual([
        {
          Sid: "EcrLogin",
          Effect: "Allow",
          Action: "ecr:GetAuthorizationToken",
          Resource: "*",
        },
        {
          Sid: "PullOwnImage",
          Effect: "Allow",
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
          ],
          Resource: "${aws_ecr_repository.image_repository.arn}",
        },
        {
          Sid: "ReadBeanstalkBuckets",
          Effect: "Allow",
          Action: [
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:ListBucket",
          ],
          Resource: [
            "arn:aws:s3:::elasticbeanstalk-*",
            "arn:aws:s3:::elasticbeanstalk-*/*",
          ],
        },
        {
          Sid: "PublishInstanceLogs",
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::elasticbeanstalk-eu-west-1-${ACCOUNT}/resources/environments/logs/*`,
        },
        {
          Sid: "StreamOwnLogs",
          Effect: "Allow",
          Action: [
            "logs:CreateLogStream",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
          ],
          Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/elasticbeanstalk/${name}/*`,
        },
        {
          Sid: "ReportOwnHealth",
          Effect: "Allow",
          Action: "elasticbeanstalk:PutInstanceStatistics",
          Resource: [
            `arn:aws:elasticbeanstalk:eu-west-1:${ACCOUNT}:application/${APP}`,
            `arn:aws:elasticbeanstalk:eu-west-1:${ACCOUNT}:environment/${APP}/${name}`,
          ],
        },
        {
          Sid: "ReadEnvironmentSecrets",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: secrets[env],
        },
      ]);
    }
  });

  test("SSM parameters as environment secrets: ARN in the setting, GetParameter on exactly that ARN", () => {
    const s = synthStacks(
      load(
        MINIMAL.replace(
          "      prod: {}",
          "      prod: { secrets: { TOKEN: ssm:/api/token } }",
        ),
      ),
    );
    const env = resource(
      s["acme-api"],
      "aws_elastic_beanstalk_environment",
      "env-prod_environment",
    );
    const arn = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/api/token`;
    expect(env.setting).toContainEqual({
      namespace: "aws:elasticbeanstalk:application:environmentsecrets",
      name: "TOKEN",
      value: arn,
    });
    expect(
      statements(
        resource(s["acme-api"], "aws_iam_role_policy", "instance-policy-prod")
          .policy,
      ).ReadEnvironmentParameters,
    ).toEqual({
      Sid: "ReadEnvironmentParameters",
      Effect: "Allow",
      Action: "ssm:GetParameter",
      Resource: arn,
    });
  });

  test("outputs: image repository URL, pipeline name and console URL, each environment's endpoint", () => {
    expect(stacks["acme-billing-api"].output).toEqual({
      "image-repository-url": {
        description: "Where the service's images are pushed",
        value: "${aws_ecr_repository.image_repository.repository_url}",
      },
      "pipeline-name": {
        description: "The service's pipeline",
        value: "${aws_codepipeline.pipeline_pipeline.name}",
      },
      "pipeline-url": {
        description: "The pipeline in the AWS console",
        value:
          "https://console.aws.amazon.com/codesuite/codepipeline/pipelines/${aws_codepipeline.pipeline_pipeline.name}/view?region=eu-west-1",
      },
      "environment-staging-url": {
        description: "Endpoint of the staging environment",
        value:
          "http://${aws_elastic_beanstalk_environment.env-staging_environment.cname}",
      },
      "environment-production-url": {
        description: "Endpoint of the production environment",
        // production has https
        value:
          "https://${aws_elastic_beanstalk_environment.env-production_environment.cname}",
      },
    });
  });

  test("a service without environments builds and pushes, and deploys nothing", () => {
    const s = synthStacks(
      load(MINIMAL.replace("    environments:\n      prod: {}\n", "")),
    );
    const stack = s["acme-api"];
    expect(
      resource(stack, "aws_codepipeline", "pipeline_pipeline").stage.map(
        (st: Json) => st.name,
      ),
    ).toEqual(["Source", "Build"]);
    expect(
      resource(stack, "aws_codepipeline", "pipeline_pipeline").stage[1]
        .action[0].output_artifacts,
    ).toBeUndefined();
    expect(stack.resource.aws_elastic_beanstalk_application).toBeUndefined();
    expect(stack.resource.aws_iam_instance_profile).toBeUndefined();
    expect(
      statements(
        resource(stack, "aws_iam_role_policy", "pipeline_policy").policy,
      ).DeployOwnEnvironments,
    ).toBeUndefined();
  });
});
