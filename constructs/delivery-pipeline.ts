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
import { BASE_IMAGE_ARTIFACT, MARK_VARIABLES } from "../plan/buildspec";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import { arn } from "../plan/arn";
import { jsonencode } from "./private/terraform";
import {
  BeanstalkDeploy,
  DeployTarget,
  PipelineRoleProps,
  pipelineRoleStatements,
} from "../plan/pipeline-policy";

export type { BeanstalkDeploy, DeployTarget };

/** Artifact names: the build reads SOURCE (primary) and BASE_IMAGE_ARTIFACT, writes IMAGE. */
export const SOURCE_ARTIFACT = "Source";
export const IMAGE_ARTIFACT = "Image";
/** The action that tags the image an environment is about to run (ImageMarker). */
export const MARK_ACTION = "Mark";
/** The base image tag whose pushes start the pipelines built FROM it. */
export const BASE_IMAGE_TAG = "latest";

export interface DeliveryPipelineProps extends PipelineRoleProps {
  readonly pipelineName: string;
  readonly roleName: string;
  readonly eventsRoleName: string;
  readonly sourceRuleName: string;
  readonly baseImageRuleName: string;
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
      policy: policyDocument(pipelineRoleStatements(props)),
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
          eventPattern: jsonencode(trigger.pattern),
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
          resources: [arn(this.props, "codecommit", source.repository)],
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
    const first = env.approval ? 2 : 1;
    // Before the deploy: the image is kept from the moment an instance may run it (markBuildspec).
    actions.push({
      name: MARK_ACTION,
      category: "Build",
      owner: "AWS",
      provider: "CodeBuild",
      version: "1",
      runOrder: first,
      inputArtifacts: [IMAGE_ARTIFACT],
      configuration: {
        ProjectName: props.deploy!.markProject.name,
        // https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html
        EnvironmentVariables: JSON.stringify([
          {
            name: MARK_VARIABLES.environment,
            value: env.key,
            type: "PLAINTEXT",
          },
        ]),
      },
    });
    actions.push({
      name: "Deploy",
      category: "Deploy",
      owner: "AWS",
      provider: "ElasticBeanstalk",
      version: "1",
      runOrder: first + 1,
      inputArtifacts: [IMAGE_ARTIFACT],
      configuration: {
        ApplicationName: props.deploy!.applicationName,
        EnvironmentName: env.environmentNameRef ?? env.environmentName,
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
