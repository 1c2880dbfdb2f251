/**
 * A Beanstalk deploy: the pipeline's deploy action for one environment, and what the pipeline role
 * needs for it (an update runs with the pipeline role's own credentials).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html
 */
import { arn, ArnScope, objectArn, servicePrincipal } from "../../plan/arn";
import type { Statement } from "../../plan/iam";
import { BeanstalkNames } from "./names";
import type {
  DeployAction,
  EnvironmentDeploy,
  TargetDeploy,
} from "../deploy-target";

export interface BeanstalkEnvironmentDeploy extends EnvironmentDeploy {
  /** Catalogue key of the environment (stage name). */
  readonly key: string;
  /** Beanstalk environment name. */
  readonly environmentName: string;
  /**
   * The environment's name as a reference to its Terraform resource, for the deploy action: a new
   * pipeline starts a run at once, so it must be created after the environments it deploys to.
   * @default environmentName (a literal, which orders nothing)
   */
  readonly environmentNameRef?: string;
  /**
   * The environment's id (`e-…`, a reference to its Terraform resource): Beanstalk names the
   * environment's CloudFormation stack, and so its alarms, after it (`awseb-<id>-stack-…`).
   */
  readonly environmentId: string;
  readonly approval: boolean;
  /** The environment's deployment policy: what its deploys do (launchStatements, immutableStatements). */
  readonly deploymentPolicy: string;
}

export interface BeanstalkDeploy extends TargetDeploy<BeanstalkEnvironmentDeploy> {
  readonly kind: "beanstalk";
  readonly applicationName: string;
  /** In deploy order. */
  readonly environments: readonly BeanstalkEnvironmentDeploy[];
  /**
   * The environments' instance roles (one per environment), which an update that launches
   * instances passes to EC2.
   */
  readonly instanceRoleArns: readonly string[];
  /** The shared Beanstalk service role, which an environment update passes to Beanstalk. */
  readonly serviceRoleArn: string;
}

/** Deployment policies whose deploys launch instances (an extra batch, a temporary group). */
const LAUNCHING_POLICIES = ["RollingWithAdditionalBatch", "Immutable"];

/**
 * RollingWithAdditionalBatch and Immutable deploys launch instances: the environment's Auto
 * Scaling group (or a temporary one) is created or updated with its launch template, and EC2 Auto
 * Scaling checks that the caller may `ec2:RunInstances` with that template and pass its instance
 * role, then instances are terminated when the batch or the old group goes away.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features.rolling-version-deploy.html
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-launch-template-permissions.html
 *
 * Beanstalk's launch templates carry no tags (`LaunchTemplateTagPropagationEnabled` is off by
 * default) and their ids exist only once the environment does, so RunInstances is allowed with
 * any launch template of this account and region (`ec2:LaunchTemplate`, as AWS's
 * AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy does), and CreateLaunchTemplateVersion on
 * them. Another service's template names that service's instance profile, whose role this role
 * may not pass (PassInstanceRoles), so it cannot launch another service's instances. What carries
 * the environment's name tag (instances, groups) is scoped by it, the alarms by the environment's
 * id.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/applications-tagging-resources.launch-templates.html
 */
function launchStatements(
  props: ArnScope,
  deploy: BeanstalkDeploy,
): Statement[] {
  const launching = deploy.environments.filter((e) =>
    LAUNCHING_POLICIES.includes(e.deploymentPolicy),
  );
  if (launching.length === 0) return [];
  const names = launching.map((e) => e.environmentName);
  const ec2 = (resource: string) => arn(props, "ec2", resource);
  // AMIs and their snapshots are named without an account.
  const unowned = (resource: string) =>
    arn({ ...props, accountId: "" }, "ec2", resource);
  return [
    {
      sid: "LaunchFromLaunchTemplates",
      actions: ["ec2:RunInstances"],
      resources: [ec2("*"), unowned("image/*"), unowned("snapshot/*")],
      conditions: {
        ArnLike: { "ec2:LaunchTemplate": ec2("launch-template/*") },
      },
    },
    {
      sid: "TagLaunchedInstances",
      // only as part of the launch itself
      actions: ["ec2:CreateTags"],
      resources: [
        ec2("instance/*"),
        ec2("network-interface/*"),
        ec2("volume/*"),
      ],
      conditions: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
    },
    {
      sid: "VersionLaunchTemplates",
      actions: ["ec2:CreateLaunchTemplateVersion"],
      resources: [ec2("launch-template/*")],
    },
    {
      sid: "TerminateOwnInstances",
      // instances carry their environment's name tag (from the group, at launch)
      actions: ["ec2:TerminateInstances"],
      resources: [ec2("instance/*")],
      conditions: {
        StringEquals: {
          "aws:ResourceTag/elasticbeanstalk:environment-name": names,
        },
      },
    },
    {
      sid: "OwnScalingAlarms",
      // The alarms of the environment's stacks (and of an Immutable deploy's temporary stack),
      // named by CloudFormation after the stack: awseb-<environment id>-[immutable-]stack-…
      actions: ["cloudwatch:PutMetricAlarm"],
      resources: launching.map((e) =>
        arn(props, "cloudwatch", `alarm:awseb-${e.environmentId}-*`),
      ),
    },
  ];
}

