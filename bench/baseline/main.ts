/**
 * The benchmark's baseline: the app a user would write from the cdktf TypeScript template
 * (`cdktf init --template typescript`: root import of @cdktf/provider-aws, `npx ts-node main.ts`,
 * cdktf's defaults) producing, per service, the same ECR, CodeBuild, pipeline and Beanstalk
 * resources as this project. It reads the same catalogue without validating it. Not part of the
 * product; `npm run bench` runs it side by side with the project.
 */
import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import * as aws from "@cdktf/provider-aws";
import { readFileSync } from "fs";
import { parse } from "yaml";

interface ServiceConfig {
  source: {
    connection?: string;
    repository?: string;
    branch?: string;
    codecommit?: { repository: string };
    s3?: { bucket: string; key: string };
  };
  baseImage?: string;
  port?: number;
  environments?: Record<
    string,
    {
      approval?: boolean;
      minInstances?: number;
      maxInstances?: number;
      variables?: Record<string, string>;
    }
  >;
}

const catalogue = parse(
  readFileSync(
    process.env.SERVICE_CATALOGUE ?? "../../config/services.yaml",
    "utf8",
  ),
);
const org: string = catalogue.organisation;
const region: string = catalogue.region;

class ServiceStack extends TerraformStack {
  constructor(
    scope: Construct,
    id: string,
    name: string,
    service: ServiceConfig,
  ) {
    super(scope, id);
    new aws.provider.AwsProvider(this, "aws", { region });
    const account = new aws.dataAwsCallerIdentity.DataAwsCallerIdentity(
      this,
      "current",
    ).accountId;
    const key = new aws.dataAwsKmsAlias.DataAwsKmsAlias(this, "key", {
      name: `alias/${org}-delivery`,
    }).targetKeyArn;
    const bucket = `${org}-artifacts-${account}-${region}`;

    const repo = new aws.ecrRepository.EcrRepository(this, "repo", {
      name: `${org}/${name}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: key }],
    });
    new aws.ecrLifecyclePolicy.EcrLifecyclePolicy(this, "lifecycle", {
      repository: repo.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: 7,
            },
            action: { type: "expire" },
          },
        ],
      }),
    });
    new aws.ecrRepositoryPolicy.EcrRepositoryPolicy(this, "repo-policy", {
      repository: repo.name,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "codebuild.amazonaws.com" },
            Action: [
              "ecr:BatchGetImage",
              "ecr:GetDownloadUrlForLayer",
              "ecr:BatchCheckLayerAvailability",
            ],
            Condition: { StringEquals: { "aws:SourceAccount": account } },
          },
        ],
      }),
    });

    const logs = new aws.cloudwatchLogGroup.CloudwatchLogGroup(this, "logs", {
      name: `/aws/codebuild/${org}-${name}`,
      retentionInDays: 365,
      kmsKeyId: key,
    });
    const buildRole = new aws.iamRole.IamRole(this, "build-role", {
      name: `${org}-${name}-build`,
      assumeRolePolicy: trust("codebuild.amazonaws.com"),
    });
    new aws.iamRolePolicy.IamRolePolicy(this, "build-policy", {
      role: buildRole.name,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${logs.arn}:*`,
          },
          {
            Effect: "Allow",
            Action: "ecr:GetAuthorizationToken",
            Resource: "*",
          },
          {
            Effect: "Allow",
            Action: [
              "ecr:PutImage",
              "ecr:InitiateLayerUpload",
              "ecr:UploadLayerPart",
              "ecr:CompleteLayerUpload",
            ],
            Resource: repo.arn,
          },
          {
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject"],
            Resource: `arn:aws:s3:::${bucket}/*`,
          },
          {
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: key,
          },
        ],
      }),
    });
    const project = new aws.codebuildProject.CodebuildProject(this, "project", {
      name: `${org}-${name}`,
      serviceRole: buildRole.arn,
      encryptionKey: key,
      artifacts: { type: "CODEPIPELINE" },
      source: {
        type: "CODEPIPELINE",
        buildspec:
          "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t $REPOSITORY_URL:$CODEBUILD_RESOLVED_SOURCE_VERSION .\n",
      },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        privilegedMode: true,
        environmentVariable: [
          { name: "REPOSITORY_URL", value: repo.repositoryUrl },
          { name: "CONTAINER_PORT", value: String(service.port ?? 8080) },
        ],
      },
      logsConfig: { cloudwatchLogs: { groupName: logs.name } },
    });

    const instanceRole = new aws.iamRole.IamRole(this, "instance-role", {
      name: `${org}-${name}-instance`,
      assumeRolePolicy: trust("ec2.amazonaws.com"),
    });
    new aws.iamRolePolicyAttachment.IamRolePolicyAttachment(this, "web-tier", {
      role: instanceRole.name,
      policyArn: "arn:aws:iam::aws:policy/AWSElasticBeanstalkWebTier",
    });
    const profile = new aws.iamInstanceProfile.IamInstanceProfile(
      this,
      "profile",
      { name: `${org}-${name}-instance`, role: instanceRole.name },
    );
    const app = new aws.elasticBeanstalkApplication.ElasticBeanstalkApplication(
      this,
      "app",
      { name: `${org}-${name}` },
    );
    const environments = Object.entries(service.environments ?? {});
    for (const [env, settings] of environments) {
      new aws.elasticBeanstalkEnvironment.ElasticBeanstalkEnvironment(
        this,
        `env-${env}`,
        {
          name: `${org}-${name}-${env}`,
          application: app.name,
          solutionStackName: "64bit Amazon Linux 2023 v4.4.0 running Docker",
          setting: [
            {
              namespace: "aws:elasticbeanstalk:environment",
              name: "LoadBalancerType",
              value: "application",
            },
            {
              namespace: "aws:autoscaling:launchconfiguration",
              name: "IamInstanceProfile",
              value: profile.name,
            },
            {
              namespace: "aws:autoscaling:launchconfiguration",
              name: "DisableIMDSv1",
              value: "true",
            },
            {
              namespace: "aws:autoscaling:asg",
              name: "MinSize",
              value: String(settings.minInstances ?? 1),
            },
            {
              namespace: "aws:autoscaling:asg",
              name: "MaxSize",
              value: String(settings.maxInstances ?? 2),
            },
            {
              namespace: "aws:elasticbeanstalk:healthreporting:system",
              name: "SystemType",
              value: "enhanced",
            },
            ...Object.entries(settings.variables ?? {}).map(([k, v]) => ({
              namespace: "aws:elasticbeanstalk:application:environment",
              name: k,
              value: v,
            })),
          ],
        },
      );
    }

    const pipelineRole = new aws.iamRole.IamRole(this, "pipeline-role", {
      name: `${org}-${name}-pipeline`,
      assumeRolePolicy: trust("codepipeline.amazonaws.com"),
    });
    new aws.iamRolePolicy.IamRolePolicy(this, "pipeline-policy", {
      role: pipelineRole.name,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject"],
            Resource: `arn:aws:s3:::${bucket}/*`,
          },
          {
            Effect: "Allow",
            Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
            Resource: project.arn,
          },
          { Effect: "Allow", Action: ["elasticbeanstalk:*"], Resource: "*" },
        ],
      }),
    });
    const sourceActions: aws.codepipeline.CodepipelineStageAction[] = [
      service.source.connection
        ? {
            name: "Source",
            category: "Source",
            owner: "AWS",
            provider: "CodeStarSourceConnection",
            version: "1",
            outputArtifacts: ["Source"],
            configuration: {
              ConnectionArn: `arn:aws:codeconnections:${region}:${account}:connection/${service.source.connection}`,
              FullRepositoryId: service.source.repository!,
              BranchName: service.source.branch ?? "main",
            },
          }
        : service.source.codecommit
          ? {
              name: "Source",
              category: "Source",
              owner: "AWS",
              provider: "CodeCommit",
              version: "1",
              outputArtifacts: ["Source"],
              configuration: {
                RepositoryName: service.source.codecommit.repository,
                BranchName: "main",
              },
            }
          : {
              name: "Source",
              category: "Source",
              owner: "AWS",
              provider: "S3",
              version: "1",
              outputArtifacts: ["Source"],
              configuration: {
                S3Bucket: service.source.s3!.bucket,
                S3ObjectKey: service.source.s3!.key,
              },
            },
    ];
    if (service.baseImage) {
      sourceActions.push({
        name: "BaseImage",
        category: "Source",
        owner: "AWS",
        provider: "ECR",
        version: "1",
        outputArtifacts: ["BaseImage"],
        configuration: { RepositoryName: `${org}/${service.baseImage}` },
      });
    }
    const pipeline = new aws.codepipeline.Codepipeline(this, "pipeline", {
      name: `${org}-${name}`,
      pipelineType: "V2",
      roleArn: pipelineRole.arn,
      artifactStore: [
        {
          location: bucket,
          type: "S3",
          encryptionKey: { id: key, type: "KMS" },
        },
      ],
      stage: [
        { name: "Source", action: sourceActions },
        {
          name: "Build",
          action: [
            {
              name: "Build",
              category: "Build",
              owner: "AWS",
              provider: "CodeBuild",
              version: "1",
              inputArtifacts: sourceActions.map((a) => a.outputArtifacts![0]),
              outputArtifacts: ["Image"],
              configuration: {
                ProjectName: project.name,
                PrimarySource: "Source",
              },
            },
          ],
        },
        ...environments.map(([env, settings]) => ({
          name: `Deploy-${env}`,
          action: [
            ...(settings.approval
              ? [
                  {
                    name: "Approve",
                    category: "Approval",
                    owner: "AWS",
                    provider: "Manual",
                    version: "1",
                    runOrder: 1,
                  },
                ]
              : []),
            {
              name: "Deploy",
              category: "Deploy",
              owner: "AWS",
              provider: "ElasticBeanstalk",
              version: "1",
              runOrder: 2,
              inputArtifacts: ["Image"],
              configuration: {
                ApplicationName: app.name,
                EnvironmentName: `${org}-${name}-${env}`,
              },
            },
          ],
        })),
      ],
    });
    if (service.baseImage) {
      const eventsRole = new aws.iamRole.IamRole(this, "events-role", {
        name: `${org}-${name}-events`,
        assumeRolePolicy: trust("events.amazonaws.com"),
      });
      new aws.iamRolePolicy.IamRolePolicy(this, "events-policy", {
        role: eventsRole.name,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "codepipeline:StartPipelineExecution",
              Resource: pipeline.arn,
            },
          ],
        }),
      });
      const rule = new aws.cloudwatchEventRule.CloudwatchEventRule(
        this,
        "base-image",
        {
          name: `${org}-${name}-base-image`,
          eventPattern: JSON.stringify({
            source: ["aws.ecr"],
            "detail-type": ["ECR Image Action"],
            detail: {
              "repository-name": [`${org}/${service.baseImage}`],
              "image-tag": ["latest"],
            },
          }),
        },
      );
      new aws.cloudwatchEventTarget.CloudwatchEventTarget(
        this,
        "base-image-target",
        { rule: rule.name, arn: pipeline.arn, roleArn: eventsRole.arn },
      );
    }
  }
}

function trust(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
      },
    ],
  });
}

const app = new App();
for (const [name, service] of Object.entries(
  catalogue.services as Record<string, ServiceConfig>,
)) {
  new ServiceStack(app, `${org}-${name}`, name, service);
}
app.synth();
