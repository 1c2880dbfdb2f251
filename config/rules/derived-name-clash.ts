import { nameClashProblems } from "../../plan/check";
import { outlineNames } from "../outline";
import type { MergedRule } from "./rule";

/**
 * No two entries may derive the same AWS name or stack; a live entry is told to change when a
 * retired one holds the name. One loop over the names the plan claims (plan/check.ts).
 */
export const derivedNameClash: MergedRule = {
  id: "derived-name-clash",
  summary:
    "No two entries derive the same name where AWS wants it unique: stacks, CodeBuild projects, IAM roles, log groups, EventBridge and notification rules, and the deploy targets' own (environments, ...).",
  keys: [
    "organisation",
    "dockerBuilder",
    "notifications.slack",
    "services.<name>",
    "baseImages.<name>",
    "services.<name>.environments.<env>",
  ],
  stage: "merged",
  check: (ctx) => {
    const names = ctx.once(outlineNames);
    if (names === undefined) return;
    for (const { path, message } of nameClashProblems(names))
      ctx.report(path, message);
  },
};
