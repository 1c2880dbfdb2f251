/**
 * Every catalogue rule, in the order they run (and so the order their problems are found; the
 * loader prints them by line). Adding a rule: a file config/rules/<id>.ts exporting one Rule, a
 * line here, a failing __tests__/fixtures/invalid/<id>.yaml and a passing
 * __tests__/fixtures/rules-pass/<id>.yaml, then `npm run generate` for the README's list.
 */
import { artifactFolderClash } from "./artifact-folder-clash";
import { baseImageExists } from "./base-image-exists";
import { beanstalkVariableLimits } from "./beanstalk-variable-limits";
import { buildVariableNames } from "./build-variable-names";
import { certificateRegion } from "./certificate-region";
import { cnamePrefixClash } from "./cname-prefix-clash";
import { connectionExists } from "./connection-exists";
import { connectionHost } from "./connection-host";
import { connectionRegion } from "./connection-region";
import { customImageExists } from "./custom-image-exists";
import { derivedNameClash } from "./derived-name-clash";
import { derivedNameLimits } from "./derived-name-limits";
import { instanceArchitecture } from "./instance-architecture";
import { instanceCounts } from "./instance-counts";
import { nameClash } from "./name-clash";
import { networkComplete } from "./network-complete";
import { plaintextSecrets } from "./plaintext-secrets";
import { platformSecrets } from "./platform-secrets";
import { policySize } from "./policy-size";
import { privilegedBuild } from "./privileged-build";
import { retiredBaseImageInUse } from "./retired-base-image-in-use";
import { retiredCnamePrefix } from "./retired-cname-prefix";
import type { Rule } from "./rule";
import { secretReferences } from "./secret-references";

export const RULES: readonly Rule[] = [
  nameClash,
  baseImageExists,
  customImageExists,
  connectionExists,
  retiredBaseImageInUse,
  connectionHost,
  connectionRegion,
  privilegedBuild,
  buildVariableNames,
  secretReferences,
  platformSecrets,
  plaintextSecrets,
  instanceArchitecture,
  instanceCounts,
  certificateRegion,
  networkComplete,
  cnamePrefixClash,
  retiredCnamePrefix,
  derivedNameLimits,
  derivedNameClash,
  artifactFolderClash,
  beanstalkVariableLimits,
  policySize,
];
