/**
 * An AWS CodeCommit repository of this account and region; an EventBridge rule starts the
 * pipeline on a push to its branch.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html
 */
import { arn } from "../../plan/arn";
import { BRANCH } from "../connection";
import { sourceKind, type SourceOfKind } from "../source-kind";

export const codecommitSource = sourceKind({
  key: "codecommit",
  kind: "codecommit",
  label: "codecommit",
  properties: {
    codecommit: {
      type: "object",
      description: "An AWS CodeCommit repository in this account and region.",
      properties: {
        repository: {
          type: "string",
          description: "The CodeCommit repository name.",
          pattern: /^[\w.-]{1,100}$/,
          hint: "letters, digits and ._-, at most 100",
        },
        branch: BRANCH,
      },
      required: ["repository"],
    },
  },
  normalize: ({ codecommit }) =>
    codecommit && { kind: "codecommit", ...codecommit },
  action: (source) => ({
    provider: "CodeCommit",
    configuration: {
      RepositoryName: source.repository,
      BranchName: source.branch,
      PollForSourceChanges: "false",
      OutputArtifactFormat: "CODE_ZIP",
    },
  }),
  // https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-trigger-source-repo-changes-cfn.html
  trigger: (source, ctx) => ({
    source: ["aws.codecommit"],
    "detail-type": ["CodeCommit Repository State Change"],
    resources: [arn(ctx, "codecommit", source.repository)],
    detail: {
      event: ["referenceCreated", "referenceUpdated"],
      referenceType: ["branch"],
      referenceName: [source.branch],
    },
  }),
  // https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role
  statements: (source, ctx) => [
    {
      sid: "ReadSourceRepository",
      actions: [
        "codecommit:CancelUploadArchive",
        "codecommit:GetBranch",
        "codecommit:GetCommit",
        "codecommit:GetUploadArchiveStatus",
        "codecommit:UploadArchive",
      ],
      resources: [arn(ctx, "codecommit", source.repository)],
    },
  ],
  describeAction: (source) =>
    `CodeCommit ${source.repository}@${source.branch}`,
  describe: (source) =>
    `git push to CodeCommit ${source.repository} ${source.branch}`,
});

// Its loaded source joins the catalogue's Source union, under its key.
declare module "../kinds" {
  interface SourceKinds {
    readonly codecommit: SourceOfKind<typeof codecommitSource>;
  }
}
