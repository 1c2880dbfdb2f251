/**
 * The catalogue's rules, in the order they run (and so the order their problems are found; the
 * loader prints them by line); each source kind adds its own (sources/<key>/rules/), run after
 * these in their stage, and each deploy target its own (targets/<kind>/rules/), run after those
 * on the target's environments only. Adding a rule: a file config/rules/<id>.ts (or
 * sources/<key>/rules/<id>.ts for one source kind, targets/<kind>/rules/<id>.ts for one target's
 * environments) exporting one Rule, a line here (or in the kind's or target's list), a failing
 * __tests__/fixtures/invalid/<id>.yaml and a passing __tests__/fixtures/rules-pass/<id>.yaml, then `npm run generate` for the README's list.
 */
import { artifactFolderClash } from "./artifact-folder-clash";
import { baseImageExists } from "./base-image-exists";
import { buildVariableNames } from "./build-variable-names";
import { connectionHost } from "./connection-host";
import { connectionRegion } from "./connection-region";
import { customImageExists } from "./custom-image-exists";
import { derivedNameClash } from "./derived-name-clash";
import { derivedNameLimits } from "./derived-name-limits";
import { environmentKindKeys } from "./environment-kind-keys";
import { nameClash } from "./name-clash";
import { notificationSlackRegion } from "./notification-slack-region";
import { notificationTopicNeeded } from "./notification-topic-needed";
import { notificationTopicRegion } from "./notification-topic-region";
import { plaintextSecrets } from "./plaintext-secrets";
import { policySize } from "./policy-size";
import { privilegedBuild } from "./privileged-build";
import { retiredBaseImageInUse } from "./retired-base-image-in-use";
import type { Rule } from "./rule";
import { SOURCE_KINDS } from "../../sources/registry";
import { DEPLOY_TARGETS } from "../../targets/registry";
import { secretKeys } from "./secret-keys";
import { secretReferences } from "./secret-references";
import { smokeTestReachable } from "./smoke-test-reachable";
import { workspacePrefixChange } from "./workspace-prefix-change";
import { workspaceRolePartition } from "./workspace-role-partition";
import { workspaceStateClash } from "./workspace-state-clash";
import { workspaceTerraformVersion } from "./workspace-terraform-version";

export const RULES: readonly Rule[] = [
  nameClash,
  baseImageExists,
  customImageExists,
  environmentKindKeys,
  retiredBaseImageInUse,
  connectionHost,
  connectionRegion,
  notificationTopicRegion,
  notificationTopicNeeded,
  notificationSlackRegion,
  privilegedBuild,
  buildVariableNames,
  secretReferences,
  secretKeys,
  plaintextSecrets,
  derivedNameLimits,
  derivedNameClash,
  artifactFolderClash,
  policySize,
  smokeTestReachable,
  workspaceTerraformVersion,
  workspaceStateClash,
  workspacePrefixChange,
  workspaceRolePartition,
];

/** Each source kind's rules (sources/<key>/rules/), in the registry's order. */
export const SOURCE_RULES: readonly Rule[] = SOURCE_KINDS.flatMap(
  (kind) => kind.rules ?? [],
);

/**
 * Every rule: the catalogue's own, then each source kind's, then each deploy target's (the README
 * lists them all).
 */
export const ALL_RULES: readonly Rule[] = [
  ...RULES,
  ...SOURCE_RULES,
  ...DEPLOY_TARGETS.flatMap((target) => target.rules),
];
