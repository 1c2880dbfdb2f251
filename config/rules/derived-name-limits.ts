import { derivedNames } from "../validate-rules";
import type { MergedRule } from "./rule";

/** Every AWS name derived from the catalogue keys must fit AWS's own rules (config/validate-rules.ts). */
export const derivedNameLimits: MergedRule = {
  id: "derived-name-limits",
  summary:
    "Every AWS name derived from the catalogue (repositories, projects, roles, environments, connections, workspaces, ...) fits AWS's rules for it.",
  keys: [
    "organisation",
    "connections.<name>",
    "services.<name>",
    "baseImages.<name>",
    "services.<name>.environments.<env>",
    "terraform.cloud.workspacePrefix",
  ],
  stage: "merged",
  check: derivedNames,
};
