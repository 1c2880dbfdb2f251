/**
 * The stages of a delivery pipeline, as plain data: the DeliveryPipeline construct renders them,
 * the pipeline picture (./pipeline-diagram) draws them.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
 */
import { BASE_IMAGE_ARTIFACT, MARK_VARIABLES } from "./buildspec";
import { pipelineConsoleUrl } from "./notifications";
import type { PipelineRoleProps } from "./pipeline-policy";
import { baseImageSource } from "../sources/base-image";
import { sourceKindOf } from "../sources/registry";
import { deployTarget } from "../targets/registry";

/** Artifact names: the build reads SOURCE (primary) and BASE_IMAGE_ARTIFACT, writes IMAGE. */
export const SOURCE_ARTIFACT = "Source";
export const IMAGE_ARTIFACT = "Image";
/** The action that tags the image an environment is about to run (ImageMarker). */
export const MARK_ACTION = "Mark";

/** One action of a stage, in the shape of aws_codepipeline's `stage.action` block. */
export interface ActionPlan {
  readonly name: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  readonly runOrder?: number;
  readonly inputArtifacts?: string[];
  readonly outputArtifacts?: string[];
  readonly configuration?: Record<string, string>;
}

export interface StagePlan {
  readonly name: string;
  readonly action: ActionPlan[];
}

/** What the stages depend on. */
export type PipelineStagesProps = Pick<
  PipelineRoleProps,
  | "source"
  | "connectionArn"
  | "baseImage"
  | "buildProject"
  | "deploy"
  | "region"
> & {
  readonly pipelineName: string;
};

/**
 * The stages of a pipeline, as a pure function of its props (also drawn in the README).
 */
export function pipelineStages(props: PipelineStagesProps): StagePlan[] {
  const sourceActions: ActionPlan[] = [sourceAction(props)];
  if (props.baseImage) {
    sourceActions.push({
      name: BASE_IMAGE_ARTIFACT,
      category: "Source",
      owner: "AWS",
      version: "1",
      outputArtifacts: [BASE_IMAGE_ARTIFACT],
      ...baseImageSource.action(props.baseImage),
    });
  }
  const stages: StagePlan[] = [
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
    const actions: ActionPlan[] = [];
    if (env.approval) {
      actions.push({
        name: "Approve",
        category: "Approval",
        owner: "AWS",
        provider: "Manual",
        version: "1",
        runOrder: 1,
        // https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-action-add.html
        // The approval links the pipeline's console page (shown with the review request; in the
        // JSON CodePipeline publishes for an approval as externalEntityLink).
        configuration: {
          CustomData: `Deploy ${props.pipelineName} to ${env.environmentName}?`,
          ExternalEntityLink: pipelineConsoleUrl(
            props.region,
            props.pipelineName,
          ),
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
      version: "1",
      runOrder: first + 1,
      inputArtifacts: [IMAGE_ARTIFACT],
      ...deployTarget(props.deploy!.kind).deployAction(props.deploy!, env),
    });
    stages.push({ name: `Deploy-${env.key}`, action: actions });
  }
  return stages;
}

function sourceAction(props: PipelineStagesProps): ActionPlan {
  return {
    name: "Source",
    category: "Source",
    owner: "AWS",
    version: "1",
    outputArtifacts: [SOURCE_ARTIFACT],
    ...sourceKindOf(props.source).action(props.source, props),
  };
}
