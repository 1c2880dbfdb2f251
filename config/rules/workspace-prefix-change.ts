import { getIn } from "../merge";
import type { MergedRule } from "./rule";

/**
 * `previousWorkspacePrefix` acknowledges one change of `workspacePrefix` (see main.ts and
 * constructs/private/workspace-changes.ts); equal to the prefix it acknowledges nothing, and left
 * in place it would let a later change of the prefix back to it through unnoticed.
 */
export const workspacePrefixChange: MergedRule = {
  id: "workspace-prefix-change",
  summary:
    "`terraform.cloud.previousWorkspacePrefix`, when set, differs from `workspacePrefix`: it names the prefix being left.",
  keys: [
    "terraform.cloud.previousWorkspacePrefix",
    "terraform.cloud.workspacePrefix",
  ],
  stage: "merged",
  check: (ctx) => {
    const path = ["terraform", "cloud", "previousWorkspacePrefix"];
    const previous = getIn(ctx.raw, path);
    if (typeof previous !== "string") return;
    const prefix = getIn(ctx.raw, ["terraform", "cloud", "workspacePrefix"]);
    if (previous === (typeof prefix === "string" ? prefix : ""))
      ctx.report(
        path,
        `equals workspacePrefix ${JSON.stringify(previous)}, so no workspace changes; remove it once the stacks run in their new workspaces`,
      );
  },
};
