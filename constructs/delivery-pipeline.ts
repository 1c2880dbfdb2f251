import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import {
  Codepipeline,
  CodepipelineStage,
  CodepipelineStageAction,
} from "@cdktf/provider-aws/lib/codepipeline";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { Source } from "../config/catalogue";
import { BASE_IMAGE_ARTIFACT } from "./private/buildspec";
import {
  ARTIFACT_BUCKET_ACTIONS,
  ARTIFACT_READ_WRITE_ACTIONS,
  assumeRolePolicy,
  KMS_USE_ACTIONS,
  policyDocument,
  RepositoryRef,
  Statement,
} from "./private/iam";

/** Artifact names: the build reads SOURCE (primary) and BASE_IMAGE_ARTIFACT, writes IMAGE. */
export const SOURCE_ARTIFACT = "Source";
export const IMAGE_ARTIFACT = "Image";
/** The base image tag whose pushes start the pipelines built FROM it. */
export const BASE_IMAGE_TAG = "latest";

export interface DeployTarget {
  /** Catalogue key of the environment (stage name). */
  readonly key: string;
  /** Beanstalk environment name. */
  readonly environmentName: string;
  readonly approval: boolean;
  /** The environment's deployment policy (Immutable deploys launch instances). */
  readonly deploymentPolicy: string;
}

export interface BeanstalkDeploy {
  readonly applicationName: string;
  /** In deploy order. */
  readonly environments: readonly DeployTarget[];
  /** Roles the environment update passes on: the instance role and the Beanstalk service role. */
  readonly passRoleArns: readonly string[];
}

