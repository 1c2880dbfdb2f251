import { nameLimitProblems } from "../../plan/check";
import { outlineNames } from "../outline";
import type { MergedRule } from "./rule";

/**
 * Every AWS name derived from the catalogue keys must fit AWS's own rules: one loop over the
 * plan's names (plan/check.ts), so a name added to the plan is checked here unchanged.
 */
export const derivedNameLimits: MergedRule = {
  id: "derived-name-limits",
  summary:
    "Every AWS name derived from the catalogue (repositories, projects, roles, environments, connections, workspaces, ...) fits AWS's rules for it.",
  keys: [
    "organisation",
    "connections.<name>",
    "notifications",
    "notifications.slack",
    "services.<name>",
    "baseImages.<name>",
    "services.<name>.environments.<env>",
    "terraform.cloud.workspacePrefix",
  ],
  stage: "merged",
  check: (ctx) => {
    const names = ctx.once(outlineNames);
    if (names === undefined) return;
    for (const { path, message } of nameLimitProblems(names))
      ctx.report(path, message);
  },
};