/**
 * An Immutable deploy launches a temporary Auto Scaling group of new instances (in a temporary
 * `awseb-e-…-immutable-stack` CloudFormation stack, with the caller's credentials), moves them
 * into the environment's own group and deletes the temporary group and stack; scoped to what
 * Beanstalk tags with those environments' names.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environmentmgmt-updates-immutable.html
 */
function immutableStatements(
  props: ArnScope,
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
  const stack = arn(props, "cloudformation", "stack/awseb-e-*");
  return [
    {
      sid: "ImmutableDeployCreateTemporary",
      actions: [
        "autoscaling:CreateAutoScalingGroup",
        "autoscaling:CreateOrUpdateTags",
        "cloudformation:CreateStack",
      ],
      resources: [group, stack],
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
        "cloudformation:DeleteStack",
      ],
      resources: [group, stack],
      conditions: {
        StringEquals: {
          "aws:ResourceTag/elasticbeanstalk:environment-name": names,
        },
      },
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
export function beanstalkStatements(
  props: ArnScope,
  deploy: BeanstalkDeploy,
): Statement[] {
  const eb = (resource: string) => arn(props, "elasticbeanstalk", resource);
  const envNames = deploy.environments.map((e) => e.environmentName);
  const storage = BeanstalkNames.storageBucket(props);
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
      resources: [storage.arn],
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
      resources: [objectArn(storage, "*")],
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
      sid: "ChangeOwnEnvironments",
      // The environment's CloudFormation stack, Auto Scaling group and target groups, which
      // Beanstalk tags, like the rest of an environment, with its name. One statement so the
      // list of names is written once (each action applies to one of the resource types only).
      actions: [
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
      resources: [
        arn(props, "cloudformation", "stack/awseb-e-*"),
        arn(
          props,
          "autoscaling",
          "autoScalingGroup:*:autoScalingGroupName/awseb-e-*",
        ),
        arn(props, "elasticloadbalancing", "targetgroup/awseb-*/*"),
      ],
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
        "ec2:DescribeLaunchTemplates",
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
    ...launchStatements(props, deploy),
    ...immutableStatements(props, deploy),
    {
      sid: "PassInstanceRoles",
      // exactly this service's environments' roles, to the instances they launch
      actions: ["iam:PassRole"],
      resources: [...deploy.instanceRoleArns],
      conditions: {
        StringEquals: { "iam:PassedToService": servicePrincipal("ec2") },
      },
    },
    {
      sid: "PassBeanstalkServiceRole",
      actions: ["iam:PassRole"],
      resources: [deploy.serviceRoleArn],
      conditions: {
        StringEquals: {
          "iam:PassedToService": servicePrincipal("elasticbeanstalk"),
        },
      },
    },
  ];
}

/** The pipeline's deploy action for one environment (after its approval and Mark). */
export function beanstalkDeployActions(
  deploy: BeanstalkDeploy,
  env: BeanstalkEnvironmentDeploy,
): DeployAction[] {
  return [
    {
      name: "Deploy",
      provider: BEANSTALK_DEPLOY_PROVIDER,
      configuration: {
        ApplicationName: deploy.applicationName,
        EnvironmentName: env.environmentNameRef ?? env.environmentName,
      },
    },
  ];
}

/** https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Beanstalk.html */
export const BEANSTALK_DEPLOY_PROVIDER = "ElasticBeanstalk";
