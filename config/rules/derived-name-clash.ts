import { derivedNamesUnique } from "../validate-rules";
import type { MergedRule } from "./rule";

/**
 * No two entries may derive the same AWS name or stack; a live entry is told to change when a
 * retired one holds the name (config/validate-rules.ts).
 */
export const derivedNameClash: MergedRule = {
  id: "derived-name-clash",
  summary:
    "No two entries derive the same stack, CodeBuild project, IAM role, log group, EventBridge rule or Beanstalk environment name.",
  keys: [
    "organisation",
    "dockerBuilder",
    "services.<name>",
    "baseImages.<name>",
    "services.<name>.environments.<env>",
  ],
  stage: "merged",
  check: derivedNamesUnique,
};
