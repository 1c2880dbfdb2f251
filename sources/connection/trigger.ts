/**
 * Trigger filters of a connection source: which pushes start the pipeline, as a V2 pipeline's
 * push filters (aws_codepipeline `trigger.git_configuration.push`).
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitPushFilter.html
 */
import type {
  ArraySchema,
  Defaulted,
  ObjectSchema,
} from "../../config/schema-types";
import type { PushFilter } from "../source-kind";

/**
 * AWS's limits of one include or exclude list (GitBranchFilterCriteria, GitTagFilterCriteria,
 * GitFilePathFilterCriteria): 1 to 8 patterns of 1 to 255 characters.
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitBranchFilterCriteria.html
 */
export const PATTERNS_PER_LIST = 8;
export const PATTERN_LENGTH = 255;

const patterns = (what: string, verb: string) =>
  ({
    type: "array",
    description: `Glob patterns of ${what} that ${verb} the pipeline.`,
    minItems: 1,
    maxItems: PATTERNS_PER_LIST,
    uniqueItems: true,
    items: {
      type: "string",
      description:
        "A glob pattern (* any characters but /, ** any, ? one character).",
      minLength: 1,
      maxLength: PATTERN_LENGTH,
    },
  }) as const satisfies ArraySchema;

const filter = (what: string, description: string) =>
  ({
    type: "object",
    description,
    absentMeansNone: true,
    properties: {
      include: patterns(what, "start"),
      exclude: patterns(what, "never start (exclude wins over include)"),
    },
  }) as const satisfies ObjectSchema;

export const TRIGGER = {
  type: "object",
  absentMeansNone: true,
  description:
    "With connection: start the pipeline only on matching pushes (V2 pipeline trigger filters) instead of every push to branch. branches (with paths) and tags are separate push filters: either starts the pipeline, and paths apply to branch pushes only. paths alone apply to pushes to branch. branch stays what a manual start builds.",
  properties: {
    branches: filter("branch names", "Pushes to these branches."),
    tags: filter("tag names", "Pushes of these tags."),
    paths: filter(
      "file paths in the repository",
      "Branch pushes that change these files (monorepos).",
    ),
  },
} as const satisfies ObjectSchema;

/**
 * What starts a connection source's pipeline, as loaded: the V2 pipeline's push filters. Left
 * out: every push to the source's branch.
 */
export type TriggerFilters = Defaulted<typeof TRIGGER>;

/** Glob patterns a push must match (include) and must not match (exclude; exclude wins). */
export type GitFilter = NonNullable<TriggerFilters["branches"]>;

const criteria = (f: GitFilter) => ({
  ...(f.include && { includes: [...f.include] }),
  ...(f.exclude && { excludes: [...f.exclude] }),
});

/**
 * The push filters of a source's trigger, in AWS's valid combinations (tags; branches; branches
 * + file paths): branches and paths are one filter, tags another. Paths without branches filter
 * pushes to the source's branch. https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html
 */
export function pushFilters(
  trigger: TriggerFilters,
  branch: string,
): PushFilter[] {
  const filters: PushFilter[] = [];
  if (trigger.branches || trigger.paths)
    filters.push({
      branches: criteria(trigger.branches ?? { include: [branch] }),
      ...(trigger.paths && { filePaths: criteria(trigger.paths) }),
    });
  if (trigger.tags) filters.push({ tags: criteria(trigger.tags) });
  return filters;
}

/** What starts the pipeline, in words (the pipeline picture). */
export function describeTrigger(
  repository: string,
  branch: string,
  trigger: TriggerFilters,
): string {
  const words = (f: GitFilter) =>
    [
      ...(f.include ?? []),
      ...(f.exclude ?? []).map((pattern) => `not ${pattern}`),
    ].join(", ");
  const parts: string[] = [];
  if (trigger.branches || trigger.paths) {
    let text = `git push to ${repository} ${trigger.branches ? words(trigger.branches) : branch}`;
    if (trigger.paths) text += ` changing ${words(trigger.paths)}`;
    parts.push(text);
  }
  if (trigger.tags)
    parts.push(`tag ${words(trigger.tags)} pushed to ${repository}`);
  return parts.join(" or ");
}
