/**
 * What a delivery pipeline's role may do, as a pure function of its props: the construct renders
 * it with Terraform references, the catalogue validator with the names they will resolve to (to
 * refuse, at synth, a policy larger than IAM allows).
 */
import type { Source } from "../../config/catalogue";
import { arn } from "./arn";
import {
  ARTIFACT_BUCKET_ACTIONS,
  ARTIFACT_READ_WRITE_ACTIONS,
  KMS_USE_ACTIONS,
  RepositoryRef,
  Statement,
} from "./iam";

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
  /**
   * The environments' instance roles (one per environment), which an update that launches
   * instances passes to EC2.
   */
  readonly instanceRoleArns: readonly string[];
  /** The shared Beanstalk service role, which an environment update passes to Beanstalk. */
  readonly serviceRoleArn: string;
}

/** What the pipeline role's permissions (and the pipeline's stages) depend on. */
export interface PipelineRoleProps {
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

export function pipelineRoleStatements(props: PipelineRoleProps): Statement[] {
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
        resources: [arn(props, "codecommit", source.repository)],
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
    statements.push(...beanstalkStatements(props, props.deploy));
  return statements;
}

/**
 * An Immutable deploy launches a temporary Auto Scaling group of new instances (through the
 * environment's CloudFormation stack, with the caller's credentials) and folds it into the
 * environment's own group; scoped to what Beanstalk tags with those environments' names.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environmentmgmt-updates-immutable.html
 */
function immutableStatements(
  props: PipelineRoleProps,
  deploy: BeanstalkDeploy,
): Statement[] {
  const names = deploy.environments
    .filter((e) => e.deploymentPolicy === "Immutable")
    .map((e) => e.environmentName);
  if (names.length === 0) return [];
  const group = arn(
    props,
    "autoscaling",
    "autoScalingGroup:*:autoScalingGroupName/awseb-e-*",
  );
  const ec2 = (resource: string) => arn(props, "ec2", resource);
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
        `arn:${props.partition}:ec2:${props.region}::image/*`,
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
function beanstalkStatements(
  props: PipelineRoleProps,
  deploy: BeanstalkDeploy,
): Statement[] {
  const eb = (resource: string) => arn(props, "elasticbeanstalk", resource);
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
      resources: [arn(props, "cloudformation", "stack/awseb-e-*")],
    },
    {
      sid: "UpdateOwnEnvironmentStacks",
      actions: [
        "cloudformation:CancelUpdateStack",
        "cloudformation:ContinueUpdateRollback",
        "cloudformation:UpdateStack",
      ],
      resources: [arn(props, "cloudformation", "stack/awseb-e-*")],
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
        arn(
          props,
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
      resources: [arn(props, "elasticloadbalancing", "targetgroup/awseb-*/*")],
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
    ...immutableStatements(props, deploy),
    {
      sid: "PassBeanstalkRoles",
      actions: ["iam:PassRole"],
      resources: [...deploy.instanceRoleArns, deploy.serviceRoleArn],
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
