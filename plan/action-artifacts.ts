/**
 * How many input and output artifacts CodePipeline allows an action of a provider: "Number of
 * input and output artifacts for each action type" in its pipeline structure reference.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
 * The generic providers are here; a deploy target declares its deploy action's
 * (DeployTarget.actionArtifacts), and plan/pipeline-check.ts reads both.
 */

/** [min, max]. */
export type ArtifactRange = readonly [number, number];

/** The artifacts an action of one category and provider reads and writes. */
export interface ActionArtifacts {
  readonly category: string;
  /** A provider, or "*": every provider of the category. */
  readonly provider: string;
  readonly inputs: ArtifactRange;
  readonly outputs: ArtifactRange;
}

/**
 * The providers every pipeline uses: CodeBuild (build, tests, smoke tests, Mark, Record), the
 * manual approval, and the source actions, which all read none and write one (every source
 * provider of the reference: S3, ECR, CodeCommit, CodeStarSourceConnection, ...).
 */
export const GENERIC_ACTION_ARTIFACTS: readonly ActionArtifacts[] = [
  { category: "Source", provider: "*", inputs: [0, 0], outputs: [1, 1] },
  { category: "Build", provider: "CodeBuild", inputs: [1, 5], outputs: [0, 5] },
  { category: "Test", provider: "CodeBuild", inputs: [1, 5], outputs: [0, 5] },
  { category: "Approval", provider: "Manual", inputs: [0, 0], outputs: [0, 0] },
];
