/**
 * A repository reached through a CodeConnections connection (GitHub, Bitbucket, GitLab, GitHub
 * Enterprise Server): the connection notifies CodePipeline itself.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html
 */
import { DEFAULTS } from "../../config/defaults";
import { NAME_HINT } from "../../config/schema-parts";
import type { StringSchema } from "../../config/schema-types";
import { required } from "../../plan/required";
import { sourceKind } from "../source-kind";
import { describeTrigger, pushFilters, TRIGGER } from "./trigger";
import type { SourceOfKind } from "../source-kind";
import { CONNECTION_RULES } from "./rules";

/** The branch key, shared with the CodeCommit source. */
export const BRANCH = {
  type: "string",
  description: "With connection: the branch to build.",
  pattern: /^[^\s~^:?*[\\]+$/,
  hint: "a git branch name",
  default: DEFAULTS.source.branch,
} as const satisfies StringSchema;

// Its loaded source joins the catalogue's Source union, under its key.
declare module "../kinds" {
  interface SourceKinds {
    readonly connection: SourceOfKind<typeof connectionSource>;
  }
}

export const connectionSource = sourceKind({
  key: "connection",
  kind: "connection",
  label: "connection (with repository, branch)",
  properties: {
    connection: {
      type: "string",
      description: "A name under `connections`.",
      pattern: /^[a-z][a-z0-9-]*$/,
      hint: NAME_HINT,
    },
    repository: {
      type: "string",
      description: 'With connection: the repository as "owner/name".',
      pattern: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+$/,
      hint: '"owner/name"',
    },
    branch: BRANCH,
    trigger: TRIGGER,
  },
  requires: {
    connection: ["repository"],
    repository: ["connection"],
    branch: ["connection"],
    trigger: ["connection"],
  },
  normalize: ({ connection, repository, branch, trigger }) =>
    connection !== undefined && repository !== undefined
      ? {
          kind: "connection",
          connection,
          repository,
          branch,
          ...(trigger !== undefined && { trigger }),
        }
      : undefined,
  connection: (source) => source.connection,
  action: (source, ctx) => ({
    provider: "CodeStarSourceConnection",
    configuration: {
      ConnectionArn: connectionArnOf(ctx),
      FullRepositoryId: source.repository,
      BranchName: source.branch,
      // With trigger filters, the trigger alone starts the pipeline, not also every change.
      // https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-triggers.html
      DetectChanges: source.trigger ? "false" : "true",
      OutputArtifactFormat: "CODE_ZIP",
    },
  }),
  pushFilters: (source) =>
    source.trigger ? pushFilters(source.trigger, source.branch) : [],
  statements: (_source, ctx) => {
    // The action prefix must match the connection's ARN.
    // https://docs.aws.amazon.com/dtconsole/latest/userguide/security-iam.html
    const connectionArn = connectionArnOf(ctx);
    const prefix = connectionArn.includes(":codestar-connections:")
      ? "codestar-connections"
      : "codeconnections";
    return [
      {
        sid: "UseSourceConnection",
        actions: [`${prefix}:UseConnection`],
        resources: [connectionArn],
      },
    ];
  },
  describeAction: (source) =>
    `${source.repository}@${source.branch} via connection ${source.connection}`,
  describe: (source) =>
    source.trigger
      ? describeTrigger(source.repository, source.branch, source.trigger)
      : `git push to ${source.repository} ${source.branch}`,
  rules: CONNECTION_RULES,
});

/** The source's connection's ARN: the plan gives every source that names a connection one. */
function connectionArnOf(ctx: { readonly connectionArn?: string }): string {
  return required(ctx.connectionArn, "connection ARN");
}
