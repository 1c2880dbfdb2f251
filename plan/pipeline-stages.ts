/**
 * The stages of a delivery pipeline, as plain data: the DeliveryPipeline construct renders them,
 * the pipeline picture (./pipeline-diagram) draws them.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
 */
import {
  BASE_IMAGE_ARTIFACT,
  IMAGE_URI_VARIABLE,
  MARK_VARIABLES,
} from "./buildspec";
import { BUILD_NAMESPACE, SMOKE_VARIABLES } from "./gates";
import { pipelineConsoleUrl } from "./notifications";
import type { PipelineRoleProps } from "./pipeline-policy";
import { baseImageSource } from "../sources/base-image";
import { sourceKindOf } from "../sources/registry";
import { environmentDeploys } from "../targets/deploy-target";
import type { PushFilter } from "../sources/source-kind";
import { deployTarget } from "../targets/registry";

/** Artifact names: the build reads SOURCE (primary) and BASE_IMAGE_ARTIFACT, writes IMAGE. */
export const SOURCE_ARTIFACT = "Source";
export const IMAGE_ARTIFACT = "Image";
/** The action that tags the image an environment is about to run (ImageMarker). */
export const MARK_ACTION = "Mark";
/** The action that requests an environment after its deploy (smoke project). */
export const SMOKE_ACTION = "SmokeTest";
/** The stage and action that run the service's tests (tests project). */
export const TESTS_ACTION = "Tests";

/** One action of a stage, in the shape of aws_codepipeline's `stage.action` block. */
export interface ActionPlan {
  readonly name: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly version: string;
  readonly runOrder?: number;
  /** The namespace of the variables it exports. */
  readonly namespace?: string;
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
  | "testsProject"
  | "smokeTests"
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
          // The tests read the image it pushed (IMAGE_URI) from its variables.
          ...(props.testsProject && { namespace: BUILD_NAMESPACE }),
          inputArtifacts: props.baseImage
            ? [SOURCE_ARTIFACT, BASE_IMAGE_ARTIFACT]
            : [SOURCE_ARTIFACT],
          ...(props.deploy &&
            props.deploy.order.length > 0 && {
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
  if (props.testsProject)
    stages.push({
      name: "Test",
      action: [
        {
          name: TESTS_ACTION,
          category: "Test",
          owner: "AWS",
          provider: "CodeBuild",
          version: "1",
          inputArtifacts: [SOURCE_ARTIFACT],
          configuration: {
            ProjectName: props.testsProject.name,
            EnvironmentVariables: JSON.stringify([
              {
                name: IMAGE_URI_VARIABLE,
                value: `#{${BUILD_NAMESPACE}.${IMAGE_URI_VARIABLE}}`,
                type: "PLAINTEXT",
              },
            ]),
          },
        },
      ],
    });
  for (const { target, environment: env } of props.deploy
    ? environmentDeploys(props.deploy)
    : []) {
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
    for (const action of deployTarget(target.kind).deployActions(target, env)) {
      const { afterDeploy, category, runsMarkProject, ...rest } = action;
      actions.push({
        ...rest,
        ...(runsMarkProject && {
          configuration: {
            ...rest.configuration,
            ProjectName: props.deploy!.markProject.name,
          },
        }),
        category: category ?? "Deploy",
        owner: "AWS",
        version: "1",
        runOrder: first + (afterDeploy ? 2 : 1),
        inputArtifacts: [IMAGE_ARTIFACT],
      });
    }
    // Once the environment's deploys have succeeded (beside a step that records them).
    const smoke = props.smokeTests?.environments[env.key];
    if (smoke && env.url !== undefined)
      actions.push({
        name: SMOKE_ACTION,
        category: "Test",
        owner: "AWS",
        provider: "CodeBuild",
        version: "1",
        runOrder: first + 2,
        // A CodeBuild action needs an input artifact; the smoke test reads none of it.
        inputArtifacts: [IMAGE_ARTIFACT],
        configuration: {
          ProjectName: props.smokeTests!.project.name,
          EnvironmentVariables: JSON.stringify([
            {
              name: SMOKE_VARIABLES.url,
              value: `${env.url}${smoke.path}`,
              type: "PLAINTEXT",
            },
            {
              name: SMOKE_VARIABLES.attempts,
              value: String(smoke.attempts),
              type: "PLAINTEXT",
            },
            {
              name: SMOKE_VARIABLES.interval,
              value: String(smoke.intervalSeconds),
              type: "PLAINTEXT",
            },
            {
              name: SMOKE_VARIABLES.timeout,
              value: String(smoke.timeoutSeconds),
              type: "PLAINTEXT",
            },
            ...(env.smokeSkip
              ? [
                  {
                    name: SMOKE_VARIABLES.skipIf,
                    value: env.smokeSkip.command,
                    type: "PLAINTEXT",
                  },
                ]
              : []),
          ]),
        },
      });
    stages.push({ name: `Deploy-${env.key}`, action: actions });
  }
  return stages;
}

/** A V2 pipeline trigger, in the shape of aws_codepipeline's `trigger` block. */
export interface TriggerPlan {
  readonly providerType: string;
  readonly gitConfiguration: {
    readonly sourceActionName: string;
    readonly push: PushFilter[];
  };
}

/**
 * The pipeline's triggers: the source's push filters on the Source action, if it has any
 * (its DetectChanges is then off: see the source kind's action).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-triggers.html
 */
export function pipelineTriggers(
  props: Pick<PipelineStagesProps, "source">,
): TriggerPlan[] {
  const kind = sourceKindOf(props.source);
  const push = kind.pushFilters?.(props.source) ?? [];
  if (push.length === 0) return [];
  return [
    {
      providerType: "CodeStarSourceConnection",
      gitConfiguration: { sourceActionName: "Source", push },
    },
  ];
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