export interface DeliveryPipelineProps {
  readonly pipelineName: string;
  readonly roleName: string;
  readonly eventsRoleName: string;
  readonly sourceRuleName: string;
  readonly baseImageRuleName: string;
  readonly source: Source;
  /** ARN of the source connection (source.kind "connection"). */
  readonly connectionArn?: string;
  /**
   * The base image: a second source, and an EventBridge rule that starts this pipeline when
   * its `latest` tag is pushed.
   * @default none
   */
  readonly baseImage?: RepositoryRef;
  readonly buildProject: { readonly name: string; readonly arn: string };
  /** Deploy stages; none for base images (source -> build). */
  readonly deploy?: BeanstalkDeploy;
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  /** The pipeline's folder in the artifact bucket (Names.artifactFolder). */
  readonly artifactFolder: string;
  readonly kmsKeyArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

/**
 * A V2 CodePipeline: Source (+ base image) -> Build -> per environment an optional manual
 * approval and an Elastic Beanstalk deploy, with a role that may do exactly what its actions need,
 * and the EventBridge rules that start it when a source without webhooks changes.
 */
export class DeliveryPipeline extends Construct {
  readonly pipeline: Codepipeline;
  readonly role: IamRole;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: DeliveryPipelineProps,
  ) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `CodePipeline service role of ${props.pipelineName}`,
      assumeRolePolicy: assumeRolePolicy(
        "codepipeline.amazonaws.com",
        props.accountId,
      ),
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "pipeline",
      role: this.role.name,
      policy: policyDocument(this.statements()),
    });

    this.pipeline = new Codepipeline(this, "pipeline", {
      name: props.pipelineName,
      pipelineType: "V2",
      executionMode: "SUPERSEDED",
      roleArn: this.role.arn,
      artifactStore: [
        {
          type: "S3",
          location: props.artifactBucket.name,
          encryptionKey: { type: "KMS", id: props.kmsKeyArn },
        },
      ],
      stage: pipelineStages(props),
      dependsOn: [policy],
    });

    const triggers: {
      id: string;
      name: string;
      description: string;
      pattern: unknown;
    }[] = [];
    const sourceTrigger = this.sourceEventPattern();
    if (sourceTrigger) {
      triggers.push({
        id: "source-trigger",
        name: props.sourceRuleName,
        description: `Start ${props.pipelineName} when its source changes`,
        pattern: sourceTrigger,
      });
    }
    if (props.baseImage) {
      triggers.push({
        id: "base-image-trigger",
        name: props.baseImageRuleName,
        description: `Start ${props.pipelineName} when its base image is pushed`,
        // https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html
        pattern: {
          source: ["aws.ecr"],
          "detail-type": ["ECR Image Action"],
          detail: {
            "action-type": ["PUSH"],
            result: ["SUCCESS"],
            "repository-name": [props.baseImage.name],
            "image-tag": [BASE_IMAGE_TAG],
          },
        },
      });
    }
    if (triggers.length > 0) {
      const eventsRole = new IamRole(this, "events-role", {
        name: props.eventsRoleName,
        description: `Lets EventBridge start ${props.pipelineName}`,
        assumeRolePolicy: assumeRolePolicy(
          "events.amazonaws.com",
          props.accountId,
        ),
      });
      new IamRolePolicy(this, "events-policy", {
        name: "start-pipeline",
        role: eventsRole.name,
        policy: policyDocument([
          {
            sid: "StartThisPipeline",
            actions: ["codepipeline:StartPipelineExecution"],
            resources: [this.pipeline.arn],
          },
        ]),
      });
      for (const trigger of triggers) {
        const rule = new CloudwatchEventRule(this, trigger.id, {
          name: trigger.name,
          description: trigger.description,
          eventPattern: JSON.stringify(trigger.pattern),
        });
        new CloudwatchEventTarget(this, `${trigger.id}-target`, {
          rule: rule.name,
          targetId: "pipeline",
          arn: this.pipeline.arn,
          roleArn: eventsRole.arn,
        });
      }
    }
  }

  /** What starts the pipeline for sources without a webhook (CodeCommit, S3). */
  private sourceEventPattern(): unknown {
    const { source } = this.props;
    switch (source.kind) {
      case "codecommit":
        // https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html
        return {
          source: ["aws.codecommit"],
          "detail-type": ["CodeCommit Repository State Change"],
          resources: [this.arn("codecommit", source.repository)],
          detail: {
            event: ["referenceCreated", "referenceUpdated"],
            referenceType: ["branch"],
            referenceName: [source.branch],
          },
        };
      case "s3":
        // Needs EventBridge notifications on the bucket: https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html
        return {
          source: ["aws.s3"],
          "detail-type": ["Object Created"],
          detail: {
            bucket: { name: [source.bucket] },
            object: { key: [source.key] },
          },
        };
      default:
        return undefined; // connections notify CodePipeline themselves (DetectChanges)
    }
  }

  private arn(service: string, resource: string): string {
    return `arn:${this.props.partition}:${service}:${this.props.region}:${this.props.accountId}:${resource}`;
  }

  private statements(): Statement[] {
    const { props } = this;
    const { source } = props;
    const statements: Statement[] = [
      {
        sid: "PipelineArtifacts",
        actions: [...ARTIFACT_READ_WRITE_ACTIONS],
        resources: [`${props.artifactBucket.arn}/${props.artifactFolder}/*`],
      },
      {
        sid: "PipelineArtifactBucket",
        actions: [...ARTIFACT_BUCKET_ACTIONS],
        resources: [props.artifactBucket.arn],
      },
      {
        sid: "UseCatalogueKey",
        actions: [...KMS_USE_ACTIONS],
        resources: [props.kmsKeyArn],
      },
    ];
    switch (source.kind) {
      case "connection": {
        // The action prefix must match the connection's ARN.
        // https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html
        const prefix = props.connectionArn!.includes(":codestar-connections:")
          ? "codestar-connections"
          : "codeconnections";
        statements.push({
          sid: "UseSourceConnection",
          actions: [`${prefix}:UseConnection`],
          resources: [props.connectionArn!],
        });
        break;
      }
      case "codecommit":
        // https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role
        statements.push({
          sid: "ReadSourceRepository",
          actions: [
            "codecommit:CancelUploadArchive",
            "codecommit:GetBranch",
            "codecommit:GetCommit",
            "codecommit:GetUploadArchiveStatus",
            "codecommit:UploadArchive",
          ],
          resources: [this.arn("codecommit", source.repository)],
        });
        break;
      case "s3":
        statements.push(
          {
            sid: "ReadSourceObject",
            actions: ["s3:GetObject", "s3:GetObjectVersion"],
            resources: [
              `arn:${props.partition}:s3:::${source.bucket}/${source.key}`,
            ],
          },
          {
            sid: "ReadSourceBucket",
            actions: ["s3:GetBucketVersioning"],
            resources: [`arn:${props.partition}:s3:::${source.bucket}`],
          },
        );
        break;
    }
    if (props.baseImage) {
      statements.push({
        sid: "ReadBaseImage",
        actions: ["ecr:DescribeImages"],
        resources: [props.baseImage.arn],
      });
    }
    statements.push({
      sid: "RunOwnBuild",
      actions: [
        "codebuild:BatchGetBuilds",
        "codebuild:StartBuild",
        "codebuild:StopBuild",
      ],
      resources: [props.buildProject.arn],
    });
    if (props.deploy && props.deploy.environments.length > 0)
      statements.push(...this.beanstalkStatements(props.deploy));
    return statements;
  }

  /**
   * An Immutable deploy launches a temporary Auto Scaling group of new instances (through the
   * environment's CloudFormation stack, with the caller's credentials) and folds it into the
   * environment's own group; scoped to what Beanstalk tags with those environments' names.
   * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environmentmgmt-updates-immutable.html
   */
  private immutableStatements(deploy: BeanstalkDeploy): Statement[] {
    const names = deploy.environments
      .filter((e) => e.deploymentPolicy === "Immutable")
      .map((e) => e.environmentName);
    if (names.length === 0) return [];
    const group = this.arn(
      "autoscaling",
      "autoScalingGroup:*:autoScalingGroupName/awseb-e-*",
    );
    const ec2 = (resource: string) => this.arn("ec2", resource);
    return [
      {
        sid: "ImmutableDeployCreateGroups",
        actions: [
          "autoscaling:CreateAutoScalingGroup",
          "autoscaling:CreateOrUpdateTags",
        ],
        resources: [group],
        conditions: {
          StringEquals: {
            "aws:RequestTag/elasticbeanstalk:environment-name": names,
          },
        },
      },
      {
        sid: "ImmutableDeployMoveInstances",
        actions: [
          "autoscaling:AttachInstances",
          "autoscaling:DeleteAutoScalingGroup",
          "autoscaling:DetachInstances",
        ],
        resources: [group],
        conditions: {
          StringEquals: {
            "aws:ResourceTag/elasticbeanstalk:environment-name": names,
          },
        },
      },
      {
        sid: "ImmutableDeployLaunchTaggedInstances",
        actions: ["ec2:CreateTags", "ec2:RunInstances"],
        resources: [
          ec2("instance/*"),
          ec2("network-interface/*"),
          ec2("volume/*"),
        ],
        conditions: {
          StringEquals: {
            "aws:RequestTag/elasticbeanstalk:environment-name": names,
          },
        },
      },
      {
        sid: "ImmutableDeployLaunchFrom",
        // What the new instances are launched from; no instance exists until the statement above allows it.
        actions: ["ec2:RunInstances"],
        resources: [
          `arn:${this.props.partition}:ec2:${this.props.region}::image/*`,
          ec2("launch-template/*"),
          ec2("security-group/*"),
          ec2("subnet/*"),
        ],
      },
    ];
  }

  /**
   * A Beanstalk deploy updates the environment with the pipeline role's own credentials: besides
   * Beanstalk itself, the role reaches Beanstalk's storage bucket, the environment's CloudFormation
   * stack (awseb-e-*), its Auto Scaling group and load balancer target groups, scoped by the
   * elasticbeanstalk:environment-name tag Beanstalk puts on them.
   * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html
   */
  private beanstalkStatements(deploy: BeanstalkDeploy): Statement[] {
    const { props } = this;
    const eb = (resource: string) => this.arn("elasticbeanstalk", resource);
    const envNames = deploy.environments.map((e) => e.environmentName);
    const storage = `arn:${props.partition}:s3:::elasticbeanstalk-${props.region}-${props.accountId}`;
    const ownEnvironments = {
      StringEquals: {
        "aws:ResourceTag/elasticbeanstalk:environment-name": envNames,
      },
    };
    return [
      {
        sid: "DeployOwnEnvironments",
        actions: [
          "elasticbeanstalk:CreateApplicationVersion",
          "elasticbeanstalk:DescribeApplicationVersions",
          "elasticbeanstalk:DescribeApplications",
          "elasticbeanstalk:DescribeEnvironments",
          "elasticbeanstalk:DescribeEvents",
          "elasticbeanstalk:UpdateEnvironment",
        ],
        resources: [
          eb(`application/${deploy.applicationName}`),
          eb(`applicationversion/${deploy.applicationName}/*`),
          ...envNames.map((name) =>
            eb(`environment/${deploy.applicationName}/${name}`),
          ),
        ],
      },
      // CreateStorageLocation supports no resource; it names Beanstalk's bucket.
      {
        sid: "BeanstalkStorageLocation",
        actions: ["elasticbeanstalk:CreateStorageLocation"],
        resources: ["*"],
      },
      {
        sid: "BeanstalkStorageBucket",
        actions: [
          "s3:CreateBucket",
          "s3:GetBucketLocation",
          "s3:GetBucketPolicy",
          "s3:ListBucket",
        ],
        resources: [storage],
      },
      {
        sid: "BeanstalkStorageObjects",
        actions: [
          "s3:GetObject",
          "s3:GetObjectAcl",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:PutObjectAcl",
        ],
        resources: [`${storage}/*`],
      },
      {
        sid: "ReadBeanstalkEnvironmentStacks",
        actions: [
          "cloudformation:DescribeStackEvents",
          "cloudformation:DescribeStackResource",
          "cloudformation:DescribeStackResources",
          "cloudformation:DescribeStacks",
          "cloudformation:GetTemplate",
        ],
        // Beanstalk names the stack after the environment id, unknown before it exists.
        resources: [this.arn("cloudformation", "stack/awseb-e-*")],
      },
      {
        sid: "UpdateOwnEnvironmentStacks",
        actions: [
          "cloudformation:CancelUpdateStack",
          "cloudformation:ContinueUpdateRollback",
          "cloudformation:UpdateStack",
        ],
        resources: [this.arn("cloudformation", "stack/awseb-e-*")],
        // Beanstalk tags the stack, like the rest of an environment, with its name.
        conditions: ownEnvironments,
      },
      {
        sid: "BeanstalkAutoScaling",
        actions: [
          "autoscaling:ResumeProcesses",
          "autoscaling:SetDesiredCapacity",
          "autoscaling:SuspendProcesses",
          "autoscaling:TerminateInstanceInAutoScalingGroup",
          "autoscaling:UpdateAutoScalingGroup",
        ],
        resources: [
          this.arn(
            "autoscaling",
            "autoScalingGroup:*:autoScalingGroupName/awseb-e-*",
          ),
        ],
        conditions: ownEnvironments,
      },
      {
        sid: "BeanstalkTargets",
        actions: [
          "elasticloadbalancing:DeregisterTargets",
          "elasticloadbalancing:RegisterTargets",
        ],
        resources: [this.arn("elasticloadbalancing", "targetgroup/awseb-*/*")],
        conditions: ownEnvironments,
      },
      {
        sid: "BeanstalkDescribe",
        // These describe actions support no resource-level permissions.
        actions: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "ec2:DescribeImages",
          "ec2:DescribeInstances",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcs",
          "elasticloadbalancing:DescribeInstanceHealth",
          "elasticloadbalancing:DescribeLoadBalancers",
          "elasticloadbalancing:DescribeTargetGroups",
          "elasticloadbalancing:DescribeTargetHealth",
        ],
        resources: ["*"],
      },
      ...this.immutableStatements(deploy),
      {
        sid: "PassBeanstalkRoles",
        actions: ["iam:PassRole"],
        resources: [...deploy.passRoleArns],
        conditions: {
          StringEquals: {
            "iam:PassedToService": [
              "ec2.amazonaws.com",
              "elasticbeanstalk.amazonaws.com",
            ],
          },
        },
      },
    ];
  }
}

/** What the stages depend on. */
export type PipelineStagesProps = Pick<
  DeliveryPipelineProps,
  | "pipelineName"
  | "source"
  | "connectionArn"
  | "baseImage"
  | "buildProject"
  | "deploy"
>;

/**
 * The stages of a pipeline, as a pure function of its props (also drawn in the README).
 */
export function pipelineStages(
  props: PipelineStagesProps,
): CodepipelineStage[] {
  const sourceActions: CodepipelineStageAction[] = [sourceAction(props)];
  if (props.baseImage) {
    sourceActions.push({
      name: BASE_IMAGE_ARTIFACT,
      category: "Source",
      owner: "AWS",
      provider: "ECR",
      version: "1",
      outputArtifacts: [BASE_IMAGE_ARTIFACT],
      configuration: {
        RepositoryName: props.baseImage.name,
        ImageTag: BASE_IMAGE_TAG,
      },
    });
  }
  const stages: CodepipelineStage[] = [
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
          inputArtifacts: props.baseImage
            ? [SOURCE_ARTIFACT, BASE_IMAGE_ARTIFACT]
            : [SOURCE_ARTIFACT],
          ...(props.deploy &&
            props.deploy.environments.length > 0 && {
              outputArtifacts: [IMAGE_ARTIFACT],
            }),
          configuration: {
            ProjectName: props.buildProject.name,
            ...(props.baseImage && { PrimarySource: SOURCE_ARTIFACT }),
          },
        },
      ],
    },
  ];
  for (const env of props.deploy?.environments ?? []) {
    const actions: CodepipelineStageAction[] = [];
    if (env.approval) {
      actions.push({
        name: "Approve",
        category: "Approval",
        owner: "AWS",
        provider: "Manual",
        version: "1",
        runOrder: 1,
        configuration: {
          CustomData: `Deploy ${props.pipelineName} to ${env.environmentName}?`,
        },
      });
    }
    actions.push({
      name: "Deploy",
      category: "Deploy",
      owner: "AWS",
      provider: "ElasticBeanstalk",
      version: "1",
      runOrder: env.approval ? 2 : 1,
      inputArtifacts: [IMAGE_ARTIFACT],
      configuration: {
        ApplicationName: props.deploy!.applicationName,
        EnvironmentName: env.environmentName,
      },
    });
    stages.push({ name: `Deploy-${env.key}`, action: actions });
  }
  return stages;
}

function sourceAction(props: PipelineStagesProps): CodepipelineStageAction {
  const { source } = props;
  const common = {
    name: "Source",
    category: "Source",
    owner: "AWS",
    version: "1",
    outputArtifacts: [SOURCE_ARTIFACT],
  };
  switch (source.kind) {
    case "connection":
      return {
        ...common,
        provider: "CodeStarSourceConnection",
        configuration: {
          ConnectionArn: props.connectionArn!,
          FullRepositoryId: source.repository,
          BranchName: source.branch,
          DetectChanges: "true",
          OutputArtifactFormat: "CODE_ZIP",
        },
      };
    case "codecommit":
      return {
        ...common,
        provider: "CodeCommit",
        configuration: {
          RepositoryName: source.repository,
          BranchName: source.branch,
          PollForSourceChanges: "false",
          OutputArtifactFormat: "CODE_ZIP",
        },
      };
    case "s3":
      return {
        ...common,
        provider: "S3",
        configuration: {
          S3Bucket: source.bucket,
          S3ObjectKey: source.key,
          PollForSourceChanges: "false",
        },
      };
  }
}
